import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { ingestReadings, type ReadingRow } from '../src/metering/readings-store.js';
import { createTestDatabase } from './database.js';
import { createMeter, createRegister, instants } from './metering-fixture.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});

async function ingest(rows: ReadingRow[]) {
  const client = await database.pool.connect();
  try {
    return await ingestReadings(client, null, rows);
  } finally {
    client.release();
  }
}

async function daily(registerId: string) {
  const rows = await database.db
    .selectFrom('readings_daily')
    .selectAll()
    .where('register_id', '=', registerId)
    .orderBy('local_date')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.local_date, row]));
}

describe('daily rollups on clock-change days', () => {
  it('sums 23 hourly values on 31 March 2024 (spring change)', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT1H');
    // Paris day 2024-03-31 runs from 23:00 UTC on the 30th to 22:00 UTC on the 31st: 23 hours.
    const hours = [...instants('2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z', 60)];
    expect(hours).toHaveLength(23);
    await ingest(
      hours.map((intervalStart, index) => ({
        registerId,
        intervalStart,
        value: index + 1,
        quality: 'measured',
      })),
    );
    const day = (await daily(registerId))['2024-03-31'];
    // 1 + 2 + … + 23 = 23 × 24 / 2 = 276 kWh; the largest hour is 23 kWh in 1 h, so 23 kW.
    expect(day?.quantity).toBe(276);
    expect(day?.max_power_kw).toBe(23);
    expect(day?.points_present).toBe(23);
    expect(day?.points_expected).toBe(23);
  });

  it('integrates 150 ten-minute powers on 27 October 2024 (autumn change)', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'POWER', 'PT10M');
    // Paris day 2024-10-27 runs from 22:00 UTC on the 26th to 23:00 UTC on the 27th: 25 hours.
    const points = [...instants('2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z', 10)];
    expect(points).toHaveLength(150);
    // 6 kW for the first 75 intervals, 12 kW for the last 75.
    await ingest(
      points.map((intervalStart, index) => ({
        registerId,
        intervalStart,
        value: index < 75 ? 6 : 12,
        quality: 'measured',
      })),
    );
    const day = (await daily(registerId))['2024-10-27'];
    // 75 × 6 kW × 1/6 h + 75 × 12 kW × 1/6 h = 75 + 150 = 225 kWh.
    expect(day?.quantity).toBeCloseTo(225, 9);
    expect(day?.max_power_kw).toBe(12);
    expect(day?.mean_value).toBe(9);
    expect(day?.points_expected).toBe(150);
  });

  it('splits a UTC day into the two Paris days it straddles', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT1H');
    // 2024-01-15 00:00 to 24:00 UTC: the first 23 hours are Paris's 15th, the last is the 16th.
    await ingest(
      [...instants('2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', 60)].map((intervalStart) => ({
        registerId,
        intervalStart,
        value: 2,
        quality: 'measured',
      })),
    );
    const days = await daily(registerId);
    expect(days['2024-01-15']?.quantity).toBe(46);
    expect(days['2024-01-15']?.points_present).toBe(23);
    expect(days['2024-01-15']?.points_expected).toBe(24);
    expect(days['2024-01-16']?.quantity).toBe(2);
  });
});

