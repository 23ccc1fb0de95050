import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { startEmbeddedDatabase } from './embedded.js';
import type { Schema } from './schema.js';

// bigint ids arrive as strings (exact), which the API passes through unchanged.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);
// Calendar dates stay `YYYY-MM-DD` strings: a Date would shift them by the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Db = Kysely<Schema>;

/** An open connection pool, the typed query builder over it, and how to close both. */
export interface Database {
  db: Db;
  pool: pg.Pool;
  kind: 'embedded' | 'external';
  close(): Promise<void>;
}

export const MIN_POSTGRES_MAJOR = 15;

/** Connects to `databaseUrl`, or starts the embedded server under `dataDir` when it is null. */
export async function openDatabase(options: {
  databaseUrl: string | null;
  dataDir: string;
  logger: Logger;
  maxConnections?: number;
}): Promise<Database> {
  const { logger } = options;
  const embedded = options.databaseUrl ? null : await startEmbeddedDatabase(options.dataDir, logger);
  const connectionString = options.databaseUrl ?? embedded?.url;
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    application_name: 'openfluides',
  });
  pool.on('error', (error) => logger.error({ err: error }, 'idle postgres connection failed'));

  try {
    await checkServerVersion(pool);
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }

  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    kind: embedded ? 'embedded' : 'external',
    close: async () => {
      await db.destroy();
      // Kysely ends the pool only if it ran a query itself; raw pool users (migrations) need this.
      if (!pool.ended) await pool.end();
      await embedded?.stop();
    },
  };
}

async function checkServerVersion(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ server_version_num: string }>('show server_version_num');
  const major = Math.floor(Number(rows[0]?.server_version_num) / 10_000);
  if (major < MIN_POSTGRES_MAJOR) {
    throw new Error(
      `PostgreSQL ${major} is not supported; OpenFluides needs PostgreSQL ${MIN_POSTGRES_MAJOR} or later.`,
    );
  }
}
