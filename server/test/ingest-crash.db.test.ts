import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markInterruptedRuns } from '../src/ingest/pipeline.js';
import { CLI_PATH, runCli } from './cli-process.js';
import { createTestDatabase } from './database.js';
import { createMeter } from './metering-fixture.js';

const METERS = 60;
const ROWS = 31 * 144;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let folder: string;
let exportFile: string;
let mappingFile: string;
let env: NodeJS.ProcessEnv;

async function count(table: 'readings' | 'readings_daily'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

beforeAll(async () => {
  database = await createTestDatabase();
  env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-crash-'));

  const { meterId } = await createMeter(database.db);
  const columns: string[] = [];
  for (let index = 1; index <= METERS; index++) {
    const code = `CRASH${String(index).padStart(3, '0')}`;
    columns.push(code);
    await database.db
      .insertInto('registers')
      .values({
        meter_id: meterId,
        kind: 'ENERGY',
        unit: 'kWh',
        step: 'PT10M',
        name: code,
        external_id: code,
      })
      .execute();
  }
  // January 2024 in UTC, interval starts, one value per meter and 10 minutes.
  const lines = [`Horodatage;${columns.join(';')}`];
  const start = Date.UTC(2024, 0, 1);
  for (let row = 0; row < ROWS; row++) {
    const stamp = new Date(start + row * 600_000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`${stamp};${columns.map((_, index) => `${(row % 97) + index},5`).join(';')}`);
  }
  exportFile = path.join(folder, 'gtb-janvier.csv');
  await fs.writeFile(exportFile, `${lines.join('\n')}\n`);
  mappingFile = path.join(folder, 'mapping.json');
  await fs.writeFile(
    mappingFile,
    JSON.stringify({
      layout: 'wide',
      timestamp: { column: 'Horodatage' },
      timeZone: 'UTC',
      timestampMeaning: 'start',
      stepMinutes: 10,
      dateOrder: 'ymd',
      points: columns.map((code) => ({ source: code, externalId: code, measure: 'ENERGY', unit: 'kWh' })),
    }),
  );
});

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

describe('import killed mid-way', () => {
  it('leaves no readings, then imports in full on the next delivery', async () => {
    const child = spawn(
      process.execPath,
      [CLI_PATH, 'import', exportFile, '--format', 'bms-csv', '--mapping', mappingFile],
      {
        env,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

    // Wait until the import's transaction is writing readings, then kill the process outright.
    const deadline = Date.now() + 60_000;
    let writing = false;
    while (!writing && Date.now() < deadline) {
      // The run row is committed before parsing; the migration at start also holds a transaction.
      const activity = await database.pool.query<{ count: string }>(
        `select count(*) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null
           and exists (select 1 from import_runs where status = 'running')`,
      );
      writing = Number(activity.rows[0]?.count) > 0;
      if (!writing) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(writing).toBe(true);
    child.kill('SIGKILL');
    await exited;

    // PostgreSQL rolls back the open transaction of the dead connection.
    await expect
      .poll(
        async () => {
          const activity = await database.pool.query<{ count: string }>(
            `select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`,
          );
          return Number(activity.rows[0]?.count);
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(await count('readings')).toBe(0);
    expect(await count('readings_daily')).toBe(0);

    const run = await database.db
      .selectFrom('import_runs')
      .select(['id', 'status'])
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('running');
    expect(await markInterruptedRuns(database)).toBe(1);
    const marked = await database.db
      .selectFrom('import_runs')
      .select('status')
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(marked.status).toBe('interrupted');

    // The same bytes again: an interrupted run does not count as imported.
    const again = await runCli(
      ['import', exportFile, '--format', 'bms-csv', '--mapping', mappingFile, '--json'],
      { env, timeoutMs: 120_000 },
    );
    expect(again.code, again.stderr).toBe(0);
    const outcome = JSON.parse(again.stdout) as { duplicate: boolean; counts: { stored: number } };
    expect(outcome.duplicate).toBe(false);
    expect(outcome.counts.stored).toBe(METERS * ROWS);
    expect(await count('readings')).toBe(METERS * ROWS);
    // UTC January runs from 1 January 01:00 to 1 February 00:50 in Paris (CET): 32 Paris days.
    expect(await count('readings_daily')).toBe(METERS * 32);
  });
});
