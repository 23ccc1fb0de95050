import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server, pointing at its `postgres` database. */
    adminDatabaseUrl: string;
    /** Migrated database that every test file copies with CREATE DATABASE … TEMPLATE. */
    templateDatabase: string;
    databaseKind: 'embedded' | 'external';
  }
}

/**
 * Starts the test PostgreSQL once for the database tier: the embedded server in a temporary folder,
 * or the server of DATABASE_URL. Builds a migrated template database that each test file clones.
 */
export default async function setup(project: TestProject) {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;

  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-test-'));
    await fs.chmod(dataDir, 0o755);
    const embedded = await startEmbeddedDatabase(dataDir, logger);
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }

  const templateDatabase = `openfluides_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDatabase}`);
  await admin.query(`create database ${templateDatabase}`);
  const templatePool = new pg.Pool({ connectionString: withDatabase(adminUrl, templateDatabase), max: 1 });
  await migrate(templatePool, logger);
  await templatePool.end();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('databaseKind', process.env.DATABASE_URL ? 'external' : 'embedded');

  return async () => {
    await admin.query(`drop database if exists ${templateDatabase} with (force)`);
    await admin.end();
    await stopEmbedded?.();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
