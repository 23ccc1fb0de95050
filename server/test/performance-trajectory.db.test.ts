import { instantOfLocalTime } from '@openfluides/core';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// Décret tertiaire trajectory of an EFA over two buildings, with yearly consumptions, surfaces and
// degree days chosen here and every target worked out by hand.
//
//   Building A: 1000 m², whole building in the EFA, heated by gas; electricity and gas.
//   Building B: 2400 m², half of it in the EFA (1200 m²), heated by the heat network.
//   EFA surface: 1000 + 0.5 × 2400 = 2200 m².
//
// COSTIC heating degree days, base 18 °C, with Tx below 18 °C so a day counts 18 − (Tn + Tx)/2:
//   2001–2017 and 2020–2022: 10 a day; 2018: 8 a day; 2019: 9 a day; 2023: 7 a day.
//   Reference 2001–2020: 17 years at 10 (four leap years) = 10 × (17 × 365 + 4) = 62 090,
//   + 2018: 2920 + 2019: 3285 + 2020: 3660 = 71 955, mean 3597.75.

let testApp: TestApp;
let estate: EstateFixture;
let admin: Client;
let efaId: string;
let buildingA: string;

const SURFACE = 2200;
const REFERENCE_DJU = 71_955 / 20;

/**
 * Yearly kWh of each register, stored as twelve equal monthly readings (whole kWh, so the rollups'
 * rounding to the watt-hour changes nothing); 2020 has only its first six months.
 */
const YEARLY = {
  electricityA: { 2018: 120_000, 2019: 108_000, 2020: 96_000, 2023: 96_000 },
  gasA: { 2018: 204_000, 2019: 180_000, 2020: 120_000, 2023: 150_000 },
  heatB: { 2018: 102_000, 2019: 96_000, 2020: 84_000, 2023: 84_000 },
} as const;

// 2018: electricity 120 000 + gas 204 000 × 0.9 = 183 600 + heat 0.5 × 102 000 × 0.77 = 39 270.
//   Total 342 870; heating 183 600 + 39 270 = 222 870; other 120 000.
const ADJUSTED_2018 = 120_000 + 222_870 * (REFERENCE_DJU / 2920);
// 2019: 108 000 + 162 000 + 0.5 × 96 000 × 0.77 = 36 960. Heating 198 960.
const ADJUSTED_2019 = 108_000 + 198_960 * (REFERENCE_DJU / 3285);
// 2023: 96 000 + 135 000 + 0.5 × 84 000 × 0.77 = 32 340. Heating 167 340; DJU 7 × 365 = 2555.
const ADJUSTED_2023 = 96_000 + 167_340 * (REFERENCE_DJU / 2555);