describe('index registers', () => {
  it('derives consumption across a recorded reset without negative or spiked intervals', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'INDEX', 'PT1H', { isConsumption: true });
    // Hourly index on Paris day 2024-02-10 (UTC+1): 23:00 UTC on the 9th is local midnight.
    const start = Date.parse('2024-02-09T23:00:00Z');
    const at = (hour: number) => new Date(start + hour * 3_600_000);
    // Hours 0–5: 1000, 1010, 1025, 1030, then a reset between 03:00 and 04:00 local to 0
    // with 8 kWh used before the reset (value_before 1038), then 12, 20. Hours 7–8 are missing.
    const indexes: [number, number][] = [
      [0, 1000],
      [1, 1010],
      [2, 1025],
      [3, 1030],
      [4, 12],
      [5, 20],
      [6, 26],
      [9, 40],
      [10, 45],
    ];
    await database.db
      .insertInto('index_events')
      .values({
        register_id: registerId,
        occurred_at: new Date(start + 3.5 * 3_600_000),
        kind: 'reset',
        value_before: 1038,
        value_after: 0,
      })
      .execute();
    await ingest(
      indexes.map(([hour, value]) => ({ registerId, intervalStart: at(hour), value, quality: 'measured' })),
    );

    const day = (await daily(registerId))['2024-02-10'];
    // Intervals with a following reading one hour later:
    // 0→1: 10, 1→2: 15, 2→3: 5, 3→4: (1038 − 1030) + (12 − 0) = 20, 4→5: 8, 5→6: 6, 9→10: 5.
    // 6→9 spans a gap: unknown, not zero and not 14 kWh in one hour.
    expect(day?.quantity).toBe(10 + 15 + 5 + 20 + 8 + 6 + 5);
    expect(day?.points_present).toBe(7);
    expect(day?.max_power_kw).toBe(20);
    expect(day?.points_expected).toBe(24);
  });

  it('treats an unexplained drop as unknown, never negative', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'INDEX', 'P1D');
    // Daily indexes at Paris midnight (22:00 UTC in summer).
    const values: [string, number][] = [
      ['2024-06-09T22:00:00Z', 5000],
      ['2024-06-10T22:00:00Z', 5100],
      ['2024-06-11T22:00:00Z', 300],
      ['2024-06-12T22:00:00Z', 420],
    ];
    await ingest(
      values.map(([iso, value]) => ({
        registerId,
        intervalStart: new Date(iso),
        value,
        quality: 'measured',
      })),
    );
    const days = await daily(registerId);
    expect(days['2024-06-10']?.quantity).toBe(100);
    expect(days['2024-06-11']?.quantity).toBeNull();
    expect(days['2024-06-11']?.points_present).toBe(0);
    expect(days['2024-06-12']?.quantity).toBe(120);
  });

  it('wraps at the rollover value', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'INDEX', 'PT1H', { rolloverKWh: 100_000 });
    await ingest([
      { registerId, intervalStart: new Date('2024-05-01T10:00:00Z'), value: 99_990, quality: 'measured' },
      { registerId, intervalStart: new Date('2024-05-01T11:00:00Z'), value: 15, quality: 'measured' },
    ]);
    // 100 000 − 99 990 + 15 = 25 kWh.
    expect((await daily(registerId))['2024-05-01']?.quantity).toBe(25);
  });
});

describe('storing again', () => {
  it('changes nothing when the same rows arrive twice', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT30M');
    const rows: ReadingRow[] = [...instants('2024-04-02T00:00:00Z', '2024-04-02T06:00:00Z', 30)].map(
      (intervalStart) => ({
        registerId,
        intervalStart,
        value: 1.5,
        quality: 'measured',
      }),
    );
    const first = await ingest(rows);
    expect(first).toEqual({ read: 12, stored: 12, unchanged: 0, updated: 0, duplicates: 0 });
    const second = await ingest(rows);
    expect(second).toEqual({ read: 12, stored: 0, unchanged: 12, updated: 0, duplicates: 0 });
    const count = await database.db
      .selectFrom('readings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('register_id', '=', registerId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(12);
  });

  it('keeps the replaced value in the history and updates the rollup', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT1H');
    const at = new Date('2024-04-03T08:00:00Z');
    await ingest([{ registerId, intervalStart: at, value: 4, quality: 'estimated' }]);
    expect((await daily(registerId))['2024-04-03']?.points_estimated).toBe(1);
    const result = await ingest([{ registerId, intervalStart: at, value: 5, quality: 'measured' }]);
    expect(result.updated).toBe(1);
    const history = await database.db
      .selectFrom('readings_history')
      .selectAll()
      .where('register_id', '=', registerId)
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]?.value).toBe(4);
    expect(history[0]?.quality).toBe(2);
    const day = (await daily(registerId))['2024-04-03'];
    expect(day?.quantity).toBe(5);
    expect(day?.points_estimated).toBe(0);
  });

  it('keeps the last of two rows for the same interval in one file', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT1H');
    const at = new Date('2024-04-04T08:00:00Z');
    const result = await ingest([
      { registerId, intervalStart: at, value: 1, quality: 'measured' },
      { registerId, intervalStart: at, value: 2, quality: 'measured' },
    ]);
    expect(result).toEqual({ read: 2, stored: 1, unchanged: 0, updated: 0, duplicates: 1 });
    const stored = await database.db
      .selectFrom('readings')
      .select('value')
      .where('register_id', '=', registerId)
      .executeTakeFirstOrThrow();
    expect(stored.value).toBe(2);
  });

  it('stores missing values as missing, not zero', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT1H');
    await ingest([
      { registerId, intervalStart: new Date('2024-04-05T08:00:00Z'), value: 3, quality: 'measured' },
      { registerId, intervalStart: new Date('2024-04-05T09:00:00Z'), value: null, quality: 'missing' },
    ]);
    const day = (await daily(registerId))['2024-04-05'];
    expect(day?.quantity).toBe(3);
    expect(day?.points_present).toBe(1);
    expect(day?.min_value).toBe(3);
  });
});

