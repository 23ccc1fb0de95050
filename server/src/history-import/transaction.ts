import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../db/database.js';
import type { Schema } from '../db/schema.js';

/** One pooled connection inside an open transaction, as a query builder and as a raw client. */
export interface ImportConnection {
  db: Db;
  client: pg.PoolClient;
}

/**
 * Returns the same client with some methods replaced. The other methods keep the client as
 * `this`, and the client keeps its own state, so the proxy and the client work side by side.
 */
function withMethods(
  client: pg.PoolClient,
  methods: Partial<Record<'query' | 'release', (...args: unknown[]) => unknown>>,
): pg.PoolClient {
  return new Proxy(client, {
    get(target, property) {
      const replacement = methods[property as keyof typeof methods];
      if (replacement) return replacement;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Creates a query builder whose every query runs on `client`, inside the client's transaction. */
function queryBuilderOn(client: pg.PoolClient): Db {
  // The pool owns the client and the transaction helper releases it once, so Kysely must not.
  const connection = withMethods(client, { release: () => {} });
  return new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => connection,
        end: async () => {},
      },
    }),
  });
}

/**
 * Runs `work` in one transaction on one pooled connection, then commits it, or rolls it back when
 * `commit` is false (a preview) or `work` throws.
 */
export async function withImportTransaction<T>(
  pool: pg.Pool,
  commit: boolean,
  work: (connection: ImportConnection) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      const result = await work({ db: queryBuilderOn(client), client });
      await client.query(commit ? 'commit' : 'rollback');
      return result;
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * Runs `work` inside a savepoint: when it throws, only its own statements are undone and the
 * surrounding transaction goes on.
 */
export async function inSavepoint<T>(db: Db, work: () => Promise<T>): Promise<T> {
  await sql`savepoint history_import_row`.execute(db);
  try {
    const result = await work();
    await sql`release savepoint history_import_row`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint history_import_row`.execute(db);
    await sql`release savepoint history_import_row`.execute(db);
    throw error;
  }
}

const SAVEPOINT_STATEMENTS: Record<string, string> = {
  begin: 'savepoint ingest_readings',
  commit: 'release savepoint ingest_readings',
  rollback: 'rollback to savepoint ingest_readings',
};

/**
 * Wraps a client already inside a transaction for `ingestReadings`, which opens and closes a
 * transaction of its own: its `begin`, `commit` and `rollback` become a savepoint, so the readings
 * are stored, or previewed, in the import's single transaction.
 */
export function savepointClient(client: pg.PoolClient): pg.PoolClient {
  return withMethods(client, {
    query: (...args: unknown[]) => {
      const [statement] = args;
      const replacement =
        typeof statement === 'string' ? SAVEPOINT_STATEMENTS[statement.trim().toLowerCase()] : undefined;
      if (replacement !== undefined) args[0] = replacement;
      return Reflect.apply(client.query, client, args);
    },
  });
}

/** PostgreSQL error class 22 (data exception) or 23 (integrity constraint violation). */
export function isDataError(error: unknown): error is Error & { code: string; constraint?: string } {
  if (!(error instanceof Error) || !('code' in error)) return false;
  return typeof error.code === 'string' && /^2[23]/.test(error.code);
}
