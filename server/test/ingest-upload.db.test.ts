import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';
import { runCli } from './cli-process.js';
import { createMeter, createRegister } from './metering-fixture.js';

const METEO_SAMPLE = path.resolve(
  import.meta.dirname,
  '../../datasets/samples/meteo-france/Q_67_latest-2024-2025_RR-T-Vent_extract.csv',
);

/** A French BMS export: Paris time, interval ends, `;` and decimal commas, energy in Wh. */
const MAPPING = {
  layout: 'wide',
  timestamp: { column: 'Horodatage' },
  timeZone: 'Europe/Paris',
  timestampMeaning: 'end',
  stepMinutes: 10,
  dateOrder: 'dmy',
  points: [
    { source: 'TGBT (Wh)', externalId: 'GTB-TGBT', measure: 'ENERGY', unit: 'Wh' },
    { source: 'CTA (Wh)', externalId: 'GTB-CTA', measure: 'ENERGY', unit: 'Wh' },
  ],
};

const EXPORT = [
  'Horodatage;TGBT (Wh);CTA (Wh)',
  '15/01/2024 00:10;1 500,5;200',
  '15/01/2024 00:20;1 499,5;210',
  '15/01/2024 00:30;douze;220',
  '15/01/2024 00:40;1 600;',
  '',
].join('\r\n');

let test: TestApp;
let admin: Client;
let tgbtRegister: string;
let meterId: string;
let sourceId: string;

interface Outcome {
  duplicate: boolean;
  importRunId: string;
  status: string;
  counts: { read: number; stored: number; unchanged: number; updated: number; rejected: number };
  fatalError: string | null;
  issues: Array<{ code: string; line: number | null; field: string | null; message: string }>;
}

