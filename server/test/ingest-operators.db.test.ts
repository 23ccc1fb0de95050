import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';

/**
 * Network-operator files (Enedis SGE, M023, Data Connect, customer portal; GRDF ADICT and portal)
 * uploaded through the API with `format=auto`: every real sample and constructed fixture of
 * `datasets/samples` lands on the operator meter of its delivery point. The expected figures are
 * the hand computations of the parser tests in `core/src/parsers/`.
 */

const SAMPLES = path.resolve(import.meta.dirname, '../../datasets/samples');

const R50_STEM = 'ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_00042_M_00002_00003_20241105021500';
/** TEST key and IV of the encrypted R50 fixture, from `enedis-sge/fixtures/README.md`. */
const R50_KEY_HEX = '863307df08b4b84a4b50ee0a7b5aae5a';
const R50_IV_HEX = '16dc253b0d9b5abc683af5c2e79100d6';

/** Personal data written in the C68 fixtures, which must never reach the journal. */
const C68_PERSONAL_DATA = [
  'ZORGLUB',
  'Hélène',
  'HELENE',
  'Anatole',
  'BIDULE',
  'Gaston',
  '0600000001',
  '0100000002',
  'example.invalid',
  'EXEMPLE FICTIF',
  'AVENUE DU FICTIF',
  'VILLE-FICTIVE',
  'ESC B ETAGE 3',
];

/** Delivery points the samples refer to, created before their files arrive. */
const ELECTRICITY_POINTS = [
  '01234567890128',
  '30000000000002',
  '30000000000019',
  '30000000000026',
  '98800000000001',
  '98800000000003',
  '98800000000011',
  '98800000000012',
  '98800000000013',
  '98800000000014',
  '98800000000015',
  '98800000000016',
  '98800000000017',
  '98800000000018',
  '99999999999991',
];
const GAS_POINTS = [
  '99000000000001',
  '99000000000002',
  '99000000000003',
  '23000000000000',
  'GI999055',
  '09999999900617',
  'GI999159',
  '09999999932770',
  '09999999975102',
];
/** PRM of the Data Connect fixtures: created only after its first file, to exercise the unknown-identifier queue. */
const LATE_PRM = '98800000000021';

interface Counts {
  read: number;
  stored: number;
  unchanged: number;
  updated: number;
  rejected: number;
}

interface Issue {
  severity: string;
  code: string;
  line: number | null;
  element: string | null;
  field: string | null;
  message: string;
}

interface Outcome {
  duplicate: boolean;
  importRunId: string;
  format: string | null;
  status: string;
  counts: Counts;
  fatalError: string | null;
  issues: Issue[];
}

interface RunDetail {
  status: string;
  format: string;
  counts: Counts;
  fatalError: string | null;
  summary: Record<string, unknown>;
  issues: Issue[];
}

interface ConsumptionItem {
  period: string;
  energy: string;
  energyKWh: number | null;
  pointsPresent: number;
  pointsExpected: number;
}

interface Reading {
  start: string;
  value: number | null;
  quality: number;
}

let test: TestApp;
let admin: Client;
let siteId: string;
let buildingCounter = 0;
/** Delivery point and building of each PRM or PCE. */
const points = new Map<string, { deliveryPointId: string; buildingId: string }>();

function sampleBytes(relativePath: string): Buffer {
  return readFileSync(path.join(SAMPLES, relativePath));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function upload(fileName: string, bytes: Buffer, query = ''): Promise<Outcome> {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/ingest/uploads?fileName=${encodeURIComponent(fileName)}&format=auto${query}`,
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrfToken,
      'content-type': 'application/octet-stream',
    },
    payload: bytes,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Outcome;
}

/** Uploads a file of `datasets/samples` under its own name, unless another name is given. */
function uploadSample(relativePath: string, options: { fileName?: string; query?: string } = {}) {
  return upload(options.fileName ?? path.basename(relativePath), sampleBytes(relativePath), options.query);
}

async function tableCount(
  table: 'readings' | 'import_runs' | 'max_powers' | 'gas_conversions',
): Promise<number> {
  const row = await test.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Sends the same bytes again: the pipeline recognises them and stores nothing new. */
async function expectDuplicate(
  relativePath: string,
  firstRunId: string,
  options: { fileName?: string; query?: string } = {},
): Promise<void> {
  const before = {
    readings: await tableCount('readings'),
    runs: await tableCount('import_runs'),
    maxPowers: await tableCount('max_powers'),
    conversions: await tableCount('gas_conversions'),
  };
  const again = await uploadSample(relativePath, options);
  expect(again.duplicate).toBe(true);
  expect(again.importRunId).toBe(firstRunId);
  expect(again.counts).toEqual({ read: 0, stored: 0, unchanged: 0, updated: 0, rejected: 0 });
  expect({
    readings: await tableCount('readings'),
    runs: await tableCount('import_runs'),
    maxPowers: await tableCount('max_powers'),
    conversions: await tableCount('gas_conversions'),
  }).toEqual(before);
}

async function createPoint(identifier: string, energy: 'electricity' | 'gas'): Promise<void> {
  buildingCounter += 1;
  const building = await test.database.db
    .insertInto('buildings')
    .values({
      site_id: siteId,
      code: `OPB${buildingCounter}`,
      name: `Bâtiment ${identifier}`,
      floor_area_m2: 1000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const point = await test.database.db
    .insertInto('delivery_points')
    .values({ identifier, energy, name: `Point ${identifier}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await test.database.db
    .insertInto('delivery_point_allocations')
    .values({ delivery_point_id: point.id, building_id: building.id, method: 'fixed', fraction: 1 })
    .execute();
  points.set(identifier, { deliveryPointId: point.id, buildingId: building.id });
}

function pointOf(identifier: string): { deliveryPointId: string; buildingId: string } {
  const point = points.get(identifier);
  if (!point) throw new Error(`No delivery point ${identifier} in this test file`);
  return point;
}

interface OperatorRegister {
  id: string;
  kind: string;
  step: string;
  name: string;
  unit: string;
  isConsumption: boolean;
  meterCode: string;
}

/** Registers of the operator meter of a delivery point, oldest first. */
async function operatorRegisters(identifier: string): Promise<OperatorRegister[]> {
  const rows = await test.database.db
    .selectFrom('registers as r')
    .innerJoin('meters as m', 'm.id', 'r.meter_id')
    .select(['r.id', 'r.kind', 'r.step', 'r.name', 'r.unit', 'r.is_consumption', 'm.code'])
    .where('m.kind', '=', 'operator')
    .where('m.delivery_point_id', '=', pointOf(identifier).deliveryPointId)
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    step: row.step,
    name: row.name,
    unit: row.unit,
    isConsumption: row.is_consumption,
    meterCode: row.code,
  }));
}

async function registerOf(identifier: string, kind: string, step: string, name = ''): Promise<string> {
  const found = (await operatorRegisters(identifier)).filter(
    (register) => register.kind === kind && register.step === step && register.name === name,
  );
  expect(found, `${kind} ${step} « ${name} » register of ${identifier}`).toHaveLength(1);
  return (found[0] as OperatorRegister).id;
}

async function readingsOf(registerId: string, from?: string, to?: string): Promise<Reading[]> {
  let query = test.database.db
    .selectFrom('readings')
    .select(['interval_start', 'value', 'quality'])
    .where('register_id', '=', registerId);
  if (from) query = query.where('interval_start', '>=', new Date(from));
  if (to) query = query.where('interval_start', '<', new Date(to));
  const rows = await query.orderBy('interval_start').execute();
  return rows.map((row) => ({
    start: row.interval_start.toISOString(),
    value: row.value,
    quality: row.quality,
  }));
}

/** Sum of the stored values of a register whose interval starts in [from, to). */
async function storedSum(registerId: string, from: string, to: string): Promise<number> {
  return sum((await readingsOf(registerId, from, to)).map((reading) => reading.value ?? 0));
}

async function dailyRollup(registerId: string, localDate: string) {
  return test.database.db
    .selectFrom('readings_daily')
    .select(['quantity', 'points_present', 'points_estimated', 'points_expected'])
    .where('register_id', '=', registerId)
    .where('local_date', '=', localDate)
    .executeTakeFirst();
}

async function monthlyRollup(registerId: string, month: string) {
  return test.database.db
    .selectFrom('readings_monthly')
    .select(['quantity', 'points_present'])
    .where('register_id', '=', registerId)
    .where('month', '=', month)
    .executeTakeFirst();
}

async function buildingConsumption(identifier: string, from: string, to: string): Promise<ConsumptionItem[]> {
  const response = await admin.request(
    'GET',
    `/api/buildings/${pointOf(identifier).buildingId}/consumption?from=${from}&to=${to}&step=day`,
  );
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: ConsumptionItem[] }).items;
}

/** Checks an energy of the consumption API, which rounds to the watt-hour. */
function expectRoundedKwh(actual: number | null | undefined, expectedKwh: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expectedKwh)).toBeLessThanOrEqual(0.0005 + 1e-9);
}

