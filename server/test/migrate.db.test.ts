import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../src/db/migrate.js';
import { createTestDatabase, testLogger } from './database.js';

// These tests run on an empty database of their own, not on the migrated template.
let emptyUrl: string;
let folder: string;

beforeAll(async () => {
  const database = await createTestDatabase();
  emptyUrl = database.url;
  // Empty the clone so the migrations below start from nothing.
  await database.pool.query('drop schema public cascade; create schema public;');
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-migrations-'));
  await fs.writeFile(path.join(folder, '0001_first.sql'), 'create table first_table (id int);');
  await fs.writeFile(
    path.join(folder, '0002_second.sql'),
    'insert into first_table values (1); select pg_sleep(0.2);',
  );
});

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

async function withPool<T>(work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: emptyUrl, max: 2 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

describe('migrate', () => {
  it('applies each migration once when two processes start together', async () => {
    const [first, second] = await Promise.all([
      withPool((pool) => migrate(pool, testLogger, folder)),
      withPool((pool) => migrate(pool, testLogger, folder)),
    ]);
    const appliedTotal = first.applied.length + second.applied.length;
    expect(appliedTotal).toBe(2);
    const rows = await withPool((pool) => pool.query('select count(*)::int as count from first_table'));
    expect(rows.rows[0].count).toBe(1);
  });

  it('does nothing on a second run', async () => {
    const result = await withPool((pool) => migrate(pool, testLogger, folder));
    expect(result).toEqual({ applied: [], alreadyApplied: 2 });
  });

  it('refuses to start when an applied migration changed', async () => {
    await fs.writeFile(path.join(folder, '0002_second.sql'), 'insert into first_table values (2);');
    await expect(withPool((pool) => migrate(pool, testLogger, folder))).rejects.toThrow(
      'Migration 2 (second) was changed after it was applied (checksum mismatch)',
    );
  });

  it('refuses a database migrated by a newer version', async () => {
    const olderFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-migrations-'));
    await fs.writeFile(path.join(olderFolder, '0001_first.sql'), 'create table first_table (id int);');
    await expect(withPool((pool) => migrate(pool, testLogger, olderFolder))).rejects.toThrow(
      'The database has migration 2 (second) that this version of OpenFluides does not know',
    );
    await fs.rm(olderFolder, { recursive: true, force: true });
  });

  it('rolls back a failing migration entirely', async () => {
    const brokenFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-migrations-'));
    await fs.writeFile(
      path.join(brokenFolder, '0001_broken.sql'),
      'create table half_done (id int); select * from missing_table;',
    );
    const freshDatabase = await createTestDatabase();
    await freshDatabase.pool.query('drop schema public cascade; create schema public;');
    await expect(migrate(freshDatabase.pool, testLogger, brokenFolder)).rejects.toThrow(
      'Migration 1 (broken) failed',
    );
    const table = await freshDatabase.pool.query("select to_regclass('half_done') as name");
    expect(table.rows[0].name).toBeNull();
    await fs.rm(brokenFolder, { recursive: true, force: true });
  });
});

describe('readMigrations', () => {
  it('reads the shipped migrations in order without gaps', async () => {
    const migrations = await readMigrations(MIGRATIONS_DIR);
    expect(migrations[0]?.name).toBe('foundation');
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('rejects a gap in versions', async () => {
    const gapFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-migrations-'));
    await fs.writeFile(path.join(gapFolder, '0001_a.sql'), 'select 1;');
    await fs.writeFile(path.join(gapFolder, '0003_c.sql'), 'select 1;');
    await expect(readMigrations(gapFolder)).rejects.toThrow('Migration 0003_c.sql has version 3; expected 2');
    await fs.rm(gapFolder, { recursive: true, force: true });
  });
});