async function createRegister(
  code: string,
  building: string,
  energy: 'electricity' | 'gas' | 'district_heating',
) {
  const { db } = testApp.database;
  const point = (
    await db
      .insertInto('delivery_points')
      .values({ identifier: code, energy })
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
      .values({ code, kind: 'operator', energy, delivery_point_id: point })
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

function monthlyRows(register: string, yearly: Record<number, number>): ReadingRow[] {
  const rows: ReadingRow[] = [];
  for (const [year, total] of Object.entries(yearly)) {
    const months = year === '2020' ? 6 : 12;
    for (let month = 1; month <= months; month += 1) {
      rows.push({
        registerId: register,
        intervalStart: instantOfLocalTime(
          `${year}-${String(month).padStart(2, '0')}-01`,
          0,
          0,
          'Europe/Paris',
        ),
        value: total / 12,
        quality: 'measured',
      });
    }
  }
  return rows;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const { db } = testApp.database;
  estate = await seedEstate(db);
  admin = await login(testApp.app, estate.users.admin.email, estate.password);

  const station = (
    await db
      .insertInto('weather_stations')
      .values({ code: 'OPERAT-REF', name: 'Station de référence' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // Tn and Tx differ by 4 °C around the mean 18 − DJU.
  await sql`insert into weather_daily (station_id, local_date, tn_c, tx_c)
    select ${station}::bigint, day::date, mean - 2, mean + 2
    from (
      select day, 18 - case extract(year from day)::int when 2018 then 8 when 2019 then 9 when 2023 then 7 else 10 end as mean
      from generate_series('2001-01-01'::date, '2023-12-31'::date, interval '1 day') as day
    ) days`.execute(db);

  const insertBuilding = async (code: string, floorArea: number, heating: 'gas' | 'district_heating') =>
    (
      await db
        .insertInto('buildings')
        .values({
          site_id: estate.sites.sud,
          code,
          name: `Bâtiment ${code}`,
          floor_area_m2: floorArea,
          main_heating_energy: heating,
          weather_station_id: station,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  buildingA = await insertBuilding('EFA-A', 1000, 'gas');
  const buildingB = await insertBuilding('EFA-B', 2400, 'district_heating');
  efaId = (
    await db
      .insertInto('efas')
      .values({ code: 'EFA-TEST', name: 'EFA de test' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('efa_buildings')
    .values([
      { efa_id: efaId, building_id: buildingA, share: 1 },
      { efa_id: efaId, building_id: buildingB, share: 0.5 },
    ])
    .execute();

  const rows = [
    ...monthlyRows(await createRegister('EFA-A-ELEC', buildingA, 'electricity'), YEARLY.electricityA),
    ...monthlyRows(await createRegister('EFA-A-GAS', buildingA, 'gas'), YEARLY.gasA),
    ...monthlyRows(await createRegister('EFA-B-HEAT', buildingB, 'district_heating'), YEARLY.heatB),
  ];
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(client, null, rows);
  } finally {
    client.release();
  }

  // reader.nord reads the consumption of building A only.
  await db
    .insertInto('grants')
    .values({
      user_id: estate.users.readerNord.id,
      level: 1,
      building_id: buildingA,
      features: ['consumption'],
    })
    .execute();
});

async function trajectory(query = 'fromYear=2015&toYear=2023') {
  const response = await admin.request('GET', `/api/efas/${efaId}/trajectory?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

interface YearBody {
  year: number;
  totalKwh: number | null;
  complete: boolean;
  completeness: number | null;
  heatingKwh: number | null;
  degreeDays: number | null;
  adjustedKwh: number | null;
  adjustedIntensityKwhPerM2: number | null;
  energies: {
    energy: string;
    kwh: number;
    finalKwh: number;
    operatCoefficient: number;
    countedKwh: number;
    countedKwhPerM2: number;
  }[];
  warnings: string[];
}

describe('EFA trajectory', () => {
  it('sums the yearly energy of the buildings by their share', async () => {
    const body = await trajectory();
    expect(body.surfaceM2).toBe(SURFACE);
    expect(body.surfaceSource).toBe('buildings');
    const years = body.years as YearBody[];
    // 2015–2017 have no data and are dropped; 2018 comes first.
    expect(years.map((year) => year.year)).toEqual([2018, 2019, 2020, 2021, 2022, 2023]);
    const y2018 = years[0] as YearBody;
    expect(y2018.energies.map((energy) => energy.energy)).toEqual(['electricity', 'gas', 'district_heating']);
    expect(y2018.energies[1]?.kwh).toBeCloseTo(204_000, 6);
    expect(y2018.energies[1]?.finalKwh).toBeCloseTo(183_600, 6);
    expect(y2018.energies[2]?.operatCoefficient).toBe(0.77);
    expect(y2018.energies[2]?.countedKwh).toBeCloseTo(39_270, 6);
    expect(y2018.energies[2]?.countedKwhPerM2).toBeCloseTo(39_270 / SURFACE, 9);
    expect(y2018.totalKwh).toBeCloseTo(342_870, 6);
    expect(y2018.heatingKwh).toBeCloseTo(222_870, 6);
    expect(y2018.degreeDays).toBeCloseTo(2920, 9);
    expect(y2018.complete).toBe(true);
  });

  it('adjusts each year to the 2001–2020 climate', async () => {
    const body = await trajectory();
    expect(body.climate).toMatchObject({ method: 'ratio-estimate', degreeDayMethod: 'costic', baseC: 18 });
    expect(body.climate.referenceDegreeDays).toBeCloseTo(3597.75, 9);
    expect(body.climate.referenceYearsUsed).toHaveLength(20);
    const years = body.years as YearBody[];
    expect(years[0]?.adjustedKwh).toBeCloseTo(ADJUSTED_2018, 6);
    expect(years[1]?.adjustedKwh).toBeCloseTo(ADJUSTED_2019, 6);
    expect(years[5]?.adjustedKwh).toBeCloseTo(ADJUSTED_2023, 6);
    expect(years[5]?.adjustedIntensityKwhPerM2).toBeCloseTo(ADJUSTED_2023 / SURFACE, 9);
  });

  it('flags incomplete years', async () => {
    const years = (await trajectory()).years as YearBody[];
    // 2020: 6 of 12 monthly points for each energy.
    expect(years[2]).toMatchObject({ year: 2020, complete: false, completeness: 0.5 });
    expect(years[2]?.warnings.some((warning) => warning.startsWith('Année incomplète : 50 %'))).toBe(true);
    expect(years[3]).toMatchObject({ year: 2021, complete: false, completeness: 0, totalKwh: null });
  });

  it('chooses the most favourable complete reference year', async () => {
    const body = await trajectory();
    // 2018: about 179.4 kWh/m² against 148.1 kWh/m² in 2019; the higher one is more favourable.
    const intensity2018 = ADJUSTED_2018 / SURFACE;
    expect(ADJUSTED_2018 / SURFACE).toBeGreaterThan(ADJUSTED_2019 / SURFACE);
    expect(body.reference.year).toBe(2018);
    expect(body.reference.source).toBe('automatic');
    expect(body.reference.intensityKwhPerM2).toBeCloseTo(intensity2018, 9);
    expect(body.reference.candidates.map((candidate: { year: number }) => candidate.year)).toEqual([
      2018, 2019,
    ]);
    expect(body.targets.map((target: { year: number }) => target.year)).toEqual([2030, 2040, 2050]);
    expect(body.targets[0].relativeKwhPerM2).toBeCloseTo(0.6 * intensity2018, 9);
    expect(body.targets[1].relativeKwhPerM2).toBeCloseTo(0.5 * intensity2018, 9);
    expect(body.targets[2].relativeKwhPerM2).toBeCloseTo(0.4 * intensity2018, 9);
    // Gap of 2023 to 2030: intensity 2023 − 0.6 × intensity 2018, over 7 years.
    const gap = ADJUSTED_2023 / SURFACE - 0.6 * intensity2018;
    expect(body.currentYear).toBe(2023);
    expect(body.gap.milestoneYear).toBe(2030);
    expect(body.gap.gapKwhPerM2).toBeCloseTo(gap, 9);
    expect(body.gap.yearsRemaining).toBe(7);
    expect(body.gap.requiredYearlyReductionKwhPerM2).toBeCloseTo(gap / 7, 9);
    expect(body.gap.targetMet).toBe(false);
    // The trajectory runs from 2018 to 2050, straight down to 0.6 × reference in 2030.
    expect(body.trajectory).toHaveLength(33);
    expect(body.trajectory[0].relativeKwhPerM2).toBeCloseTo(intensity2018, 9);
    expect(body.trajectory[12].year).toBe(2030);
    expect(body.trajectory[12].relativeKwhPerM2).toBeCloseTo(0.6 * intensity2018, 9);
    expect(body.trajectory[5].actualKwhPerM2).toBeCloseTo(ADJUSTED_2023 / SURFACE, 9);
  });

  it('keeps the reference when fewer years are shown', async () => {
    const body = await trajectory('fromYear=2021&toYear=2023');
    // 2018 stays the most favourable year although the years shown start in 2021.
    expect(body.reference.year).toBe(2018);
    expect(body.reference.intensityKwhPerM2).toBeCloseTo(ADJUSTED_2018 / SURFACE, 9);
    expect(body.years[0].year).toBeGreaterThanOrEqual(2021);
    const forced = await trajectory('fromYear=2021&toYear=2023&referenceYear=2019');
    expect(forced.reference.year).toBe(2019);
  });

  it('takes a forced reference year', async () => {
    const body = await trajectory('fromYear=2015&toYear=2023&referenceYear=2019');
    expect(body.reference.year).toBe(2019);
    expect(body.reference.source).toBe('query');
    expect(body.targets[0].relativeKwhPerM2).toBeCloseTo((0.6 * ADJUSTED_2019) / SURFACE, 9);
  });

  it('rejects an incomplete reference year in French', async () => {
    const response = await admin.request(
      'GET',
      `/api/efas/${efaId}/trajectory?fromYear=2015&toYear=2023&referenceYear=2020`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.referenceYear).toContain(
      'l’année 2020 n’a pas de consommation complète',
    );
  });

  it('applies Cabs values when they are less demanding', async () => {
    const patch = await admin.request('PATCH', `/api/efas/${efaId}/trajectory-settings`, {
      absolute2030KwhPerM2: 120,
      absolute2040KwhPerM2: 80,
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({
      absolute2030KwhPerM2: 120,
      absolute2040KwhPerM2: 80,
      absolute2050KwhPerM2: null,
    });

    const body = await trajectory();
    const intensity2018 = ADJUSTED_2018 / SURFACE;
    // 2030: max(0.6 × 179.4 ≈ 107.6, 120) = 120 by the absolute route; 2040: max(89.7, 80) relative.
    expect(body.targets[0]).toMatchObject({
      route: 'absolute',
      applicableKwhPerM2: 120,
      absoluteKwhPerM2: 120,
    });
    expect(body.targets[1].route).toBe('relative');
    expect(body.targets[1].applicableKwhPerM2).toBeCloseTo(0.5 * intensity2018, 9);
    expect(body.gap.targetKwhPerM2).toBe(120);
    expect(body.gap.gapKwhPerM2).toBeCloseTo(ADJUSTED_2023 / SURFACE - 120, 9);

    const audit = await testApp.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'efa')
      .where('entity_id', '=', efaId)
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['efa.trajectory-settings-changed']);
    await admin.request('PATCH', `/api/efas/${efaId}/trajectory-settings`, {
      absolute2030KwhPerM2: null,
      absolute2040KwhPerM2: null,
    });
  });

  it('takes the heating share and the surface from the settings', async () => {
    await admin.request('PATCH', `/api/efas/${efaId}/trajectory-settings`, {
      heatingShare: 0.5,
      surfaceM2: 2000,
    });
    const body = await trajectory();
    // 2018: heating 0.5 × 342 870 = 171 435, adjusted 171 435 + 171 435 × 3597.75 / 2920.
    expect(body.surfaceSource).toBe('settings');
    expect(body.climate.heatingPart).toBe('settings-share');
    expect(body.years[0].adjustedKwh).toBeCloseTo(171_435 + 171_435 * (REFERENCE_DJU / 2920), 6);
    expect(body.years[0].adjustedIntensityKwhPerM2).toBeCloseTo(
      (171_435 + 171_435 * (REFERENCE_DJU / 2920)) / 2000,
      9,
    );
    await admin.request('PATCH', `/api/efas/${efaId}/trajectory-settings`, {
      heatingShare: null,
      surfaceM2: null,
    });
  });

  it('leaves consumption unadjusted on request', async () => {
    const body = await trajectory('fromYear=2018&toYear=2019&adjust=false');
    expect(body.climate.adjusted).toBe(false);
    expect(body.years[0].adjustedKwh).toBeCloseTo(342_870, 6);
    expect(body.reference.intensityKwhPerM2).toBeCloseTo(342_870 / SURFACE, 9);
  });
});

describe('EFA trajectory access', () => {
  it('is forbidden to a user reading only part of the EFA', async () => {
    const reader = await login(testApp.app, estate.users.readerNord.email, estate.password);
    const response = await reader.request('GET', `/api/efas/${efaId}/trajectory`);
    expect(response.statusCode).toBe(403);
    const building = await reader.request(
      'GET',
      `/api/buildings/${buildingA}/indicators?from=2019-01-01&to=2020-01-01`,
    );
    expect(building.statusCode).toBe(200);
  });

  it('answers 404 outside the scope and 401 without session', async () => {
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    expect((await nobody.request('GET', `/api/efas/${efaId}/trajectory`)).statusCode).toBe(404);
    expect(
      (await nobody.request('PATCH', `/api/efas/${efaId}/trajectory-settings`, { heatingShare: 1 }))
        .statusCode,
    ).toBe(404);
    const anonymous = await testApp.app.inject({ method: 'GET', url: `/api/efas/${efaId}/trajectory` });
    expect(anonymous.statusCode).toBe(401);
  });
});