async function upload(fileName: string, content: string | Buffer, query = ''): Promise<Outcome> {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/ingest/uploads?fileName=${encodeURIComponent(fileName)}${query}`,
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrfToken,
      'content-type': 'application/octet-stream',
    },
    payload: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Outcome;
}

async function readingsOf(
  registerId: string,
): Promise<Array<{ start: string; value: number | null; quality: number }>> {
  const rows = await test.database.db
    .selectFrom('readings')
    .select(['interval_start', 'value', 'quality'])
    .where('register_id', '=', registerId)
    .orderBy('interval_start')
    .execute();
  return rows.map((row) => ({
    start: row.interval_start.toISOString(),
    value: row.value,
    quality: row.quality,
  }));
}

beforeAll(async () => {
  test = await createTestApp();
  await test.services.access.ensureInitialAdmin('admin@upload.test', 'Upload-admin-2026!');
  admin = await login(test.app, 'admin@upload.test', 'Upload-admin-2026!');
  ({ meterId } = await createMeter(test.database.db));
  tgbtRegister = await createRegister(test.database.db, meterId, 'ENERGY', 'PT10M');
  await test.database.db
    .updateTable('registers')
    .set({ external_id: 'GTB-TGBT' })
    .where('id', '=', tgbtRegister)
    .execute();

  const created = await admin.request('POST', '/api/ingest/sources', {
    name: 'GTB campus',
    kind: 'upload',
    format: 'bms-csv',
    mapping: MAPPING,
  });
  expect(created.statusCode, created.body).toBe(201);
  sourceId = (created.json() as { id: string }).id;
});

describe('upload with a BMS mapping', () => {
  it('stores valid rows, rejects a bad cell and queues an unknown point', async () => {
    const outcome = await upload('gtb-janvier.csv', EXPORT, `&sourceId=${sourceId}`);
    expect(outcome.duplicate).toBe(false);
    expect(outcome.status).toBe('partial');
    // 4 rows × 2 points: 7 readings (one of them missing) and the rejected « douze ».
    expect(outcome.counts).toEqual({ read: 8, stored: 3, unchanged: 0, updated: 0, rejected: 5 });

    // 00:10 Paris (CET) ends the interval that starts at 00:00 CET = 23:00 UTC the day before.
    // 1 500,5 Wh = 1.5005 kWh, 1 499,5 Wh = 1.4995 kWh, 1 600 Wh = 1.6 kWh.
    expect(await readingsOf(tgbtRegister)).toEqual([
      { start: '2024-01-14T23:00:00.000Z', value: 1.5005, quality: 1 },
      { start: '2024-01-14T23:10:00.000Z', value: 1.4995, quality: 1 },
      { start: '2024-01-14T23:30:00.000Z', value: 1.6, quality: 1 },
    ]);

    const badCell = outcome.issues.find((issue) => issue.line === 4);
    expect(badCell?.field).toBe('TGBT (Wh)');
    expect(badCell?.message).toContain('douze');
    const unknown = outcome.issues.find((issue) => issue.code === 'unknown-identifier');
    expect(unknown?.message).toContain('GTB-CTA');
    // Three CTA values and one missing value wait for a register.
    expect(unknown?.message).toContain('4 valeurs');

    const queue = (await admin.request('GET', '/api/ingest/unknown-identifiers')).json() as Array<{
      externalId: string;
      measure: string;
      valuesSeen: number;
    }>;
    expect(queue).toEqual([
      expect.objectContaining({ externalId: 'GTB-CTA', measure: 'ENERGY', valuesSeen: 4 }),
    ]);
  });

  it('changes nothing when the same file comes again', async () => {
    const runsBefore = await test.database.db.selectFrom('import_runs').select('id').execute();
    const outcome = await upload('gtb-janvier-copie.csv', EXPORT, `&sourceId=${sourceId}`);
    expect(outcome.duplicate).toBe(true);
    const runsAfter = await test.database.db.selectFrom('import_runs').select('id').execute();
    expect(runsAfter).toHaveLength(runsBefore.length);
    expect(await readingsOf(tgbtRegister)).toHaveLength(3);
  });

  it('creates a register for the unknown point and replays the file', async () => {
    const [pending] = (await admin.request('GET', '/api/ingest/unknown-identifiers')).json() as Array<{
      id: string;
    }>;
    const response = await admin.request(
      'POST',
      `/api/ingest/unknown-identifiers/${pending?.id}/create-register`,
      {
        meterId,
        name: 'CTA toiture',
      },
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { registerId: string; outcomes: Outcome[] };
    expect(body.outcomes).toHaveLength(1);
    // The TGBT readings come back unchanged; the CTA ones are new, including the missing one.
    expect(body.outcomes[0]?.counts.unchanged).toBe(3);
    expect(body.outcomes[0]?.counts.stored).toBe(4);
    expect(await readingsOf(body.registerId)).toEqual([
      { start: '2024-01-14T23:00:00.000Z', value: 0.2, quality: 1 },
      { start: '2024-01-14T23:10:00.000Z', value: 0.21, quality: 1 },
      { start: '2024-01-14T23:20:00.000Z', value: 0.22, quality: 1 },
      { start: '2024-01-14T23:30:00.000Z', value: null, quality: 4 },
    ]);
    const pendingAfter = (await admin.request('GET', '/api/ingest/unknown-identifiers')).json() as unknown[];
    expect(pendingAfter).toEqual([]);
  });

  it('lists the runs and exports the rejected rows for Excel', async () => {
    const journal = (await admin.request('GET', `/api/import-runs?sourceId=${sourceId}`)).json() as {
      total: number;
      runs: Array<{ id: string; origin: string; status: string; fileName: string }>;
    };
    expect(journal.total).toBe(2);
    expect(journal.runs.map((run) => run.origin)).toEqual(['reprocess', 'upload']);
    const first = journal.runs[1];
    const csv = await admin.request('GET', `/api/import-runs/${first?.id}/rejected.csv`);
    expect(csv.statusCode).toBe(200);
    expect(
      csv.body.startsWith('\uFEFFFichier;Ligne;Élément;Champ;Gravité;Code;Motif;Contenu rejeté\r\n'),
    ).toBe(true);
    expect(csv.body).toContain('gtb-janvier.csv;4;');
  });

  it('refuses a mapping that does not validate', async () => {
    const response = await admin.request('POST', '/api/ingest/sources', {
      name: 'GTB invalide',
      kind: 'upload',
      format: 'bms-csv',
      mapping: { layout: 'diagonal', points: [] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: { fields: Record<string, string> } };
    expect(body.error.fields.mapping).toMatch(/layout|disposition/i);
  });

  it('is reserved to administrators', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/import-runs' });
    expect(response.statusCode).toBe(401);
  });
});

describe('openfluides import --format', () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-import-cli-'));
    env = { ...process.env, DATABASE_URL: test.database.url, LOG_LEVEL: 'warn' };
  });

  afterAll(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('recognises a Météo-France file and prints the counts as JSON', async () => {
    const result = await runCli(['import', METEO_SAMPLE, '--format', 'auto', '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Outcome & { format: string };
    expect(printed.format).toBe('meteo-france-daily');
    expect(printed.counts).toEqual({ read: 52, stored: 52, unchanged: 0, updated: 0, rejected: 0 });

    const again = await runCli(['import', METEO_SAMPLE, '--format', 'auto', '--json'], { env });
    expect((JSON.parse(again.stdout) as Outcome).duplicate).toBe(true);
  });

  it('says when it cannot recognise a file', async () => {
    const file = path.join(folder, 'notes.txt');
    await fs.writeFile(file, 'Compte rendu de réunion\nRien à importer ici.\n');
    const result = await runCli(['import', file, '--format', 'auto', '--json'], { env });
    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as Outcome;
    expect(printed.status).toBe('failed');
    expect(printed.fatalError).toContain('n’a pas été reconnu');
  });

  it('uses the source mapping with --source', async () => {
    const file = path.join(folder, 'gtb-fevrier.csv');
    await fs.writeFile(file, 'Horodatage;TGBT (Wh);CTA (Wh)\r\n01/02/2024 00:10;1000;100\r\n');
    const result = await runCli(['import', file, '--source', 'GTB campus', '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Outcome;
    expect(printed.counts).toEqual({ read: 2, stored: 2, unchanged: 0, updated: 0, rejected: 0 });
    // 1000 Wh = 1 kWh at 31/01/2024 23:00 UTC, the start of the interval ending 00:10 CET.
    const rows = await readingsOf(tgbtRegister);
    expect(rows.at(-1)).toEqual({ start: '2024-01-31T23:00:00.000Z', value: 1, quality: 1 });
  });

  it('rejects an unknown format name', async () => {
    const result = await runCli(['import', METEO_SAMPLE, '--format', 'enedis-r99', '--json'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Le format « enedis-r99 » n’existe pas');
    expect(result.stderr).toContain('meteo-france-daily');
  });
});
