import { instantOfLocalTime } from '@openfluides/core';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/access/password.js';
import { ingestReadings, type Quality, type ReadingRow } from '../src/metering/readings-store.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';

// Consumption analysis API on a small estate whose figures are worked out by hand in each test.
//
//   site CAMPUS: A (1000 m², teaching), B (3000 m², research), C (500 m², teaching), D (no area, offices)
//   site ANNEXE: E (2000 m², offices)
//
//   gas point G: 400 kWh/day in January 2024, split by floor area between A and B (1/4, 3/4)
//   electricity point EL: 1000 kWh/day in January 2024, 800 in January 2023
//     keys of EL: A 30 % and C 70 % until 2024-01-10, then 50 % each
//   electricity points ED (D) and EE (E), fixed 100 %: 100 and 200 kWh/day in January 2024
//   sub-meters of A (not allocated, so outside A's energy): MAIN with children CHILD1 and CHILD2
//   sub-meters of B (not allocated): LEAP (daily), DST, SPIKE, PARTIAL, WEEK, PROFILE (10 minutes)
//
//   reader.a reads consumption of A; reader.b of B; estate.only reads the estate feature only.

const PASSWORD = 'mot-de-passe-analyse';
let testApp: TestApp;
const ids: Record<string, string> = {};
const clients: Record<'admin' | 'readerA' | 'readerB' | 'estateOnly', Client> = {} as never;

function id(name: string): string {
  const value = ids[name];
  if (!value) throw new Error(`No fixture id ${name}`);
  return value;
}

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const row = await testApp.database.db
    .insertInto(table as 'buildings')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Paris midnight of a local date, through the core calendar (tested on its own). */
