import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HistoryImportReport } from '@openfluides/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { createTestDatabase } from './database.js';
import { buildWorkbook } from './history-import-helpers.js';

let env: NodeJS.ProcessEnv;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase();
  env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-history-cli-'));
});

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

async function writeFile(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(folder, name);
  await fs.writeFile(file, bytes);
  return file;
}

function estateFile(): Promise<Buffer> {
  return buildWorkbook({
    Sites: [
      ['Code site', 'Nom du site'],
      ['CLI', 'Campus en ligne de commande'],
    ],
    Bâtiments: [
      ['Code bâtiment', 'Nom du bâtiment', 'Code site', 'SHON'],
      ['CLI-1', 'Bâtiment CLI', 'CLI', '2 000,75'],
      ['CLI-2', 'Bâtiment sans site', 'NULLE-PART', 10],
    ],
  });
}

describe('openfluides import', () => {
  it('previews with --dry-run and writes nothing', async () => {
    const file = await writeFile('patrimoine.xlsx', await estateFile());
    const result = await runCli(['import', '--kind', 'estate', file, '--dry-run', '--json'], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as HistoryImportReport;
    expect(report.dryRun).toBe(true);
    expect(report.counts).toEqual({ read: 3, stored: 2, updated: 0, unchanged: 0, rejected: 1 });
    const buildings = await database.db.selectFrom('buildings').select('code').execute();
    expect(buildings).toEqual([]);
  });

  it('imports and exits 0 despite rejected rows', async () => {
    const file = await writeFile('patrimoine.xlsx', await estateFile());
    const result = await runCli(['import', '--kind', 'estate', file, '--json'], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as HistoryImportReport;
    expect(report.status).toBe('partial');
    expect(report.counts).toEqual({ read: 3, stored: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.rejected.map((error) => error.message)).toEqual([
      'Feuille « Bâtiments », ligne 3, colonne « Code site » : le site « NULLE-PART » n’existe ni dans la feuille « Sites » ni dans la plateforme. Ajoutez-le à la feuille « Sites » ou corrigez le code, puis réimportez le fichier.',
    ]);
    const building = await database.db
      .selectFrom('buildings')
      .select('floor_area_m2')
      .where('code', '=', 'CLI-1')
      .executeTakeFirstOrThrow();
    expect(Number(building.floor_area_m2)).toBe(2000.75);
    const run = await database.db
      .selectFrom('import_runs')
      .select(['source', 'file_name', 'status'])
      .where('id', '=', report.importRunId ?? '0')
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ source: 'cli', file_name: 'patrimoine.xlsx', status: 'partial' });
  });

  it('prints a French summary without --json', async () => {
    const file = await writeFile('patrimoine.xlsx', await estateFile());
    const result = await runCli(['import', '--kind', 'estate', file], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Lignes lues : 3 ; créées : 0 ; modifiées : 0 ; inchangées : 2 ; rejetées : 1.',
    );
  });

  it('exits 1 with a French message when the file is unreadable', async () => {
    const file = await writeFile('casse.xlsx', randomBytes(2048));
    const result = await runCli(['import', '--kind', 'invoices', file, '--json'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Le fichier « casse.xlsx » n’est pas un classeur Excel .xlsx lisible.');
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        message:
          'Le fichier « casse.xlsx » n’est pas un classeur Excel .xlsx lisible. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le au format « Classeur Excel (.xlsx) » puis réimportez-le.',
      },
    });
  });

  it('exits 1 when the file does not exist', async () => {
    const missing = path.join(folder, 'absent.xlsx');
    const result = await runCli(['import', '--kind', 'invoices', missing], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Impossible de lire le fichier « ${missing} » : il n’existe pas.`);
  });
});
