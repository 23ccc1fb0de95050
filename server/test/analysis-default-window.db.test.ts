import { beforeAll, describe, expect, it } from 'vitest';
import { ingestReadings } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { createMeter, createRegister, instants } from './metering-fixture.js';

let test: TestApp;
let admin: Client;
let buildingId: string;

beforeAll(async () => {
  test = await createTestApp();
  await test.services.access.ensureInitialAdmin('admin@window.test', 'Window-admin-2026!');
  admin = await login(test.app, 'admin@window.test', 'Window-admin-2026!');
  const meter = await createMeter(test.database.db);
  buildingId = meter.buildingId;
  const registerId = await createRegister(test.database.db, meter.meterId, 'ENERGY', 'P1D', {
    isConsumption: true,
  });
  // 10 kWh a day at each Paris midnight of 2021 and 2022 (UTC+1 in winter, UTC+2 in summer): the
  // archive stops on 31/12/2022, as the demo's does.
  const rows = [];
  for (const instant of instants('2020-12-31T22:00:00Z', '2022-12-31T23:00:00Z', 60)) {
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(instant);
    if (paris === '00')
      rows.push({ registerId, intervalStart: instant, value: 10, quality: 'measured' as const });
  }
  expect(rows).toHaveLength(365 + 365);
  // A second building read hourly through June 2023 (Paris, UTC+2), plus a stray first hour of
  // 1 July: its last whole day is 30/06/2023.
  const other = await createMeter(test.database.db);
  const hourly = await createRegister(test.database.db, other.meterId, 'ENERGY', 'PT1H', {
    isConsumption: true,
  });
  const hourlyRows = [...instants('2023-05-31T22:00:00Z', '2023-06-30T23:00:00Z', 60)].map((instant) => ({
    registerId: hourly,
    intervalStart: instant,
    value: 1,
    quality: 'measured' as const,
  }));
  expect(hourlyRows).toHaveLength(30 * 24 + 1);
  const client = await test.database.pool.connect();
  try {
    await ingestReadings(client, null, rows);
    await ingestReadings(client, null, hourlyRows);
  } finally {
    client.release();
  }
});

describe('default analysis window', () => {
  it('ends key figures with the building’s own last data and says so', async () => {
    const response = await admin.request('GET', `/api/analysis/buildings/${buildingId}/key-figures`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      current: { from: string; to: string };
      previous: { from: string; to: string };
    };
    // This building's last readings are of 31/12/2022, so the windows are 2022 and 2021, whatever
    // the other building received later.
    expect(body.current).toMatchObject({ from: '2022-01-01', to: '2023-01-01' });
    expect(body.previous).toMatchObject({ from: '2021-01-01', to: '2022-01-01' });
    expect((body as unknown as { warnings: { code: string; message: string }[] }).warnings).toContainEqual({
      code: 'readings-stopped',
      message:
        'Les relevés de ce bâtiment s’arrêtent le 31/12/2022 : les chiffres portent sur les 12 mois complets qui précèdent.',
    });
  });

  it('colours the map with the estate’s last whole day', async () => {
    const response = await admin.request('GET', '/api/analysis/map?indicator=kwh_m2');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      current: { from: string; to: string };
      items: Array<{ buildingId: string; value: number | null }>;
    };
    // The estate's last whole day is 30/06/2023: the 12 months run from July 2022 to June 2023.
    expect(body.current).toMatchObject({ from: '2022-07-01', to: '2023-07-01' });
    // July to December 2022: 31 + 31 + 30 + 31 + 30 + 31 = 184 days × 10 kWh over 2 000 m².
    const item = body.items.find((candidate) => candidate.buildingId === buildingId);
    expect(item?.value).toBeCloseTo((184 * 10) / 2000, 9);
  });

  it('gives the analysis page the day after the last data', async () => {
    const response = await admin.request('GET', '/api/analysis/reference-day');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { referenceDay: string; today: string };
    // Last whole day 30/06/2023; the stray hour of 1 July does not count. The test runs later.
    expect(body.referenceDay).toBe('2023-07-01');
    expect(body.today > body.referenceDay).toBe(true);
  });
});