function parisMidnight(date: string): Date {
  return instantOfLocalTime(date, 0, 0, 'Europe/Paris');
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daily(
  registerId: string,
  from: string,
  days: number,
  value: (date: string) => number,
): ReadingRow[] {
  return Array.from({ length: days }, (_, index) => {
    const date = addDays(from, index);
    return {
      registerId,
      intervalStart: parisMidnight(date),
      value: value(date),
      quality: 'measured' as const,
    };
  });
}

/** 10-minute readings over whole Paris days [from, to), from a function of the UTC instant. */
function tenMinutes(
  registerId: string,
  from: string,
  to: string,
  value: (instant: Date) => number | null,
  quality: (instant: Date, index: number) => Quality = () => 'measured',
): ReadingRow[] {
  const rows: ReadingRow[] = [];
  let index = 0;
  for (let time = parisMidnight(from).getTime(); time < parisMidnight(to).getTime(); time += 600_000) {
    const instant = new Date(time);
    const reading = value(instant);
    if (reading !== null)
      rows.push({ registerId, intervalStart: instant, value: reading, quality: quality(instant, index) });
    index += 1;
  }
  return rows;
}

async function ingest(rows: ReadingRow[], importId: string | null = null): Promise<void> {
  const client = await testApp.database.pool.connect();
  try {
    await ingestReadings(client, importId, rows);
  } finally {
    client.release();
  }
}

async function meterWithRegister(
  code: string,
  values: Record<string, unknown>,
  step: 'PT10M' | 'P1D',
): Promise<{ meter: string; register: string }> {
  const meter = await insert('meters', { code, ...values });
  const register = await insert('registers', {
    meter_id: meter,
    kind: 'ENERGY',
    unit: 'kWh',
    step,
    is_consumption: true,
  });
  return { meter, register };
}

beforeAll(async () => {
  testApp = await createTestApp();
  const campus = await insert('sites', { code: 'CAMPUS', name: 'Campus' });
  const annexe = await insert('sites', { code: 'ANNEXE', name: 'Annexe' });
  ids.campus = campus;
  ids.annexe = annexe;
  ids.a = await insert('buildings', {
    site_id: campus,
    code: 'BAT-A',
    name: 'Bâtiment A',
    address: '1 rue des Écoles',
    floor_area_m2: 1000,
    activity: 'teaching',
    latitude: 45.19,
    longitude: 5.76,
  });
  ids.b = await insert('buildings', {
    site_id: campus,
    code: 'BAT-B',
    name: 'Bâtiment B',
    floor_area_m2: 3000,
    activity: 'research',
  });
  ids.c = await insert('buildings', {
    site_id: campus,
    code: 'BAT-C',
    name: 'Bâtiment C',
    floor_area_m2: 500,
    activity: 'teaching',
  });
  ids.d = await insert('buildings', {
    site_id: campus,
    code: 'BAT-D',
    name: 'Bâtiment D',
    activity: 'offices',
  });
  ids.e = await insert('buildings', {
    site_id: annexe,
    code: 'BAT-E',
    name: 'Annexe E',
    floor_area_m2: 2000,
    activity: 'offices',
  });

  const point = (identifier: string, energy: string) =>
    insert('delivery_points', { identifier, energy, name: identifier });
  ids.g = await point('99000000000001', 'gas');
  ids.el = await point('98800000000001', 'electricity');
  ids.ed = await point('98800000000002', 'electricity');
  ids.ee = await point('98800000000003', 'electricity');
  await testApp.database.db
    .insertInto('delivery_point_allocations')
    .values([
      { delivery_point_id: id('g'), building_id: id('a'), method: 'surface' },
      { delivery_point_id: id('g'), building_id: id('b'), method: 'surface' },
      {
        delivery_point_id: id('el'),
        building_id: id('a'),
        method: 'fixed',
        fraction: 0.3,
        valid_to: '2024-01-10',
      },
      {
        delivery_point_id: id('el'),
        building_id: id('c'),
        method: 'fixed',
        fraction: 0.7,
        valid_to: '2024-01-10',
      },
      {
        delivery_point_id: id('el'),
        building_id: id('a'),
        method: 'fixed',
        fraction: 0.5,
        valid_from: '2024-01-10',
      },
      {
        delivery_point_id: id('el'),
        building_id: id('c'),
        method: 'fixed',
        fraction: 0.5,
        valid_from: '2024-01-10',
      },
      { delivery_point_id: id('ed'), building_id: id('d'), method: 'fixed', fraction: 1 },
      { delivery_point_id: id('ee'), building_id: id('e'), method: 'fixed', fraction: 1 },
    ])
    .execute();

  const operator = (code: string, energy: string, pointId: string) =>
    meterWithRegister(code, { kind: 'operator', energy, delivery_point_id: pointId }, 'P1D');
  const gas = await operator('CPT-G', 'gas', id('g'));
  const electricity = await operator('CPT-EL', 'electricity', id('el'));
  const electricityD = await operator('CPT-ED', 'electricity', id('ed'));
  const electricityE = await operator('CPT-EE', 'electricity', id('ee'));
  ids.meterEl = electricity.meter;
  ids.registerEl = electricity.register;

  const submeter = (code: string, buildingId: string, step: 'PT10M' | 'P1D', parent?: string) =>
    meterWithRegister(
      code,
      {
        kind: 'submeter',
        energy: 'electricity',
        building_id: buildingId,
        parent_meter_id: parent ?? null,
        name: code,
      },
      step,
    );
  const main = await submeter('MAIN', id('a'), 'P1D');
  const child1 = await submeter('CHILD1', id('a'), 'P1D', main.meter);
  const child2 = await submeter('CHILD2', id('a'), 'P1D', main.meter);
  const leap = await submeter('LEAP', id('b'), 'P1D');
  const dst = await submeter('DST', id('b'), 'PT10M');
  const spike = await submeter('SPIKE', id('b'), 'PT10M');
  const partial = await submeter('PARTIAL', id('b'), 'PT10M');
  const week = await submeter('WEEK', id('b'), 'PT10M');
  const profile = await submeter('PROFILE', id('b'), 'PT10M');
  for (const [name, created] of Object.entries({
    main,
    child1,
    child2,
    leap,
    dst,
    spike,
    partial,
    week,
    profile,
  }))
    ids[name] = created.meter;
  ids.index = await insert('meters', {
    code: 'INDEX',
    kind: 'submeter',
    energy: 'electricity',
    building_id: id('b'),
  });
  const indexRegister = await insert('registers', {
    meter_id: id('index'),
    kind: 'INDEX',
    unit: 'kWh',
    step: 'PT10M',
    is_consumption: true,
  });
  ids.power = await insert('meters', {
    code: 'POWER',
    kind: 'submeter',
    energy: 'electricity',
    building_id: id('b'),
  });
  const powerRegister = await insert('registers', {
    meter_id: id('power'),
    kind: 'POWER',
    unit: 'kW',
    step: 'PT10M',
    is_consumption: true,
  });

  ids.importRun = await insert('import_runs', {
    kind: 'enedis-test',
    source: 'upload',
    file_name: 'el-2024.csv',
  });
  await ingest(
    daily(electricity.register, '2024-01-01', 31, () => 1000),
    id('importRun'),
  );
  await ingest([
    ...daily(gas.register, '2024-01-01', 31, () => 400),
    ...daily(electricityD.register, '2024-01-01', 31, () => 100),
    ...daily(electricityE.register, '2024-01-01', 31, () => 200),
    ...daily(main.register, '2024-01-01', 10, () => 1000),
    ...daily(child1.register, '2024-01-01', 10, () => 600),
    ...daily(child2.register, '2024-01-01', 9, () => 350),
  ]);
  await ingest(daily(electricity.register, '2023-01-01', 31, () => 800));

  // LEAP: month × 100 + day, plus 0.5 in 2024, so each value names its date.
  const leapValue = (date: string) =>
    Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) + (date.startsWith('2024') ? 0.5 : 0);
  await ingest(daily(leap.register, '2023-02-20', 19, leapValue));
  await ingest(daily(leap.register, '2024-02-20', 20, leapValue));

  await ingest([
    ...tenMinutes(dst.register, '2024-03-31', '2024-04-01', () => 1),
    ...tenMinutes(dst.register, '2024-10-27', '2024-10-28', () => 1),
  ]);
  // SPIKE: 1 kWh every 10 minutes on 15 January 2024 but 50 kWh at 13:20 Paris (12:20 UTC).
  await ingest(
    tenMinutes(spike.register, '2024-01-15', '2024-01-16', (instant) =>
      instant.toISOString() === '2024-01-15T12:20:00.000Z' ? 50 : 1,
    ),
  );
  // PARTIAL: of the 144 intervals of 16 January, 100 measured, 20 estimated, 24 absent.
  await ingest(
    tenMinutes(
      partial.register,
      '2024-01-16',
      '2024-01-17',
      (instant) => (instant.getTime() < Date.parse('2024-01-15T23:00:00Z') + 120 * 600_000 ? 1 : null),
      (_instant, index) => (index < 100 ? 'measured' : 'estimated'),
    ),
  );
  // WEEK: the last interval of Sunday 31 March (23:50 Paris, 21:50 UTC) and the first of Monday 1 April.
  await ingest([
    {
      registerId: week.register,
      intervalStart: new Date('2024-03-31T21:50:00Z'),
      value: 7,
      quality: 'measured',
    },
    {
      registerId: week.register,
      intervalStart: new Date('2024-03-31T22:00:00Z'),
      value: 11,
      quality: 'measured',
    },
  ]);
  // INDEX on 17 January 2024 from 00:00 Paris (23:00 UTC): 1000, 1001, 1003, 1006, nothing at
  // 00:40, then 1010 at 00:50. POWER: 60 kW over the first hour.
  const january17 = Date.parse('2024-01-16T23:00:00Z');
  await ingest(
    [1000, 1001, 1003, 1006, null, 1010].flatMap((value, index) =>
      value === null
        ? []
        : [
            {
              registerId: indexRegister,
              intervalStart: new Date(january17 + index * 600_000),
              value,
              quality: 'measured' as const,
            },
          ],
    ),
  );
  await ingest(
    Array.from({ length: 6 }, (_, index) => ({
      registerId: powerRegister,
      intervalStart: new Date(january17 + index * 600_000),
      value: 60,
      quality: 'measured' as const,
    })),
  );
  // PROFILE, two weeks from Monday 8 January 2024 (UTC+1): 60 kW on weekdays 08:00–18:00, 6 kW
  // from 03:00 to 04:00 every night, 12 kW otherwise. A 10-minute interval contains kW / 6 kWh.
  await ingest(
    tenMinutes(profile.register, '2024-01-08', '2024-01-22', (instant) => {
      const local = new Date(instant.getTime() + 3_600_000);
      const hour = local.getUTCHours();
      const isWeekday = local.getUTCDay() >= 1 && local.getUTCDay() <= 5;
      if (isWeekday && hour >= 8 && hour < 18) return 10;
      if (hour === 3) return 1;
      return 2;
    }),
  );

  await testApp.database.db
    .insertInto('invoices')
    .values([
      {
        delivery_point_id: id('el'),
        supplier: 'Fournisseur',
        invoice_number: 'F-2024-01',
        period_start: '2024-01-01',
        period_end: '2024-01-31',
        amount_excl_tax_cents: 150_000,
        amount_incl_tax_cents: 180_000,
      },
      {
        delivery_point_id: id('el'),
        supplier: 'Fournisseur',
        invoice_number: 'F-2023-01',
        period_start: '2023-01-15',
        period_end: '2023-02-13',
        amount_excl_tax_cents: 30_000,
        amount_incl_tax_cents: 36_000,
      },
    ])
    .execute();

  const passwordHash = await hashPassword(PASSWORD);
  const user = (email: string, isAdmin = false) =>
    insert('users', { email, display_name: email, password_hash: passwordHash, is_admin: isAdmin });
  const admin = await user('admin@analyse.fr', true);
  const readerA = await user('reader.a@analyse.fr');
  const readerB = await user('reader.b@analyse.fr');
  const estateOnly = await user('estate.only@analyse.fr');
  void admin;
  await testApp.database.db
    .insertInto('grants')
    .values([
      { user_id: readerA, level: 1, building_id: id('a'), features: ['consumption'] },
      { user_id: readerB, level: 1, building_id: id('b'), features: ['consumption'] },
      { user_id: estateOnly, level: 1, features: ['estate'] },
    ])
    .execute();
  clients.admin = await login(testApp.app, 'admin@analyse.fr', PASSWORD);
  clients.readerA = await login(testApp.app, 'reader.a@analyse.fr', PASSWORD);
  clients.readerB = await login(testApp.app, 'reader.b@analyse.fr', PASSWORD);
  clients.estateOnly = await login(testApp.app, 'estate.only@analyse.fr', PASSWORD);
});

