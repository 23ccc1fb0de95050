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
  const client = await test.database.pool.connect();
  try {
    await ingestReadings(client, null, rows);
  } finally {
    client.release();
  }
});

describe('default analysis window', () => {
  it('ends key figures with the last data', async () => {
    const response = await admin.request('GET', `/api/analysis/buildings/${buildingId}/key-figures`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      current: { from: string; to: string };
      previous: { from: string; to: string };
    };
    // The last readings are of 31/12/2022, so the windows are 2022 and 2021.
    expect(body.current).toMatchObject({ from: '2022-01-01', to: '2023-01-01' });
    expect(body.previous).toMatchObject({ from: '2021-01-01', to: '2022-01-01' });
  });

  it('colours the map with the last data', async () => {
    const response = await admin.request('GET', '/api/analysis/map?indicator=kwh_m2');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      current: { from: string; to: string };
      items: Array<{ buildingId: string; value: number | null }>;
    };
    expect(body.current).toMatchObject({ from: '2022-01-01', to: '2023-01-01' });
    // 365 days × 10 kWh over the fixture building's 2 000 m².
    const item = body.items.find((candidate) => candidate.buildingId === buildingId);
    expect(item?.value).toBeCloseTo((365 * 10) / 2000, 9);
  });

  it('gives the analysis page the day after the last data', async () => {
    const response = await admin.request('GET', '/api/analysis/reference-day');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { referenceDay: string; today: string };
    // Last readings on 31/12/2022; the test runs after that day.
    expect(body.referenceDay).toBe('2023-01-01');
    expect(body.today > body.referenceDay).toBe(true);
  });
});
