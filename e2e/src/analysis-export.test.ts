import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { archiveHours, sumArchive } from './archive.js';
import { launchBrowser } from './browser.js';

/** Maximum wait for page content, because the suite may share two cores with a loaded PostgreSQL. */
const PAGE_TIMEOUT = { timeout: 20_000 };
const VIEWPORT = { width: 1440, height: 900 };

/** Demo building of the exported view: hourly electricity and gas from 2018 to 2022. */
const BUILDING = { code: 'UCAM-B4', archiveId: 'b4' };

/**
 * January 2019 in Paris, as UTC start stamps of the archive: 2019-01-01 00:00 CET is
 * 2018-12-31 23:00 UTC and 2019-02-01 00:00 CET is 2019-01-31 23:00 UTC (end excluded).
 */
const JANUARY_2019_UTC = { from: '2018-12-31 23:00:00', to: '2019-01-31 23:00:00' };

/** Sums one archive file over January 2019 and checks that every hour is there. */
function sumArchiveKWh(archiveId: string, energy: 'electricity' | 'gas', from: string, to: string): number {
  const sum = sumArchive(archiveHours(archiveId, energy), from, to);
  // 31 days of 24 hours, none of them empty, or the sum would not be comparable.
  expect(sum.hours).toBe(31 * 24);
  expect(sum.empty).toBe(0);
  return sum.kWh;
}

/** Reads a number written by the CSV export: decimal comma, no thousands separator. */
function csvNumber(text: string | undefined): number {
  return Number((text ?? '').replace(',', '.'));
}

let browser: Browser;
let page: Page;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({
    viewport: VIEWPORT,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(buttonName: string): Promise<{ name: string; bytes: Buffer }> {
  const downloadPromise = page.waitForEvent('download', PAGE_TIMEOUT);
  await page.getByRole('button', { name: buttonName }).click();
  const file = await downloadPromise;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

describe('analysis XLSX export in chromium', () => {
  it('signs in the demo administrator', async () => {
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
    await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'), PAGE_TIMEOUT);
  });

  it('exports XLSX matching CSV and archive', async () => {
    await page.goto(`${baseUrl}/analyse`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Analyse des consommations' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    const perimeterInput = page.getByRole('textbox', { name: 'Périmètre', exact: true });
    await perimeterInput.click();
    await perimeterInput.fill(BUILDING.code);
    await page.getByRole('option', { name: new RegExp(`\\(${BUILDING.code}\\)`) }).click(PAGE_TIMEOUT);
    await perimeterInput.press('Escape');
    await page.getByRole('textbox', { name: 'Année' }).fill('2019');
    await expect
      .poll(() => page.getByRole('cell', { name: 'janvier 2019' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);

    const xlsx = await download('Exporter en XLSX');
    expect(xlsx.name).toBe('analyse-consommation.xlsx');
    const workbook = new ExcelJS.Workbook();
    // ExcelJS types its input with its own Buffer interface, which Node's Buffer does not match, but it reads the bytes.
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Séries', 'Totaux', 'Informations']);

    const sheet = workbook.getWorksheet('Séries');
    if (!sheet) throw new Error('sheet Séries missing');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual([
      'Série',
      'Début (heure de Paris)',
      'Période',
      'Valeur (kWh)',
      'Mesuré',
      'Estimé',
      'Manquant',
    ]);
    // One row per month of 2019 after the header.
    expect(sheet.rowCount).toBe(13);
    const januaryRow = sheet.getRow(2);
    expect(januaryRow.getCell(1).value).toBe('Total');
    expect(januaryRow.getCell(3).value).toBe('2019-01');
    // The workbook stores Paris wall-clock times in the UTC fields, as Excel has no time zones.
    expect((januaryRow.getCell(2).value as Date).toISOString()).toBe('2019-01-01T00:00:00.000Z');
    const januaryKWh = januaryRow.getCell(4).value;
    expect(typeof januaryKWh).toBe('number');

    // Reference computed here: the building's electricity and gas hours of January 2019 in Paris.
    const archiveKWh =
      sumArchiveKWh(BUILDING.archiveId, 'electricity', JANUARY_2019_UTC.from, JANUARY_2019_UTC.to) +
      sumArchiveKWh(BUILDING.archiveId, 'gas', JANUARY_2019_UTC.from, JANUARY_2019_UTC.to);
    expect(januaryKWh as number).toBeCloseTo(archiveKWh, 1);
    expect(januaryRow.getCell(5).value).toBe(1);

    const csv = await download('Exporter en CSV (Excel)');
    expect(csv.name).toBe('analyse-consommation.csv');
    const csvLines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
    expect(csvLines[0]).toBe('Série;Date;Période;Valeur (kWh);Mesuré (%);Estimé (%);Manquant (%)');
    const csvJanuary = csvLines.find((line) => line.startsWith('Total;01/01/2019;'))?.split(';');
    expect(csvJanuary?.[2]).toBe('2019-01');
    expect(csvNumber(csvJanuary?.[3])).toBeCloseTo(januaryKWh as number, 6);

    // Every month of the workbook matches the CSV row of the same period.
    for (let rowNumber = 2; rowNumber <= 13; rowNumber += 1) {
      const row = sheet.getRow(rowNumber);
      const label = row.getCell(3).value;
      const csvRow = csvLines.find((line) => line.split(';')[2] === label)?.split(';');
      expect(csvRow, String(label)).toBeDefined();
      expect(csvNumber(csvRow?.[3])).toBeCloseTo(row.getCell(4).value as number, 6);
    }
  });
});
