import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, inject } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.js';
import { withDatabase } from './global-setup.js';

export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * Clones the migrated template into a database of its own for the calling test file, and drops it
 * after the file's tests.
 */
export async function createTestDatabase(): Promise<Database & { url: string }> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `openfluides_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();

  const url = withDatabase(adminUrl, name);
  const database = await openDatabase({
    databaseUrl: url,
    dataDir: '',
    logger: testLogger,
    maxConnections: 5,
  });
  afterAll(async () => {
    await database.close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
  return { ...database, url, kind: inject('databaseKind') };
}
