// Consumption analysis benchmark. It loads the synthetic estate (`openfluides demo --synthetic`)
// into a new embedded PostgreSQL and starts the real server on it. Through the HTTP API it then
// times the multi-site monthly view of the whole estate over 5 years and a year of one 10-minute
// register.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openDatabase } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';
import { loadSyntheticEstate } from '../../server/src/demo/synthetic.js';
import { ingestReadings, type ReadingRow } from '../../server/src/metering/readings-store.js';
import { findFreePort, startServe, waitForExit } from '../../server/test/cli-process.js';

const SEED = 20_261_204;
const ADMIN = { email: 'bench.analyse@univ.fr', password: 'mot-de-passe-de-bench-analyse' };
const ESTATE_VIEW_TARGET_MS = 100;
const REGISTER_YEAR_TARGET_MS = 300;
const ESTATE_VIEW_RUNS = 30;
const REGISTER_YEAR_RUNS = 20;
const FIVE_YEARS = { from: '2020-01-01', to: '2025-01-01' };

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

interface Session {
  port: number;
  cookie: string;
  csrfToken: string;
}

async function signIn(port: number): Promise<Session> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`Bench login failed with ${response.status}: ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { port, cookie, csrfToken };
}

async function postSeries(session: Session, body: unknown): Promise<{ text: string; status: number }> {
  const response = await fetch(`http://127.0.0.1:${session.port}/api/analysis/series`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
    },
    body: JSON.stringify(body),
  });
  return { text: await response.text(), status: response.status };
}

/**
 * Times sequential requests after three warm-up requests, from sending the request to the last
 * byte of the body (the client does not parse the JSON inside the timing).
 */
async function timeRequests(
  session: Session,
  body: unknown,
  runs: number,
): Promise<{ p50: number; p95: number; bytes: number; points: number }> {
  const warmUp = await postSeries(session, body);
  if (warmUp.status !== 200) throw new Error(`Series request failed with ${warmUp.status}: ${warmUp.text}`);
  await postSeries(session, body);
  await postSeries(session, body);
  const parsed = JSON.parse(warmUp.text) as { series: { points: unknown[] }[] };
  const durations: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const startedAt = performance.now();
    await postSeries(session, body);
    durations.push(performance.now() - startedAt);
  }
  return {
    p50: percentile(durations, 0.5),
    p95: percentile(durations, 0.95),
    bytes: warmUp.text.length,
    points: parsed.series.reduce((sum, series) => sum + series.points.length, 0),
  };
}

/**
 * Copies the 2022–2023 daily values of every delivery point two years back (2020–2021), through the
 * import path with its rollups, so the 5-year view reads 5 years of data.
 */
async function addTwoEarlierYears(dataDir: string): Promise<number> {
  const logger = pino({ level: 'warn' });
  const database = await openDatabase({ databaseUrl: null, dataDir, logger, maxConnections: 2 });
  try {
    const { rows } = await database.pool.query<{ register_id: string; interval_start: Date; value: number }>(`
      select r.register_id::text as register_id, r.interval_start - interval '2 years' as interval_start, r.value
      from readings r join registers reg on reg.id = r.register_id
      where reg.step = 'P1D' and r.interval_start >= '2021-12-31T23:00:00Z' and r.interval_start < '2023-12-31T23:00:00Z'`);
    const client = await database.pool.connect();
    try {
      const readings: ReadingRow[] = rows.map((row) => ({
        registerId: row.register_id,
        intervalStart: row.interval_start,
        value: row.value,
        quality: 'measured',
      }));
      await client.query('select ensure_readings_partitions(2020, 2021)');
      await ingestReadings(client, null, readings);
      await client.query('analyze');
    } finally {
      client.release();
    }
    return rows.length;
  } finally {
    await database.close();
  }
}

function row(label: string, figures: { p50: number; p95: number }, targetMs: number): string {
  return `  ${label.padEnd(70)} p50 ${figures.p50.toFixed(1).padStart(6)} ms, p95 ${figures.p95.toFixed(1).padStart(6)} ms   (target p95 < ${targetMs} ms, ratio ${(figures.p95 / targetMs).toFixed(2)})`;
}