async function runDetail(runId: string): Promise<RunDetail> {
  const response = await admin.request('GET', `/api/import-runs/${runId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RunDetail;
}

async function maxPowersOf(externalId: string) {
  const rows = await test.database.db
    .selectFrom('max_powers')
    .select(['day', 'measured_at', 'value', 'unit'])
    .where('external_id', '=', externalId)
    .orderBy('day')
    .execute();
  return rows.map((row) => [row.day, row.measured_at?.toISOString() ?? null, row.value, row.unit]);
}

async function conversionsOf(externalId: string) {
  const rows = await test.database.db
    .selectFrom('gas_conversions')
    .select(['from_day', 'to_day', 'coefficient'])
    .where('external_id', '=', externalId)
    .orderBy('from_day')
    .orderBy('to_day')
    .execute();
  return rows.map((row) => [row.from_day, row.to_day, row.coefficient]);
}

/**
 * Decrypts the R50 fixture, gives its zip a comment and encrypts it again with the same TEST key
 * and IV: the same delivery as other bytes, so that the upload is not taken for a duplicate.
 */
function reEncryptedR50(): Buffer {
  const key = Buffer.from(R50_KEY_HEX, 'hex');
  const iv = Buffer.from(R50_IV_HEX, 'hex');
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  const zip = Buffer.concat([
    decipher.update(sampleBytes(`enedis-sge/fixtures/${R50_STEM}.zip`)),
    decipher.final(),
  ]);
  // Without a comment, the end-of-central-directory record is the last 22 bytes, and its comment
  // length is the little-endian 16-bit field at offset 20.
  const endRecord = zip.length - 22;
  expect(zip.readUInt32LE(endRecord)).toBe(0x06054b50);
  const comment = Buffer.from('copie de test', 'latin1');
  const withComment = Buffer.concat([zip, comment]);
  withComment.writeUInt16LE(comment.length, endRecord + 20);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([cipher.update(withComment), cipher.final()]);
}

beforeAll(async () => {
  test = await createTestApp();
  await test.services.access.ensureInitialAdmin('admin@operators.test', 'Operators-admin-2026!');
  admin = await login(test.app, 'admin@operators.test', 'Operators-admin-2026!');
  const site = await test.database.db
    .insertInto('sites')
    .values({ code: 'OPS', name: 'Campus des gestionnaires' })
    .returning('id')
    .executeTakeFirstOrThrow();
  siteId = site.id;
  for (const identifier of ELECTRICITY_POINTS) await createPoint(identifier, 'electricity');
  for (const identifier of GAS_POINTS) await createPoint(identifier, 'gas');
});

describe('Enedis SGE R50', () => {
  const file = `enedis-sge/fixtures/${R50_STEM}.xml`;
  const PRM_A = '01234567890128';
  const PRM_B = '30000000000002';
  let runId: string;

  it('stores both PRMs on their operator meters', async () => {
    const outcome = await uploadSample(file);
    runId = outcome.importRunId;
    expect(outcome.duplicate).toBe(false);
    expect(outcome.format).toBe('enedis-r50');
    expect(outcome.status).toBe('succeeded');
    // 410 points: PRM A 48 + 46 + 50 + 2, PRM B 72 + 92 + 100. The two republished ones of PRM A
    // replace earlier ones of the same file. PRM B's quarter-hours are summed in pairs to its
    // half-hour register: 24 + 48 / 2 on 2024-03-30, 92 / 2 and 100 / 2 on the other days.
    expect(outcome.counts).toEqual({
      read: 48 + 46 + 50 + 2 + 72 + 92 + 100,
      stored: 48 + 46 + 50 + (24 + 48 / 2) + 92 / 2 + 100 / 2,
      unchanged: 0,
      updated: 0,
      rejected: 0,
    });
    const aggregated = outcome.issues.filter((issue) => issue.code === 'steps-aggregated');
    expect(aggregated.map((issue) => issue.severity)).toEqual(['warning']);
    expect(aggregated[0]?.message).toMatch(new RegExp(`^${48 + 92 + 100} valeurs d’un pas plus fin`));

    expect(await operatorRegisters(PRM_A)).toEqual([
      expect.objectContaining({
        kind: 'ENERGY',
        step: 'PT30M',
        name: '',
        unit: 'kWh',
        isConsumption: true,
        meterCode: `OP-${PRM_A}`,
      }),
    ]);
    // PRM B starts at 30 min and goes on at 15 min: one register keeps the step of the first series.
    expect(await operatorRegisters(PRM_B)).toEqual([
      expect.objectContaining({ kind: 'ENERGY', step: 'PT30M', name: '', isConsumption: true }),
    ]);
  });

  it('sums the spring day of PRM A', async () => {
    const register = await registerOf(PRM_A, 'ENERGY', 'PT30M');
    // <V> of PRM A on 2024-03-31 (W, mean over 30 min), copied from the R50 parser test.
    const watts = [
      500, 571, 642, 713, 784, 855, 926, 997, 1068, 1139, 1210, 1281, 552, 623, 694, 765, 836, 907, 978, 1049,
      1120, 1191, 1262, 533, 604, 675, 746, 817, 888, 959, 1030, 1101, 1172, 1243, 514, 585, 656, 727, 798,
      869, 940, 1011, 1082, 1153, 1224, 1295,
    ];
    expect(watts).toHaveLength(46);
    // Σ V = 41 285 W; × 0.5 h / 1000 = 20.6425 kWh.
    const expectedKwh = (sum(watts) * 0.5) / 1000;
    expect(expectedKwh).toBeCloseTo(20.6425, 9);

    // Paris day 2024-03-31 runs from 2024-03-30T23:00Z to 2024-03-31T22:00Z (23 hours).
    const day = await readingsOf(register, '2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z');
    expect(day).toHaveLength(46);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(expectedKwh, 9);
    expect(day[0]).toEqual({ start: '2024-03-30T23:00:00.000Z', value: 0.25, quality: 1 });

    const rollup = await dailyRollup(register, '2024-03-31');
    expect(rollup?.quantity).toBeCloseTo(20.6425, 9);
    expect(rollup?.points_present).toBe(46);
    expect(rollup?.points_expected).toBe(46);

    const consumption = await buildingConsumption(PRM_A, '2024-03-31', '2024-04-01');
    expect(consumption).toHaveLength(1);
    expect(consumption[0]).toMatchObject({
      period: '2024-03-31',
      energy: 'electricity',
      pointsPresent: 46,
      pointsExpected: 46,
    });
    expectRoundedKwh(consumption[0]?.energyKWh, 20.6425);
  });

  it('sums the autumn day of PRM A', async () => {
    const register = await registerOf(PRM_A, 'ENERGY', 'PT30M');
    const watts = [
      450, 539, 628, 717, 806, 895, 984, 1073, 1162, 1251, 1340, 529, 618, 707, 796, 885, 974, 1063, 1152,
      1241, 1330, 519, 608, 697, 786, 875, 964, 1053, 1142, 1231, 1320, 509, 598, 687, 776, 865, 954, 1043,
      1132, 1221, 1310, 499, 588, 677, 766, 855, 944, 1033, 1122, 1211,
    ];
    expect(watts).toHaveLength(50);
    // Σ V = 45 125 W; × 0.5 h / 1000 = 22.5625 kWh over the 25-hour day.
    expect((sum(watts) * 0.5) / 1000).toBeCloseTo(22.5625, 9);

    const day = await readingsOf(register, '2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z');
    expect(day).toHaveLength(50);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(22.5625, 9);

    const rollup = await dailyRollup(register, '2024-10-27');
    expect(rollup?.quantity).toBeCloseTo(22.5625, 9);
    expect(rollup?.points_expected).toBe(50);

    const [item] = await buildingConsumption(PRM_A, '2024-10-27', '2024-10-28');
    expectRoundedKwh(item?.energyKWh, 22.5625);
    expect([item?.pointsPresent, item?.pointsExpected]).toEqual([50, 50]);
  });

  it('keeps the republished values', async () => {
    const register = await registerOf(PRM_A, 'ENERGY', 'PT30M');
    // The fourth Donnees_Releve republishes 13:00 (missing at first) as 777 W and 13:30 (978 W) as 1999 W.
    expect(await readingsOf(register, '2024-03-30T11:30:00Z', '2024-03-30T12:30:00Z')).toEqual([
      { start: '2024-03-30T11:30:00.000Z', value: 777 / 2000, quality: 1 },
      { start: '2024-03-30T12:00:00.000Z', value: 1999 / 2000, quality: 1 },
    ]);
  });

  it('sums 15-minute points of PRM B to its half-hour register', async () => {
    const register = await registerOf(PRM_B, 'ENERGY', 'PT30M');
    // 2024-03-30: 24 points of 30 min, then 48 of 15 min summed in pairs to 24 half-hours.
    // Σ = 34 012 W × 0.5 h + 116 208 W × 0.25 h = 17.006 + 29.052 = 46.058 kWh.
    const expectedKwh = (34_012 * 0.5 + 116_208 * 0.25) / 1000;
    expect(expectedKwh).toBeCloseTo(46.058, 9);
    const day = await readingsOf(register, '2024-03-29T23:00:00Z', '2024-03-30T23:00:00Z');
    expect(day).toHaveLength(24 + 48 / 2);
    // The last half-hour point ends 12:00+01:00 (1551 W).
    expect(day[23]?.start).toBe('2024-03-30T10:30:00.000Z');
    expect(day[23]?.value).toBeCloseTo((1551 * 0.5) / 1000, 12);
    // The quarter-hours ending 12:15 and 12:30+01:00 (2000 and 2061 W) make the half-hour from 11:00Z.
    expect(day[24]?.start).toBe('2024-03-30T11:00:00.000Z');
    expect(day[24]?.value).toBeCloseTo(((2000 + 2061) * 0.25) / 1000, 12);
    expect(day[24]?.quality).toBe(1);
    // The last pair ends 23:45 and 00:00+01:00 (2106 and 2167 W).
    expect(day[47]?.start).toBe('2024-03-30T22:30:00.000Z');
    expect(day[47]?.value).toBeCloseTo(((2106 + 2167) * 0.25) / 1000, 12);
    expect(sum(day.map((reading) => reading.value ?? 0))).toBeCloseTo(expectedKwh, 9);

    // The day of the step change counts half-hours only: 24 + 48 / 2 of the 48 of a 24-hour day.
    const changeDay = await dailyRollup(register, '2024-03-30');
    expect(changeDay?.quantity).toBeCloseTo(46.058, 9);
    expect(changeDay?.points_present).toBe(24 + 48 / 2);
    expect(changeDay?.points_expected).toBe(48);
    expect(changeDay?.points_estimated).toBe(0);
    const [changeItem] = await buildingConsumption(PRM_B, '2024-03-30', '2024-03-31');
    expectRoundedKwh(changeItem?.energyKWh, 46.058);
    expect([changeItem?.pointsPresent, changeItem?.pointsExpected]).toEqual([48, 48]);

    // <V> of PRM B on 2024-03-31 (W over 15 min). PDC 11 (ends 03:45+02:00) has no value and is
    // left out, between 1887 and 1973 W.
    const springWatts = [
      1500, 1543, 1586, 1629, 1672, 1715, 1758, 1801, 1844, 1887, 1973, 2016, 2059, 2102, 2145, 2188, 2231,
      2274, 2317, 2360, 2403, 2446, 2489, 1532, 1575, 1618, 1661, 1704, 1747, 1790, 1833, 1876, 1919, 1962,
      2005, 2048, 2091, 2134, 2177, 2220, 2263, 2306, 2349, 2392, 2435, 2478, 1521, 1564, 1607, 1650, 1693,
      1736, 1779, 1822, 1865, 1908, 1951, 1994, 2037, 2080, 2123, 2166, 2209, 2252, 2295, 2338, 2381, 2424,
      2467, 1510, 1553, 1596, 1639, 1682, 1725, 1768, 1811, 1854, 1897, 1940, 1983, 2026, 2069, 2112, 2155,
      2198, 2241, 2284, 2327, 2370, 2413,
    ];
    expect(springWatts).toHaveLength(92 - 1);
    // The half-hour 03:30–04:00+02:00 (01:30Z) lacks PDC 11, so it is missing and its other
    // quarter-hour (1973 W, PDC 12) is not counted: (181 068 − 1973) W × 0.25 h = 44.77375 kWh.
    expect(sum(springWatts)).toBe(181_068);
    const springKwh = ((sum(springWatts) - 1973) * 0.25) / 1000;
    expect(springKwh).toBeCloseTo(44.77375, 9);

    // Paris day 2024-03-31 runs 23 hours: 46 half-hours, the sixth one missing.
    const spring = await readingsOf(register, '2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z');
    expect(spring).toHaveLength(92 / 2);
    expect(spring[5]).toEqual({ start: '2024-03-31T01:30:00.000Z', value: null, quality: 4 });
    expect(spring[4]?.start).toBe('2024-03-31T01:00:00.000Z');
    expect(spring[4]?.value).toBeCloseTo(((1844 + 1887) * 0.25) / 1000, 12);
    expect(sum(spring.map((reading) => reading.value ?? 0))).toBeCloseTo(springKwh, 9);
    const springRollup = await dailyRollup(register, '2024-03-31');
    expect(springRollup?.quantity).toBeCloseTo(springKwh, 9);
    expect([springRollup?.points_present, springRollup?.points_expected]).toEqual([46 - 1, 46]);
    expect(springRollup?.points_estimated).toBe(0);

    // 2024-10-26 is unavailable.
    expect(await readingsOf(register, '2024-10-25T22:00:00Z', '2024-10-26T22:00:00Z')).toEqual([]);

    // <V> of PRM B on 2024-10-27 (W over 15 min), 100 quarter-hours of the 25-hour day.
    const autumnWatts = [
      1800, 1829, 1858, 1887, 1916, 1945, 1974, 2003, 2032, 2061, 2090, 2119, 2148, 2177, 2206, 2235, 2264,
      2293, 2322, 2351, 2380, 2409, 2438, 2467, 2496, 1825, 1854, 1883, 1912, 1941, 1970, 1999, 2028, 2057,
      2086, 2115, 2144, 2173, 2202, 2231, 2260, 2289, 2318, 2347, 2376, 2405, 2434, 2463, 2492, 1821, 1850,
      1879, 1908, 1937, 1966, 1995, 2024, 2053, 2082, 2111, 2140, 2169, 2198, 2227, 2256, 2285, 2314, 2343,
      2372, 2401, 2430, 2459, 2488, 1817, 1846, 1875, 1904, 1933, 1962, 1991, 2020, 2049, 2078, 2107, 2136,
      2165, 2194, 2223, 2252, 2281, 2310, 2339, 2368, 2397, 2426, 2455, 2484, 1813, 1842, 1871,
    ];
    expect(autumnWatts).toHaveLength(100);
    // Σ V = 214 350 W; × 0.25 h / 1000 = 53.5875 kWh.
    const autumnKwh = (sum(autumnWatts) * 0.25) / 1000;
    expect(autumnKwh).toBeCloseTo(53.5875, 9);
    const autumn = await readingsOf(register, '2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z');
    expect(autumn).toHaveLength(100 / 2);
    // The first pair ends 00:15 and 00:30+02:00: the half-hour from 2024-10-26T22:00Z.
    expect(autumn[0]?.start).toBe('2024-10-26T22:00:00.000Z');
    expect(autumn[0]?.value).toBeCloseTo(((1800 + 1829) * 0.25) / 1000, 12);
    expect(sum(autumn.map((reading) => reading.value ?? 0))).toBeCloseTo(autumnKwh, 9);
    const autumnRollup = await dailyRollup(register, '2024-10-27');
    expect(autumnRollup?.quantity).toBeCloseTo(autumnKwh, 9);
    expect([autumnRollup?.points_present, autumnRollup?.points_expected]).toEqual([50, 50]);
  });

  it('warns that rank 2 of 3 arrived alone', async () => {
    const detail = await runDetail(runId);
    const warning = detail.issues.find((issue) => issue.code === 'publication-incomplete');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toBe(
      'Publication R50 incomplète : 1 fichier reçu sur 3, il manque les rangs 1, 3. Les fichiers manquants seront importés à leur arrivée.',
    );
    expect(detail.summary.publication).toEqual({
      flow: 'R50',
      publicationKey: 'R50_3363068_00042',
      rank: 2,
      total: 3,
      missing: [1, 3],
    });
    expect(detail.issues.map((issue) => issue.code)).toEqual(
      expect.arrayContaining([
        'republished-value',
        'day-unavailable',
        'questionable-value',
        'steps-aggregated',
      ]),
    );
  });

  it('skips the same bytes sent again', async () => {
    await expectDuplicate(file, runId);
  });
});

describe('Enedis SGE R50 encrypted delivery', () => {
  const file = `enedis-sge/fixtures/${R50_STEM}.zip`;
  let sourceId: string;
  let runId: string;

  beforeAll(async () => {
    const created = await admin.request('POST', '/api/ingest/sources', {
      name: 'Enedis SGE (clé de test)',
      kind: 'upload',
      format: 'auto',
      deliveryKeys: [{ keyHex: R50_KEY_HEX, ivHex: R50_IV_HEX }],
    });
    expect(created.statusCode, created.body).toBe(201);
    sourceId = (created.json() as { id: string }).id;
  });

  it('opens the zip with the source key', async () => {
    const historyBefore = await test.database.db
      .selectFrom('readings_history')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    const outcome = await uploadSample(file, { query: `&sourceId=${sourceId}` });
    runId = outcome.importRunId;
    expect(outcome.duplicate).toBe(false);
    expect(outcome.format).toBe('enedis-r50');
    expect(outcome.status).toBe('succeeded');
    // The zip contains the XML imported above: its 144 + 144 half-hours come back unchanged.
    expect(outcome.counts).toEqual({ read: 410, stored: 0, unchanged: 144 + 144, updated: 0, rejected: 0 });
    const historyAfter = await test.database.db
      .selectFrom('readings_history')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    expect(historyAfter.count).toBe(historyBefore.count);

    const register = await registerOf('01234567890128', 'ENERGY', 'PT30M');
    expect(await storedSum(register, '2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z')).toBeCloseTo(20.6425, 9);
    const detail = await runDetail(runId);
    expect(detail.issues.some((issue) => issue.code === 'publication-incomplete')).toBe(true);
  });

  it('skips the same encrypted bytes sent again', async () => {
    await expectDuplicate(file, runId, { query: `&sourceId=${sourceId}` });
  });

  it('rejects an encrypted delivery without a key', async () => {
    const bytes = reEncryptedR50();
    const outcome = await upload(`${R50_STEM}.zip`, bytes);
    expect(outcome.duplicate).toBe(false);
    expect(outcome.status).toBe('failed');
    expect(outcome.counts).toEqual({ read: 0, stored: 0, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.fatalError).toBe(
      `${R50_STEM}.zip : Ce fichier Enedis est chiffré : saisissez la clé et le vecteur d’initialisation fournis par Enedis dans la source.`,
    );
    expect(outcome.issues.map((issue) => issue.code)).toEqual(['missing-key']);

    // A failed run stored nothing, so the same bytes sent with the source that holds the key are
    // read this time. Its readings equal those of the plain R50 imported above.
    const again = await upload(`${R50_STEM}.zip`, bytes, `&sourceId=${sourceId}`);
    expect(again.duplicate).toBe(false);
    expect(again.status).toBe('succeeded');
    expect(again.counts).toEqual({ read: 410, stored: 0, unchanged: 144 + 144, updated: 0, rejected: 0 });

    // Reprocessing the failed run from the journal takes the keys of the latest delivery's source.
    const response = await admin.request('POST', `/api/import-runs/${outcome.importRunId}/reprocess`);
    expect(response.statusCode, response.body).toBe(200);
    const reprocessed = response.json() as Outcome;
    expect(reprocessed.status).toBe('succeeded');
    expect(reprocessed.format).toBe('enedis-r50');
    expect(reprocessed.counts).toEqual({
      read: 410,
      stored: 0,
      unchanged: 144 + 144,
      updated: 0,
      rejected: 0,
    });
  });
});

describe('Enedis SGE R151', () => {
  const file =
    'enedis-sge/fixtures/ERDF_R151_17X100A100FXXXXX_GRD-F000_3363069_00007_Q_00001_00001_20241219031500.xml';
  let runId: string;

  it('stores indexes and maximum powers', async () => {
    const outcome = await uploadSample(file);
    runId = outcome.importRunId;
    expect(outcome.format).toBe('enedis-r151');
    expect(outcome.status).toBe('succeeded');
    // 7 indexes and 2 maximum powers.
    expect(outcome.counts).toEqual({ read: 9, stored: 9, unchanged: 0, updated: 0, rejected: 0 });

    // Valeur in Wh as written in the fixture, divided by 1000, read at the Paris midnight ending
    // 2024-12-17 (2024-12-17T23:00Z).
    const expected: Array<[string, string, number]> = [
      ['01234567890128', 'HPH', 12345.678],
      ['01234567890128', 'HCH', 8765.432],
      ['01234567890128', 'HPB', 4567.89],
      ['01234567890128', 'HCB', 3456.789],
      ['01234567890128', 'HP', 18047.813],
      ['01234567890128', 'HC', 11223.344],
      ['30000000000002', 'BASE', 45678.901],
    ];
    for (const [prm, period, kwh] of expected) {
      const register = await registerOf(prm, 'INDEX', 'P1D', period);
      expect(await readingsOf(register), `${prm}#${period}`).toEqual([
        { start: '2024-12-17T23:00:00.000Z', value: kwh, quality: 1 },
      ]);
    }
    // Indexes of named periods never become the consumption register.
    const indexes = (await operatorRegisters('01234567890128')).filter(
      (register) => register.kind === 'INDEX',
    );
    expect(indexes.map((register) => register.isConsumption)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);

    expect(await maxPowersOf('01234567890128')).toEqual([['2024-12-17', null, 7452, 'VA']]);
    expect(await maxPowersOf('30000000000002')).toEqual([['2024-12-17', null, 5980, 'VA']]);
  });

  it('records a complete one-file publication', async () => {
    const detail = await runDetail(runId);
    expect(detail.summary.publication).toEqual({
      flow: 'R151',
      publicationKey: 'R151_3363069_00007',
      rank: 1,
      total: 1,
      missing: [],
    });
    expect(detail.issues.map((issue) => issue.code)).toEqual(['day-unavailable', 'questionable-value']);
  });

  it('skips the same bytes sent again', async () => {
    await expectDuplicate(file, runId);
  });
});

