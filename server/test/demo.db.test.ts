import { beforeAll, describe, expect, it } from 'vitest';
import { loadCambridgeDemo } from '../src/demo/cambridge.js';
import { createTestApp, login, type TestApp } from './app.js';
import { testLogger } from './database.js';
import { seedEstate } from './estate-fixture.js';

// The demo estate loads the real Cambridge readings. Yearly totals are checked against the table
// published with the data set (datasets/cambridge-estate, computed by the data set's curators,
// not by OpenFluides): 2019 MWh per building and fluid.
const PUBLISHED_2019_MWH: Record<string, { electricity: number; gas: number }> = {
  'UCAM-B58': { electricity: 5570, gas: 183 },
  'UCAM-B35': { electricity: 3140, gas: 280 },
  'UCAM-B4': { electricity: 132, gas: 23 },
  'UCAM-B25': { electricity: 546, gas: 40 },
  'UCAM-B119': { electricity: 193, gas: 265 },
  'UCAM-B27': { electricity: 2774, gas: 136 },
  'UCAM-B57': { electricity: 166, gas: 144 },
  'UCAM-B111': { electricity: 1554, gas: 114 },
  'UCAM-B40': { electricity: 2129, gas: 304 },
  'UCAM-B2': { electricity: 7959, gas: 65 },
};

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
  await seedEstate(testApp.database.db);
  expect(await loadCambridgeDemo(testApp.database, testLogger)).toBe(true);
}, 180_000);

describe('Cambridge demo estate', () => {
  it('matches the published 2019 totals of every building', async () => {
    const admin = await login(testApp.app, 'admin@test.fr', 'mot-de-passe-de-test');
    const buildings = (await admin.request('GET', '/api/buildings?q=UCAM&limit=50')).json() as {
      items: { id: string; code: string }[];
    };
    expect(buildings.items).toHaveLength(10);
    for (const building of buildings.items) {
      const response = await admin.request(
        'GET',
        `/api/buildings/${building.id}/consumption?from=2019-01-01&to=2020-01-01&step=month`,
      );
      expect(response.statusCode).toBe(200);
      const items = (
        response.json() as {
          items: { energy: string; energyKWh: number; pointsPresent: number; pointsExpected: number }[];
        }
      ).items;
      const yearly = (energy: string) =>
        items.filter((item) => item.energy === energy).reduce((sum, item) => sum + item.energyKWh, 0) / 1000;
      const published = PUBLISHED_2019_MWH[building.code];
      // The table rounds to 1 MWh and counts UTC hours; Paris months move one or two hours.
      expect(
        Math.abs(yearly('electricity') - (published?.electricity ?? Number.NaN)),
        building.code,
      ).toBeLessThan(1.5);
      expect(Math.abs(yearly('gas') - (published?.gas ?? Number.NaN)), building.code).toBeLessThan(1.5);
      expect(
        items
          .filter((item) => item.energy === 'electricity')
          .reduce((sum, item) => sum + item.pointsExpected, 0),
      ).toBe(8760);
    }
  });

  it('adds the ten buildings into the site’s consumption', async () => {
    const admin = await login(testApp.app, 'admin@test.fr', 'mot-de-passe-de-test');
    const site = await testApp.database.db
      .selectFrom('sites')
      .select('id')
      .where('code', '=', 'UCAM')
      .executeTakeFirstOrThrow();
    const response = await admin.request(
      'GET',
      `/api/sites/${site.id}/consumption?from=2019-01-01&to=2020-01-01&step=month`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json() as { buildingCount: number; items: { energy: string; energyKWh: number }[] };
    expect(body.buildingCount).toBe(10);
    const electricityMWh =
      body.items
        .filter((item) => item.energy === 'electricity')
        .reduce((sum, item) => sum + item.energyKWh, 0) / 1000;
    // Sum of the published 2019 electricity column: 5570 + 3140 + 132 + 546 + 193 + 2774 + 166 + 1554 + 2129 + 7959.
    expect(Math.abs(electricityMWh - 24_163)).toBeLessThan(10);
  });

  it('loads once: a second call changes nothing', async () => {
    const before = await testApp.database.db
      .selectFrom('readings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(876_480);
    expect(await loadCambridgeDemo(testApp.database, testLogger)).toBe(false);
    const after = await testApp.database.db
      .selectFrom('readings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('derives daily extremes from the hourly Bedford temperatures', async () => {
    // The 24 rows of 2018-01-01 in the source file range from 4.1 °C to 6.6 °C.
    const day = await testApp.database.db
      .selectFrom('weather_daily')
      .selectAll()
      .where('local_date', '=', '2018-01-01')
      .executeTakeFirstOrThrow();
    expect(day.tn_c).toBe(4.1);
    expect(day.tx_c).toBe(6.6);
    expect(day.tntxm_c).toBe(5.35);
  });

  it('holds an EFA whose trajectory draws from the first start', async () => {
    const admin = await login(testApp.app, 'admin@test.fr', 'mot-de-passe-de-test');
    const efas = (await admin.request('GET', '/api/efas')).json() as {
      items: { id: string; code: string; buildings: { buildingName: string; sharePercent: number }[] }[];
    };
    const efa = efas.items.find((item) => item.code === 'EFA-DEMO-ADM-SPORT');
    expect(efa?.buildings.map((building) => [building.buildingName, building.sharePercent])).toEqual([
      ['Gymnase b119', 100],
      ['Pavillon administratif b4', 100],
    ]);
    const response = await admin.request('GET', `/api/efas/${efa?.id}/trajectory`);
    expect(response.statusCode, response.body).toBe(200);
    const trajectory = response.json() as {
      surfaceM2: number;
      reference: { year: number } | null;
      years: { year: number; complete: boolean }[];
    };
    // The floor areas of b4 and b119, whole: 1 200 + 2 800 m².
    expect(trajectory.surfaceM2).toBe(4000);
    // 2018–2022 are whole years of readings; the reference is one of 2018 and 2019 (2010–2019).
    expect(trajectory.years.filter((year) => year.complete).map((year) => year.year)).toEqual([
      2018, 2019, 2020, 2021, 2022,
    ]);
    expect([2018, 2019]).toContain(trajectory.reference?.year);
  });
});
