import { instantOfLocalTime } from '@openfluides/core';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// The perimeter value of a user-defined indicator, evaluated on the buildings' combined inputs.
//   Station FROIDE: Tn 2 °C, Tx 8 °C every day → 18 − 5 = 13 DJU a day (météo method, base 18 °C).
//   Station DOUCE:  Tn 6 °C, Tx 10 °C every day → 18 − 8 = 10 DJU a day.
//   January 2024 has 31 days, February 2024 has 29.
//
//   PER-1: 1000 m² floor, 800 m² heated, station FROIDE. Heat: Jan 40 000, Feb 30 000 kWh.
//   PER-2: 3000 m² floor, 2000 m² heated, station DOUCE. Heat: Jan 62 000, Feb 58 000 kWh.
//   PER-3: floor area unknown, station DOUCE, no heat meter (heat counts 0).
//   PER-4: 500 m² floor, no station. Heat: Jan 10 000 kWh.

let testApp: TestApp;
let estate: EstateFixture;
let admin: Client;
const buildings: Record<'per1' | 'per2' | 'per3' | 'per4', string> = {
  per1: '',
  per2: '',
  per3: '',
  per4: '',
};

interface EvaluatedValueBody {
  label: string;
  value: number | null;
  missingReason: { code: string; message: string } | null;
  completeness: number | null;
  meetsTarget: boolean | null;
  gapToTarget: number | null;
}

interface EvaluationBody {
  buildings: { buildingId: string; values: EvaluatedValueBody[] }[];
  perimeter: { buildingCount: number; values: EvaluatedValueBody[]; notes: string[] } | null;
}