describe('Enedis SGE R171', () => {
  const file = 'enedis-sge/fixtures/ENEDIS_R171_C_00000099895595_GRDF_17X100A100FXXXXX_20241218024107.xml';
  let runId: string;

  it('stores the active-energy indexes of both PRMs', async () => {
    const outcome = await uploadSample(file);
    runId = outcome.importRunId;
    expect(outcome.format).toBe('enedis-r171');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 10, stored: 10, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.issues.map((issue) => issue.code)).toEqual(['skipped-quantity']);

    // valeur in Wh / 1000; dateFin 2024-12-18T00:51:11 and 00:48:03 Paris time (UTC+1).
    const expected: Array<[string, string, number, string]> = [
      ['30000000000019', 'HPH', 987654.321, '2024-12-17T23:51:11.000Z'],
      ['30000000000019', 'HCH', 456789.012, '2024-12-17T23:51:11.000Z'],
      ['30000000000019', 'HPB', 234567.89, '2024-12-17T23:51:11.000Z'],
      ['30000000000019', 'HCB', 123456.789, '2024-12-17T23:51:11.000Z'],
      ['30000000000026', 'P', 11111.111, '2024-12-17T23:48:03.000Z'],
      ['30000000000026', 'HPH', 2222222.222, '2024-12-17T23:48:03.000Z'],
      ['30000000000026', 'HCH', 1333333.333, '2024-12-17T23:48:03.000Z'],
      ['30000000000026', 'HPE', 1444444.444, '2024-12-17T23:48:03.000Z'],
      ['30000000000026', 'HCE', 555555.555, '2024-12-17T23:48:03.000Z'],
    ];
    for (const [prm, period, kwh, start] of expected) {
      const register = await registerOf(prm, 'INDEX', 'P1D', period);
      expect(await readingsOf(register), `${prm}#${period}`).toEqual([{ start, value: kwh, quality: 1 }]);
    }
  });

  it('keeps the injection index apart', async () => {
    // 30000000000026#PROD#HPH: 7 777 777 Wh of injection.
    const injection = (await operatorRegisters('30000000000026')).filter((register) =>
      register.name.startsWith('PROD'),
    );
    expect(injection).toHaveLength(1);
    expect(await readingsOf((injection[0] as OperatorRegister).id)).toEqual([
      { start: '2024-12-17T23:48:03.000Z', value: 7777.777, quality: 1 },
    ]);
  });

  // Only the first `#` ends the PRM, so two injection classes get two registers.
  it('names the injection register after its class', async () => {
    const names = (await operatorRegisters('30000000000026')).map((register) => register.name);
    expect(names).toContain('PROD#HPH');
  });

  it('skips the same bytes sent again', async () => {
    await expectDuplicate(file, runId);
  });
});

describe('Enedis SGE R4x', () => {
  const file =
    'enedis-sge/fixtures/ENEDIS_17X100A100FXXXXX_R4x_CDC_H_C_30000000000019_R4H00001_20241104031500.xml';
  const PRM = '30000000000019';
  let runId: string;

  it('stores the week of ten-minute energies', async () => {
    const outcome = await uploadSample(file);
    runId = outcome.importRunId;
    expect(outcome.format).toBe('enedis-r4x');
    expect(outcome.status).toBe('succeeded');
    // Six days of 144 points and the 25-hour Sunday with 150; the reactive curve is skipped.
    expect(outcome.counts).toEqual({
      read: 6 * 144 + 150,
      stored: 1014,
      unchanged: 0,
      updated: 0,
      rejected: 0,
    });
    expect(outcome.issues.map((issue) => issue.code)).toEqual(['skipped-quantity']);

    const register = await registerOf(PRM, 'ENERGY', 'PT10M');
    const all = await readingsOf(register);
    expect(all).toHaveLength(1014);
    expect(all[0]?.start).toBe('2024-10-25T22:00:00.000Z');
    expect(all.at(-1)?.start).toBe('2024-11-01T22:50:00.000Z');
    // Monday's first point, written with spaces around its stamp: 46 kW over 10 minutes.
    const monday = all.find((reading) => reading.start === '2024-10-27T23:00:00.000Z');
    expect(monday?.value).toBeCloseTo(46 / 6, 12);
  });

  it('sums the autumn Sunday over 150 points', async () => {
    const register = await registerOf(PRM, 'ENERGY', 'PT10M');
    // The Sunday curve repeats 43, 50, 57, 64, 71 kW thirty times; point 31 (04:00+01:00) has no value.
    // (30 × 285 − 43) kW × 1/6 h = 8507 / 6 kWh.
    const expectedKwh = (30 * 285 - 43) / 6;
    const sunday = await readingsOf(register, '2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z');
    expect(sunday).toHaveLength(150);
    expect(sum(sunday.map((reading) => reading.value ?? 0))).toBeCloseTo(expectedKwh, 9);
    // Point 21 is E (estimated), 31 is S (missing), 41 is C (corrected).
    expect(sunday[20]?.quality).toBe(2);
    expect(sunday[30]).toEqual({ start: '2024-10-27T03:00:00.000Z', value: null, quality: 4 });
    expect(sunday[40]?.quality).toBe(3);

    const rollup = await dailyRollup(register, '2024-10-27');
    expect(rollup?.quantity).toBeCloseTo(8507 / 6, 9);
    expect([rollup?.points_present, rollup?.points_expected]).toEqual([149, 150]);

    const [item] = await buildingConsumption(PRM, '2024-10-27', '2024-10-28');
    expectRoundedKwh(item?.energyKWh, 8507 / 6);
    expect([item?.pointsPresent, item?.pointsExpected]).toEqual([149, 150]);
  });

  it('skips the same bytes sent again', async () => {
    await expectDuplicate(file, runId);
  });
});

