import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { findFreePort, startServe, waitForExit } from '../../server/test/cli-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/**
 * Starts the real platform in demo mode for the browser tests: on the embedded PostgreSQL in a
 * temporary folder, or on a fresh database of the DATABASE_URL server when it is set.
 */
export default async function setup(project: TestProject) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-e2e-'));
  await fs.chmod(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, OPENFLUIDES_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  let dropDatabase: (() => Promise<void>) | null = null;

  if (process.env.DATABASE_URL) {
    const name = `openfluides_e2e_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }

  const port = await findFreePort();
  const server: ChildProcess = await startServe(['--demo'], env, port);
  project.provide('baseUrl', `http://127.0.0.1:${port}`);

  return async () => {
    server.kill('SIGTERM');
    await waitForExit(server);
    await dropDatabase?.();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
