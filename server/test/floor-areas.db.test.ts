import { instantOfLocalTime } from '@openfluides/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/access/password.js';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';

// Dated floor areas, worked out by hand.
//
//   building X: 1 500 m² today, 1 000 m² before 2021-07-01 (an extension on 1 July 2021)
//   building Y: 1 000 m², never changed; building Z: no floor area
//   electricity point E, fixed 100 % to X: 100 kWh every day of 2021
//   gas point G, split by floor area between X and Y: 250 kWh every day of 2021
//     before 1 July: X 1000 / (1000 + 1000) = 1/2, so 125 kWh/day
//     from 1 July:   X 1500 / (1500 + 1000) = 3/5, so 150 kWh/day
//
//   2021 has 181 days before 1 July and 184 from it, so X's mean area over 2021 is
//   (181 × 1000 + 184 × 1500) / 365 = 457 000 / 365 m².

const PASSWORD = 'mot-de-passe-surfaces';
const MEAN_AREA_2021 = 457_000 / 365;
let testApp: TestApp;
let admin: Client;
let reader: Client;
const ids: Record<string, string> = {};

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const row = await testApp.database.db
    .insertInto(table as 'buildings')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function dailyRows(registerId: string, from: string, days: number, value: number): ReadingRow[] {
  return Array.from({ length: days }, (_, index) => {
    const date = new Date(Date.parse(`${from}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10);
    return {
      registerId,
      intervalStart: instantOfLocalTime(date, 0, 0, 'Europe/Paris'),
      value,
      quality: 'measured' as const,
    };
  });
}

async function operatorRegister(code: string, energy: string, pointId: string): Promise<string> {
  const meter = await insert('meters', { code, kind: 'operator', energy, delivery_point_id: pointId });
  return insert('registers', {
    meter_id: meter,
    kind: 'ENERGY',
    unit: 'kWh',
    step: 'P1D',
    is_consumption: true,
  });
}

beforeAll(async () => {
  testApp = await createTestApp();
  const site = await insert('sites', { code: 'S', name: 'Site' });
  ids.x = await insert('buildings', {
    site_id: site,
    code: 'BAT-X',
    name: 'Bâtiment X',
    floor_area_m2: 1500,
  });
  ids.y = await insert('buildings', {
    site_id: site,
    code: 'BAT-Y',
    name: 'Bâtiment Y',
    floor_area_m2: 1000,
  });
  ids.z = await insert('buildings', { site_id: site, code: 'BAT-Z', name: 'Bâtiment Z' });
  const e = await insert('delivery_points', {
    identifier: '98800000000011',
    energy: 'electricity',
    name: 'E',
  });
  const g = await insert('delivery_points', { identifier: '99000000000011', energy: 'gas', name: 'G' });
  await testApp.database.db
    .insertInto('delivery_point_allocations')
    .values([
      { delivery_point_id: e, building_id: ids.x, method: 'fixed', fraction: 1, valid_from: '2020-01-01' },
      { delivery_point_id: g, building_id: ids.x, method: 'surface', valid_from: '2020-01-01' },
      { delivery_point_id: g, building_id: ids.y, method: 'surface', valid_from: '2020-01-01' },
    ])
    .execute();
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(
      client,
      null,
      dailyRows(await operatorRegister('CPT-E', 'electricity', e), '2021-01-01', 365, 100),
    );
    await ingestReadings(
      client,
      null,
      dailyRows(await operatorRegister('CPT-G', 'gas', g), '2021-01-01', 365, 250),
    );
  } finally {
    client.release();
  }
  const passwordHash = await hashPassword(PASSWORD);
  await insert('users', {
    email: 'admin@surfaces.fr',
    display_name: 'Admin',
    password_hash: passwordHash,
    is_admin: true,
  });
  const readerId = await insert('users', {
    email: 'lecteur@surfaces.fr',
    display_name: 'Lecteur',
    password_hash: passwordHash,
  });
  await insert('grants', {
    user_id: readerId,
    level: 1,
    building_id: ids.x,
    features: ['estate', 'consumption'],
  });
  admin = await login(testApp.app, 'admin@surfaces.fr', PASSWORD);
  reader = await login(testApp.app, 'lecteur@surfaces.fr', PASSWORD);
});

interface FloorAreas {
  floorAreaM2: number | null;
  changes: { changedOn: string; areaBeforeM2: number }[];
}

interface SeriesBody {
  warnings: { code: string }[];
  series: {
    areaM2: number | null;
    points: { label: string | null; value: number | null }[];
    totals: { value: number | null; kWh: number | null };
  }[];
}

async function monthly(energies: string[], unit: string): Promise<SeriesBody['series'][number]> {
  const response = await admin.request('POST', '/api/analysis/series', {
    perimeter: { buildingIds: [ids.x], energies },
    from: '2021-01-01',
    to: '2022-01-01',
    step: 'P1M',
    unit,
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as SeriesBody;
  expect(body.series).toHaveLength(1);
  expect(body.warnings.map((warning) => warning.code)).not.toContain('floor-area-not-dated');
  return body.series[0] as SeriesBody['series'][number];
}

describe('recording floor-area changes', () => {
  it('rejects invalid changes in French', async () => {
    const future = await admin.request('PUT', `/api/buildings/${ids.x}/floor-areas/2099-01-01`, {
      areaBeforeM2: 900,
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields.changedOn).toBe('la date du changement ne peut pas être future');

    const withoutArea = await admin.request('PUT', `/api/buildings/${ids.z}/floor-areas/2021-07-01`, {
      areaBeforeM2: 900,
    });
    expect(withoutArea.statusCode).toBe(400);
    expect(withoutArea.json().error.fields.areaBeforeM2).toBe(
      'renseignez d’abord la surface de plancher actuelle du bâtiment',
    );

    const negative = await admin.request('PUT', `/api/buildings/${ids.x}/floor-areas/2021-07-01`, {
      areaBeforeM2: -5,
    });
    expect(negative.statusCode).toBe(400);

    // Below a cm² the stored value would round to zero.
    const tiny = await admin.request('PUT', `/api/buildings/${ids.x}/floor-areas/2021-07-01`, {
      areaBeforeM2: 0.001,
    });
    expect(tiny.statusCode).toBe(400);
    expect(tiny.json().error.fields.areaBeforeM2).toBe('la surface doit être d’au moins 0,01 m²');

    const yearZero = await admin.request('PUT', `/api/buildings/${ids.x}/floor-areas/0000-01-01`, {
      areaBeforeM2: 900,
    });
    expect(yearZero.statusCode).toBe(400);
    expect(yearZero.json().error.fields.changedOn).toBe('date attendue entre 1900 et 2199');

    const byReader = await reader.request('PUT', `/api/buildings/${ids.x}/floor-areas/2021-07-01`, {
      areaBeforeM2: 1000,
    });
    expect(byReader.statusCode).toBe(403);

    const stored = await admin.request('GET', `/api/buildings/${ids.x}/floor-areas`);
    expect((stored.json() as FloorAreas).changes).toEqual([]);
  });

  it('stores a change once, readable by a reader of the building', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const saved = await admin.request('PUT', `/api/buildings/${ids.x}/floor-areas/2021-07-01`, {
        areaBeforeM2: 1000,
      });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    const read = await reader.request('GET', `/api/buildings/${ids.x}/floor-areas`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      buildingId: ids.x,
      floorAreaM2: 1500,
      changes: [{ changedOn: '2021-07-01', areaBeforeM2: 1000 }],
    });
  });
});

describe('kWh/m² with the area of each day', () => {
  it('divides each month by its area', async () => {
    const electricity = await monthly(['electricity'], 'kWh/m2');
    // June: 30 × 100 / 1000; July: 31 × 100 / 1500.
    expect(electricity.points[5]?.value).toBeCloseTo(3, 6);
    expect(electricity.points[6]?.value).toBeCloseTo(3100 / 1500, 6);
    expect(electricity.areaM2).toBeCloseTo(MEAN_AREA_2021, 6);
    // 36 500 kWh / (457 000 / 365) m² = 29,152 kWh/m².
    expect(electricity.totals.value).toBeCloseTo(36_500 / MEAN_AREA_2021, 6);
    expect(electricity.totals.value).toBeCloseTo(29.152, 3);
  });

  it('splits a point by the areas of the day', async () => {
    const gas = await monthly(['gas'], 'kWh');
    // June: 30 days × 125; July: 31 × 150; year: 181 × 125 + 184 × 150.
    expect(gas.points[5]?.value).toBeCloseTo(3750, 6);
    expect(gas.points[6]?.value).toBeCloseTo(4650, 6);
    expect(gas.totals.kWh).toBeCloseTo(22_625 + 27_600, 6);
    const consumption = await admin.request(
      'GET',
      `/api/buildings/${ids.x}/consumption?from=2021-06-01&to=2021-08-01&step=month`,
    );
    expect(consumption.statusCode, consumption.body).toBe(200);
    const items = (
      consumption.json() as { items: { period: string; energy: string; energyKWh: number }[] }
    ).items
      .filter((item) => item.energy === 'gas')
      .map((item) => [item.period, item.energyKWh]);
    expect(items).toEqual([
      ['2021-06-01', 3750],
      ['2021-07-01', 4650],
    ]);
  });

  it('gives the key figures and the map the mean area of the window', async () => {
    const figures = await admin.request(
      'GET',
      `/api/analysis/buildings/${ids.x}/key-figures?asOf=2022-01-01`,
    );
    expect(figures.statusCode, figures.body).toBe(200);
    const body = figures.json() as {
      current: { from: string; floorAreaM2: number };
      previous: { floorAreaM2: number };
      energies: { energy: string; current: { kWh: number; kWhPerM2: number } }[];
    };
    expect(body.current.from).toBe('2021-01-01');
    // 457 000 / 365 = 1 252,05 m²; 2020 lies wholly before the change.
    expect(body.current.floorAreaM2).toBe(1252.05);
    expect(body.previous.floorAreaM2).toBe(1000);
    const electricity = body.energies.find((row) => row.energy === 'electricity');
    expect(electricity?.current.kWh).toBe(36_500);
    expect(electricity?.current.kWhPerM2).toBeCloseTo(36_500 / MEAN_AREA_2021, 6);

    const map = await admin.request('GET', '/api/analysis/map?indicator=kwh_m2&asOf=2022-01-01');
    expect(map.statusCode, map.body).toBe(200);
    const x = (
      map.json() as { items: { buildingId: string; value: number; floorAreaM2: number }[] }
    ).items.find((item) => item.buildingId === ids.x);
    // (36 500 electricity + 50 225 gas) kWh over the mean area.
    expect(x?.floorAreaM2).toBe(1252.05);
    expect(x?.value).toBeCloseTo(86_725 / MEAN_AREA_2021, 4);
  });

  it('gives hourly steps the area of the whole range', async () => {
    // 28 June – 4 July 2021: 3 days at 1 000 m² and 4 at 1 500 m², so (3 000 + 6 000) / 7 m².
    const response = await admin.request('POST', '/api/analysis/series', {
      perimeter: { buildingIds: [ids.x], energies: ['electricity'] },
      from: '2021-06-28',
      to: '2021-07-05',
      step: 'PT1H',
      unit: 'kWh/m2',
    });
    expect(response.statusCode, response.body).toBe(200);
    const total = (response.json() as SeriesBody).series[0];
    expect(total?.areaM2).toBeCloseTo(9000 / 7, 6);
    // The daily electricity register is left out at an hourly step; only the area is checked here.
    expect((response.json() as SeriesBody).warnings.map((warning) => warning.code)).toContain(
      'coarse-registers',
    );
  });

  it('gives a building without current area no area on any day', async () => {
    await testApp.database.db
      .insertInto('building_floor_area_changes')
      .values({ building_id: ids.z, changed_on: '2022-01-01', area_before_m2: 800 })
      .execute();
    const response = await admin.request('POST', '/api/analysis/series', {
      perimeter: { buildingIds: [ids.x, ids.z] },
      from: '2021-01-01',
      to: '2022-01-01',
      step: 'P1Y',
      unit: 'kWh/m2',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as SeriesBody;
    // Z has no energy and no current area, so only X's mean area divides: its 2021 figures alone.
    expect(body.series[0]?.areaM2).toBeCloseTo(MEAN_AREA_2021, 6);
    expect(body.warnings.map((warning) => warning.code)).toContain('buildings-without-area');
  });

  it('rejects a key-figure date outside 1900–2199', async () => {
    const response = await admin.request(
      'GET',
      `/api/analysis/buildings/${ids.x}/key-figures?asOf=0001-01-01`,
    );
    expect(response.statusCode).toBe(400);
  });

  it('goes back to one area once the change is removed', async () => {
    const removed = await admin.request('DELETE', `/api/buildings/${ids.x}/floor-areas/2021-07-01`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((removed.json() as FloorAreas).changes).toEqual([]);
    const again = await admin.request('DELETE', `/api/buildings/${ids.x}/floor-areas/2021-07-01`);
    expect(again.statusCode).toBe(404);
    const electricity = await monthly(['electricity'], 'kWh/m2');
    expect(electricity.points[5]?.value).toBeCloseTo(3000 / 1500, 6);
    expect(electricity.areaM2).toBe(1500);
  });
});