describe('Enedis SGE C68', () => {
  const jsonFile = 'enedis-sge/fixtures/ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.json';
  const csvFile = 'enedis-sge/fixtures/ENEDIS_C68_P_ITC_A0000002_00001_20241120101500.csv';
  let jsonRunId: string;
  let csvRunId: string;

  async function pointView(identifier: string) {
    const response = await admin.request(
      'GET',
      `/api/delivery-points/${pointOf(identifier).deliveryPointId}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      segment: string | null;
      subscribedPowers: Array<{
        timeClass: string;
        powerKva: number;
        validFrom: string;
        validTo: string | null;
      }>;
    };
    return {
      segment: body.segment,
      powers: body.subscribedPowers
        .map((power) => [power.timeClass, power.powerKva, power.validFrom, power.validTo])
        .sort((left, right) => String(left[0]).localeCompare(String(right[0]))),
    };
  }

  async function serialOf(identifier: string): Promise<string> {
    const meter = await test.database.db
      .selectFrom('meters')
      .select('serial_number')
      .where('kind', '=', 'operator')
      .where('delivery_point_id', '=', pointOf(identifier).deliveryPointId)
      .executeTakeFirstOrThrow();
    return meter.serial_number;
  }

  function expectNoPersonalData(text: string): void {
    for (const personal of C68_PERSONAL_DATA) expect(text).not.toContain(personal);
  }

  it('sets segments and subscribed powers from the JSON', async () => {
    const outcome = await uploadSample(jsonFile);
    jsonRunId = outcome.importRunId;
    expect(outcome.format).toBe('enedis-c68');
    expect(outcome.status).toBe('succeeded');
    // Both delivery points change: segment, powers and the serial of the meters created above.
    expect(outcome.counts).toEqual({ read: 2, stored: 0, unchanged: 0, updated: 2, rejected: 0 });

    // The current situation of 01234567890128 starts on 2023-02-15: C5, 9 kVA.
    expect(await pointView('01234567890128')).toEqual({
      segment: 'C5',
      powers: [['BASE', 9, '2023-02-15', null]],
    });
    // 120 kVA, 120 kVA, 100 kW counted as kVA, 136 000 VA = 136 kVA.
    expect(await pointView('30000000000019')).toEqual({
      segment: 'C4',
      powers: [
        ['HCB', 136, '2021-01-01', null],
        ['HCH', 120, '2021-01-01', null],
        ['HPB', 100, '2021-01-01', null],
        ['HPH', 120, '2021-01-01', null],
      ],
    });
    expect(await serialOf('01234567890128')).toBe('021961542377');
    expect(await serialOf('30000000000019')).toBe('041876201934');
  });

  it('corrects the powers from the CSV', async () => {
    const outcome = await uploadSample(csvFile);
    csvRunId = outcome.importRunId;
    expect(outcome.format).toBe('enedis-c68');
    expect(outcome.status).toBe('succeeded');
    // 01234567890128 (written without its leading zero) is unchanged; 30000000000019 gets HPB
    // `100,5` and HCB 100 in place of 100 and 136 for the same situation.
    expect(outcome.counts).toEqual({ read: 2, stored: 0, unchanged: 1, updated: 1, rejected: 0 });
    expect(await pointView('01234567890128')).toEqual({
      segment: 'C5',
      powers: [['BASE', 9, '2023-02-15', null]],
    });
    expect(await pointView('30000000000019')).toEqual({
      segment: 'C4',
      powers: [
        ['HCB', 100, '2021-01-01', null],
        ['HCH', 120, '2021-01-01', null],
        ['HPB', 100.5, '2021-01-01', null],
        ['HPH', 120, '2021-01-01', null],
      ],
    });
  });

  it('keeps personal data out of the journal', async () => {
    // The fixtures do contain names, phone numbers, an e-mail and addresses.
    expect(sampleBytes(jsonFile).toString('utf8')).toContain('ZORGLUB-FICTIF');
    for (const runId of [jsonRunId, csvRunId]) {
      const response = await admin.request('GET', `/api/import-runs/${runId}`);
      expectNoPersonalData(response.body);
      const errors = await test.database.db
        .selectFrom('import_errors')
        .selectAll()
        .where('import_id', '=', runId)
        .execute();
      expectNoPersonalData(JSON.stringify(errors));
      const csv = await admin.request('GET', `/api/import-runs/${runId}/rejected.csv`);
      expectNoPersonalData(csv.body);
    }
  });

  it('skips the same bytes sent again', async () => {
    await expectDuplicate(jsonFile, jsonRunId);
    await expectDuplicate(csvFile, csvRunId);
  });
});

describe('Enedis M023 publications', () => {
  const realFile = 'enedis-m023/ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019_extract.csv';
  const r63Json = 'enedis-m023/fixtures/ENEDIS_R63_P_CdC_FIXT0001_00001_20250101000000.json';
  const r64Csv = 'enedis-m023/fixtures/ENEDIS_R64_P_INDEX_FIXT0002_00001_20250101000000.csv';
  const r64Json = 'enedis-m023/fixtures/ENEDIS_R64_P_INDEX_FIXT0003_00001_20250101000000.json';
  const r65 = 'enedis-m023/fixtures/ENEDIS_R65_P_Energie_FIXT0004_00001_20250101000000.json';
  const r66 = 'enedis-m023/fixtures/ENEDIS_R66_P_Pmax_FIXT0005_00001_20250101000000.json';
  const r67 = 'enedis-m023/fixtures/ENEDIS_R67_P_Mfact_FIXT0006_00001_20250101000000.json';
  const runs = new Map<string, string>();

  it('stores the real R63 curve', async () => {
    const outcome = await uploadSample(realFile);
    runs.set(realFile, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    // 195 rows, 7 + 8 of them PT60M (2024-07-19 00:00 to 06:00, 2024-07-31 12:00 to 19:00): each
    // hour is split into two estimated half-hours of the register.
    expect(outcome.counts).toEqual({
      read: 195,
      stored: 195 - (7 + 8) + (7 + 8) * 2,
      unchanged: 0,
      updated: 0,
      rejected: 0,
    });
    const split = outcome.issues.filter((issue) => issue.code === 'steps-split');
    expect(split.map((issue) => issue.severity)).toEqual(['warning']);
    expect(split[0]?.message).toMatch(new RegExp(`^${7 + 8} valeurs d’un pas plus long`));

    const register = await registerOf('98800000000003', 'ENERGY', 'PT30M');
    expect((await operatorRegisters('98800000000003')).map((found) => found.step)).toEqual(['PT30M']);
    // Rows 27 to 72 of the spring day (W, each over 0.5 h), copied from the M023 parser test.
    const springWatts = [
      794, 1942, 3580, 3258, 724, 694, 1466, 820, 706, 1412, 702, 696, 1404, 688, 794, 2064, 1872, 1610, 1308,
      1214, 1638, 770, 744, 1080, 2484, 2356, 1064, 1088, 854, 1428, 820, 754, 706, 682, 1352, 702, 1518,
      4868, 4002, 3602, 3796, 3950, 3890, 4042, 3774, 3568,
    ];
    expect((sum(springWatts) * 0.5) / 1000).toBeCloseTo(41.64, 9);
    const spring = await readingsOf(register, '2023-03-25T23:00:00Z', '2023-03-26T22:00:00Z');
    expect(spring).toHaveLength(46);
    expect(sum(spring.map((reading) => reading.value ?? 0))).toBeCloseTo(41.64, 9);
    expect((await dailyRollup(register, '2023-03-26'))?.quantity).toBeCloseTo(41.64, 9);

    const autumnWatts = [
      632, 624, 624, 640, 1144, 1134, 630, 622, 632, 630, 600, 634, 638, 610, 1768, 620, 608, 640, 622, 614,
      628, 612, 628, 1100, 1252, 628, 1946, 2678, 2386, 1312, 1250, 2346, 3148, 2186, 2380, 2220, 2638, 2106,
      1404, 4230, 2094, 2338, 4392, 4474, 1218, 3234, 2462, 818, 790, 1460,
    ];
    expect((sum(autumnWatts) * 0.5) / 1000).toBeCloseTo(37.512, 9);
    const autumn = await readingsOf(register, '2023-10-28T22:00:00Z', '2023-10-29T23:00:00Z');
    expect(autumn).toHaveLength(50);
    expect(autumn.slice(3, 7).map((reading) => [reading.start, reading.value])).toEqual([
      ['2023-10-28T23:30:00.000Z', 0.32],
      ['2023-10-29T00:00:00.000Z', 0.572],
      ['2023-10-29T00:30:00.000Z', 0.567],
      ['2023-10-29T01:00:00.000Z', 0.315],
    ]);
    expect((await dailyRollup(register, '2023-10-29'))?.quantity).toBeCloseTo(37.512, 9);

    // Hourly points of 2024-07-31 12:00 to 19:00 land in the same register as 16 halves: Σ W × 1 h.
    const hourlyKwh = (1562 + 1523 + 2541 + 1111 + 1465 + 2473 + 1627 + 1686) / 1000;
    const hourlyHalves = await readingsOf(register, '2024-07-31T09:00:00Z', '2024-07-31T17:00:00Z');
    expect(hourlyHalves).toHaveLength(8 * 2);
    expect(sum(hourlyHalves.map((reading) => reading.value ?? 0))).toBeCloseTo(hourlyKwh, 9);
    // The row ending 12:00 (1562 W over 11:00–12:00+02:00) gives two halves of 0.781 kWh.
    expect(hourlyHalves.slice(0, 2).map((reading) => reading.start)).toEqual([
      '2024-07-31T09:00:00.000Z',
      '2024-07-31T09:30:00.000Z',
    ]);
    expect(hourlyHalves[0]?.value).toBeCloseTo(1562 / 1000 / 2, 12);
    expect(hourlyHalves[1]?.value).toBeCloseTo(1562 / 1000 / 2, 12);
    expect(hourlyHalves.every((reading) => reading.quality === 2)).toBe(true);

    // The day of the step change back to PT30M: 16 estimated halves, then the 10 half-hours
    // ending 19:30 to 00:00 (1616, 3198, 1996, 1760, 2134, 2050, 2080, 2358, 2132, 1362 W × 0.5 h).
    const halfHourlyKwh =
      ((1616 + 3198 + 1996 + 1760 + 2134 + 2050 + 2080 + 2358 + 2132 + 1362) * 0.5) / 1000;
    expect(hourlyKwh + halfHourlyKwh).toBeCloseTo(13.988 + 10.343, 9);
    const changeDay = await dailyRollup(register, '2024-07-31');
    expect(changeDay?.quantity).toBeCloseTo(hourlyKwh + halfHourlyKwh, 9);
    expect(changeDay?.points_present).toBe(8 * 2 + 10);
    expect(changeDay?.points_estimated).toBe(8 * 2);
    expect(changeDay?.points_expected).toBe(48);
    const [changeItem] = await buildingConsumption('98800000000003', '2024-07-31', '2024-08-01');
    expectRoundedKwh(changeItem?.energyKWh, 13.988 + 10.343);
    expect([changeItem?.pointsPresent, changeItem?.pointsExpected]).toEqual([26, 48]);

    const [item] = await buildingConsumption('98800000000003', '2023-03-26', '2023-03-27');
    expectRoundedKwh(item?.energyKWh, 41.64);
    expect([item?.pointsPresent, item?.pointsExpected]).toEqual([46, 46]);
  });

  it('stores the R63 JSON curves and the injection', async () => {
    const outcome = await uploadSample(r63Json);
    runs.set(r63Json, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    // 9 + 5 consumption points and 2 injection points; the reactive PRI curve is skipped. The
    // Linky's three quarter-hours give one complete half-hour; the third quarter-hour alone
    // covers half of the next one, which is left unstored.
    expect(outcome.counts).toEqual({
      read: 9 + 5 + 2,
      stored: 6 + 1 + 5 + 2,
      unchanged: 0,
      updated: 0,
      rejected: 0,
    });
    const aggregated = outcome.issues.filter((issue) => issue.code === 'steps-aggregated');
    expect(aggregated).toHaveLength(1);
    expect(aggregated[0]?.message).toMatch(/^3 valeurs d’un pas plus fin/);
    const incomplete = outcome.issues.filter((issue) => issue.code === 'steps-incomplete');
    expect(incomplete.map((issue) => issue.message.slice(0, 12))).toEqual(['1 intervalle']);

    // Linky 98800000000011 on 2024-10-27: six half-hours, then three quarter-hours. The ones
    // ending 03:15 (800 W, nature H: estimated) and 03:30+01:00 (1000 W) make the half-hour from
    // 02:00Z, estimated like its worst part. The one ending 03:45 (1200 W) has no partner ending
    // 04:00 in this file, so its half-hour is not stored (a later file may complete it).
    const linky = await registerOf('98800000000011', 'ENERGY', 'PT30M');
    const linkyReadings = await readingsOf(linky);
    expect(linkyReadings.slice(0, 6)).toEqual([
      { start: '2024-10-26T23:00:00.000Z', value: 0.5, quality: 1 },
      { start: '2024-10-26T23:30:00.000Z', value: 0.6, quality: 1 },
      { start: '2024-10-27T00:00:00.000Z', value: 0.7, quality: 1 },
      { start: '2024-10-27T00:30:00.000Z', value: 0.8, quality: 1 },
      { start: '2024-10-27T01:00:00.000Z', value: 0.9, quality: 1 },
      { start: '2024-10-27T01:30:00.000Z', value: 1, quality: 1 },
    ]);
    expect(linkyReadings).toHaveLength(7);
    expect(linkyReadings[6]?.start).toBe('2024-10-27T02:00:00.000Z');
    expect(linkyReadings[6]?.value).toBeCloseTo(((800 + 1000) * 0.25) / 1000, 12);
    expect(linkyReadings[6]?.quality).toBe(2);
    // (1000 + 1200 + 1400 + 1600 + 1800 + 2000) W × 0.5 h + (800 + 1000) W × 0.25 h = 4.95 kWh over
    // 7 of the 50 half-hours of the 25-hour day, one of them estimated.
    const linkyKwh = ((1000 + 1200 + 1400 + 1600 + 1800 + 2000) * 0.5 + (800 + 1000) * 0.25) / 1000;
    expect(linkyKwh).toBeCloseTo(4.95, 9);
    const linkyDay = await dailyRollup(linky, '2024-10-27');
    expect(linkyDay?.quantity).toBeCloseTo(linkyKwh, 9);
    expect(linkyDay?.points_present).toBe(6 + 1);
    expect(linkyDay?.points_estimated).toBe(1);
    expect(linkyDay?.points_expected).toBe(50);

    // C4 98800000000012: corrected curve of start stamps at 10 min, W × 1/6 h; 210 000 W / 6 = 35 kWh.
    const large = await registerOf('98800000000012', 'ENERGY', 'PT10M');
    expect(await readingsOf(large)).toEqual([
      { start: '2024-03-31T00:40:00.000Z', value: 30000 / 6 / 1000, quality: 1 },
      { start: '2024-03-31T00:50:00.000Z', value: 36000 / 6 / 1000, quality: 1 },
      { start: '2024-03-31T01:00:00.000Z', value: 42000 / 6 / 1000, quality: 3 },
      { start: '2024-03-31T01:10:00.000Z', value: 48000 / 6 / 1000, quality: 2 },
      { start: '2024-03-31T01:20:00.000Z', value: 54000 / 6 / 1000, quality: 1 },
    ]);
    expect((await dailyRollup(large, '2024-03-31'))?.quantity).toBeCloseTo(35, 9);
    const injection = await registerOf('98800000000012', 'ENERGY', 'PT10M', 'PROD');
    expect((await readingsOf(injection)).map((reading) => reading.value)).toEqual([1, 2]);
    expect(
      (await operatorRegisters('98800000000012')).map((register) => [register.name, register.isConsumption]),
    ).toEqual([
      ['', true],
      ['PROD', false],
    ]);
  });

  it('stores the R64 CSV indexes', async () => {
    const outcome = await uploadSample(r64Csv);
    runs.set(r64Csv, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    // 5 series × 3 days; the reactive ERI row is skipped.
    expect(outcome.counts).toEqual({ read: 15, stored: 15, unchanged: 0, updated: 0, rejected: 0 });

    const prm = '98800000000013';
    const valuesOf = async (name: string) =>
      (await readingsOf(await registerOf(prm, 'INDEX', 'P1D', name))).map((reading) => reading.value);
    expect(await valuesOf('HP')).toEqual([12345.678, 12351.234, 12357.89]);
    expect(await valuesOf('HC')).toEqual([8765.432, 8769.876, 8774.321]);
    expect(await valuesOf('GRD-HP')).toEqual([12345.678, 12351.234, 12357.89]);
    // The distributor HC index of 2024-04-01 is empty in the file: a gap, not a zero.
    expect(await valuesOf('GRD-HC')).toEqual([8765.432, 8769.876, null]);

    const total = await registerOf(prm, 'INDEX', 'P1D');
    expect(await readingsOf(total)).toEqual([
      { start: '2024-03-29T23:00:00.000Z', value: 21111.11, quality: 1 },
      { start: '2024-03-30T23:00:00.000Z', value: 21121.11, quality: 1 },
      { start: '2024-03-31T22:00:00.000Z', value: 21132.211, quality: 1 },
    ]);
    // Day 2024-03-30: 21 121.11 − 21 111.11 = 10 kWh; day 2024-03-31 (23 hours): 21 132.211 − 21 121.11 = 11.101 kWh.
    expect((await dailyRollup(total, '2024-03-30'))?.quantity).toBeCloseTo(10, 9);
    expect((await dailyRollup(total, '2024-03-31'))?.quantity).toBeCloseTo(11.101, 9);
    const consumption = await buildingConsumption(prm, '2024-03-30', '2024-04-01');
    expect(consumption.map((item) => item.period)).toEqual(['2024-03-30', '2024-03-31']);
    expectRoundedKwh(consumption[0]?.energyKWh, 10);
    expectRoundedKwh(consumption[1]?.energyKWh, 11.101);
  });

  it('stores the R64 JSON indexes', async () => {
    const outcome = await uploadSample(r64Json);
    runs.set(r64Json, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 8, stored: 8, unchanged: 0, updated: 0, rejected: 0 });

    const prm = '98800000000014';
    const series = async (name: string) =>
      (await readingsOf(await registerOf(prm, 'INDEX', 'P1D', name))).map((reading) => [
        reading.start,
        reading.value,
      ]);
    expect(await series('HP')).toEqual([
      ['2025-01-14T23:00:00.000Z', 5000],
      ['2025-01-15T23:00:00.000Z', 5004],
    ]);
    expect(await series('HC')).toEqual([
      ['2025-01-14T23:00:00.000Z', 3000],
      ['2025-01-15T23:00:00.000Z', 3002.5],
    ]);
    expect(await series('GRD-BASE')).toEqual([
      ['2025-01-14T23:00:00.000Z', 8000],
      ['2025-01-15T23:00:00.000Z', 8006.5],
    ]);
    // Day 2025-01-15: 8 006.5 − 8 000 = 6.5 kWh.
    const total = await registerOf(prm, 'INDEX', 'P1D');
    expect((await dailyRollup(total, '2025-01-15'))?.quantity).toBeCloseTo(6.5, 9);
  });

  it('stores the R65 daily energies', async () => {
    const outcome = await uploadSample(r65);
    runs.set(r65, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 4, stored: 4, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.issues.map((issue) => issue.code)).toEqual(['skipped-energy-ER']);

    const daily = await registerOf('98800000000015', 'ENERGY', 'P1D');
    expect(await readingsOf(daily)).toEqual([
      { start: '2024-03-29T23:00:00.000Z', value: 12.5, quality: 1 },
      { start: '2024-03-30T23:00:00.000Z', value: 11, quality: 1 },
      { start: '2024-03-31T22:00:00.000Z', value: 13.75, quality: 1 },
    ]);
    expect((await dailyRollup(daily, '2024-03-31'))?.quantity).toBe(11);
    const consumption = await buildingConsumption('98800000000015', '2024-03-30', '2024-04-02');
    expect(
      consumption.map((item) => [item.period, item.energyKWh, item.pointsPresent, item.pointsExpected]),
    ).toEqual([
      ['2024-03-30', 12.5, 1, 1],
      ['2024-03-31', 11, 1, 1],
      ['2024-04-01', 13.75, 1, 1],
    ]);
    const injection = await registerOf('98800000000016', 'ENERGY', 'P1D', 'PROD');
    expect(await readingsOf(injection)).toEqual([
      { start: '2024-06-20T22:00:00.000Z', value: 25, quality: 1 },
    ]);
  });

  it('stores the R66 maximum powers', async () => {
    const outcome = await uploadSample(r66);
    runs.set(r66, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 3, stored: 3, unchanged: 0, updated: 0, rejected: 0 });
    expect(await maxPowersOf('98800000000017')).toEqual([
      ['2024-10-26', '2024-10-26T17:42:10.000Z', 6120, 'VA'],
      // 02:30 on the autumn day: the summer-time one.
      ['2024-10-27', '2024-10-27T00:30:00.000Z', 5230, 'VA'],
      ['2024-10-28', '2024-10-28T07:05:33.000Z', 7010, 'VA'],
    ]);
    expect(await operatorRegisters('98800000000017')).toEqual([]);
  });

  it('skips the R67 billing quantities with a warning', async () => {
    const outcome = await uploadSample(r67);
    runs.set(r67, outcome.importRunId);
    expect(outcome.format).toBe('enedis-m023');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 0, stored: 0, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'r67-not-imported'],
    ]);
    expect(await operatorRegisters('98800000000018')).toEqual([]);
  });

  it('skips the same bytes sent again', async () => {
    for (const [file, runId] of runs) await expectDuplicate(file, runId);
  });
});

describe('Enedis Data Connect', () => {
  const PRM = '99999999999991';
  const loadCurve = 'enedis-dataconnect/v5_consumption_load_curve.json';
  const frenchCurve = 'enedis-dataconnect/mesure_courbe_de_charge_consommation.json';
  const dailyEnergy = 'enedis-dataconnect/mesure_consommation_quotidienne.json';
  const maxPower = 'enedis-dataconnect/mesure_puissance_conso_max_quotidienne.json';
  const subscriptionError = 'enedis-dataconnect/erreur_comptage_non_souscrit.json';
  const noData = 'enedis-dataconnect/fixtures/error_no_data_found.json';
  const lateDaily = 'enedis-dataconnect/fixtures/v5_daily_consumption_fixture.json';
  const lateMaxPower = 'enedis-dataconnect/fixtures/v5_daily_consumption_max_power_fixture.json';
  const lateAutumn = 'enedis-dataconnect/fixtures/v5_consumption_load_curve_autumn_fixture.json';
  const runs = new Map<string, string>();
  /** Runs that failed as a whole: their bytes are not taken for an import. */
  const failedRuns = new Map<string, Outcome>();

  it('stores the v5 load curve', async () => {
    const outcome = await uploadSample(loadCurve);
    runs.set(loadCurve, outcome.importRunId);
    expect(outcome.format).toBe('enedis-dataconnect');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 96, stored: 96, unchanged: 0, updated: 0, rejected: 0 });

    const register = await registerOf(PRM, 'ENERGY', 'PT30M');
    // Mean powers in W of 29 and 30 September 2026, copied from the Data Connect parser test.
    const watts29 = [
      4078, 2848, 1760, 1820, 1322, 1010, 988, 976, 584, 934, 950, 668, 618, 584, 890, 1162, 984, 978, 1060,
      904, 696, 656, 594, 596, 706, 2114, 1902, 1650, 1382, 642, 1730, 818, 766, 934, 950, 934, 1140, 1412,
      1434, 1142, 944, 1164, 1006, 796, 3838, 3876, 3826, 4224,
    ];
    const watts30 = [
      3514, 1982, 1422, 1276, 1126, 1488, 860, 1158, 1080, 712, 1222, 714, 690, 712, 704, 752, 1304, 1238,
      878, 1810, 1834, 1438, 1406, 1488, 1746, 3426, 1612, 1978, 1566, 916, 2218, 1228, 808, 898, 914, 956,
      1424, 2488, 1408, 1302, 1356, 1170, 896, 934, 4056, 4036, 3926, 3974,
    ];
    // mesure_consommation_quotidienne.json publishes 33 495 Wh and 38 022 Wh for these days.
    expect((sum(watts29) * 0.5) / 1000).toBeCloseTo(33.495, 9);
    expect((sum(watts30) * 0.5) / 1000).toBeCloseTo(38.022, 9);
    expect(await storedSum(register, '2026-09-28T22:00:00Z', '2026-09-29T22:00:00Z')).toBeCloseTo(33.495, 9);
    expect((await dailyRollup(register, '2026-09-29'))?.quantity).toBeCloseTo(33.495, 9);
    expect((await dailyRollup(register, '2026-09-30'))?.quantity).toBeCloseTo(38.022, 9);

    const consumption = await buildingConsumption(PRM, '2026-09-29', '2026-10-01');
    expect(consumption.map((item) => [item.period, item.pointsPresent, item.pointsExpected])).toEqual([
      ['2026-09-29', 48, 48],
      ['2026-09-30', 48, 48],
    ]);
    expectRoundedKwh(consumption[0]?.energyKWh, 33.495);
    expectRoundedKwh(consumption[1]?.energyKWh, 38.022);
  });

  it('finds the French-keyed curve already stored', async () => {
    const outcome = await uploadSample(frenchCurve);
    runs.set(frenchCurve, outcome.importRunId);
    expect(outcome.format).toBe('enedis-dataconnect');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 96, stored: 0, unchanged: 96, updated: 0, rejected: 0 });
  });

  it('stores daily energies in their own register', async () => {
    const outcome = await uploadSample(dailyEnergy);
    runs.set(dailyEnergy, outcome.importRunId);
    expect(outcome.format).toBe('enedis-dataconnect');
    expect(outcome.counts).toEqual({ read: 2, stored: 2, unchanged: 0, updated: 0, rejected: 0 });
    const daily = await registerOf(PRM, 'ENERGY', 'P1D');
    expect(await readingsOf(daily)).toEqual([
      { start: '2026-09-28T22:00:00.000Z', value: 33.495, quality: 1 },
      { start: '2026-09-29T22:00:00.000Z', value: 38.022, quality: 1 },
    ]);
    // The load curve came first, so it stays the consumption register and the days are not counted twice.
    expect((await operatorRegisters(PRM)).map((register) => [register.step, register.isConsumption])).toEqual(
      [
        ['PT30M', true],
        ['P1D', false],
      ],
    );
    const [item] = await buildingConsumption(PRM, '2026-09-29', '2026-09-30');
    expectRoundedKwh(item?.energyKWh, 33.495);
  });

  it('stores daily maximum powers', async () => {
    const outcome = await uploadSample(maxPower);
    runs.set(maxPower, outcome.importRunId);
    expect(outcome.format).toBe('enedis-dataconnect');
    expect(outcome.counts).toEqual({ read: 2, stored: 2, unchanged: 0, updated: 0, rejected: 0 });
    // 13:03:35 and 12:50:25 CEST are 11:03:35 and 10:50:25 UTC.
    expect(await maxPowersOf(PRM)).toEqual([
      ['2026-09-29', '2026-09-29T11:03:35.000Z', 4680, 'VA'],
      ['2026-09-30', '2026-09-30T10:50:25.000Z', 6510, 'VA'],
    ]);
  });

  it('explains the error bodies', async () => {
    const forbidden = await uploadSample(subscriptionError);
    failedRuns.set(subscriptionError, forbidden);
    expect(forbidden.status).toBe('failed');
    expect(forbidden.format).toBe('enedis-dataconnect');
    expect(forbidden.fatalError).toContain('code « 900908 »');
    expect(forbidden.fatalError).toContain('Abonnez l’application à l’API demandée');

    const empty = await uploadSample(noData);
    failedRuns.set(noData, empty);
    expect(empty.status).toBe('failed');
    expect(empty.fatalError).toContain('code « no_data_found »');
    expect(empty.fatalError).toContain('la collecte de la consommation horaire n’est pas activée sur le PRM');
  });

  it('reprocesses an unknown PRM once created', async () => {
    const outcome = await uploadSample(lateDaily);
    expect(outcome.format).toBe('enedis-dataconnect');
    expect(outcome.status).toBe('failed');
    expect(outcome.counts).toEqual({ read: 3, stored: 0, unchanged: 0, updated: 0, rejected: 3 });
    const unknown = outcome.issues.find((issue) => issue.code === 'unknown-identifier');
    expect(unknown?.field).toBe(LATE_PRM);
    expect(unknown?.message).toContain('3 valeurs en attente');

    const queue = (await admin.request('GET', '/api/ingest/unknown-identifiers')).json() as Array<{
      externalId: string;
      measure: string;
      stepSeconds: number | null;
      valuesSeen: number;
      fileCount: number;
    }>;
    expect(queue.filter((entry) => entry.externalId === LATE_PRM)).toEqual([
      expect.objectContaining({ measure: 'ENERGY', stepSeconds: 86_400, valuesSeen: 3, fileCount: 1 }),
    ]);

    await createPoint(LATE_PRM, 'electricity');
    const response = await admin.request('POST', `/api/import-runs/${outcome.importRunId}/reprocess`);
    expect(response.statusCode, response.body).toBe(200);
    const reprocessed = response.json() as Outcome;
    // The failed first run imported nothing: the reprocessing run is the import of these bytes.
    expect(reprocessed.importRunId).not.toBe(outcome.importRunId);
    runs.set(lateDaily, reprocessed.importRunId);
    expect(reprocessed.status).toBe('succeeded');
    expect(reprocessed.format).toBe('enedis-dataconnect');
    expect(reprocessed.counts).toEqual({ read: 3, stored: 3, unchanged: 0, updated: 0, rejected: 0 });

    // 12 500, 11 000 and 13 750 Wh over 2024-03-30 to 04-01; the 31st is the 23-hour day.
    const daily = await registerOf(LATE_PRM, 'ENERGY', 'P1D');
    expect(await readingsOf(daily)).toEqual([
      { start: '2024-03-29T23:00:00.000Z', value: 12.5, quality: 1 },
      { start: '2024-03-30T23:00:00.000Z', value: 11, quality: 1 },
      { start: '2024-03-31T22:00:00.000Z', value: 13.75, quality: 1 },
    ]);
    const consumption = await buildingConsumption(LATE_PRM, '2024-03-30', '2024-04-02');
    expect(consumption.map((item) => [item.period, item.energyKWh])).toEqual([
      ['2024-03-30', 12.5],
      ['2024-03-31', 11],
      ['2024-04-01', 13.75],
    ]);
  });

  it('stores the constructed fixtures', async () => {
    const powers = await uploadSample(lateMaxPower);
    runs.set(lateMaxPower, powers.importRunId);
    expect(powers.format).toBe('enedis-dataconnect');
    expect(powers.status).toBe('succeeded');
    // The middle value is the text "null": skipped with a warning.
    expect(powers.counts).toEqual({ read: 2, stored: 2, unchanged: 0, updated: 0, rejected: 0 });
    expect(powers.issues.map((issue) => issue.code)).toEqual(['missing-max-power']);
    expect(await maxPowersOf(LATE_PRM)).toEqual([
      ['2024-10-26', '2024-10-26T17:42:10.000Z', 6120, 'VA'],
      ['2024-10-28', '2024-10-28T07:05:33.000Z', 7010, 'VA'],
    ]);

    const autumn = await uploadSample(lateAutumn);
    runs.set(lateAutumn, autumn.importRunId);
    expect(autumn.format).toBe('enedis-dataconnect');
    // Six half-hours, then two quarter-hours summed into one half-hour.
    expect(autumn.counts).toEqual({ read: 8, stored: 6 + 2 / 2, unchanged: 0, updated: 0, rejected: 0 });
    expect(autumn.issues.map((issue) => issue.code)).toContain('steps-aggregated');
    const curve = await registerOf(LATE_PRM, 'ENERGY', 'PT30M');
    const readings = await readingsOf(curve);
    expect(readings.map((reading) => reading.start)).toEqual([
      '2024-10-26T23:00:00.000Z',
      '2024-10-26T23:30:00.000Z',
      '2024-10-27T00:00:00.000Z',
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T01:00:00.000Z',
      '2024-10-27T01:30:00.000Z',
      '2024-10-27T02:00:00.000Z',
    ]);
    expect(readings.slice(0, 6).map((reading) => reading.value)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    // 800 W and 1000 W over the quarter-hours ending 03:15 and 03:30+01:00: 0.2 + 0.25 kWh.
    expect(readings[6]?.value).toBeCloseTo(0.2 + 0.25, 12);
    expect(readings[6]?.quality).toBe(1);
    // 0.5 + 0.6 + 0.7 + 0.8 + 0.9 + 1 + (0.2 + 0.25) = 4.95 kWh on the Paris day 2024-10-27, 7 of
    // the 50 half-hours of this 25-hour day.
    const rollup = await dailyRollup(curve, '2024-10-27');
    expect(rollup?.quantity).toBeCloseTo(0.5 + 0.6 + 0.7 + 0.8 + 0.9 + 1 + (0.2 + 0.25), 9);
    expect([rollup?.points_present, rollup?.points_estimated, rollup?.points_expected]).toEqual([7, 0, 50]);
  });

  it('skips the same bytes sent again', async () => {
    for (const [file, runId] of runs) await expectDuplicate(file, runId);
  });

  it('parses failed bytes again', async () => {
    expect([...failedRuns.keys()]).toEqual([subscriptionError, noData]);
    for (const [file, first] of failedRuns) {
      const readingsBefore = await tableCount('readings');
      const runsBefore = await tableCount('import_runs');
      const again = await uploadSample(file);
      expect(again.duplicate, file).toBe(false);
      expect(again.importRunId, file).not.toBe(first.importRunId);
      expect(again.status, file).toBe('failed');
      expect(again.fatalError, file).toBe(first.fatalError);
      expect(again.counts, file).toEqual({ read: 0, stored: 0, unchanged: 0, updated: 0, rejected: 0 });
      expect(await tableCount('readings')).toBe(readingsBefore);
      expect(await tableCount('import_runs')).toBe(runsBefore + 1);
    }
  });
});

describe('Enedis customer portal', () => {
  const PRM = '98800000000001';
  const loadCurve = 'enedis-customer-portal/Enedis_Conso_Heure.csv';
  const indexes = 'enedis-customer-portal/Enedis_Conso_Jour.csv';
  const autumn = 'enedis-customer-portal/fixtures/Enedis_Conso_Heure_autumn_fixture.csv';
  const curveWorkbook = 'enedis-customer-portal/mar.04.2024.xlsx';
  const dailyWorkbook = 'enedis-customer-portal/juiellet.03.2024.xlsx';
  const runs = new Map<string, string>();

  it('stores the CSV load curve with its gaps', async () => {
    const outcome = await uploadSample(loadCurve);
    runs.set(loadCurve, outcome.importRunId);
    expect(outcome.format).toBe('enedis-portal');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 104, stored: 104, unchanged: 0, updated: 0, rejected: 0 });

    const register = await registerOf(PRM, 'ENERGY', 'PT30M');
    // Lines 4 to 35: 2022-01-18 00:30 to 16:00, in W over 0.5 h.
    const watts = [
      218, 162, 120, 216, 118, 210, 96, 244, 112, 190, 104, 188, 142, 156, 482, 346, 660, 288, 272, 216, 256,
      144, 308, 174, 286, 344, 424, 380, 262, 156, 306, 178,
    ];
    expect((sum(watts) * 0.5) / 1000).toBeCloseTo(3.879, 9);
    expect(await storedSum(register, '2022-01-17T23:00:00Z', '2022-01-18T23:00:00Z')).toBeCloseTo(3.879, 9);
    const rollup = await dailyRollup(register, '2022-01-18');
    expect(rollup?.quantity).toBeCloseTo(3.879, 9);
    expect([rollup?.points_present, rollup?.points_expected]).toEqual([32, 48]);
    const [item] = await buildingConsumption(PRM, '2022-01-18', '2022-01-19');
    expectRoundedKwh(item?.energyKWh, 3.879);
    expect([item?.pointsPresent, item?.pointsExpected]).toEqual([32, 48]);

    // Lines 36 to 48: 13 half-hours without a value from 2022-01-19 12:30.
    const missing = (await readingsOf(register)).filter((reading) => reading.quality === 4);
    expect(missing).toHaveLength(13);
    expect(missing[0]).toEqual({ start: '2022-01-19T11:00:00.000Z', value: null, quality: 4 });
    // 2022-01-25: 27 half-hours, Σ = 6.819 kWh.
    expect((await dailyRollup(register, '2022-01-25'))?.quantity).toBeCloseTo(6.819, 9);
  });

  it('stores the CSV daily indexes', async () => {
    const outcome = await uploadSample(indexes);
    runs.set(indexes, outcome.importRunId);
    expect(outcome.format).toBe('enedis-portal');
    expect(outcome.status).toBe('succeeded');
    // 264 days × (EAS T, EAS F1, EAS D1).
    expect(outcome.counts).toEqual({ read: 792, stored: 792, unchanged: 0, updated: 0, rejected: 0 });

    const total = await registerOf(PRM, 'INDEX', 'P1D');
    const rows = await readingsOf(total);
    expect(rows).toHaveLength(264);
    // Line 4: 2021-01-24T00:00:00+01:00, EAS T = 15 521 318 Wh; line 103 in summer is also 23:00 UTC.
    expect(rows[0]).toEqual({ start: '2021-01-23T23:00:00.000Z', value: 15521.318, quality: 1 });
    expect(rows.find((row) => row.start === '2021-05-02T23:00:00.000Z')?.value).toBe(16280.857);
    expect(rows[263]?.value).toBe(17375.563);
    // Consumption of 24 January 2021: 15 526 573 − 15 521 318 Wh.
    expect((await dailyRollup(total, '2021-01-24'))?.quantity).toBeCloseTo(5.255, 9);
    expect(await readingsOf(await registerOf(PRM, 'INDEX', 'P1D', 'BASE'))).toHaveLength(264);
    const distributor = await readingsOf(await registerOf(PRM, 'INDEX', 'P1D', 'GRD-BASE'));
    expect(distributor[263]?.value).toBe(17375.563);
  });

  it('stores the autumn fixture in the same curve', async () => {
    const outcome = await uploadSample(autumn);
    runs.set(autumn, outcome.importRunId);
    expect(outcome.format).toBe('enedis-portal');
    // Five half-hours, an empty one, then two quarter-hours summed into one half-hour.
    expect(outcome.counts).toEqual({ read: 8, stored: 5 + 1 + 2 / 2, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.issues.map((issue) => issue.code)).toContain('steps-aggregated');
    const register = await registerOf(PRM, 'ENERGY', 'PT30M');
    const day = await readingsOf(register, '2023-10-28T22:00:00Z', '2023-10-29T23:00:00Z');
    expect(day.slice(0, 6)).toEqual([
      { start: '2023-10-28T23:00:00.000Z', value: 0.5, quality: 1 },
      { start: '2023-10-28T23:30:00.000Z', value: 0.6, quality: 1 },
      { start: '2023-10-29T00:00:00.000Z', value: 0.7, quality: 1 },
      { start: '2023-10-29T00:30:00.000Z', value: 0.8, quality: 1 },
      { start: '2023-10-29T01:00:00.000Z', value: 0.9, quality: 1 },
      { start: '2023-10-29T01:30:00.000Z', value: null, quality: 4 },
    ]);
    // 800 W and 1000 W over the quarter-hours ending 03:15 and 03:30+01:00: 0.2 + 0.25 kWh.
    expect(day).toHaveLength(7);
    expect(day[6]?.start).toBe('2023-10-29T02:00:00.000Z');
    expect(day[6]?.value).toBeCloseTo(0.2 + 0.25, 12);
    expect(day[6]?.quality).toBe(1);
    // 0.5 + 0.6 + 0.7 + 0.8 + 0.9 + (0.2 + 0.25) = 3.95 kWh over 6 of the 50 half-hours.
    const rollup = await dailyRollup(register, '2023-10-29');
    expect(rollup?.quantity).toBeCloseTo(0.5 + 0.6 + 0.7 + 0.8 + 0.9 + (0.2 + 0.25), 9);
    expect([rollup?.points_present, rollup?.points_estimated, rollup?.points_expected]).toEqual([6, 0, 50]);
  });

  it('stores the workbook load curve in kW', async () => {
    const outcome = await uploadSample(curveWorkbook);
    runs.set(curveWorkbook, outcome.importRunId);
    expect(outcome.format).toBe('enedis-portal');
    expect(outcome.status).toBe('succeeded');
    // Rows 17 to 351: 18/03 00:00 to 24/03 23:00, the last half-hour is absent.
    expect(outcome.counts).toEqual({ read: 335, stored: 335, unchanged: 0, updated: 0, rejected: 0 });

    // Same PRM as the M023 sample: the same 30-minute register.
    const register = await registerOf('98800000000003', 'ENERGY', 'PT30M');
    // Text cells of 18 March (rows 17 to 64), each a mean kW over 0.5 h.
    const kilowatts = [
      0.984, 1.386, 0.418, 0.456, 1.146, 0.6, 0.396, 1.116, 0.712, 0.694, 1.338, 0.692, 0.666, 1.29, 0.99,
      3.358, 3.944, 1.69, 0.74, 1.498, 0.928, 1.404, 0.584, 0.504, 1.39, 0.45, 0.56, 1.138, 0.652, 0.372,
      0.574, 1.136, 0.496, 0.706, 1.046, 0.368, 1.224, 0.866, 1.312, 0.704, 0.676, 0.644, 1.214, 1.358, 2.04,
      3.578, 3.562, 3.594,
    ];
    expect(sum(kilowatts) * 0.5).toBeCloseTo(28.597, 9);
    expect(await storedSum(register, '2024-03-17T23:00:00Z', '2024-03-18T23:00:00Z')).toBeCloseTo(28.597, 9);
    expect((await dailyRollup(register, '2024-03-18'))?.quantity).toBeCloseTo(28.597, 9);
    const last = await readingsOf(register, '2024-03-24T22:00:00Z', '2024-03-24T22:30:00Z');
    expect(last).toEqual([{ start: '2024-03-24T22:00:00.000Z', value: 1.858, quality: 1 }]);
  });

  it('stores the workbook daily energies', async () => {
    const outcome = await uploadSample(dailyWorkbook);
    runs.set(dailyWorkbook, outcome.importRunId);
    expect(outcome.format).toBe('enedis-portal');
    expect(outcome.counts).toEqual({ read: 7, stored: 7, unchanged: 0, updated: 0, rejected: 0 });
    const daily = await registerOf('98800000000003', 'ENERGY', 'P1D');
    const rows = await readingsOf(daily);
    expect(rows.map((row) => [row.start, row.value])).toEqual([
      ['2024-07-14T22:00:00.000Z', 25.247],
      ['2024-07-15T22:00:00.000Z', 23.72],
      ['2024-07-16T22:00:00.000Z', 33.967],
      ['2024-07-17T22:00:00.000Z', 20.943],
      ['2024-07-18T22:00:00.000Z', 34.168],
      ['2024-07-19T22:00:00.000Z', 41.348],
      ['2024-07-20T22:00:00.000Z', 35.111],
    ]);
    expect(sum(rows.map((row) => row.value ?? 0))).toBeCloseTo(214.504, 9);
  });

  it('skips the same bytes sent again', async () => {
    for (const [file, runId] of runs) await expectDuplicate(file, runId);
  });
});

describe('GRDF customer portal', () => {
  const informative = 'grdf/donnees_informatives_extract.json';
  const published = 'grdf/donnees_publiees.json';
  const workbook = 'grdf/export_grdf.xlsx';
  const dailyWorkbook = 'grdf/Donnees_informatives_PCE_DAILY.xlsx';
  /** The daily workbook has no PCE in its cell: this name carries one. */
  const dailyWorkbookName = 'Donnees_informatives_99000000000003_20201124_20211121.xlsx';
  const runs = new Map<string, { runId: string; fileName?: string }>();

  it('stores the informative days of the JSON', async () => {
    const outcome = await uploadSample(informative);
    runs.set(informative, { runId: outcome.importRunId });
    expect(outcome.format).toBe('grdf-portal');
    expect(outcome.status).toBe('succeeded');
    // 50 days × (volume, energy) and 49 daily coefficients (the day without data has none).
    expect(outcome.counts).toEqual({ read: 149, stored: 149, unchanged: 0, updated: 0, rejected: 0 });

    const pce = '99000000000001';
    const energy = await registerOf(pce, 'ENERGY', 'P1D');
    const volume = await registerOf(pce, 'VOLUME', 'P1D');
    expect(
      (await operatorRegisters(pce)).map((register) => [
        register.kind,
        register.unit,
        register.isConsumption,
      ]),
    ).toEqual([
      ['VOLUME', 'm3', false],
      ['ENERGY', 'kWh', true],
    ]);
    // "2019-11-30T06:00:00+00:00" is a gas day starting 06:00 Paris time, 05:00 UTC: 7 m³, 75 kWh.
    expect(await readingsOf(volume, '2019-11-30T05:00:00Z', '2019-11-30T05:00:01Z')).toEqual([
      { start: '2019-11-30T05:00:00.000Z', value: 7, quality: 1 },
    ]);
    expect(await storedSum(energy, '2019-11-30', '2019-12-10')).toBe(
      75 + 146 + 174 + 151 + 139 + 134 + 175 + 79 + 140 + 108,
    );
    expect(await storedSum(energy, '2021-07-22', '2021-08-31')).toBe(
      3 +
        18 +
        13 +
        15 +
        10 +
        18 +
        11 +
        16 +
        15 +
        13 +
        8 +
        21 +
        17 +
        17 +
        16 +
        18 +
        23 +
        3 +
        0 +
        0 +
        0 +
        0 +
        0 +
        19 +
        9,
    );
    // « Absence de Données » on 2021-08-10 is a gap; the next day is a measured zero.
    expect(await readingsOf(energy, '2021-08-10', '2021-08-12')).toEqual([
      { start: '2021-08-10T04:00:00.000Z', value: null, quality: 4 },
      { start: '2021-08-11T04:00:00.000Z', value: 0, quality: 1 },
    ]);
    expect((await dailyRollup(energy, '2019-11-30'))?.quantity).toBe(75);
    expect((await dailyRollup(volume, '2019-11-30'))?.quantity).toBe(7);
    const [item] = await buildingConsumption(pce, '2019-11-30', '2019-12-01');
    expect([item?.energy, item?.energyKWh, item?.pointsPresent, item?.pointsExpected]).toEqual([
      'gas',
      75,
      1,
      1,
    ]);

    const conversions = await conversionsOf(pce);
    expect(conversions).toHaveLength(49);
    expect(conversions.slice(0, 3)).toEqual([
      ['2019-11-30', '2019-11-30', 11.12],
      ['2019-12-01', '2019-12-01', 11.12],
      ['2019-12-02', '2019-12-02', 11.17],
    ]);
  });

  it('keeps the coefficients of the published periods', async () => {
    const outcome = await uploadSample(published);
    runs.set(published, { runId: outcome.importRunId });
    expect(outcome.format).toBe('grdf-portal');
    expect(outcome.status).toBe('succeeded');
    // 87 irregular periods: no reading, one coefficient each.
    expect(outcome.counts).toEqual({ read: 87, stored: 87, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'period-not-stored'],
    ]);
    const conversions = await conversionsOf('99000000000001');
    expect(conversions).toHaveLength(49 + 87);
    expect(conversions[0]).toEqual(['2017-10-10', '2018-04-08', 11.07]);
    expect(conversions.at(-1)).toEqual(['2022-11-01', '2022-11-02', 11.16]);
  });

  it('stores the export_grdf workbook', async () => {
    const outcome = await uploadSample(workbook);
    runs.set(workbook, { runId: outcome.importRunId });
    expect(outcome.format).toBe('grdf-portal');
    expect(outcome.status).toBe('succeeded');
    // 26 days × (volume, energy) and 26 coefficients.
    expect(outcome.counts).toEqual({ read: 78, stored: 78, unchanged: 0, updated: 0, rejected: 0 });

    const pce = '99000000000002';
    const energy = await registerOf(pce, 'ENERGY', 'P1D');
    const volume = await registerOf(pce, 'VOLUME', 'P1D');
    expect(await storedSum(energy, '2021-01-10', '2021-02-05')).toBe(
      105 +
        101 +
        75 +
        62 +
        66 +
        83 +
        77 +
        82 +
        103 +
        67 +
        52 +
        76 +
        80 +
        62 +
        82 +
        108 +
        108 +
        60 +
        47 +
        56 +
        39 +
        46 +
        50 +
        46 +
        51 +
        57,
    );
    expect(await storedSum(volume, '2021-01-01', '2021-03-01')).toBeCloseTo(
      9.2 +
        8.8 +
        6.57 +
        5.44 +
        5.79 +
        7.25 +
        6.7 +
        7.16 +
        9.03 +
        5.86 +
        4.51 +
        6.65 +
        7.03 +
        5.43 +
        7.17 +
        9.46 +
        9.42 +
        5.23 +
        4.13 +
        4.86 +
        3.45 +
        3.98 +
        4.41 +
        4.06 +
        4.48 +
        4.96,
      9,
    );
    expect((await readingsOf(volume))[0]).toEqual({
      start: '2021-01-10T05:00:00.000Z',
      value: 9.2,
      quality: 1,
    });
    const conversions = await conversionsOf(pce);
    expect(conversions).toHaveLength(26);
    expect(conversions.slice(3, 5)).toEqual([
      ['2021-01-13', '2021-01-13', 11.42781],
      ['2021-01-14', '2021-01-14', 11.44156],
    ]);
  });

  it('takes the PCE of the daily workbook from its name', async () => {
    const outcome = await uploadSample(dailyWorkbook, { fileName: dailyWorkbookName });
    runs.set(dailyWorkbook, { runId: outcome.importRunId, fileName: dailyWorkbookName });
    expect(outcome.format).toBe('grdf-portal');
    expect(outcome.status).toBe('succeeded');
    // Rows 10 to 372: 363 gas days × (volume, energy); no coefficient column is filled.
    expect(outcome.counts).toEqual({ read: 726, stored: 726, unchanged: 0, updated: 0, rejected: 0 });
    expect(outcome.issues.map((issue) => issue.code)).toEqual(['pce-from-file-name']);

    const pce = '99000000000003';
    const energy = await registerOf(pce, 'ENERGY', 'P1D');
    const volume = await registerOf(pce, 'VOLUME', 'P1D');
    expect((await readingsOf(energy))[0]).toEqual({
      start: '2020-11-24T05:00:00.000Z',
      value: 133,
      quality: 1,
    });
    // Rows 269, 362 and 367 are « Absence de Données » rows written as zeros: gaps.
    expect(
      (await readingsOf(energy)).filter((reading) => reading.quality === 4).map((reading) => reading.start),
    ).toEqual(['2021-08-10T04:00:00.000Z', '2021-11-11T05:00:00.000Z', '2021-11-16T05:00:00.000Z']);
    const decemberEnergy =
      113 +
      121 +
      131 +
      153 +
      137 +
      162 +
      163 +
      169 +
      162 +
      140 +
      104 +
      96 +
      150 +
      78 +
      75 +
      113 +
      103 +
      103 +
      73 +
      63 +
      70 +
      55 +
      62 +
      103 +
      145 +
      214 +
      116 +
      159 +
      156 +
      147 +
      172;
    const decemberVolume =
      10 +
      11 +
      12 +
      14 +
      12 +
      15 +
      15 +
      15 +
      15 +
      13 +
      9 +
      9 +
      14 +
      7 +
      7 +
      10 +
      9 +
      9 +
      7 +
      6 +
      6 +
      5 +
      6 +
      9 +
      13 +
      19 +
      11 +
      14 +
      14 +
      13 +
      16;
    expect(await storedSum(energy, '2020-12-01', '2021-01-01')).toBe(decemberEnergy);
    expect((await monthlyRollup(energy, '2020-12-01'))?.quantity).toBe(decemberEnergy);
    expect((await monthlyRollup(volume, '2020-12-01'))?.quantity).toBe(decemberVolume);
    // Gas days around the clock changes: 84 and 55 kWh in spring, 45 and 45 kWh in autumn.
    expect((await dailyRollup(energy, '2021-03-27'))?.quantity).toBe(84);
    expect((await dailyRollup(energy, '2021-03-28'))?.quantity).toBe(55);
    expect((await dailyRollup(energy, '2021-10-30'))?.quantity).toBe(45);
    expect((await dailyRollup(energy, '2021-10-31'))?.quantity).toBe(45);
  });

  // The PCE of a workbook without one can be given in the source settings, field « pce », as the
  // parser's own error message asks.
  it('keeps the PCE of a source', async () => {
    const created = await admin.request('POST', '/api/ingest/sources', {
      name: 'Export GRDF sans PCE',
      kind: 'upload',
      format: 'grdf-portal',
      mapping: { pce: '99000000000003' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((created.json() as { mapping: unknown }).mapping).toEqual({ pce: '99000000000003' });
  });

  it('skips the same bytes sent again', async () => {
    for (const [file, { runId, fileName }] of runs) await expectDuplicate(file, runId, { fileName });
  });
});

describe('GRDF ADICT', () => {
  const informative = 'grdf/fixtures/adict_informatives_with_error.ndjson';
  const published = 'grdf/fixtures/adict_publiees.ndjson';
  const staging = 'grdf/fixtures/adict_staging_concatenated.ndjson';
  const array = 'grdf/fixtures/adict_array.json';
  const contract = 'grdf/fixtures/adict_contract_and_access.ndjson';
  const runs = new Map<string, string>();

  it('stores the days around a broken line', async () => {
    const outcome = await uploadSample(informative);
    runs.set(informative, outcome.importRunId);
    expect(outcome.format).toBe('grdf-adict');
    expect(outcome.status).toBe('partial');
    // 12 readings, 5 coefficients and the broken line 4.
    expect(outcome.counts).toEqual({ read: 18, stored: 17, unchanged: 0, updated: 0, rejected: 1 });
    expect(outcome.issues.map((issue) => [issue.code, issue.line])).toEqual([['invalid-json', 4]]);

    const pce = '23000000000000';
    const energy = await registerOf(pce, 'ENERGY', 'P1D');
    const volume = await registerOf(pce, 'VOLUME', 'P1D');
    expect(await readingsOf(energy)).toEqual([
      // 14 January 2021: the gas day starts at 06:00+01:00 = 05:00 UTC.
      { start: '2021-01-14T05:00:00.000Z', value: 136, quality: 1 },
      // 27 March 2021 runs 23 hours and still counts as one day.
      { start: '2021-03-27T05:00:00.000Z', value: 57, quality: 1 },
      { start: '2021-03-28T04:00:00.000Z', value: 45, quality: 1 },
      // 16 August 2021: 06:00+02:00 = 04:00 UTC.
      { start: '2021-08-16T04:00:00.000Z', value: 11, quality: 1 },
      // « Absence de Données »: a gap, not a zero.
      { start: '2021-08-17T04:00:00.000Z', value: null, quality: 4 },
    ]);
    expect((await readingsOf(volume)).map((reading) => reading.value)).toEqual([12, 5, 4, 1, null]);
    expect(await storedSum(energy, '2021-01-01', '2022-01-01')).toBe(136 + 57 + 45 + 11);
    expect((await dailyRollup(energy, '2021-01-14'))?.quantity).toBe(136);
    const [item] = await buildingConsumption(pce, '2021-01-14', '2021-01-15');
    expect([item?.energy, item?.energyKWh]).toEqual(['gas', 136]);

    expect(await readingsOf(await registerOf('GI999055', 'ENERGY', 'P1D'))).toEqual([
      { start: '2021-08-16T04:00:00.000Z', value: 335, quality: 2 },
    ]);
    expect(await conversionsOf(pce)).toEqual([
      ['2021-01-14', '2021-01-14', 11.31],
      ['2021-03-27', '2021-03-27', 11.35],
      ['2021-03-28', '2021-03-28', 11.35],
      ['2021-08-16', '2021-08-16', 11.16],
    ]);
  });

  it('stores whole published months and single days', async () => {
    const outcome = await uploadSample(published);
    runs.set(published, outcome.importRunId);
    expect(outcome.format).toBe('grdf-adict');
    expect(outcome.status).toBe('partial');
    // 6 readings, 4 coefficients and the restitution error of 09999999932770.
    expect(outcome.counts).toEqual({ read: 11, stored: 10, unchanged: 0, updated: 0, rejected: 1 });

    const monthly = await registerOf('09999999900617', 'ENERGY', 'P1M');
    expect(await readingsOf(monthly)).toEqual([
      { start: '2021-02-01T05:00:00.000Z', value: 2810, quality: 1 },
      { start: '2021-03-01T05:00:00.000Z', value: 2021, quality: 1 },
    ]);
    expect((await monthlyRollup(monthly, '2021-02-01'))?.quantity).toBe(2810);
    expect((await monthlyRollup(monthly, '2021-03-01'))?.quantity).toBe(2021);
    const monthlyVolume = await registerOf('09999999900617', 'VOLUME', 'P1M');
    expect((await readingsOf(monthlyVolume)).map((reading) => reading.value)).toEqual([250, 180]);
    expect(await readingsOf(await registerOf('GI999159', 'ENERGY', 'P1D'))).toEqual([
      { start: '2023-07-01T04:00:00.000Z', value: 9069, quality: 1 },
    ]);
    expect(await conversionsOf('09999999900617')).toEqual([
      ['2021-02-01', '2021-02-28', 11.24],
      ['2021-03-01', '2021-03-31', 11.23],
      ['2021-04-01', '2021-04-22', 11.22],
    ]);
    expect(await operatorRegisters('09999999932770')).toEqual([]);
  });

  it('reads the objects around a malformed one', async () => {
    const outcome = await uploadSample(staging);
    runs.set(staging, outcome.importRunId);
    expect(outcome.format).toBe('grdf-adict');
    expect(outcome.status).toBe('partial');
    // Three days × (volume, energy), three coefficients, one object spanning lines 101 to 151.
    expect(outcome.counts).toEqual({ read: 10, stored: 9, unchanged: 0, updated: 0, rejected: 1 });
    const energy = await registerOf('09999999975102', 'ENERGY', 'P1D');
    expect((await readingsOf(energy)).map((reading) => [reading.start, reading.value])).toEqual([
      ['2023-02-26T05:00:00.000Z', 103],
      ['2023-02-27T05:00:00.000Z', 91],
      ['2023-03-01T05:00:00.000Z', 114],
    ]);
  });

  it('stores the days of a JSON array', async () => {
    const outcome = await uploadSample(array);
    runs.set(array, outcome.importRunId);
    expect(outcome.format).toBe('grdf-adict');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 6, stored: 6, unchanged: 0, updated: 0, rejected: 0 });
    const energy = await registerOf('23000000000000', 'ENERGY', 'P1D');
    expect(await readingsOf(energy, '2021-12-31', '2022-01-02')).toEqual([
      { start: '2021-12-31T05:00:00.000Z', value: 170, quality: 1 },
      { start: '2022-01-01T05:00:00.000Z', value: 159, quality: 1 },
    ]);
    expect((await dailyRollup(energy, '2022-01-01'))?.quantity).toBe(159);
  });

  it('sets the gas segment from the contract answer', async () => {
    const outcome = await uploadSample(contract);
    runs.set(contract, outcome.importRunId);
    expect(outcome.format).toBe('grdf-adict');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toEqual({ read: 1, stored: 0, unchanged: 0, updated: 1, rejected: 0 });
    const response = await admin.request(
      'GET',
      `/api/delivery-points/${pointOf('23000000000000').deliveryPointId}`,
    );
    expect((response.json() as { segment: string | null }).segment).toBe('T2');
    const detail = await admin.request('GET', `/api/import-runs/${outcome.importRunId}`);
    expect(detail.body).not.toContain('titulaire@example.com');
  });

  it('skips the same bytes sent again', async () => {
    for (const [file, runId] of runs) await expectDuplicate(file, runId);
  });
});