export async function runAnalysisBenchmark(): Promise<string[]> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-bench-analysis-'));
  await fs.chmod(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENFLUIDES_DATA_DIR: dataDir,
    OPENFLUIDES_ADMIN_EMAIL: ADMIN.email,
    OPENFLUIDES_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const lines: string[] = [];
  try {
    const logger = pino({ level: 'warn' });
    const loadStart = performance.now();
    const database = await openDatabase({ databaseUrl: null, dataDir, logger, maxConnections: 4 });
    let loaded: { buildings: number; readingsStored: number };
    try {
      await migrate(database.pool, logger);
      loaded = await loadSyntheticEstate(database, SEED);
      await database.pool.query('analyze');
    } finally {
      await database.close();
    }
    const loadMs = performance.now() - loadStart;

    const measure = async () => {
      const port = await findFreePort();
      const server = await startServe([], env, port);
      try {
        const session = await signIn(port);
        const estateBySite = await timeRequests(
          session,
          { ...FIVE_YEARS, step: 'P1M', unit: 'kWh', breakdown: 'site' },
          ESTATE_VIEW_RUNS,
        );
        const estateByBuilding = await timeRequests(
          session,
          { ...FIVE_YEARS, step: 'P1M', unit: 'kWh', breakdown: 'building' },
          ESTATE_VIEW_RUNS,
        );
        const options = await fetch(
          `http://127.0.0.1:${port}/api/analysis/perimeter/options?search=SYN-SUB-1&limit=1`,
          {
            headers: { cookie: session.cookie },
          },
        );
        const meterId = ((await options.json()) as { meters: { id: string }[] }).meters[0]?.id;
        if (!meterId) throw new Error('No synthetic sub-meter SYN-SUB-1 found');
        const year = {
          perimeter: { meterIds: [meterId] },
          from: '2024-01-01',
          to: '2025-01-01',
          step: 'PT10M',
        };
        const registerYear = await timeRequests(session, year, REGISTER_YEAR_RUNS);
        const registerYearDownsampled = await timeRequests(
          session,
          { ...year, maxPoints: 2000 },
          REGISTER_YEAR_RUNS,
        );
        return { estateBySite, estateByBuilding, registerYear, registerYearDownsampled };
      } finally {
        server.kill('SIGTERM');
        await waitForExit(server);
      }
    };

    const asLoaded = await measure();
    const copied = await addTwoEarlierYears(dataDir);
    const fiveYears = await measure();

    lines.push(
      `Consumption analysis through the HTTP API (synthetic estate: ${loaded.buildings} buildings, ${loaded.readingsStored.toLocaleString('en')} readings, loaded in ${(loadMs / 1000).toFixed(0)} s; sequential requests over loopback, timed to the last byte)`,
      '  The synthetic estate holds 3 years, not 5: daily delivery-point values for 2022–2024 and 10-minute sub-meters for 2024.',
      '  Whole estate, 2020–2024 monthly (5 years asked, 3 with data):',
      row(
        `  by site (6 series × 60 months, ${asLoaded.estateBySite.bytes.toLocaleString('en')} bytes)`,
        asLoaded.estateBySite,
        ESTATE_VIEW_TARGET_MS,
      ),
      row(
        `  by building (${asLoaded.estateByBuilding.points.toLocaleString('en')} points)`,
        asLoaded.estateByBuilding,
        ESTATE_VIEW_TARGET_MS,
      ),
      `  After copying 2022–2023 delivery-point values to 2020–2021 (${copied.toLocaleString('en')} readings), 5 years with data:`,
      row('  by site', fiveYears.estateBySite, ESTATE_VIEW_TARGET_MS),
      row('  by building', fiveYears.estateByBuilding, ESTATE_VIEW_TARGET_MS),
      '  One 10-minute register, 2024:',
      row(
        `  every point (${fiveYears.registerYear.points.toLocaleString('en')} points, ${(fiveYears.registerYear.bytes / 1_048_576).toFixed(1)} MB)`,
        fiveYears.registerYear,
        REGISTER_YEAR_TARGET_MS,
      ),
      row(
        `  maxPoints 2000 (${fiveYears.registerYearDownsampled.points.toLocaleString('en')} points with min and max)`,
        fiveYears.registerYearDownsampled,
        REGISTER_YEAR_TARGET_MS,
      ),
    );
    return lines;
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
