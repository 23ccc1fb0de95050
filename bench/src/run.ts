// Benchmarks of the foundation, run by `npm run bench`: cold and warm start of the platform on the
// embedded PostgreSQL, and server time of the scoped building list for an estate of university size.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { hashPassword } from '../../server/src/access/password.js';
import { openDatabase } from '../../server/src/db/database.js';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { findFreePort, startServe, waitForExit } from '../../server/test/cli-process.js';
import { runAnalysisBenchmark } from './analysis.js';
import { runIngestBenchmark } from './ingest.js';
import { runOperatorParsersBenchmark } from './operator-parsers.js';
import { runReadingsBenchmark } from './readings.js';

const COLD_START_TARGET_MS = 60_000;
const LIST_P95_TARGET_MS = 100;
const SITES = 10;
const BUILDINGS_PER_SITE = 18;
const UNITS = 30;
const REQUESTS = 300;

function percentile(sortedValues: number[], fraction: number): number {
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[index] ?? Number.NaN;
}

async function timeStart(
  env: NodeJS.ProcessEnv,
): Promise<{ durationMs: number; port: number; stop: () => Promise<void> }> {
  const port = await findFreePort();
  const startedAt = performance.now();
  const child = await startServe(['--demo'], env, port);
  const durationMs = performance.now() - startedAt;
  return {
    durationMs,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await waitForExit(child);
    },
  };
}

async function seedEstate(dataDir: string): Promise<void> {
  const logger = pino({ level: 'warn' });
  const database = await openDatabase({ databaseUrl: null, dataDir, logger, maxConnections: 2 });
  const { db } = database;
  const passwordHash = await hashPassword('mot-de-passe-de-bench');
  const user = await db
    .insertInto('users')
    .values({ email: 'bench@univ.fr', display_name: 'Bench', password_hash: passwordHash })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unitIds: string[] = [];
  for (let unit = 0; unit < UNITS; unit += 1) {
    const row = await db
      .insertInto('functional_units')
      .values({ code: `U${unit}`, name: `Composante ${unit}`, kind: 'faculty' })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds.push(row.id);
  }
  for (let site = 0; site < SITES; site += 1) {
    const siteRow = await db
      .insertInto('sites')
      .values({ code: `S${site}`, name: `Site ${site}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let building = 0; building < BUILDINGS_PER_SITE; building += 1) {
      const buildingRow = await db
        .insertInto('buildings')
        .values({
          site_id: siteRow.id,
          code: `S${site}-B${building}`,
          name: `Bâtiment ${site}.${building}`,
          floor_area_m2: 1000 + building,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('building_unit_shares')
        .values({
          building_id: buildingRow.id,
          unit_id: unitIds[(site * BUILDINGS_PER_SITE + building) % UNITS] ?? '',
          share: 1,
        })
        .execute();
    }
  }
  // The bench user reads the whole estate but only three units: the hardest filter.
  await db
    .insertInto('grants')
    .values(
      unitIds
        .slice(0, 3)
        .map((unitId) => ({ user_id: user.id, level: 1, unit_id: unitId, features: ['estate'] })),
    )
    .execute();
  await database.close();
}

async function measureList(
  port: number,
  email: string,
  password: string,
): Promise<{ p50: number; p95: number; count: number }> {
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const durations: number[] = [];
  let count = 0;
  for (let request = 0; request < REQUESTS; request += 1) {
    const startedAt = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/buildings?limit=500`, { headers: { cookie } });
    const body = (await response.json()) as { total: number };
    durations.push(performance.now() - startedAt);
    count = body.total;
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95), count };
}

async function runFoundationBenchmark(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-bench-'));
  await fs.chmod(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, OPENFLUIDES_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  try {
    const cold = await timeStart(env);
    await cold.stop();
    const warm = await timeStart(env);
    await seedEstate(dataDir);

    const admin = await measureList(warm.port, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const scoped = await measureList(warm.port, 'bench@univ.fr', 'mot-de-passe-de-bench');
    await warm.stop();

    const rows = [
      [
        'cold start (initdb, migrations, demo seed) to /api/health',
        `${(cold.durationMs / 1000).toFixed(1)} s`,
        `target < ${COLD_START_TARGET_MS / 1000} s`,
        `ratio ${(cold.durationMs / COLD_START_TARGET_MS).toFixed(2)}`,
      ],
      ['warm start to /api/health', `${(warm.durationMs / 1000).toFixed(1)} s`, '', ''],
      [
        `GET /api/buildings, administrator (${admin.count} buildings), p50 / p95`,
        `${admin.p50.toFixed(1)} / ${admin.p95.toFixed(1)} ms`,
        `target p95 < ${LIST_P95_TARGET_MS} ms`,
        `ratio ${(admin.p95 / LIST_P95_TARGET_MS).toFixed(2)}`,
      ],
      [
        `GET /api/buildings, 3-unit scope (${scoped.count} buildings), p50 / p95`,
        `${scoped.p50.toFixed(1)} / ${scoped.p95.toFixed(1)} ms`,
        `target p95 < ${LIST_P95_TARGET_MS} ms`,
        `ratio ${(scoped.p95 / LIST_P95_TARGET_MS).toFixed(2)}`,
      ],
    ];
    process.stdout.write(
      `\nOpenFluides foundation benchmark (${os.cpus().length} cores, ${SITES * BUILDINGS_PER_SITE} buildings, ${REQUESTS} sequential requests over loopback)\n`,
    );
    for (const row of rows)
      process.stdout.write(
        `  ${row[0]?.padEnd(72)} ${row[1]?.padStart(18)}  ${row[2]?.padEnd(22)} ${row[3]}\n`,
      );
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** `npm run bench` runs every benchmark; `npm run bench -- readings` runs one by name. */
async function main(): Promise<void> {
  const selected = process.argv.slice(2);
  const wants = (name: string) => selected.length === 0 || selected.includes(name);
  if (wants('foundation')) await runFoundationBenchmark();
  if (wants('readings')) {
    const lines = await runReadingsBenchmark();
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
  if (wants('ingest')) {
    const lines = await runIngestBenchmark();
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
  if (wants('analysis')) {
    const lines = await runAnalysisBenchmark();
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
  if (wants('parsers')) {
    const lines = await runOperatorParsersBenchmark();
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}

await main();
