import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestJobs } from '../src/ingest/jobs.js';
import { TransferError } from '../src/ingest/transfer.js';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { startTestSftpServer, type TestSftpServer } from './support/sftp-server.js';

const SAMPLE = path.resolve(
  import.meta.dirname,
  '../../datasets/samples/meteo-france/Q_67_latest-2024-2025_RR-T-Vent_extract.csv',
);
/** Data lines of the sample: 31 + 1 + 2 days of Strasbourg-Entzheim and 9 days of two other stations. */
const SAMPLE_DAYS = 52;
const OLD = new Date('2026-11-30T06:00:00Z');

let test: TestApp;
let admin: Client;
let sftp: TestSftpServer;
let sample: Buffer;

async function weatherDays(): Promise<number> {
  const row = await test.database.db
    .selectFrom('weather_daily')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function fileRuns(): Promise<number> {
  const row = await test.database.db
    .selectFrom('import_runs')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('kind', '=', 'file')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function createSource(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await admin.request('POST', '/api/ingest/sources', {
    name: `Météo-France ${Math.random().toString(36).slice(2, 8)}`,
    kind: 'sftp',
    format: 'meteo-france-daily',
    host: sftp.host,
    port: sftp.port,
    username: sftp.users.password.username,
    authMethod: 'password',
    secret: sftp.users.password.password,
    hostKeyFingerprint: sftp.hostKeyFingerprint,
    remoteFolder: '/incoming',
    filePattern: 'Q_*.csv*',
    afterImport: 'move',
    moveFolder: '/done',
    settleSeconds: 60,
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

beforeAll(async () => {
  test = await createTestApp();
  await test.services.access.ensureInitialAdmin('admin@ingest.test', 'Ingest-admin-2026!');
  admin = await login(test.app, 'admin@ingest.test', 'Ingest-admin-2026!');
  sftp = await startTestSftpServer();
  sample = await fs.readFile(SAMPLE);
});

afterAll(async () => {
  await sftp.close();
});

describe('SFTP source', () => {
  it('stores the secret encrypted and never returns it', async () => {
    const id = await createSource({ name: 'Secret check' });
    const view = (await admin.request('GET', `/api/ingest/sources/${id}`)).json() as Record<string, unknown>;
    expect(view.hasSecret).toBe(true);
    expect(JSON.stringify(view)).not.toContain(sftp.users.password.password);
    const row = await test.database.db
      .selectFrom('ingest_sources')
      .select('secret_ciphertext')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.secret_ciphertext).toMatch(/^v1:/);
    expect(row.secret_ciphertext).not.toContain(sftp.users.password.password);
    const list = await admin.request('GET', '/api/ingest/sources');
    expect(list.body).not.toContain(sftp.users.password.password);
  });

  it('imports a new file, moves it, and skips it once known', async () => {
    const id = await createSource();
    await sftp.put('/incoming/Q_67_latest-2024-2025_RR-T-Vent.csv', sample, OLD);
    const first = await test.services.ingest.poll(id);
    expect(first.imported).toHaveLength(1);
    expect(first.imported[0]?.status).toBe('succeeded');
    expect(first.imported[0]?.counts.stored).toBe(SAMPLE_DAYS);
    expect(await weatherDays()).toBe(SAMPLE_DAYS);
    expect(
      sftp.log.some(
        (entry) => entry.op === 'rename' && entry.path === '/incoming/Q_67_latest-2024-2025_RR-T-Vent.csv',
      ),
    ).toBe(true);
    await expect(
      fs.stat(path.join(sftp.root, 'done', 'Q_67_latest-2024-2025_RR-T-Vent.csv')),
    ).resolves.toBeTruthy();

    // Strasbourg-Entzheim on 2024-01-01 as written in line 11 of the file: TN 5.0 (QTN 1), TX 10.4, TNTXM 7.7.
    const day = await test.database.db
      .selectFrom('weather_daily as d')
      .innerJoin('weather_stations as s', 's.id', 'd.station_id')
      .select(['d.tn_c', 'd.tx_c', 'd.tntxm_c', 'd.tn_quality', 's.name'])
      .where('s.code', '=', '67124001')
      .where('d.local_date', '=', '2024-01-01')
      .executeTakeFirstOrThrow();
    expect(day.name).toBe('STRASBOURG-ENTZHEIM');
    expect(day.tn_c).toBe(5);
    expect(day.tx_c).toBe(10.4);
    expect(day.tntxm_c).toBe(7.7);
    expect(day.tn_quality).toBe('1');

    const status = (await admin.request('GET', `/api/ingest/sources/${id}`)).json() as {
      status: string;
      lastFileAt: string | null;
    };
    expect(status.status).toBe('ok');
    expect(status.lastFileAt).not.toBeNull();
  });

  it('treats the same bytes under another name as a duplicate', async () => {
    const id = await createSource({ afterImport: 'leave' });
    const runsBefore = await fileRuns();
    await sftp.put('/incoming/Q_67_copie.csv.gz', gzipSync(sample), OLD);
    await sftp.put('/incoming/Q_67_copie2.csv', sample, OLD);
    const report = await test.services.ingest.poll(id);
    // The gzip file has other bytes, so it is parsed; its days are all unchanged.
    expect(report.imported).toHaveLength(1);
    expect(report.imported[0]?.counts.unchanged).toBe(SAMPLE_DAYS);
    expect(report.imported[0]?.counts.stored).toBe(0);
    expect(report.duplicates).toBe(1);
    expect(await fileRuns()).toBe(runsBefore + 1);
    expect(await weatherDays()).toBe(SAMPLE_DAYS);

    const again = await test.services.ingest.poll(id);
    expect(again.known).toBe(2);
    expect(again.imported).toHaveLength(0);
  });

  it('logs in with a private key', async () => {
    const id = await createSource({
      username: sftp.users.key.username,
      authMethod: 'key',
      secret: sftp.users.key.privateKeyOpenSsh,
      remoteFolder: '/key-folder',
    });
    await sftp.put('/key-folder/Q_67_key.csv', sample, OLD);
    const report = await test.services.ingest.poll(id);
    expect(report.duplicates).toBe(1);
  });

  it('refuses a host key other than the pinned one', async () => {
    const id = await createSource({ hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` });
    const error = await test.services.ingest.poll(id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransferError);
    expect((error as TransferError).retryable).toBe(false);
    expect((error as Error).message).toContain(sftp.hostKeyFingerprint);
    const view = (await admin.request('GET', `/api/ingest/sources/${id}`)).json() as {
      status: string;
      lastError: string;
    };
    expect(view.status).toBe('failing');
    expect(view.lastError).toContain('clé d’hôte');
  });

  it('reports a wrong password without retrying', async () => {
    const id = await createSource({ secret: 'not-the-password' });
    const error = await test.services.ingest.poll(id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransferError);
    expect((error as Error).message).toContain('Authentification refusée');
    expect((error as TransferError).retryable).toBe(false);
  });

  it('retries a download cut mid-file and stores nothing in between', async () => {
    const id = await createSource({ remoteFolder: '/cut', afterImport: 'delete' });
    const other = Buffer.concat([sample, Buffer.from('\n')]);
    await sftp.put('/cut/Q_67_cut.csv', other, OLD);
    sftp.dropConnectionDuring('/cut/Q_67_cut.csv', 1000);
    const runsBefore = await fileRuns();
    const error = await test.services.ingest.poll(id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(await fileRuns()).toBe(runsBefore);

    const retry = await test.services.ingest.poll(id);
    expect(retry.imported).toHaveLength(1);
    await expect(fs.stat(path.join(sftp.root, 'cut', 'Q_67_cut.csv'))).rejects.toThrow();
  });

  it('waits for a file that is still being written', async () => {
    const id = await createSource({ remoteFolder: '/growing', settleSeconds: 60 });
    const growing = sftp.startGrowingFile('/growing/Q_67_growing.csv', sample.subarray(0, 500), new Date());
    const report = await test.services.ingest.poll(id);
    expect(report.deferred).toBe(1);
    expect(report.imported).toHaveLength(0);
    await growing.append(sample.subarray(500), OLD);
    const later = await test.services.ingest.poll(id);
    expect(later.duplicates + later.imported.length).toBe(1);
  });

  it('rejects a corrupt file as a whole and keeps its bytes', async () => {
    const id = await createSource({ remoteFolder: '/corrupt' });
    const truncated = gzipSync(sample).subarray(0, 200);
    await sftp.put('/corrupt/Q_67_broken.csv.gz', truncated, OLD);
    const report = await test.services.ingest.poll(id);
    expect(report.imported[0]?.status).toBe('failed');
    expect(report.imported[0]?.fatalError).toContain('gzip');
    const runId = report.imported[0]?.importRunId;
    const detail = (await admin.request('GET', `/api/import-runs/${runId}`)).json() as {
      status: string;
      fatalError: string;
      rawFileId: string;
    };
    expect(detail.status).toBe('failed');
    const raw = await admin.request('GET', `/api/raw-files/${detail.rawFileId}/content`);
    expect(raw.rawPayload.equals(truncated)).toBe(true);
  });
});

describe('scheduled polling', () => {
  it('polls due sources through the job queue', async () => {
    const id = await createSource({
      remoteFolder: '/scheduled',
      afterImport: 'leave',
      pollIntervalMinutes: 1,
    });
    // Other bytes than every earlier file, so that the poll imports it.
    await sftp.put('/scheduled/Q_67_sched.csv', Buffer.concat([sample, Buffer.from('\n\n')]), OLD);
    const jobs = await startIngestJobs({
      database: test.database,
      sources: test.services.ingest.sources,
      pipeline: test.services.ingest.pipeline,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      worker: true,
      pollingIntervalSeconds: 0.5,
    });
    try {
      // Every other source of this file is due too; only this one has the new file.
      await jobs.tickNow();
      const deadline = Date.now() + 30_000;
      let imported = false;
      while (!imported && Date.now() < deadline) {
        const run = await test.database.db
          .selectFrom('import_runs')
          .select('id')
          .where('source_id', '=', id)
          .where('file_name', '=', 'Q_67_sched.csv')
          .executeTakeFirst();
        imported = run !== undefined;
        if (!imported) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(imported).toBe(true);
    } finally {
      await jobs.stop();
    }
  });
});