interface Point {
  start: string | null;
  end: string | null;
  label: string | null;
  value: number | null;
  min: number | null;
  max: number | null;
  completeness: { measured: number; estimated: number; missing: number; expectedPoints: number };
}

interface SeriesBody {
  step: string;
  unit: string;
  source: string;
  stepCount: number;
  downsampled: boolean;
  bucketSeconds: number | null;
  warnings: { code: string; ids?: string[] }[];
  factors: { energy: string; kind: string; value: number }[];
  series: {
    id: string;
    key: string;
    label: string;
    role: string;
    areaM2: number | null;
    points: Point[];
    unalignedPoints: Point[];
    totals: {
      value: number | null;
      kWh: number | null;
      max: { value: number; label: string } | null;
      completeness: Point['completeness'];
    };
  }[];
}

async function series(body: Record<string, unknown>, client: Client = clients.admin): Promise<SeriesBody> {
  const response = await client.request('POST', '/api/analysis/series', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SeriesBody;
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function values(points: Point[]): (number | null)[] {
  return points.map((point) => point.value);
}

describe('calendar comparison N against N-1', () => {
  it('leaves 29 February 2024 without a 2023 match', async () => {
    const body = await series({
      perimeter: { meterIds: [id('leap')] },
      from: '2024-02-27',
      to: '2024-03-03',
      step: 'P1D',
      compare: { mode: 'calendar', years: [1] },
    });
    const [base, previous] = body.series;

    expect(base?.points.map((point) => point.label)).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
    expect(values(base?.points ?? [])).toEqual([227.5, 228.5, 229.5, 301.5, 302.5]);

    expect(previous?.id).toBe('total@N-1');
    expect(previous?.label).toBe('Total (N-1)');
    // 2023 has no 29 February: that base day faces nothing.
    expect(values(previous?.points ?? [])).toEqual([227, 228, null, 301, 302]);
    expect(previous?.points.map((point) => point.label)).toEqual([
      '2023-02-27',
      '2023-02-28',
      null,
      '2023-03-01',
      '2023-03-02',
    ]);
    expect(previous?.unalignedPoints).toEqual([]);
    // 227 + 228 + 301 + 302 = 1058.
    expect(previous?.totals.value).toBe(1058);
  });

  it('keeps 29 February 2024 as an unaligned point against 2025', async () => {
    const body = await series({
      perimeter: { meterIds: [id('leap')] },
      from: '2025-02-27',
      to: '2025-03-02',
      step: 'P1D',
      compare: { mode: 'calendar', years: [1] },
    });
    const previous = body.series.find((item) => item.role === 'comparison');
    expect(values(previous?.points ?? [])).toEqual([227.5, 228.5, 301.5]);
    expect(previous?.unalignedPoints.map((point) => [point.label, point.value])).toEqual([
      ['2024-02-29', 229.5],
    ]);
    // The totals cover the whole comparison range: 227.5 + 228.5 + 229.5 + 301.5 = 987.
    expect(previous?.totals.value).toBe(987);
  });

  it('aligns Mondays 364 days apart in weekday mode', async () => {
    const body = await series({
      perimeter: { meterIds: [id('leap')] },
      from: '2024-03-04',
      to: '2024-03-06',
      step: 'P1D',
      compare: { mode: 'weekday', years: [1] },
    });
    const previous = body.series.find((item) => item.role === 'comparison');
    // Monday 4 March 2024 faces Monday 6 March 2023 (304.5 against 306), Tuesday 5 against Tuesday 7.
    expect(previous?.points.map((point) => [point.label, point.value])).toEqual([
      ['2023-03-06', 306],
      ['2023-03-07', 307],
    ]);
    expect(values(body.series[0]?.points ?? [])).toEqual([304.5, 305.5]);
  });

  it('rejects weekday alignment for months', async () => {
    const response = await clients.admin.request('POST', '/api/analysis/series', {
      from: '2024-01-01',
      to: '2024-03-01',
      step: 'P1M',
      compare: { mode: 'weekday', years: [1] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields['compare.mode']).toContain('jour de semaine');
  });

  it('compares another period by position', async () => {
    const body = await series({
      perimeter: { meterIds: [id('leap')] },
      from: '2024-03-01',
      to: '2024-03-03',
      step: 'P1D',
      compare: { periods: [{ from: '2023-02-20', to: '2023-02-23' }] },
    });
    const other = body.series.find((item) => item.role === 'comparison');
    expect(other?.id).toBe('total@P1');
    expect(other?.label).toBe('Total (du 20/02/2023 au 23/02/2023 exclu)');
    expect(values(other?.points ?? [])).toEqual([220, 221]);
    expect(other?.unalignedPoints.map((point) => point.value)).toEqual([222]);
  });
});

describe('clock changes at 10 minutes', () => {
  it('gives 138 points on the 23-hour day', async () => {
    const body = await series({
      perimeter: { meterIds: [id('dst')] },
      from: '2024-03-31',
      to: '2024-04-01',
      step: 'PT10M',
    });
    const points = only(body.series).points;
    expect(points).toHaveLength(138);
    expect(points[0]?.label).toBe('2024-03-31T00:00+01:00');
    expect(points[0]?.start).toBe('2024-03-30T23:00:00.000Z');
    // 01:50 winter time is followed by 03:00 summer time.
    expect(points[11]?.label).toBe('2024-03-31T01:50+01:00');
    expect(points[12]?.label).toBe('2024-03-31T03:00+02:00');
    expect(points.every((point) => point.value === 1 && point.completeness.measured === 1)).toBe(true);
    expect(only(body.series).totals.value).toBe(138);
  });

  it('gives 150 points on the 25-hour day with 02:00 twice', async () => {
    const body = await series({
      perimeter: { meterIds: [id('dst')] },
      from: '2024-10-27',
      to: '2024-10-28',
      step: 'PT10M',
    });
    const points = only(body.series).points;
    expect(points).toHaveLength(150);
    expect(
      points.filter((point) => point.label?.slice(11, 13) === '02').map((point) => point.label?.slice(11)),
    ).toEqual([
      '02:00+02:00',
      '02:10+02:00',
      '02:20+02:00',
      '02:30+02:00',
      '02:40+02:00',
      '02:50+02:00',
      '02:00+01:00',
      '02:10+01:00',
      '02:20+01:00',
      '02:30+01:00',
      '02:40+01:00',
      '02:50+01:00',
    ]);
    expect(only(body.series).totals.completeness.expectedPoints).toBe(150);
  });

  it('divides a day’s energy by 23 and 25 hours for kW', async () => {
    const body = await series({
      perimeter: { meterIds: [id('dst')] },
      from: '2024-03-31',
      to: '2024-04-01',
      step: 'P1D',
      unit: 'kW',
    });
    // 138 kWh over 23 h = 6 kW.
    expect(values(only(body.series).points)).toEqual([6]);
    const autumn = await series({
      perimeter: { meterIds: [id('dst')] },
      from: '2024-10-27',
      to: '2024-10-28',
      step: 'PT1H',
      unit: 'kW',
    });
    // 25 hourly points of 6 × 1 kWh: 6 kW each.
    expect(only(autumn.series).points).toHaveLength(25);
    expect(new Set(values(only(autumn.series).points))).toEqual(new Set([6]));
  });
});

describe('comparison across clock changes', () => {
  it('matches hours by wall-clock time and leaves the hour 2024 skipped', async () => {
    const body = await series({
      perimeter: { meterIds: [id('dst')] },
      from: '2024-03-31',
      to: '2024-04-01',
      step: 'PT1H',
      compare: { mode: 'calendar', years: [1] },
    });
    const [base, previous] = body.series;
    expect(base?.points).toHaveLength(23);
    // 31 March 2023 was a 24-hour summer-time day: its 02:00 has no 2024 counterpart.
    expect(previous?.points[0]?.label).toBe('2023-03-31T00:00+02:00');
    expect(previous?.points[2]?.label).toBe('2023-03-31T03:00+02:00');
    expect(base?.points[2]?.label).toBe('2024-03-31T03:00+02:00');
    expect(previous?.unalignedPoints.map((point) => point.label)).toEqual(['2023-03-31T02:00+02:00']);
  });
});

describe('index and power registers at fine steps', () => {
  it('takes index differences one step apart only', async () => {
    const body = await series({
      perimeter: { meterIds: [id('index')] },
      from: '2024-01-17',
      to: '2024-01-18',
      step: 'PT10M',
    });
    // 1001 − 1000, 1003 − 1001, 1006 − 1003; 1006 has no reading 10 minutes later, 1010 no next one.
    expect(values(only(body.series).points).slice(0, 7)).toEqual([1, 2, 3, null, null, null, null]);
    const hourly = await series({
      perimeter: { meterIds: [id('index')] },
      from: '2024-01-17',
      to: '2024-01-18',
      step: 'PT1H',
    });
    const first = only(hourly.series).points[0];
    expect(first?.value).toBe(6);
    expect(first?.completeness).toEqual({ measured: 0.5, estimated: 0, missing: 0.5, expectedPoints: 6 });
  });

  it('turns mean power into energy', async () => {
    const body = await series({
      perimeter: { meterIds: [id('power')] },
      from: '2024-01-17',
      to: '2024-01-18',
      step: 'PT1H',
    });
    // Six 10-minute means of 60 kW: 60 kWh in the hour.
    expect(only(body.series).points[0]?.value).toBe(60);
  });
});

describe('meters mode', () => {
  it('splits by meter with their names', async () => {
    const body = await series({
      perimeter: { meterIds: [id('child1'), id('child2')] },
      from: '2024-01-01',
      to: '2024-01-11',
      step: 'P1D',
      breakdown: 'meter',
    });
    expect(body.series.map((item) => [item.label, item.totals.value])).toEqual([
      ['CHILD1', 6000],
      ['CHILD2', 3150],
    ]);
  });

  it('rejects a building breakdown and names the field', async () => {
    const response = await clients.admin.request('POST', '/api/analysis/series', {
      perimeter: { meterIds: [id('child1')] },
      from: '2024-01-01',
      to: '2024-01-11',
      step: 'P1D',
      breakdown: 'building',
    });
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json().error.fields)).toEqual(['breakdown']);
  });
});

describe('weeks in Paris', () => {
  it('puts Sunday 23:50 and Monday 00:00 in their own ISO weeks', async () => {
    const body = await series({
      perimeter: { meterIds: [id('week')] },
      from: '2024-03-25',
      to: '2024-04-08',
      step: 'P1W',
    });
    const points = only(body.series).points;
    expect(points.map((point) => [point.label, point.start, point.value])).toEqual([
      ['2024-W13', '2024-03-24T23:00:00.000Z', 7],
      ['2024-W14', '2024-03-31T22:00:00.000Z', 11],
    ]);
    // W13 contains 6 days of 144 intervals and the 23-hour day of 138: 6 × 144 + 138 = 1002.
    expect(points[0]?.completeness.expectedPoints).toBe(1002);
  });

  it('clips the first and last weeks to the range', async () => {
    const body = await series({
      perimeter: { meterIds: [id('week')] },
      from: '2024-03-27',
      to: '2024-04-03',
      step: 'P1W',
    });
    const points = only(body.series).points;
    expect(points.map((point) => [point.label, point.start, point.end])).toEqual([
      ['2024-W13', '2024-03-26T23:00:00.000Z', '2024-03-31T22:00:00.000Z'],
      ['2024-W14', '2024-03-31T22:00:00.000Z', '2024-04-02T22:00:00.000Z'],
    ]);
  });

  it('labels 30 December 2024 as week 1 of 2025', async () => {
    const body = await series({
      perimeter: { meterIds: [id('week')] },
      from: '2024-12-30',
      to: '2025-01-06',
      step: 'P1W',
    });
    expect(only(body.series).points.map((point) => point.label)).toEqual(['2025-W01']);
  });
});

describe('downsampling', () => {
  it('keeps the spike in the maximum of its bucket', async () => {
    const body = await series({
      perimeter: { meterIds: [id('spike')] },
      from: '2024-01-15',
      to: '2024-01-16',
      step: 'PT10M',
      maxPoints: 10,
    });
    // 144 intervals in buckets of ceil(144 / 10) = 15 intervals (9000 s): 10 points.
    expect(body.downsampled).toBe(true);
    expect(body.bucketSeconds).toBe(9000);
    expect(body.stepCount).toBe(144);
    const points = only(body.series).points;
    expect(points).toHaveLength(10);
    // 13:20 Paris is interval 80, in bucket 5 (intervals 75–89, from 12:30 Paris = 11:30 UTC).
    const bucket = points[5];
    expect(bucket?.start).toBe('2024-01-15T11:30:00.000Z');
    expect(bucket?.max).toBe(50);
    expect(bucket?.min).toBe(1);
    // Mean of 14 × 1 and 50: 64 / 15.
    expect(bucket?.value).toBeCloseTo(64 / 15, 6);
    expect(points.filter((point) => point.max === 50)).toHaveLength(1);
    expect(points[9]?.completeness.expectedPoints).toBe(9);
    // 143 × 1 + 50 = 193 kWh, the peak at 13:20 Paris.
    expect(only(body.series).totals.value).toBe(193);
    expect(only(body.series).totals.max).toEqual({
      value: 50,
      start: '2024-01-15T12:20:00.000Z',
      label: '2024-01-15T13:20+01:00',
    });
  });

  it('keeps the peak power in kW', async () => {
    const body = await series({
      perimeter: { meterIds: [id('spike')] },
      from: '2024-01-15',
      to: '2024-01-16',
      step: 'PT10M',
      unit: 'kW',
      maxPoints: 10,
    });
    // 50 kWh in 10 minutes is 300 kW.
    expect(Math.max(...only(body.series).points.map((point) => point.max ?? 0))).toBe(300);
  });
});

describe('completeness', () => {
  it('splits the owed points into measured, estimated and missing', async () => {
    const body = await series({
      perimeter: { meterIds: [id('partial')] },
      from: '2024-01-16',
      to: '2024-01-17',
      step: 'P1D',
    });
    const point = only(only(body.series).points);
    expect(point.value).toBe(120);
    // 100, 20 and 24 of 144 points.
    expect(point.completeness.expectedPoints).toBe(144);
    expect(point.completeness.measured).toBeCloseTo(100 / 144, 6);
    expect(point.completeness.estimated).toBeCloseTo(20 / 144, 6);
    expect(point.completeness.missing).toBeCloseTo(24 / 144, 6);
  });

  it('owes points of silent days with a null value', async () => {
    const body = await series({
      perimeter: { meterIds: [id('main')] },
      from: '2024-01-10',
      to: '2024-01-12',
      step: 'P1D',
    });
    expect(only(body.series).points.map((point) => [point.value, point.completeness.missing])).toEqual([
      [1000, 0],
      [null, 1],
    ]);
  });
});

describe('buildings through allocation keys', () => {
  it('applies the fixed key valid each day', async () => {
    const body = await series({
      perimeter: { buildingIds: [id('a')], energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      unit: 'kWh',
    });
    // Monthly rollup: the key of 1 January, 30 % of 31 000 kWh.
    expect(body.source).toBe('readings_monthly');
    expect(values(only(body.series).points)).toEqual([9300]);
    const byDay = await series({
      perimeter: { buildingIds: [id('a')], energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-01-31',
      step: 'P1M',
    });
    // Daily rollups (the range does not end on a 1st): 9 days at 30 % and 21 at 50 % of 1000 kWh.
    expect(byDay.source).toBe('readings_daily');
    expect(values(only(byDay.series).points)).toEqual([2700 + 10_500]);
  });

  it('splits by floor area and by energy', async () => {
    const body = await series({
      perimeter: { buildingIds: [id('a')] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      breakdown: 'energy',
    });
    // Gas: 400 × 1000 / (1000 + 3000) = 100 kWh a day, 3100 in January.
    expect(body.series.map((item) => [item.key, item.label, item.totals.value])).toEqual([
      ['electricity', 'Électricité', 9300],
      ['gas', 'Gaz naturel', 3100],
    ]);
  });

  it('sums buildings sharing a point once per site', async () => {
    const body = await series({
      perimeter: { energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      breakdown: 'site',
    });
    const campus = body.series.find((item) => item.key === id('campus'));
    // A 30 % + C 70 % of EL (31 000) + D 3100 = 34 100.
    expect(campus?.totals.value).toBe(34_100);
    // EL owes its 31 days once though it feeds two buildings of the site; ED 31 more.
    expect(campus?.totals.completeness.expectedPoints).toBe(62);
    expect(campus?.totals.completeness.measured).toBe(1);
    expect(body.series.find((item) => item.key === id('annexe'))?.totals.value).toBe(6200);
  });

  it('splits by building and by use', async () => {
    const byBuilding = await series({
      perimeter: { siteIds: [id('campus')], energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      breakdown: 'building',
    });
    expect(byBuilding.series.map((item) => [item.label, item.totals.value])).toEqual([
      ['Bâtiment A', 9300],
      ['Bâtiment C', 21_700],
      ['Bâtiment D', 3100],
    ]);
    const byUse = await series({
      perimeter: { energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      breakdown: 'use',
    });
    // Teaching: A + C = 31 000; offices: D 3100 + E 6200.
    expect(byUse.series.map((item) => [item.key, item.totals.value])).toEqual([
      ['offices', 9300],
      ['teaching', 31_000],
    ]);
  });

  it('divides by the floor area and leaves out buildings without one', async () => {
    const body = await series({
      perimeter: { energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      unit: 'kWh/m2',
    });
    // (A 9300 + C 21 700 + E 6200) / (1000 + 3000 + 500 + 2000 m²); D has no area.
    const total = only(body.series);
    expect(total.areaM2).toBe(6500);
    expect(total.totals.value).toBeCloseTo(37_200 / 6500, 6);
    expect(body.warnings.find((warning) => warning.code === 'buildings-without-area')?.ids).toEqual([
      id('d'),
    ]);
  });

  it('converts with the dated factors', async () => {
    const primary = await series({
      perimeter: { buildingIds: [id('a')] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      unit: 'kWhEP',
      breakdown: 'energy',
    });
    // Electricity 9300 × 2.3; gas 3100 kWh PCS × 0.9 = 2790 kWh PCI × 1.
    expect(primary.series.map((item) => item.totals.value)).toEqual([21_390, 2790]);
    const emissions = await series({
      perimeter: { buildingIds: [id('a')] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      unit: 'kgCO2e',
    });
    // 9300 × 0.084 + 2790 × 0.234 = 781.2 + 652.86.
    expect(only(emissions.series).totals.value).toBeCloseTo(1434.06, 6);
    expect(emissions.factors.map((factor) => [factor.energy, factor.value])).toEqual([
      ['electricity', 0.084],
      ['gas', 0.234],
    ]);
  });

  it('gives kW as energy over the hours of the month', async () => {
    const body = await series({
      perimeter: { buildingIds: [id('a')], energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      unit: 'kW',
    });
    // 9300 kWh / 744 h.
    expect(values(only(body.series).points)).toEqual([12.5]);
  });

  it('leaves out daily registers at 10 minutes and says so', async () => {
    const body = await series({
      perimeter: { buildingIds: [id('a')] },
      from: '2024-01-15',
      to: '2024-01-16',
      step: 'PT1H',
    });
    expect(only(body.series).points.every((point) => point.value === null)).toBe(true);
    expect(body.warnings.find((warning) => warning.code === 'coarse-registers')?.ids?.length).toBe(2);
  });
});

describe('CSV and xlsx export', () => {
  const request = {
    perimeter: { meterIds: [] as string[] },
    from: '2024-02-27',
    to: '2024-02-29',
    step: 'P1D',
  };

  it('writes French Excel CSV bytes', async () => {
    request.perimeter.meterIds = [id('leap')];
    const response = await clients.admin.request('POST', '/api/analysis/series?format=csv', request);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Série;Date;Période;Valeur (kWh);Mesuré (%);Estimé (%);Manquant (%)\r\n' +
        'Total;27/02/2024;2024-02-27;227,5;100;0;0\r\n' +
        'Total;28/02/2024;2024-02-28;228,5;100;0;0\r\n',
    );
  });

  it('writes numbers and dates as such in xlsx', async () => {
    request.perimeter.meterIds = [id('leap')];
    const response = await clients.admin.request('POST', '/api/analysis/series?format=xlsx', request);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.getWorksheet('Séries');
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Série',
      'Début (heure de Paris)',
      'Période',
      'Valeur (kWh)',
      'Mesuré',
      'Estimé',
      'Manquant',
    ]);
    const row = sheet?.getRow(2);
    // Paris midnight of 27 February written as that wall-clock time.
    expect(row?.getCell(2).value).toEqual(new Date('2024-02-27T00:00:00.000Z'));
    expect(row?.getCell(4).value).toBe(227.5);
    expect(row?.getCell(5).value).toBe(1);
    expect(workbook.getWorksheet('Totaux')?.getRow(2).getCell(2).value).toBe(456);
    const notes = new Map<string, string>();
    workbook.getWorksheet('Informations')?.eachRow((line) => {
      notes.set(String(line.getCell(1).value), String(line.getCell(2).value));
    });
    // A daily step reads the daily rollups.
    expect(notes.get('Pas de temps')).toBe('un jour');
    expect(notes.get('Données lues')).toBe('agrégats journaliers');
  });
});

describe('xlsx comparison sheet', () => {
  it('pairs each series with N-1', async () => {
    const response = await clients.admin.request('POST', '/api/analysis/series?format=xlsx', {
      perimeter: { buildingIds: [id('a')], energies: ['electricity'] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
      compare: { mode: 'calendar', years: [1] },
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.getWorksheet('Comparaison');
    expect(sheet?.getRow(1).getCell(3).value).toBe('N-1 du 01/01/2023 au 01/02/2023 exclu (kWh)');
    // January 2024: 30 % of 31 × 1 000 kWh; January 2023: 30 % of 31 × 800; change +25 %.
    const row = sheet?.getRow(2);
    expect(row?.getCell(1).value).toBe('Total');
    expect(row?.getCell(2).value).toBe(9300);
    expect(row?.getCell(3).value).toBe(7440);
    expect(row?.getCell(4).value).toBeCloseTo(25, 9);
  });
});

describe('meter-tree residual', () => {
  it('computes main minus children per day', async () => {
    const response = await clients.admin.request(
      'GET',
      `/api/analysis/meter-tree/${id('main')}/residual?from=2024-01-01&to=2024-01-11&step=P1D&bandPct=4`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.children.map((child: { code: string }) => child.code).sort()).toEqual(['CHILD1', 'CHILD2']);
    // 1000 − (600 + 350) = 50 kWh, 5 % > 4 %.
    expect(body.points[0]).toMatchObject({
      label: '2024-01-01',
      mainKWh: 1000,
      childrenKWh: 950,
      residualKWh: 50,
      residualPct: 5,
      flagged: true,
    });
    // CHILD2 is silent on 10 January: the sum of children is unknown.
    expect(body.points[9]).toMatchObject({
      mainKWh: 1000,
      childrenKWh: null,
      residualKWh: null,
      flagged: false,
    });
    // Range: 10 000 − (6000 + 3150) = 850 kWh, 8.5 %; CHILD2 owes 10 days and sent 9.
    expect(body.totals).toMatchObject({
      mainKWh: 10_000,
      childrenKWh: 9150,
      residualKWh: 850,
      residualPct: 8.5,
    });
    expect(body.totals.childrenCompleteness.missing).toBeCloseTo(1 / 20, 6);
  });

  it('flags only beyond the band', async () => {
    const response = await clients.admin.request(
      'GET',
      `/api/analysis/meter-tree/${id('main')}/residual?from=2024-01-01&to=2024-01-02&step=P1D&bandPct=5`,
    );
    expect(response.json().points[0].flagged).toBe(false);
  });

  it('warns when the meter has no children', async () => {
    const response = await clients.admin.request(
      'GET',
      `/api/analysis/meter-tree/${id('leap')}/residual?from=2024-03-01&to=2024-03-02&step=P1D`,
    );
    expect(response.json().warnings[0].code).toBe('no-children');
    expect(response.json().points[0].residualKWh).toBeNull();
  });
});

describe('load profile', () => {
  it('computes profiles, base load and shares by hand', async () => {
    const response = await clients.admin.request('POST', '/api/analysis/profile', {
      perimeter: { meterIds: [id('profile')] },
      from: '2024-01-08',
      to: '2024-01-22',
      resolution: 'PT1H',
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.stepCount).toBe(336);
    expect(body.completeStepCount).toBe(336);

    // 09:00: 10 weekdays at 60 kW and 4 weekend days at 12 kW.
    expect(body.dailyProfile[9]).toEqual({
      time: '09:00',
      meanKW: 46.285714,
      minKW: 12,
      maxKW: 60,
      count: 14,
    });
    expect(body.dailyProfile[3]).toMatchObject({ time: '03:00', meanKW: 6 });
    const monday9 = body.weeklyProfile.find(
      (slot: { weekday: number; time: string }) => slot.weekday === 1 && slot.time === '09:00',
    );
    const saturday9 = body.weeklyProfile.find(
      (slot: { weekday: number; time: string }) => slot.weekday === 6 && slot.time === '09:00',
    );
    expect(monday9.meanKW).toBe(60);
    expect(saturday9.meanKW).toBe(12);

    expect(body.carpet).toHaveLength(14);
    expect(body.carpet[0].date).toBe('2024-01-08');
    expect(body.carpet[0].values[9]).toBe(60);
    expect(body.carpet[0].values[3]).toBe(6);

    // Night 22:00–06:00: 8 hours a night, one of them at 6 kW. 14 of 112 values are 6; the 10th
    // percentile is the 12th smallest (ceil(11.2)).
    expect(body.baseLoad).toEqual({
      kW: 6,
      percentile: 10,
      nightStart: '22:00',
      nightEnd: '06:00',
      sampleCount: 112,
    });

    // A weekday: 10 h × 60 + 6 h × 12 + night (7 × 12 + 6) = 762 kWh; a weekend day: 16 × 12 + 90 = 282.
    // Total 10 × 762 + 4 × 282 = 8748; night 14 × 90 = 1260; weekend 1128.
    expect(body.totalKWh).toBe(8748);
    expect(body.nightShare).toBeCloseTo(1260 / 8748, 6);
    expect(body.weekendShare).toBeCloseTo(1128 / 8748, 6);

    expect(body.monthlyMaxPower).toEqual([
      { month: '2024-01', kW: 60, start: '2024-01-08T07:00:00.000Z', label: '2024-01-08T08:00+01:00' },
    ]);
  });
});

describe('building key figures', () => {
  it('compares the last 12 months with the 12 before, by energy', async () => {
    const response = await clients.admin.request(
      'GET',
      `/api/analysis/buildings/${id('a')}/key-figures?asOf=2024-02-15`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.current).toEqual({ from: '2023-02-01', to: '2024-02-01', floorAreaM2: 1000 });
    expect(body.previous).toEqual({ from: '2022-02-01', to: '2023-02-01', floorAreaM2: 1000 });
    const electricity = body.energies.find((item: { energy: string }) => item.energy === 'electricity');
    const gas = body.energies.find((item: { energy: string }) => item.energy === 'gas');
    // Current: 30 % of 31 000 (January 2024); previous: 30 % of 31 × 800 (January 2023).
    expect(electricity.current).toMatchObject({ kWh: 9300, kWhPerM2: 9.3, kWhEP: 21_390, kgCO2e: 781.2 });
    expect(electricity.previous.kWh).toBe(7440);
    expect(electricity.changePct).toBe(25);
    // EL owes 365 days in the current window and sent 31.
    expect(electricity.current.completeness.measured).toBeCloseTo(31 / 365, 6);
    expect(gas.current).toMatchObject({ kWh: 3100, kWhEP: 2790, kgCO2e: 652.86 });
    expect(gas.previous.kWh).toBeNull();
    expect(body.total.current.kWh).toBe(12_400);
  });

  it('prorates invoices by days and applies the key', async () => {
    const body = (
      await clients.admin.request('GET', `/api/analysis/buildings/${id('a')}/key-figures?asOf=2024-02-15`)
    ).json();
    const electricity = body.energies.find((item: { energy: string }) => item.energy === 'electricity');
    // January 2024: 1500 € × 30 %; the invoice of 15 January–13 February 2023 (30 days, 300 €) puts
    // 13 days in the current window and 17 in the previous one, at 30 %.
    expect(electricity.current.cost.amountExclTaxEur).toBeCloseTo(450 + (300 * 0.3 * 13) / 30, 6);
    expect(electricity.current.cost.amountInclTaxEur).toBeCloseTo(540 + (360 * 0.3 * 13) / 30, 6);
    expect(electricity.previous.cost.amountExclTaxEur).toBeCloseTo((300 * 0.3 * 17) / 30, 6);
    const gas = body.energies.find((item: { energy: string }) => item.energy === 'gas');
    expect(gas.current.cost.amountExclTaxEur).toBeNull();
    expect(gas.current.cost.unavailable.code).toBe('no-invoices');
    expect(body.total.current.cost.unavailable.code).toBe('partial');
  });

  it('links the import runs behind the figures', async () => {
    const body = (
      await clients.admin.request('GET', `/api/analysis/buildings/${id('a')}/key-figures?asOf=2024-02-15`)
    ).json();
    expect(body.importRuns.map((run: { id: string; fileName: string }) => [run.id, run.fileName])).toEqual([
      [id('importRun'), 'el-2024.csv'],
    ]);
  });
});

describe('map', () => {
  interface MapItem {
    code: string;
    value: number | null;
    energyClass: string | null;
    latitude: number | null;
  }
  const map = async (query: string, client: Client = clients.admin) => {
    const response = await client.request('GET', `/api/analysis/map?asOf=2024-02-15&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: MapItem[]; withoutCoordinates: number };
  };

  it('gives kWh/m² of every building', async () => {
    const body = await map('indicator=kwh_m2');
    // A (9300 + 3100) / 1000; B 9300 / 3000; C 21 700 / 500; D no area; E 6200 / 2000.
    expect(Object.fromEntries(body.items.map((item) => [item.code, item.value]))).toEqual({
      'BAT-A': 12.4,
      'BAT-B': 3.1,
      'BAT-C': 43.4,
      'BAT-D': null,
      'BAT-E': 3.1,
    });
    expect(body.items.find((item) => item.code === 'BAT-A')?.latitude).toBe(45.19);
    expect(body.withoutCoordinates).toBe(4);
  });

  it('filters by value and search', async () => {
    expect((await map('indicator=kwh_m2&min=4')).items.map((item) => item.code)).toEqual(['BAT-A', 'BAT-C']);
    expect((await map('indicator=kwh_m2&max=4&search=annexe')).items.map((item) => item.code)).toEqual([
      'BAT-E',
    ]);
  });

  it('gives the change and the DPE class', async () => {
    const change = await map('indicator=change_pct&search=BAT-A');
    // 12 400 against 7440 kWh.
    expect(change.items[0]?.value).toBeCloseTo(((12_400 - 7440) / 7440) * 100, 4);
    const label = await map('indicator=energy_label');
    // C: 21 700 × 2.3 / 500 = 99.82 kWh EP/m², class B; A: (21 390 + 2790) / 1000 = 24.18, class A.
    const byCode = Object.fromEntries(label.items.map((item) => [item.code, [item.value, item.energyClass]]));
    expect(byCode['BAT-C']).toEqual([99.82, 'B']);
    expect(byCode['BAT-A']).toEqual([24.18, 'A']);
  });
});

describe('perimeters', () => {
  it('resolves buildings, meters and registers with names', async () => {
    const response = await clients.readerA.request('POST', '/api/analysis/perimeter/resolve', {});
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.mode).toBe('buildings');
    expect(body.buildings.map((building: { name: string }) => building.name)).toEqual(['Bâtiment A']);
    expect(body.meters.map((meter: { code: string }) => meter.code).sort()).toEqual([
      'CHILD1',
      'CHILD2',
      'CPT-EL',
      'CPT-G',
      'MAIN',
    ]);
    expect(body.registers).toHaveLength(5);
  });

  it('finds options in the scope only', async () => {
    const response = await clients.readerA.request(
      'GET',
      '/api/analysis/perimeter/options?search=B%C3%A2timent',
    );
    const body = response.json();
    expect(body.buildings.map((building: { code: string }) => building.code)).toEqual(['BAT-A']);
    const meters = (
      await clients.readerA.request('GET', '/api/analysis/perimeter/options?search=CHILD')
    ).json();
    expect(meters.meters.map((meter: { code: string }) => meter.code)).toEqual(['CHILD1', 'CHILD2']);
  });

  it('saves, lists and deletes perimeters per user', async () => {
    const created = await clients.readerA.request('POST', '/api/analysis/perimeters', {
      name: 'Mon bâtiment',
      perimeter: { buildingIds: [id('a')], energies: ['gas'] },
    });
    expect(created.statusCode).toBe(201);
    const saved = created.json();
    expect(saved.perimeter).toEqual({ buildingIds: [id('a')], energies: ['gas'] });
    const duplicate = await clients.readerA.request('POST', '/api/analysis/perimeters', {
      name: 'MON BÂTIMENT',
      perimeter: {},
    });
    expect(duplicate.statusCode).toBe(409);
    expect((await clients.readerA.request('GET', '/api/analysis/perimeters')).json().items).toHaveLength(1);
    expect((await clients.readerB.request('GET', '/api/analysis/perimeters')).json().items).toEqual([]);
    expect((await clients.readerB.request('DELETE', `/api/analysis/perimeters/${saved.id}`)).statusCode).toBe(
      404,
    );
    expect((await clients.readerA.request('DELETE', `/api/analysis/perimeters/${saved.id}`)).statusCode).toBe(
      204,
    );
    expect((await clients.readerA.request('GET', '/api/analysis/perimeters')).json().items).toEqual([]);
  });
});

describe('access', () => {
  const routes = (): [string, string, unknown?][] => [
    ['POST', '/api/analysis/perimeter/resolve', {}],
    ['GET', '/api/analysis/perimeter/options'],
    ['GET', '/api/analysis/perimeters'],
    ['POST', '/api/analysis/perimeters', { name: 'x', perimeter: {} }],
    ['DELETE', '/api/analysis/perimeters/1'],
    ['POST', '/api/analysis/series', { from: '2024-01-01', to: '2024-02-01', step: 'P1M' }],
    ['GET', `/api/analysis/meter-tree/${id('main')}/residual?from=2024-01-01&to=2024-01-02`],
    ['POST', '/api/analysis/profile', { from: '2024-01-08', to: '2024-01-09' }],
    ['GET', `/api/analysis/buildings/${id('a')}/key-figures`],
    ['GET', '/api/analysis/map'],
  ];

  it('answers 401 on every route without a session', async () => {
    for (const [method, url, payload] of routes()) {
      const response = await testApp.app.inject({
        method: method as 'GET',
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('answers 404 for out-of-scope ids', async () => {
    const b = id('b');
    const outOfScope: [string, string, unknown?][] = [
      ['POST', '/api/analysis/perimeter/resolve', { buildingIds: [b] }],
      [
        'POST',
        '/api/analysis/series',
        { perimeter: { buildingIds: [b] }, from: '2024-01-01', to: '2024-02-01', step: 'P1M' },
      ],
      [
        'POST',
        '/api/analysis/series?format=csv',
        { perimeter: { siteIds: [id('annexe')] }, from: '2024-01-01', to: '2024-02-01', step: 'P1M' },
      ],
      [
        'POST',
        '/api/analysis/profile',
        { perimeter: { meterIds: [id('profile')] }, from: '2024-01-08', to: '2024-01-09' },
      ],
      ['POST', '/api/analysis/perimeters', { name: 'B', perimeter: { buildingIds: [b] } }],
      ['GET', `/api/analysis/buildings/${b}/key-figures`],
      ['GET', `/api/analysis/meter-tree/${id('leap')}/residual?from=2024-01-01&to=2024-01-02`],
    ];
    for (const [method, url, payload] of outOfScope) {
      const response = await clients.readerA.request(method as 'GET', url, payload);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(404);
    }
    // The other reader sees B but not A.
    expect(
      (await clients.readerB.request('GET', `/api/analysis/buildings/${id('a')}/key-figures`)).statusCode,
    ).toBe(404);
    expect(
      (
        await clients.readerB.request(
          'GET',
          `/api/analysis/meter-tree/${id('main')}/residual?from=2024-01-01&to=2024-01-02`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await clients.readerB.request('GET', `/api/analysis/buildings/${b}/key-figures?asOf=2024-02-15`))
        .statusCode,
    ).toBe(200);
  });

  it('names the field of the out-of-scope id', async () => {
    const response = await clients.readerA.request('POST', '/api/analysis/series', {
      perimeter: { buildingIds: [id('a'), id('b')] },
      from: '2024-01-01',
      to: '2024-02-01',
      step: 'P1M',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.fields).toEqual({
      'perimeter.buildingIds': `introuvable ou hors de votre périmètre : ${id('b')}`,
    });
  });

  it('keeps the map and the whole-estate series inside the scope', async () => {
    const readerMap = (await clients.readerA.request('GET', '/api/analysis/map?asOf=2024-02-15')).json();
    expect(readerMap.items.map((item: { code: string }) => item.code)).toEqual(['BAT-A']);
    const whole = await series({ from: '2024-01-01', to: '2024-02-01', step: 'P1M' }, clients.readerA);
    // A's own energy only: 9300 + 3100.
    expect(only(whole.series).totals.value).toBe(12_400);
    const estateOnly = (await clients.estateOnly.request('GET', '/api/analysis/map?asOf=2024-02-15')).json();
    expect(estateOnly.items).toEqual([]);
    expect(
      (await clients.estateOnly.request('GET', `/api/analysis/buildings/${id('a')}/key-figures`)).statusCode,
    ).toBe(404);
  });
});

describe('API documentation', () => {
  it('lists every analysis route with a summary', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths as Record<string, Record<string, { summary?: string }>>;
    const analysis = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/analysis/'))
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => [method, path, operation.summary]),
      );
    expect(analysis.map(([method, path]) => `${method} ${path}`).sort()).toEqual([
      'delete /api/analysis/perimeters/{id}',
      'get /api/analysis/buildings/{id}/key-figures',
      'get /api/analysis/map',
      'get /api/analysis/meter-tree/{meterId}/residual',
      'get /api/analysis/perimeter/options',
      'get /api/analysis/perimeters',
      'get /api/analysis/reference-day',
      'post /api/analysis/perimeter/resolve',
      'post /api/analysis/perimeters',
      'post /api/analysis/profile',
      'post /api/analysis/series',
    ]);
    expect(analysis.every(([, , summary]) => typeof summary === 'string' && summary.length > 20)).toBe(true);
  });
});
