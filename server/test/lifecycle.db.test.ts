import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../src/demo/seed.js';
import { findFreePort, runCli, startServe, waitForExit } from './cli-process.js';

// The embedded PostgreSQL default, exercised through the real `openfluides` command: first start,
// SIGKILL of the Node process, restart without manual cleanup, a CLI command beside the running
// server, and a clean stop.

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-lifecycle-'));
  await fs.chmod(dataDir, 0o755);
  env = { ...process.env, OPENFLUIDES_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
});

afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

function postmasterPid(): Promise<number> {
  return fs
    .readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .then((text) => Number(text.split('\n')[0]));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function signIn(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  return response.status;
}

describe('embedded PostgreSQL lifecycle', () => {
  it('survives SIGKILL of the server and restarts without manual cleanup', async () => {
    const port = await findFreePort();
    const first = await startServe(['--demo'], env, port);
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as {
      database: string;
    };
    expect(health.database).toBe('embedded');
    expect(await signIn(port)).toBe(200);

    const orphanPid = await postmasterPid();
    first.kill('SIGKILL');
    await waitForExit(first);
    // The postmaster outlives its killed parent; the next start must deal with it.
    expect(isAlive(orphanPid)).toBe(true);

    const secondPort = await findFreePort();
    const second = await startServe(['--demo'], env, secondPort);
    expect(isAlive(orphanPid)).toBe(false);
    expect(await signIn(secondPort)).toBe(200);

    // A CLI command beside the running server connects to its PostgreSQL instead of restarting it.
    const runningPid = await postmasterPid();
    const created = await runCli(['user', 'create', '--email', 'cote.a.cote@univ.fr', '--json'], {
      env,
      input: 'mot-de-passe-du-cli\n',
    });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ email: 'cote.a.cote@univ.fr', isAdmin: false });
    expect(await postmasterPid()).toBe(runningPid);
    expect((await fetch(`http://127.0.0.1:${secondPort}/api/health`)).status).toBe(200);

    second.kill('SIGTERM');
    expect(await waitForExit(second)).toBe(0);
    expect(isAlive(runningPid)).toBe(false);
  }, 240_000);
});
