import { instantOfLocalTime } from '@openfluides/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// Energy signature of a building whose daily gas is exactly 100 + 20 × DJU, and whose daily
// electricity is 50 + 10 × DJU plus a fixed noise, with the least-squares sums written out here.

let testApp: TestApp;
let estate: EstateFixture;
let admin: Client;
let buildingId: string;
let noStationBuildingId: string;

const DAYS = 60;
const START = '2024-01-01';
/** Electricity noise, kWh, repeated every 7 days. */
const NOISE = [3, -2, 5, -4, 1, -3, 0];

function dateAt(offset: number): string {
  return new Date(Date.parse(START) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Heating DJU of day i: Tn = (i mod 15) − 2, Tx = Tn + 4, so 18 − (Tn + Tx)/2 = 18 − (i mod 15). */
function djuAt(offset: number): number {
  return 18 - (offset % 15);
}

async function createMeteredBuilding(
  code: string,
  stationId: string | null,
): Promise<Record<string, string>> {
  const { db } = testApp.database;
  const building = (
    await db
      .insertInto('buildings')
      .values({
        site_id: estate.sites.sud,
        code,
        name: `Bâtiment ${code}`,
        floor_area_m2: 1000,
        main_heating_energy: 'gas',
        weather_station_id: stationId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const registers: Record<string, string> = { building };
  for (const energy of ['gas', 'electricity'] as const) {
    const point = (
      await db
        .insertInto('delivery_points')
        .values({ identifier: `${code}-${energy}`, energy })
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
        .values({ code: `${code}-${energy}`, kind: 'operator', energy, delivery_point_id: point })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    registers[energy] = (
      await db
        .insertInto('registers')
        .values({ meter_id: meter, kind: 'ENERGY', unit: 'kWh', step: 'P1D', is_consumption: true })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  return registers;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const { db } = testApp.database;
  estate = await seedEstate(db);
  admin = await login(testApp.app, estate.users.admin.email, estate.password);

  const station = (
    await db
      .insertInto('weather_stations')
      .values({ code: 'MIDAS-BEDFORD', name: 'Bedford' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // Weather covers one day more than the readings, so 1 March has weather but no consumption.
  await db
    .insertInto('weather_daily')
    .values(
      Array.from({ length: DAYS + 1 }, (_, offset) => ({
        station_id: station,
        local_date: dateAt(offset),
        tn_c: (offset % 15) - 2,
        tx_c: (offset % 15) + 2,
      })),
    )
    .execute();

  const registers = await createMeteredBuilding('SIG', station);
  buildingId = registers.building as string;
  noStationBuildingId = (await createMeteredBuilding('SIG-NOSTATION', null)).building as string;

  const rows: ReadingRow[] = [];
  for (let offset = 0; offset < DAYS; offset += 1) {
    // A P1D reading starts at Paris midnight (23:00 UTC the day before in winter).
    const intervalStart = instantOfLocalTime(dateAt(offset), 0, 0, 'Europe/Paris');
    rows.push({
      registerId: registers.gas as string,
      intervalStart,
      value: 100 + 20 * djuAt(offset),
      quality: 'measured',
    });
    rows.push({
      registerId: registers.electricity as string,
      intervalStart,
      value: 50 + 10 * djuAt(offset) + (NOISE[offset % NOISE.length] ?? 0),
      quality: 'measured',
    });
  }
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(client, null, rows);
  } finally {
    client.release();
  }

  // reader.nord gets consumption reads on this building only.
  await db
    .insertInto('grants')
    .values({
      user_id: estate.users.readerNord.id,
      level: 1,
      building_id: buildingId,
      features: ['consumption'],
    })
    .execute();
});

interface SignatureBody {
  energy: string;
  energyUnit: string;
  points: {
    label: string;
    included: boolean;
    excludedReason: string | null;
    energyKwh: number | null;
    degreeDays: number | null;
  }[];
  degreeDayModel: {
    slopeKwhPerDegreeDay: number;
    baseLoadKwhPerDay: number;
    r2: number;
    cvRmse: number;
    nmbe: number;
    n: number;
    line: { x: number; y: number }[];
  } | null;
  temperatureModel: {
    type: string;
    temperatureSlopeKwhPerDegreeC: number | null;
    baseLoadKwhPerDay: number;
    r2: number;
  } | null;
  warnings: string[];
}

async function signature(client: Client, query: string) {
  const response = await client.request('GET', `/api/buildings/${buildingId}/signature?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SignatureBody;
}

describe('signature of an exact building', () => {
  it('finds slope 20 and base load 100 with R² 1', async () => {
    const body = await signature(admin, `from=${START}&to=2024-03-01&step=day`);
    expect(body.energy).toBe('gas');
    expect(body.energyUnit).toBe('kWh PCS');
    expect(body.points).toHaveLength(DAYS);
    expect(body.points.every((point) => point.included)).toBe(true);
    expect(body.points[0]).toMatchObject({ label: '2024-01-01', energyKwh: 460, degreeDays: 18 });
    const model = body.degreeDayModel;
    expect(model?.n).toBe(DAYS);
    expect(model?.slopeKwhPerDegreeDay).toBeCloseTo(20, 9);
    expect(model?.baseLoadKwhPerDay).toBeCloseTo(100, 9);
    expect(model?.r2).toBeCloseTo(1, 12);
    expect(model?.cvRmse).toBeCloseTo(0, 9);
    // DJU per day run from 4 to 18: the line goes from x = 0 (100 kWh) to x = 18 (460 kWh).
    expect(model?.line[0]?.x).toBe(0);
    expect(model?.line[0]?.y).toBeCloseTo(100, 9);
    expect(model?.line[1]?.x).toBe(18);
    expect(model?.line[1]?.y).toBeCloseTo(460, 9);
  });

  it('fits the temperature form', async () => {
    const body = await signature(admin, `from=${START}&to=2024-03-01&step=day&model=2P`);
    // Mean temperature T = i mod 15, so E = 100 + 20 · (18 − T) = 460 − 20 T.
    expect(body.temperatureModel?.type).toBe('2P');
    expect(body.temperatureModel?.temperatureSlopeKwhPerDegreeC).toBeCloseTo(-20, 9);
    expect(body.temperatureModel?.baseLoadKwhPerDay).toBeCloseTo(460, 9);
    expect(body.temperatureModel?.r2).toBeCloseTo(1, 12);
  });

  it('sums weeks and keeps the per-day slope', async () => {
    const body = await signature(admin, `from=${START}&to=2024-03-01&step=week`);
    // 1 January 2024 is a Monday: 8 whole weeks and 4 days of week 9.
    expect(body.points).toHaveLength(9);
    expect(body.points[0]?.energyKwh).toBe(7 * 100 + 20 * (18 + 17 + 16 + 15 + 14 + 13 + 12));
    expect(body.degreeDayModel?.slopeKwhPerDegreeDay).toBeCloseTo(20, 9);
    expect(body.degreeDayModel?.baseLoadKwhPerDay).toBeCloseTo(100, 9);
  });

  it('leaves out a day without consumption', async () => {
    const body = await signature(admin, `from=${START}&to=2024-03-02&step=day`);
    expect(body.points).toHaveLength(DAYS + 1);
    expect(body.points[DAYS]).toMatchObject({
      label: '2024-03-01',
      included: false,
      excludedReason: 'Aucune consommation reçue sur cette période.',
    });
    expect(body.degreeDayModel?.n).toBe(DAYS);
    expect(body.warnings[0]).toContain('1 période(s) sur 61');
  });
});

describe('signature with noise', () => {
  it('matches the least-squares slope of the hand sums', async () => {
    const body = await signature(admin, `from=${START}&to=2024-03-01&step=day&energy=electricity`);
    const x = Array.from({ length: DAYS }, (_, offset) => djuAt(offset));
    const y = x.map((value, offset) => 50 + 10 * value + (NOISE[offset % NOISE.length] ?? 0));
    const meanX = x.reduce((sum, value) => sum + value, 0) / DAYS;
    const meanY = y.reduce((sum, value) => sum + value, 0) / DAYS;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < DAYS; i += 1) {
      sxy += ((x[i] ?? 0) - meanX) * ((y[i] ?? 0) - meanY);
      sxx += ((x[i] ?? 0) - meanX) ** 2;
    }
    const slope = sxy / sxx;
    expect(body.degreeDayModel?.slopeKwhPerDegreeDay).toBeCloseTo(slope, 9);
    expect(body.degreeDayModel?.baseLoadKwhPerDay).toBeCloseTo(meanY - slope * meanX, 9);
    // The noise is small against the 40–180 kWh range: the slope stays near 10.
    expect(Math.abs(slope - 10)).toBeLessThan(0.5);
    expect(body.degreeDayModel?.r2).toBeGreaterThan(0.99);
    expect(body.degreeDayModel?.r2).toBeLessThan(1);
  });
});

describe('signature access', () => {
  it('needs a session', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/buildings/${buildingId}/signature?from=${START}&to=2024-03-01`,
    });
    expect(response.statusCode).toBe(401);
  });

  it('serves a user with consumption reads on the building', async () => {
    const reader = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const body = await signature(reader, `from=${START}&to=2024-02-01&step=day`);
    expect(body.degreeDayModel?.slopeKwhPerDegreeDay).toBeCloseTo(20, 9);
  });

  it('answers 404 outside the scope', async () => {
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const response = await nobody.request(
      'GET',
      `/api/buildings/${buildingId}/signature?from=${START}&to=2024-03-01`,
    );
    expect(response.statusCode).toBe(404);
    const reader = await login(testApp.app, estate.users.readerNord.email, estate.password);
    // reader.nord reads N1 for the estate feature but not its consumption.
    const estateOnly = await reader.request(
      'GET',
      `/api/buildings/${estate.buildings.n1}/signature?from=${START}&to=2024-03-01`,
    );
    expect(estateOnly.statusCode).toBe(404);
  });

  it('asks for a station when the building has none', async () => {
    const response = await admin.request(
      'GET',
      `/api/buildings/${noStationBuildingId}/signature?from=${START}&to=2024-03-01`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.stationId).toContain('aucune station météo');
  });
});
