import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { getBuildingConsumption } from '../src/metering/consumption.js';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { createTestDatabase } from './database.js';

// Allocation keys of delivery points to buildings, with figures worked out by hand.
let database: Database;
const ids: Record<string, string> = {};

async function insert<T extends 'buildings' | 'delivery_points' | 'meters' | 'registers'>(
  table: T,
  values: Record<string, unknown>,
): Promise<string> {
  const row = await database.db
    .insertInto(table)
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return (row as { id: string }).id;
}

/** Builds one reading per Paris day (P1D ENERGY register) from 2024-01-01, in winter time (UTC+1). */
function dailyRows(registerId: string, kWhPerDay: number, days: number): ReadingRow[] {
  return Array.from({ length: days }, (_, day) => ({
    registerId,
    intervalStart: new Date(Date.UTC(2023, 11, 31, 23) + day * 86_400_000),
    value: kWhPerDay,
    quality: 'measured' as const,
  }));
}

beforeAll(async () => {
  database = await createTestDatabase();
  const site = (
    await database.db
      .insertInto('sites')
      .values({ code: 'C', name: 'Campus' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.b1 = await insert('buildings', { site_id: site, code: 'B1', name: 'B1', floor_area_m2: 1000 });
  ids.b2 = await insert('buildings', { site_id: site, code: 'B2', name: 'B2', floor_area_m2: 3000 });
  ids.b3 = await insert('buildings', { site_id: site, code: 'B3', name: 'B3', floor_area_m2: 500 });

  const gas = await insert('delivery_points', { identifier: '99000000000101', energy: 'gas' });
  const electricity = await insert('delivery_points', {
    identifier: '98800000000101',
    energy: 'electricity',
  });
  const heat = await insert('delivery_points', { identifier: 'SST-1', energy: 'district_heating' });
  await database.db
    .insertInto('delivery_point_allocations')
    .values([
      { delivery_point_id: gas, building_id: ids.b1, method: 'surface' },
      { delivery_point_id: gas, building_id: ids.b2, method: 'surface' },
      // B1 takes 30 % of the electricity until 10 January, then 50 %; B3 takes 70 %, then 50 %.
      {
        delivery_point_id: electricity,
        building_id: ids.b1,
        method: 'fixed',
        fraction: 0.3,
        valid_to: '2024-01-10',
      },
      {
        delivery_point_id: electricity,
        building_id: ids.b3,
        method: 'fixed',
        fraction: 0.7,
        valid_to: '2024-01-10',
      },
      {
        delivery_point_id: electricity,
        building_id: ids.b1,
        method: 'fixed',
        fraction: 0.5,
        valid_from: '2024-01-10',
      },
      {
        delivery_point_id: electricity,
        building_id: ids.b3,
        method: 'fixed',
        fraction: 0.5,
        valid_from: '2024-01-10',
      },
      { delivery_point_id: heat, building_id: ids.b1, method: 'submeter' },
    ] as never)
    .execute();

  const register = async (meter: Record<string, unknown>) =>
    insert('registers', {
      meter_id: await insert('meters', meter),
      kind: 'ENERGY',
      unit: 'kWh',
      step: 'P1D',
      is_consumption: true,
    });
  const gasRegister = await register({ code: 'G', kind: 'operator', energy: 'gas', delivery_point_id: gas });
  const electricityRegister = await register({
    code: 'E',
    kind: 'operator',
    energy: 'electricity',
    delivery_point_id: electricity,
  });
  const heatRegister = await register({
    code: 'H',
    kind: 'operator',
    energy: 'district_heating',
    delivery_point_id: heat,
  });
  const heatSubmeter = await register({
    code: 'H-B1',
    kind: 'submeter',
    energy: 'district_heating',
    building_id: ids.b1,
  });

  const client = await database.pool.connect();
  try {
    await ingestReadings(client, null, [
      ...dailyRows(gasRegister, 400, 31),
      ...dailyRows(electricityRegister, 1000, 31),
      ...dailyRows(heatRegister, 900, 31),
      ...dailyRows(heatSubmeter, 250, 31),
    ]);
  } finally {
    client.release();
  }
});

function total(
  points: { energy: string; energyKWh: number | null; buildingId: string }[],
  buildingId: string,
  energy: string,
): number {
  return points
    .filter((point) => point.buildingId === buildingId && point.energy === energy)
    .reduce((sum, point) => sum + (point.energyKWh ?? 0), 0);
}

describe('building consumption through allocation keys', () => {
  it('splits a shared point by floor area', async () => {
    const points = await getBuildingConsumption(
      database.db,
      [ids.b1 ?? '', ids.b2 ?? ''],
      { from: '2024-01-01', to: '2024-01-02' },
      'day',
    );
    // 400 kWh × 1000 / (1000 + 3000) = 100 kWh; × 3000 / 4000 = 300 kWh.
    expect(total(points, ids.b1 ?? '', 'gas')).toBeCloseTo(100, 9);
    expect(total(points, ids.b2 ?? '', 'gas')).toBeCloseTo(300, 9);
  });

  it('applies the fixed key valid on each day', async () => {
    const points = await getBuildingConsumption(
      database.db,
      [ids.b1 ?? '', ids.b3 ?? ''],
      { from: '2024-01-01', to: '2024-02-01' },
      'day',
    );
    // 9 days (1–9 January) at 30 % and 22 days at 50 % of 1000 kWh: 2700 + 11 000 = 13 700 kWh.
    expect(total(points, ids.b1 ?? '', 'electricity')).toBeCloseTo(13_700, 9);
    // B3: 9 × 700 + 22 × 500 = 17 300 kWh; B1 + B3 = 31 × 1000.
    expect(total(points, ids.b3 ?? '', 'electricity')).toBeCloseTo(17_300, 9);
  });

  it('takes the key valid on the 1st for monthly figures', async () => {
    const points = await getBuildingConsumption(
      database.db,
      [ids.b1 ?? ''],
      { from: '2024-01-01', to: '2024-02-01' },
      'month',
    );
    // January's monthly rollup is 31 000 kWh and the key on 1 January is 30 %.
    expect(total(points, ids.b1 ?? '', 'electricity')).toBeCloseTo(9_300, 9);
  });

  it('counts the building’s own sub-meter for a point allocated by sub-meter', async () => {
    const points = await getBuildingConsumption(
      database.db,
      [ids.b1 ?? ''],
      { from: '2024-01-01', to: '2024-01-11' },
      'day',
    );
    // 10 days × 250 kWh from the sub-meter; the 900 kWh of the point itself are not added.
    expect(total(points, ids.b1 ?? '', 'district_heating')).toBe(2_500);
  });

  it('counts the days a meter stayed silent as expected but missing', async () => {
    // Readings cover January only; February's 29 days (2024) are owed but absent.
    const points = await getBuildingConsumption(
      database.db,
      [ids.b2 ?? ''],
      { from: '2024-01-25', to: '2024-03-01' },
      'day',
    );
    expect(points).toHaveLength(7 + 29);
    const february = points.filter((point) => point.period >= '2024-02-01');
    expect(february).toHaveLength(29);
    expect(
      february.every(
        (point) => point.energyKWh === null && point.pointsPresent === 0 && point.pointsExpected === 1,
      ),
    ).toBe(true);
    const monthly = await getBuildingConsumption(
      database.db,
      [ids.b2 ?? ''],
      { from: '2024-01-01', to: '2024-03-01' },
      'month',
    );
    expect(monthly.map((point) => [point.period, point.pointsPresent, point.pointsExpected])).toEqual([
      ['2024-01-01', 31, 31],
      ['2024-02-01', 0, 29],
    ]);
  });

  it('reports completeness with the energy', async () => {
    const points = await getBuildingConsumption(
      database.db,
      [ids.b2 ?? ''],
      { from: '2024-01-01', to: '2024-01-08' },
      'day',
    );
    expect(points).toHaveLength(7);
    expect(points.every((point) => point.pointsPresent === 1 && point.pointsExpected === 1)).toBe(true);
  });
});
