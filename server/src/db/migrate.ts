import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';

export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

/** Advisory lock key that serialises migrations between processes sharing one database. */
const MIGRATION_LOCK_KEY = 4_172_019_113;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/** Reads `NNNN_name.sql` files in version order and rejects gaps or duplicate versions. */
export async function readMigrations(folder = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(folder)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file ${file} must be named NNNN_lowercase_name.sql`);
    const version = Number(match[1]);
    const expectedVersion = migrations.length + 1;
    if (version !== expectedVersion) {
      throw new Error(
        `Migration ${file} has version ${version}; expected ${expectedVersion} (no gaps or duplicates)`,
      );
    }
    const sql = await fs.readFile(path.join(folder, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version, name: match[2] ?? file, sql, checksum });
  }
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock so that
 * two processes starting together apply each migration once. Throws when an applied migration's
 * file changed since, because the database would no longer match the code.
 */
export async function migrate(
  pool: pg.Pool,
  logger: Logger,
  folder = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const migrations = await readMigrations(folder);
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations order by version',
    );
    const appliedByVersion = new Map(rows.map((row) => [row.version, row]));

    for (const row of rows) {
      const migration = migrations.find((candidate) => candidate.version === row.version);
      if (!migration) {
        throw new Error(
          `The database has migration ${row.version} (${row.name}) that this version of OpenFluides does not know. ` +
            'Run the newer version of OpenFluides, or restore a backup taken before that migration.',
        );
      }
      if (migration.checksum !== row.checksum) {
        throw new Error(
          `Migration ${row.version} (${row.name}) was changed after it was applied (checksum mismatch). ` +
            'Restore the original migration file and add the change as a new migration.',
        );
      }
    }

    const applied: string[] = [];
    for (const migration of migrations) {
      if (appliedByVersion.has(migration.version)) continue;
      const startedAt = performance.now();
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(
          `Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      const durationMs = Math.round(performance.now() - startedAt);
      logger.info({ version: migration.version, name: migration.name, durationMs }, 'migration applied');
      applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
    }
    return { applied, alreadyApplied: appliedByVersion.size };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