describe('direct COPY and its fallback', () => {
  it('falls back to staging when the last of 5000 rows repeats the first', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT10M');
    const times = [...instants('2024-05-01T00:00:00Z', '2024-06-05T17:20:00Z', 10)].slice(0, 4999);
    expect(times).toHaveLength(4999);
    const input: ReadingRow[] = times.map((intervalStart) => ({
      registerId,
      intervalStart,
      value: 1,
      quality: 'measured',
    }));
    input.push({ registerId, intervalStart: times[0] as Date, value: 7, quality: 'measured' });
    const result = await ingest(input);
    expect(result).toEqual({ read: 5000, stored: 4999, unchanged: 0, updated: 0, duplicates: 1 });
    const first = await database.db
      .selectFrom('readings')
      .select('value')
      .where('register_id', '=', registerId)
      .where('interval_start', '=', times[0] as Date)
      .executeTakeFirstOrThrow();
    expect(first.value).toBe(7);
    // Paris's 1 May ends at 22:00 UTC, so it contains the 132 intervals from 00:00 UTC: the first at
    // 7 kWh (its repeated value) and 131 at 1 kWh.
    expect((await daily(registerId))['2024-05-01']?.quantity).toBe(7 + 131);
  });

  it('stores the part past the COPY buffer through staging, with every row kept', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'PT10M');
    // Two Paris days of 10-minute values (2 × 144), with a buffer of about 2 000 characters.
    const input: ReadingRow[] = [...instants('2024-05-09T22:00:00Z', '2024-05-11T22:00:00Z', 10)].map(
      (intervalStart) => ({
        registerId,
        intervalStart,
        value: 0.5,
        quality: 'measured',
      }),
    );
    expect(input).toHaveLength(288);
    const client = await database.pool.connect();
    try {
      const result = await ingestReadings(client, null, input, { directCopyBufferChars: 2_000 });
      expect(result).toEqual({ read: 288, stored: 288, unchanged: 0, updated: 0, duplicates: 0 });
    } finally {
      client.release();
    }
    const days = await daily(registerId);
    expect(days['2024-05-10']?.quantity).toBe(72);
    expect(days['2024-05-11']?.quantity).toBe(72);
    expect(days['2024-05-10']?.points_present).toBe(144);
  });
});

describe('monthly rollups', () => {
  it('adds the days of a month, with expected points from the month length', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'P1D');
    // Daily values at Paris midnight through February 2024 (29 days, UTC+1): 1 kWh per day.
    const rows = [...instants('2024-01-31T23:00:00Z', '2024-02-29T23:00:00Z', 24 * 60)].map(
      (intervalStart) => ({
        registerId,
        intervalStart,
        value: 1,
        quality: 'measured' as const,
      }),
    );
    expect(rows).toHaveLength(29);
    await ingest(rows);
    const month = await database.db
      .selectFrom('readings_monthly')
      .selectAll()
      .where('register_id', '=', registerId)
      .execute();
    expect(month).toHaveLength(1);
    expect(month[0]?.month).toBe('2024-02-01');
    expect(month[0]?.quantity).toBe(29);
    expect(month[0]?.points_present).toBe(29);
    expect(month[0]?.points_expected).toBe(29);
  });

  it('owes 31 daily points in March despite its 743 hours', async () => {
    const { meterId } = await createMeter(database.db);
    const registerId = await createRegister(database.db, meterId, 'ENERGY', 'P1D');
    // Paris midnights of March 2024: UTC+1 until the 31st, when the clock moves forward, so
    // 2024-03-31 starts at 23:00Z on the 30th and the month lasts 31 × 24 − 1 = 743 hours.
    const rows = [...instants('2024-02-29T23:00:00Z', '2024-03-30T23:00:01Z', 24 * 60)].map(
      (intervalStart) => ({
        registerId,
        intervalStart,
        value: 2,
        quality: 'measured' as const,
      }),
    );
    expect(rows).toHaveLength(31);
    await ingest(rows);
    const month = await database.db
      .selectFrom('readings_monthly')
      .selectAll()
      .where('register_id', '=', registerId)
      .execute();
    expect(month.map((row) => row.month)).toEqual(['2024-03-01']);
    expect(month[0]?.quantity).toBe(62);
    expect(month[0]?.points_present).toBe(31);
    expect(month[0]?.points_expected).toBe(31);
  });
});
