import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, login, type TestApp } from './app.js';

const SAMPLE = path.resolve(
  import.meta.dirname,
  '../../datasets/samples/meteo-france/Q_67_latest-2024-2025_RR-T-Vent_extract.csv',
);
/** Line 11 of the sample: Strasbourg-Entzheim on 2024-01-01, TN 5.0 with quality 1. */
const ENTZHEIM_DAY = '67124001;STRASBOURG-ENTZHEIM;48.549500;7.640333;150;20240101;0.6;1;5.0;1;';
const OLD = new Date('2026-11-30T06:00:00Z');

let test: TestApp;
let admin: Client;
let folder: string;
let sample: string;
let sourceId: string;

async function entzheimDay(): Promise<{ tn_c: number | null; tn_quality: string | null }> {
  return test.database.db
    .selectFrom('weather_daily as d')
    .innerJoin('weather_stations as s', 's.id', 'd.station_id')
    .select(['d.tn_c', 'd.tn_quality'])
    .where('s.code', '=', '67124001')
    .where('d.local_date', '=', '2024-01-01')
    .executeTakeFirstOrThrow();
}

async function drop(name: string, content: string, mtime = OLD): Promise<void> {
  const file = path.join(folder, name);
  await fs.writeFile(file, content);
  await fs.utimes(file, mtime, mtime);
}

beforeAll(async () => {
  test = await createTestApp();
  await test.services.access.ensureInitialAdmin('admin@folder.test', 'Folder-admin-2026!');
  admin = await login(test.app, 'admin@folder.test', 'Folder-admin-2026!');
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-watched-'));
  sample = await fs.readFile(SAMPLE, 'utf8');
  const response = await admin.request('POST', '/api/ingest/sources', {
    name: 'Dépôt Météo-France',
    kind: 'folder',
    format: 'auto',
    localFolder: folder,
    filePattern: 'Q_*.csv',
    afterImport: 'move',
    moveFolder: 'importes',
    settleSeconds: 30,
  });
  expect(response.statusCode, response.body).toBe(201);
  sourceId = (response.json() as { id: string }).id;
});

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

describe('watched folder source', () => {
  it('imports a dropped file and moves it aside', async () => {
    await drop('Q_67_latest-2024-2025_RR-T-Vent.csv', sample);
    const report = await test.services.ingest.poll(sourceId);
    expect(report.imported).toHaveLength(1);
    expect(report.imported[0]?.format).toBe('meteo-france-daily');
    expect(report.imported[0]?.counts).toEqual({
      read: 52,
      stored: 52,
      unchanged: 0,
      updated: 0,
      rejected: 0,
    });
    expect(await fs.readdir(folder)).toEqual(['importes']);
    expect(await fs.readdir(path.join(folder, 'importes'))).toEqual(['Q_67_latest-2024-2025_RR-T-Vent.csv']);
    expect(await entzheimDay()).toEqual({ tn_c: 5, tn_quality: '1' });
  });

  it('replaces a day that a later file republishes', async () => {
    // The next daily file corrects TN of that day to 4.8 and marks it protected (quality 0).
    const republished = sample.replace(ENTZHEIM_DAY, ENTZHEIM_DAY.replace(';5.0;1;', ';4.8;0;'));
    expect(republished).not.toBe(sample);
    // Same name and size as the first file: only its modification time tells it is new.
    await drop('Q_67_latest-2024-2025_RR-T-Vent.csv', republished, new Date(OLD.getTime() + 86_400_000));
    const report = await test.services.ingest.poll(sourceId);
    expect(report.imported[0]?.counts).toEqual({
      read: 52,
      stored: 0,
      unchanged: 51,
      updated: 1,
      rejected: 0,
    });
    expect(await entzheimDay()).toEqual({ tn_c: 4.8, tn_quality: '0' });
    // The earlier file was moved first, so the new one is moved under the same name.
    expect(await fs.readdir(path.join(folder, 'importes'))).toEqual(['Q_67_latest-2024-2025_RR-T-Vent.csv']);
  });

  it('waits for a file younger than the settle time', async () => {
    await fs.writeFile(path.join(folder, 'Q_67_en-cours.csv'), sample.slice(0, 300));
    const report = await test.services.ingest.poll(sourceId);
    expect(report.deferred).toBe(1);
    expect(report.imported).toHaveLength(0);
  });

  it('reports a missing folder on the source', async () => {
    await admin.request('PATCH', `/api/ingest/sources/${sourceId}`, {
      name: 'Dépôt Météo-France',
      kind: 'folder',
      format: 'auto',
      localFolder: path.join(folder, 'absent'),
      filePattern: 'Q_*.csv',
    });
    await expect(test.services.ingest.poll(sourceId)).rejects.toThrow('n’existe pas');
    const view = (await admin.request('GET', `/api/ingest/sources/${sourceId}`)).json() as {
      status: string;
      lastError: string;
    };
    expect(view.status).toBe('failing');
    expect(view.lastError).toContain(path.join(folder, 'absent'));
  });
});
