import { instantOfLocalTime } from '@openfluides/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { type EstateFixture, seedEstate } from './estate-fixture.js';

// Built-in and user-defined indicators on two buildings with monthly readings.
//   IND-1: 500 m², teaching. Electricity: Dec 2023 5000, Jan 2024 6000, Feb 2024 4500 kWh.
//          Gas: Jan 2024 30 000 kWh PCS, and its register owes a reading every month.
//   IND-2: floor area unknown. Electricity: Jan 2024 1000 kWh. No gas meter.
//   IND-3: 1500 m² today, 1000 m² before 1 February 2024. Electricity: Jan 2024 3100, Feb 2024 2900 kWh.

let testApp: TestApp;
let estate: EstateFixture;
let admin: Client;
let building1: string;
let building2: string;
let building3: string;

async function createRegister(code: string, building: string, energy: 'electricity' | 'gas') {
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

function monthly(registerId: string, month: string, value: number): ReadingRow {
  return {
    registerId,
    intervalStart: instantOfLocalTime(`${month}-01`, 0, 0, 'Europe/Paris'),
    value,
    quality: 'measured',
  };
}

beforeAll(async () => {
  testApp = await createTestApp();
  const { db } = testApp.database;
  estate = await seedEstate(db);
  admin = await login(testApp.app, estate.users.admin.email, estate.password);
  const insertBuilding = async (code: string, floorArea: number | null) =>
    (
      await db
        .insertInto('buildings')
        .values({
          site_id: estate.sites.sud,
          code,
          name: `Bâtiment ${code}`,
          floor_area_m2: floorArea,
          activity: 'teaching',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  building1 = await insertBuilding('IND-1', 500);
  building2 = await insertBuilding('IND-2', null);
  building3 = await insertBuilding('IND-3', 1500);
  await db
    .insertInto('building_floor_area_changes')
    .values({ building_id: building3, changed_on: '2024-02-01', area_before_m2: 1000 })
    .execute();
  const electricity1 = await createRegister('IND-1-ELEC', building1, 'electricity');
  const gas1 = await createRegister('IND-1-GAS', building1, 'gas');
  const electricity2 = await createRegister('IND-2-ELEC', building2, 'electricity');
  const electricity3 = await createRegister('IND-3-ELEC', building3, 'electricity');
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(client, null, [
      monthly(electricity1, '2023-12', 5000),
      monthly(electricity1, '2024-01', 6000),
      monthly(electricity1, '2024-02', 4500),
      monthly(gas1, '2024-01', 30_000),
      monthly(electricity2, '2024-01', 1000),
      monthly(electricity3, '2024-01', 3100),
      monthly(electricity3, '2024-02', 2900),
    ]);
  } finally {
    client.release();
  }
});

describe('built-in indicators', () => {
  it('gives a month with its evolution, intensity, primary energy and CO2e', async () => {
    const response = await admin.request(
      'GET',
      `/api/buildings/${building1}/indicators?from=2024-01-01&to=2024-02-01`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.source).toBe('month');
    expect(body.previousFrom).toBe('2023-12-01');
    expect(body.previousTo).toBe('2024-01-01');
    const block = body.buildings[0];
    const electricity = block.energies.find((energy: { energy: string }) => energy.energy === 'electricity');
    const gas = block.energies.find((energy: { energy: string }) => energy.energy === 'gas');

    // Electricity: 6000 kWh against 5000 in December, +20 %.
    expect(electricity.kwh).toBe(6000);
    expect(electricity.previousKwh).toBe(5000);
    expect(electricity.evolutionPercent).toBeCloseTo(20, 9);
    // 2024 electricity: 2.3 kWh EP and 0.084 kg CO2e (2006 DPE set, metered) per kWh.
    expect(electricity.primaryKwh).toBeCloseTo(13_800, 9);
    expect(electricity.co2eKg).toBeCloseTo(504, 9);

    // Gas: 30 000 kWh PCS = 27 000 kWh PCI; 27 000 kWh EP; 27 000 × 0.234 = 6318 kg CO2e.
    expect(gas.kwh).toBe(30_000);
    expect(gas.kwhPci).toBeCloseTo(27_000, 9);
    expect(gas.primaryKwh).toBeCloseTo(27_000, 9);
    expect(gas.co2eKg).toBeCloseTo(6318, 9);
    expect(gas.previousKwh).toBeNull();

    // Final energy counts gas in kWh PCS, as billed: 6000 + 30 000 = 36 000 kWh over 500 m² = 72 kWh/m².
    expect(gas.finalKwh).toBeCloseTo(30_000, 9);
    expect(block.finalKwh).toBeCloseTo(36_000, 9);
    expect(block.intensityKwhPerM2).toBeCloseTo(72, 9);
    expect(body.notes[0]).toContain('kWh PCS');
    expect(block.primaryKwh).toBeCloseTo(40_800, 9);
    expect(block.co2eKg).toBeCloseTo(6822, 9);
    expect(block.dpe.energyClass).toBeNull();
    expect(block.dpe.reason).toContain('12 mois');
  });

  it('gives DPE labels over a year', async () => {
    const response = await admin.request(
      'GET',
      `/api/buildings/${building1}/indicators?from=2024-01-01&to=2025-01-01`,
    );
    const block = response.json().buildings[0];
    // Primary: (6000 + 4500) × 2.3 + 27 000 = 51 150 kWh EP / 500 m² = 102.3 → B (51–110).
    // CO2e: 10 500 × 0.084 + 6318 = 7200 kg / 500 m² = 14.4 → B (6–15). Teaching scale.
    expect(block.primaryKwhPerM2).toBeCloseTo(102.3, 9);
    expect(block.co2eKgPerM2).toBeCloseTo(14.4, 9);
    expect(block.dpe).toMatchObject({
      category: 'bureaux-enseignement',
      categorySource: 'activity',
      energyClass: 'B',
      climateClass: 'B',
      reason: null,
    });
  });

  it('sums a set of buildings', async () => {
    const response = await admin.request('POST', '/api/indicators/builtin', {
      buildingIds: [building1, building2],
      from: '2024-01-01',
      to: '2024-02-01',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // 36 000 + 1000 kWh; IND-2 has no floor area, so the set has no intensity.
    expect(body.total.finalKwh).toBeCloseTo(37_000, 9);
    expect(body.total.floorAreaM2).toBeNull();
    expect(body.total.intensityKwhPerM2).toBeNull();
    expect(body.buildings).toHaveLength(2);
  });

  it('answers 404 for a building outside the scope', async () => {
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const response = await nobody.request(
      'GET',
      `/api/buildings/${building1}/indicators?from=2024-01-01&to=2024-02-01`,
    );
    expect(response.statusCode).toBe(404);
  });
});

describe('user-defined indicators', () => {
  let intensityId: string;

  it('lists the identifiers with French labels', async () => {
    const response = await admin.request('GET', '/api/indicators/identifiers');
    expect(response.statusCode).toBe(200);
    const identifiers = response.json().identifiers as { name: string; label: string; unit: string }[];
    expect(identifiers.find((identifier) => identifier.name === 'surface')).toEqual({
      name: 'surface',
      kind: 'series',
      label: 'Surface de plancher, moyenne de la période pondérée par les jours',
      unit: 'm²',
    });
    expect(identifiers.map((identifier) => identifier.name)).toEqual(
      expect.arrayContaining(['electricite', 'gaz', 'chaleur', 'total', 'dju', 'surface_chauffee']),
    );
  });

  it('creates an indicator and audits it', async () => {
    const response = await admin.request('POST', '/api/indicators', {
      name: 'Intensité électrique',
      formula: 'electricite / surface',
      unitLabel: 'kWh/m²',
      targetValue: 10,
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    intensityId = body.id;
    expect(body).toMatchObject({
      name: 'Intensité électrique',
      identifiers: ['electricite', 'surface'],
      targetDirection: 'at-most',
      canEdit: true,
    });
    const audit = await testApp.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'indicator')
      .where('entity_id', '=', intensityId)
      .execute();
    expect(audit).toEqual([{ action: 'indicator.created' }]);
  });

  it('rejects an unknown name in French with its position', async () => {
    const response = await admin.request('POST', '/api/indicators', {
      name: 'Faute de frappe',
      formula: 'electricite / surfce',
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    // « surfce » starts at the 15th character (offset 14) and ends at offset 20.
    expect(error.fields.formula).toBe(
      'Série ou constante « surfce » inconnue à la position 15. Vouliez-vous dire « surface » ?',
    );
    expect(error.params).toMatchObject({
      formulaErrorCode: 'unknown-identifier',
      formulaStart: 14,
      formulaEnd: 20,
    });
  });

  it('rejects a syntax error in French', async () => {
    const response = await admin.request('POST', '/api/indicators/validate', {
      formula: '(electricite / surface',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ok).toBe(false);
    // 22 characters: the closing parenthesis is missing at position 23.
    expect(body.errors[0].message).toContain(
      'Parenthèse fermante manquante à la position 23 (fin de la formule)',
    );
  });

  it('evaluates electricite / surface by month against its target', async () => {
    const response = await admin.request('POST', `/api/indicators/${intensityId}/evaluate`, {
      buildingIds: [building1, building2],
      from: '2024-01-01',
      to: '2024-03-01',
      step: 'month',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const first = body.buildings.find(
      (building: { buildingId: string }) => building.buildingId === building1,
    );
    // January 6000 / 500 = 12 (above the target 10 by 2); February 4500 / 500 = 9 (1 below).
    expect(first.values.map((value: { value: number }) => value.value)).toEqual([12, 9]);
    expect(first.values.map((value: { meetsTarget: boolean }) => value.meetsTarget)).toEqual([false, true]);
    expect(first.values.map((value: { gapToTarget: number }) => value.gapToTarget)).toEqual([2, -1]);
    expect(first.values[0].completeness).toBe(1);
    const second = body.buildings.find(
      (building: { buildingId: string }) => building.buildingId === building2,
    );
    expect(second.values[0].value).toBeNull();
    expect(second.values[0].missingReason).toEqual({
      code: 'missing-input',
      message: 'Valeur manquante pour « surface ».',
    });
  });

  it('evaluates a year', async () => {
    const response = await admin.request('POST', `/api/indicators/${intensityId}/evaluate`, {
      buildingIds: [building1],
      from: '2024-01-01',
      to: '2024-03-01',
      step: 'year',
    });
    const values = response.json().buildings[0].values;
    // (6000 + 4500) / 500 = 21 over January and February.
    expect(values).toHaveLength(1);
    expect(values[0]).toMatchObject({
      label: '2024',
      value: 21,
      firstDate: '2024-01-01',
      lastDate: '2024-02-29',
    });
  });

  it('says why a value is missing', async () => {
    const created = await admin.request('POST', '/api/indicators', {
      name: 'Part électricité sur gaz',
      formula: 'electricite / gaz',
    });
    expect(created.statusCode).toBe(201);
    const response = await admin.request('POST', `/api/indicators/${created.json().id}/evaluate`, {
      buildingIds: [building1, building2],
      from: '2024-01-01',
      to: '2024-03-01',
    });
    const body = response.json();
    const first = body.buildings.find(
      (building: { buildingId: string }) => building.buildingId === building1,
    );
    // January: 6000 / 30 000 = 0.2. February: the gas register sent nothing.
    expect(first.values[0].value).toBeCloseTo(0.2, 12);
    expect(first.values[1].missingReason.code).toBe('missing-input');
    const second = body.buildings.find(
      (building: { buildingId: string }) => building.buildingId === building2,
    );
    // IND-2 has no gas meter: gaz is 0 and the ratio divides by zero.
    expect(second.values[0].missingReason).toEqual({
      code: 'division-by-zero',
      message: 'Division par zéro.',
    });
    expect(second.notes[0]).toContain('« gaz »');
  });

  it('lets only the author or an administrator change it', async () => {
    const sciences = await login(testApp.app, estate.users.sciences.email, estate.password);
    const list = await sciences.request('GET', '/api/indicators');
    const item = list.json().items.find((indicator: { id: string }) => indicator.id === intensityId);
    expect(item.canEdit).toBe(false);
    const patch = await sciences.request('PATCH', `/api/indicators/${intensityId}`, { targetValue: 5 });
    expect(patch.statusCode).toBe(403);
    const own = await admin.request('PATCH', `/api/indicators/${intensityId}`, { targetValue: 11 });
    expect(own.statusCode).toBe(200);
    expect(own.json().targetValue).toBe(11);
    expect(own.json().unitLabel).toBe('kWh/m²');
    expect(own.json().targetDirection).toBe('at-most');
  });

  it('rejects a duplicate name', async () => {
    const response = await admin.request('POST', '/api/indicators', {
      name: 'intensité électrique',
      formula: 'electricite',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.fields).toEqual({ name: 'already-used' });
  });

  it('evaluates only the caller’s buildings', async () => {
    const nobody = await login(testApp.app, estate.users.nobody.email, estate.password);
    const named = await nobody.request('POST', `/api/indicators/${intensityId}/evaluate`, {
      buildingIds: [building1],
      from: '2024-01-01',
      to: '2024-02-01',
    });
    expect(named.statusCode).toBe(404);
    const all = await nobody.request('POST', `/api/indicators/${intensityId}/evaluate`, {
      from: '2024-01-01',
      to: '2024-02-01',
    });
    expect(all.statusCode).toBe(200);
    expect(all.json().buildings).toEqual([]);
  });

  it('deletes an indicator', async () => {
    const response = await admin.request('DELETE', `/api/indicators/${intensityId}`);
    expect(response.statusCode).toBe(204);
    expect((await admin.request('GET', `/api/indicators/${intensityId}`)).statusCode).toBe(404);
  });

  it('needs a session', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/indicators' });
    expect(response.statusCode).toBe(401);
  });
});

describe('dated floor areas', () => {
  // IND-3 had 1000 m² in January 2024 (31 days) and 1500 m² in February 2024 (29 days):
  // day-weighted mean over both months = (1000 × 31 + 1500 × 29) / 60 = 74 500 / 60 ≈ 1241.67 m².
  const meanArea = (1000 * 31 + 1500 * 29) / 60;

  it('divides intensity by mean area', async () => {
    const response = await admin.request(
      'GET',
      `/api/buildings/${building3}/indicators?from=2024-01-01&to=2024-03-01`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const block = response.json().buildings[0];
    expect(block.floorAreaM2).toBeCloseTo(meanArea, 9);
    // (3100 + 2900) kWh / 1241.67 m² ≈ 4.83 kWh/m², not 6000 / 1500 = 4 with today's area.
    expect(block.intensityKwhPerM2).toBeCloseTo(6000 / meanArea, 9);
  });

  it('uses the area before the change', async () => {
    const response = await admin.request(
      'GET',
      `/api/buildings/${building3}/indicators?from=2024-01-01&to=2024-02-01`,
    );
    const block = response.json().buildings[0];
    // January only: 1000 m², 3100 / 1000 = 3.1 kWh/m².
    expect(block.floorAreaM2).toBe(1000);
    expect(block.intensityKwhPerM2).toBeCloseTo(3.1, 9);
  });

  it('gives surface per period', async () => {
    const created = await admin.request('POST', '/api/indicators', {
      name: 'Intensité électrique datée',
      formula: 'electricite / surface',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const byMonth = await admin.request('POST', `/api/indicators/${id}/evaluate`, {
      buildingIds: [building3],
      from: '2024-01-01',
      to: '2024-03-01',
      step: 'month',
    });
    expect(byMonth.statusCode, byMonth.body).toBe(200);
    // January 3100 / 1000 = 3.1; February 2900 / 1500 ≈ 1.933.
    const months = byMonth.json().buildings[0].values.map((value: { value: number }) => value.value);
    expect(months[0]).toBeCloseTo(3.1, 12);
    expect(months[1]).toBeCloseTo(2900 / 1500, 12);

    const byYear = await admin.request('POST', `/api/indicators/${id}/evaluate`, {
      buildingIds: [building3],
      from: '2024-01-01',
      to: '2024-03-01',
      step: 'year',
    });
    // The 2024 period covers January and February only: 6000 / 1241.67 ≈ 4.83.
    expect(byYear.json().buildings[0].values[0].value).toBeCloseTo(6000 / meanArea, 9);
  });
});

describe('API documentation', () => {
  it('lists the weather and performance routes', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/weather/stations',
        '/api/weather/stations/{id}/degree-days',
        '/api/weather/stations/{id}/normals',
        '/api/buildings/{id}/weather-station',
        '/api/buildings/{id}/signature',
        '/api/buildings/{id}/ipmvp',
        '/api/efas/{id}/trajectory',
        '/api/efas/{id}/trajectory-settings',
        '/api/buildings/{id}/indicators',
        '/api/indicators/builtin',
        '/api/indicators/identifiers',
        '/api/indicators/validate',
        '/api/indicators',
        '/api/indicators/{id}',
        '/api/indicators/{id}/evaluate',
      ]),
    );
  });
});
