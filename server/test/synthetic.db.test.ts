import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import {
  createSyntheticEstate,
  generateSubmeterReadings,
  type SyntheticEstate,
} from '../src/demo/synthetic.js';
import { createTestDatabase } from './database.js';

let database: Database;
let estate: SyntheticEstate;

beforeAll(async () => {
  database = await createTestDatabase();
  estate = await createSyntheticEstate(database.db, 7);
});

async function count(query: string): Promise<number> {
  const { rows } = await database.pool.query<{ n: string }>(query);
  return Number(rows[0]?.n);
}

describe('synthetic estate at the customer’s size', () => {
  it('has the buildings of each heating energy', async () => {
    expect(estate.buildingIds).toHaveLength(177);
    const { rows } = await database.pool.query<{ main_heating_energy: string; n: string }>(
      "select main_heating_energy, count(*) as n from buildings where code like 'SYN-%' group by 1",
    );
    expect(Object.fromEntries(rows.map((row) => [row.main_heating_energy, Number(row.n)]))).toEqual({
      electricity: 21,
      gas: 78,
      district_heating: 77,
      fuel_oil: 1,
    });
    // 21 + 78 + 77 + 1 = 177 main energies; 7 gas buildings also burn wood (184 heating modes).
    expect(await count("select count(*) as n from buildings where notes like '%bois%'")).toBe(7);
  });

  it('has 152 delivery points, 10 of them retired gas points', async () => {
    expect(await count('select count(*) as n from delivery_points')).toBe(152);
    expect(await count("select count(*) as n from delivery_points where energy = 'gas'")).toBe(50);
    expect(
      await count("select count(*) as n from delivery_points where energy = 'gas' and active_to is not null"),
    ).toBe(10);
    expect(await count("select count(*) as n from delivery_points where energy = 'district_heating'")).toBe(
      43,
    );
    expect(await count("select count(*) as n from delivery_points where energy = 'electricity'")).toBe(59);
  });

  it('has 123 sub-meters with 46 × 3 + 77 × 2 = 292 ten-minute registers', async () => {
    expect(await count("select count(*) as n from meters where kind = 'submeter'")).toBe(123);
    expect(estate.submeterRegisters).toHaveLength(292);
    expect(await count("select count(*) as n from registers where step = 'PT10M'")).toBe(292);
  });

  it('generates the same readings from the same seed', () => {
    const take = (seed: number) => [
      ...generateSubmeterReadings(
        estate.submeterRegisters.slice(0, 3),
        '2024-01-01T00:00:00Z',
        '2024-01-01T02:00:00Z',
        seed,
      ),
    ];
    const first = take(7);
    expect(first).toHaveLength(3 * 12);
    expect(take(7)).toEqual(first);
    expect(take(8)).not.toEqual(first);
    // The INDEX register accumulates the ENERGY register of the same heat meter.
    const [index, power, energy] = estate.submeterRegisters.slice(0, 3);
    expect([index?.kind, power?.kind, energy?.kind]).toEqual(['INDEX', 'POWER', 'ENERGY']);
    const energies = first
      .filter((row) => row.registerId === energy?.registerId)
      .map((row) => row.value ?? 0);
    const indexes = first.filter((row) => row.registerId === index?.registerId).map((row) => row.value ?? 0);
    expect((indexes[11] ?? 0) - (indexes[0] ?? 0)).toBeCloseTo(
      energies.slice(1).reduce((sum, value) => sum + value, 0),
      1,
    );
  });
});
