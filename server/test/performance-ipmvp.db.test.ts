import { instantOfLocalTime } from '@openfluides/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// IPMVP option C on monthly gas: a 2022 baseline where E = 2000 + 5 × DJU exactly, and a 2023
// reporting year consuming 90 % of what that model predicts for 2023's weather.

let testApp: TestApp;
let estate: EstateFixture;
let admin: Client;
let buildingId: string;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Heating DJU per day of each month (mean temperature 18 − d). */
const DAILY_DJU_2022 = [15, 14, 12, 9, 6, 3, 1, 0, 2, 6, 10, 13];
const DAILY_DJU_2023 = [13, 12, 11, 8, 5, 2, 0, 1, 3, 7, 11, 14];
// Monthly DJU, days × daily value:
// 2022: 465, 392, 372, 270, 186, 90, 31, 0, 60, 186, 300, 403
// 2023: 403, 336, 341, 240, 155, 60, 0, 31, 90, 217, 330, 434 (sum 2637)

function monthStart(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
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
  const weather: { station_id: string; local_date: string; tn_c: number; tx_c: number }[] = [];
  for (const [year, daily] of [
    [2022, DAILY_DJU_2022],
    [2023, DAILY_DJU_2023],
  ] as const) {
    daily.forEach((dju, index) => {
      for (let day = 1; day <= (DAYS_IN_MONTH[index] ?? 0); day += 1) {
        const mean = 18 - dju;
        weather.push({
          station_id: station,
          local_date: `${year}-${String(index + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          tn_c: mean - 2,
          tx_c: mean + 2,
        });
      }
    });
  }
  await db.insertInto('weather_daily').values(weather).execute();

  buildingId = (
    await db
      .insertInto('buildings')
      .values({
        site_id: estate.sites.sud,
        code: 'IPMVP',
        name: 'Bâtiment rénové',
        floor_area_m2: 2000,
        main_heating_energy: 'gas',
        weather_station_id: station,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const point = (
    await db
      .insertInto('delivery_points')
      .values({ identifier: 'IPMVP-GAS', energy: 'gas' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('delivery_point_allocations')
    .values({ delivery_point_id: point, building_id: buildingId, method: 'fixed', fraction: 1 })
    .execute();
  const meter = (
    await db
      .insertInto('meters')
      .values({ code: 'IPMVP-GAS', kind: 'operator', energy: 'gas', delivery_point_id: point })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const register = (
    await db
      .insertInto('registers')
      .values({ meter_id: meter, kind: 'ENERGY', unit: 'kWh', step: 'P1M', is_consumption: true })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const rows: ReadingRow[] = [];
  for (let index = 0; index < 12; index += 1) {
    const days = DAYS_IN_MONTH[index] ?? 0;
    const baseline = 2000 + 5 * days * (DAILY_DJU_2022[index] ?? 0);
    const reporting = 0.9 * (2000 + 5 * days * (DAILY_DJU_2023[index] ?? 0));
    rows.push({
      registerId: register,
      intervalStart: instantOfLocalTime(monthStart(2022, index + 1), 0, 0, 'Europe/Paris'),
      value: baseline,
      quality: 'measured',
    });
    rows.push({
      registerId: register,
      intervalStart: instantOfLocalTime(monthStart(2023, index + 1), 0, 0, 'Europe/Paris'),
      value: reporting,
      quality: 'measured',
    });
  }
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(client, null, rows);
  } finally {
    client.release();
  }
});

async function ipmvp(body: Record<string, unknown>) {
  const response = await admin.request('POST', `/api/buildings/${buildingId}/ipmvp`, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('IPMVP option C on a monthly baseline', () => {
  it('computes the avoided energy of the reporting year', async () => {
    const body = await ipmvp({
      baselineFrom: '2022-01-01',
      baselineTo: '2023-01-01',
      reportingFrom: '2023-01-01',
      reportingTo: '2024-01-01',
      step: 'month',
    });
    expect(body.baseline.intercept).toBeCloseTo(2000, 6);
    expect(body.baseline.coefficients[0]).toMatchObject({ name: 'dju' });
    expect(body.baseline.coefficients[0].value).toBeCloseTo(5, 9);
    expect(body.baseline.r2).toBeCloseTo(1, 12);
    expect(body.baseline.n).toBe(12);
    // Adjusted baseline: 12 × 2000 + 5 × 2637 = 37 185 kWh; actual 90 % of it, 33 466.5 kWh.
    expect(body.totals.adjustedBaselineKwh).toBeCloseTo(37_185, 6);
    expect(body.totals.actualKwh).toBeCloseTo(33_466.5, 6);
    expect(body.totals.avoidedKwh).toBeCloseTo(3_718.5, 6);
    expect(body.totals.avoidedPercent).toBeCloseTo(10, 9);
    expect(body.totals.reportingPeriodsUsed).toBe(12);
    // January 2023: 2000 + 5 × 403 = 4015 predicted, 3613.5 measured, 401.5 avoided.
    expect(body.reportingPeriods[0].label).toBe('2023-01');
    expect(body.reportingPeriods[0].adjustedBaselineKwh).toBeCloseTo(4015, 6);
    expect(body.reportingPeriods[0].energyKwh).toBeCloseTo(3613.5, 6);
    expect(body.reportingPeriods[0].avoidedKwh).toBeCloseTo(401.5, 6);
    expect(body.reportingPeriods[0].variables.dju).toBe(403);
  });

  it('checks the fit against Guideline 14', async () => {
    const body = await ipmvp({
      baselineFrom: '2022-01-01',
      baselineTo: '2023-01-01',
      reportingFrom: '2023-01-01',
      reportingTo: '2024-01-01',
    });
    // An exact baseline: CV(RMSE) 0 % ≤ 15 %, NMBE 0 % within ± 5 %, and no uncertainty.
    expect(body.guideline14).toMatchObject({
      granularity: 'monthly',
      cvRmseLimit: 15,
      nmbeLimit: 5,
      cvRmsePasses: true,
      nmbePasses: true,
      uncertaintyPasses: true,
    });
    expect(body.uncertainty.confidence).toBe(0.9);
    expect(body.uncertainty.fractionalSavingsUncertainty).toBeCloseTo(0, 9);
    expect(body.uncertainty68.confidence).toBe(0.68);
    // α for 12 monthly points: −0.00022·144 + 0.03306·12 + 0.94054 = 1.30558.
    expect(body.uncertainty.alpha).toBeCloseTo(1.30558, 9);
  });

  it('takes the 12 months around an action date', async () => {
    const body = await ipmvp({ actionDate: '2023-01-01', step: 'month' });
    expect(body.baselineRange).toEqual({ from: '2022-01-01', to: '2023-01-01' });
    expect(body.reportingRange).toEqual({ from: '2023-01-01', to: '2024-01-01' });
    expect(body.totals.avoidedKwh).toBeCloseTo(3_718.5, 6);
  });

  it('starts reporting after the month of a mid-month action', async () => {
    const body = await ipmvp({ actionDate: '2023-01-15', step: 'month' });
    expect(body.baselineRange).toEqual({ from: '2022-01-01', to: '2023-01-01' });
    expect(body.reportingRange).toEqual({ from: '2023-02-01', to: '2024-02-01' });
    // January 2024 has no reading and is left out: 37 185 − 4015 = 33 170 predicted, 10 % avoided.
    expect(body.totals.reportingPeriodsUsed).toBe(11);
    expect(body.totals.adjustedBaselineKwh).toBeCloseTo(33_170, 6);
    expect(body.totals.avoidedKwh).toBeCloseTo(3_317, 6);
    expect(body.reportingPeriods[11]).toMatchObject({
      label: '2024-01',
      included: false,
      excludedReason: 'Aucune consommation reçue sur cette période.',
    });
    expect(body.warnings.map((warning: { code: string }) => warning.code)).toContain(
      'reporting-periods-excluded',
    );
  });

  it('accepts a variable given by the user', async () => {
    const values: Record<string, number> = {};
    for (let month = 1; month <= 12; month += 1) {
      values[`2022-${String(month).padStart(2, '0')}`] = month % 3;
      values[`2023-${String(month).padStart(2, '0')}`] = month % 3;
    }
    const body = await ipmvp({
      actionDate: '2023-01-01',
      variables: ['dju', 'occupation'],
      customVariables: [{ name: 'occupation', values }],
    });
    // The consumption does not depend on occupation: its coefficient is 0 and dju stays at 5.
    expect(body.baseline.coefficients[1].name).toBe('occupation');
    expect(body.baseline.coefficients[1].value).toBeCloseTo(0, 6);
    expect(body.baseline.coefficients[0].value).toBeCloseTo(5, 9);
    expect(body.totals.avoidedKwh).toBeCloseTo(3_718.5, 6);
  });

  it('rejects an unknown variable in French', async () => {
    const response = await admin.request('POST', `/api/buildings/${buildingId}/ipmvp`, {
      actionDate: '2023-01-01',
      variables: ['occupation'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.variables).toContain('variable « occupation » inconnue');
  });

  it('needs dates or an action date', async () => {
    const response = await admin.request('POST', `/api/buildings/${buildingId}/ipmvp`, {
      baselineFrom: '2022-01-01',
    });
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json().error.fields).sort()).toEqual([
      'baselineTo',
      'reportingFrom',
      'reportingTo',
    ]);
  });

  it('rejects a reporting period inside the baseline', async () => {
    const response = await admin.request('POST', `/api/buildings/${buildingId}/ipmvp`, {
      baselineFrom: '2022-01-01',
      baselineTo: '2023-01-01',
      reportingFrom: '2022-06-01',
      reportingTo: '2023-06-01',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.reportingFrom).toContain('après la fin de la période de référence');
  });

  it('answers 404 outside the scope and 401 without session', async () => {
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const response = await nobody.request('POST', `/api/buildings/${buildingId}/ipmvp`, {
      actionDate: '2023-01-01',
    });
    expect(response.statusCode).toBe(404);
    const anonymous = await testApp.app.inject({
      method: 'POST',
      url: `/api/buildings/${buildingId}/ipmvp`,
      payload: { actionDate: '2023-01-01' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