async function createHeatRegister(code: string, building: string) {
  const { db } = testApp.database;
  const point = (
    await db
      .insertInto('delivery_points')
      .values({ identifier: code, energy: 'district_heating' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('delivery_point_allocations')
    .values({ delivery_point_id: point, building_id: building, method: 'fixed', fraction: 1 })
    .execute();
  const meter = (
    await db
      .insertInto('meters')
      .values({ code, kind: 'operator', energy: 'district_heating', delivery_point_id: point })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  return (
    await db
      .insertInto('registers')
      .values({ meter_id: meter, kind: 'ENERGY', unit: 'kWh', step: 'P1M', is_consumption: true })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

function monthly(registerId: string, month: string, value: number): ReadingRow {
  return {
    registerId,
    intervalStart: instantOfLocalTime(`${month}-01`, 0, 0, 'Europe/Paris'),
    value,
    quality: 'measured',
  };
}

async function createStation(code: string, tn: number, tx: number): Promise<string> {
  const { db } = testApp.database;
  const id = (
    await db
      .insertInto('weather_stations')
      .values({ code, name: `Station ${code}` })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await sql`insert into weather_daily (station_id, local_date, tn_c, tx_c)
    select ${id}::bigint, day::date, ${tn}, ${tx}
    from generate_series('2024-01-01'::date, '2024-02-29'::date, interval '1 day') as day`.execute(db);
  return id;
}

async function createIndicator(name: string, formula: string, targetValue: number | null): Promise<string> {
  const response = await admin.request('POST', '/api/indicators', {
    name,
    formula,
    unitLabel: '',
    targetValue,
    targetDirection: 'at-most',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function evaluate(indicatorId: string, buildingIds: string[]): Promise<EvaluationBody> {
  const response = await admin.request('POST', `/api/indicators/${indicatorId}/evaluate`, {
    buildingIds,
    from: '2024-01-01',
    to: '2024-03-01',
    step: 'month',
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as EvaluationBody;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const { db } = testApp.database;
  estate = await seedEstate(db);
  admin = await login(testApp.app, estate.users.admin.email, estate.password);

  const cold = await createStation('FROIDE', 2, 8);
  const mild = await createStation('DOUCE', 6, 10);
  const insertBuilding = async (
    code: string,
    floorArea: number | null,
    heatedArea: number | null,
    station: string | null,
  ) =>
    (
      await db
        .insertInto('buildings')
        .values({
          site_id: estate.sites.sud,
          code,
          name: `Bâtiment ${code}`,
          floor_area_m2: floorArea,
          heated_area_m2: heatedArea,
          weather_station_id: station,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  buildings.per1 = await insertBuilding('PER-1', 1000, 800, cold);
  buildings.per2 = await insertBuilding('PER-2', 3000, 2000, mild);
  buildings.per3 = await insertBuilding('PER-3', null, null, mild);
  buildings.per4 = await insertBuilding('PER-4', 500, 500, null);

  const heat1 = await createHeatRegister('PER-1-CHAL', buildings.per1);
  const heat2 = await createHeatRegister('PER-2-CHAL', buildings.per2);
  const heat4 = await createHeatRegister('PER-4-CHAL', buildings.per4);
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(client, null, [
      monthly(heat1, '2024-01', 40_000),
      monthly(heat1, '2024-02', 30_000),
      monthly(heat2, '2024-01', 62_000),
      monthly(heat2, '2024-02', 58_000),
      monthly(heat4, '2024-01', 10_000),
      monthly(heat4, '2024-02', 10_000),
    ]);
  } finally {
    client.release();
  }
});

describe('perimeter value of a user-defined indicator', () => {
  it('divides summed heat by weighted DJU and summed area', async () => {
    const id = await createIndicator(
      'Chaleur par DJU et m² chauffé',
      'chaleur / dju / surface_chauffee',
      0.105,
    );
    const body = await evaluate(id, [buildings.per1, buildings.per2]);

    // Degree days. PER-1 (FROIDE): Jan 31 × 13 = 403, Feb 29 × 13 = 377.
    // PER-2 (DOUCE): Jan 31 × 10 = 310, Feb 29 × 10 = 290.
    // Buildings: PER-1 Jan 40 000 / 403 / 800 ≈ 0.124069; PER-2 Jan 62 000 / 310 / 2000 = 0.1.
    const per1 = body.buildings.find((building) => building.buildingId === buildings.per1);
    const per2 = body.buildings.find((building) => building.buildingId === buildings.per2);
    expect(per1?.values[0]?.value).toBeCloseTo(40_000 / 403 / 800, 12);
    expect(per2?.values[0]?.value).toBeCloseTo(0.1, 12);

    // Perimeter, January: Σ heat = 40 000 + 62 000 = 102 000 kWh; DJU weighted by floor area
    // (403 × 1000 + 310 × 3000) / 4000 = 1 333 000 / 4000 = 333.25; Σ heated area = 2800 m².
    // 102 000 / 333.25 / 2800 ≈ 0.109313, not the mean of the ratios (≈ 0.112035).
    // February: Σ heat = 88 000; DJU (377 × 1000 + 290 × 3000) / 4000 = 1 247 000 / 4000 = 311.75;
    // 88 000 / 311.75 / 2800 ≈ 0.100813.
    expect(body.perimeter?.buildingCount).toBe(2);
    const [january, february] = body.perimeter?.values ?? [];
    expect(january?.label).toBe('2024-01');
    expect(january?.value).toBeCloseTo(102_000 / 333.25 / 2800, 12);
    expect(january?.value).toBeCloseTo(0.109313, 6);
    expect(february?.value).toBeCloseTo(88_000 / 311.75 / 2800, 12);
    expect(february?.value).toBeCloseTo(0.100813, 6);

    // Target 0.105, at most: January misses it by ≈ 0.004313, February meets it.
    expect(january?.meetsTarget).toBe(false);
    expect(january?.gapToTarget).toBeCloseTo(102_000 / 333.25 / 2800 - 0.105, 12);
    expect(february?.meetsTarget).toBe(true);
    // One monthly reading owed and received per register each month.
    expect(january?.completeness).toBe(1);
    expect(body.perimeter?.notes).toEqual([]);
  });

  it('averages DJU plainly without a floor area', async () => {
    const id = await createIndicator('Chaleur par DJU', 'chaleur / dju', null);
    const body = await evaluate(id, [buildings.per1, buildings.per3]);

    // PER-3 has no floor area, so the DJU are a plain mean: January (403 + 310) / 2 = 356.5.
    // PER-3 has no heat meter, so its heat is 0: Σ heat = 40 000. 40 000 / 356.5 ≈ 112.2020.
    const [january] = body.perimeter?.values ?? [];
    expect(january?.value).toBeCloseTo(40_000 / 356.5, 12);
    expect(january?.value).toBeCloseTo(112.202, 3);
    expect(january?.meetsTarget).toBeNull();
    expect(body.perimeter?.notes).toEqual([
      'Au moins un bâtiment du périmètre n’a pas de surface de plancher : « dju » est une moyenne simple des bâtiments, sans pondération par la surface.',
    ]);
  });

  it('is missing when one building misses an input', async () => {
    const id = await createIndicator('Chaleur par DJU, bâtiments sans station', 'chaleur / dju', null);
    const body = await evaluate(id, [buildings.per1, buildings.per4]);

    // PER-4 has no station, so its DJU and therefore the perimeter's are missing.
    const [january] = body.perimeter?.values ?? [];
    expect(january?.value).toBeNull();
    expect(january?.missingReason?.code).toBe('missing-input');
    // PER-1 alone still has its value: 40 000 / 403.
    const per1 = body.buildings.find((building) => building.buildingId === buildings.per1);
    expect(per1?.values[0]?.value).toBeCloseTo(40_000 / 403, 12);
  });

  it('sums energy over summed area', async () => {
    const id = await createIndicator('Chaleur par m²', 'chaleur / surface', null);
    const body = await evaluate(id, [buildings.per1, buildings.per2, buildings.per4]);

    // January: (40 000 + 62 000 + 10 000) / (1000 + 3000 + 500) = 112 000 / 4500 ≈ 24.8889 kWh/m².
    const [january] = body.perimeter?.values ?? [];
    expect(body.perimeter?.buildingCount).toBe(3);
    expect(january?.value).toBeCloseTo(112_000 / 4500, 12);
    expect(january?.value).toBeCloseTo(24.8889, 4);
  });
});
