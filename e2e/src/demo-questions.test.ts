import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { archiveHours, sumArchive } from './archive.js';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';

// The two questions of the issue, asked on the demo estate as a user would, through the analysis
// page only, with the answers recomputed here from the archive files the demo loads.
//
// The demo's readings end on Saturday 31/12/2022, so "this winter" is 1 October – 31 December
// 2022, "last winter" the same days of 2021, and "last Sunday" is 25/12/2022.

const PAGE_TIMEOUT = { timeout: 20_000 };
const VIEWPORT = { width: 1440, height: 900 };
const ANIMATION_MS = 400;

/** Floor areas the demo gives its buildings (server/src/demo/cambridge.ts), m². */
const AREAS: Record<string, { name: string; floorAreaM2: number }> = {
  b2: { name: 'Centre de calcul et laboratoires b2', floorAreaM2: 14_000 },
  b4: { name: 'Pavillon administratif b4', floorAreaM2: 1_200 },
  b25: { name: 'Bâtiment d’enseignement b25', floorAreaM2: 3_500 },
  b111: { name: 'Amphithéâtres et salles de cours b111', floorAreaM2: 6_500 },
  b119: { name: 'Gymnase b119', floorAreaM2: 2_800 },
};

function frenchNumber(value: number, maximumFractionDigits: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits }).format(value);
}

let browser: Browser;
let page: Page;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
  await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'), PAGE_TIMEOUT);
});

afterAll(async () => {
  await browser?.close();
});

async function choose(field: string, option: string | RegExp): Promise<void> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click(PAGE_TIMEOUT);
}

describe('questions of the energy team on the demo estate', () => {
  it('finds the buildings that used more gas per m² this winter than last', async () => {
    await page.goto(`${baseUrl}/analyse`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Analyse des consommations' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await choose('Énergies', 'Gaz naturel');
    await page.keyboard.press('Escape');
    await choose('Période', /^Saison de chauffe/);
    await expect
      .poll(() => page.getByText('Du 01/10/2022 au 31/12/2022 inclus').isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await choose('Unité', 'kWh/m²');
    await choose('Ventilation', 'Par bâtiment');
    await choose('Comparaison', 'Années précédentes, même date');

    const table = page.getByTestId('comparison-totals');
    await expect.poll(() => table.isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect.poll(() => table.getByRole('row').count(), PAGE_TIMEOUT).toBe(11);

    // Paris 1 October 00:00 (UTC+2) to 1 January 00:00 (UTC+1), as UTC start stamps of the archive.
    const winter = (year: number) => ({ from: `${year}-09-30 22:00:00`, to: `${year}-12-31 23:00:00` });
    const perM2 = (archiveId: string, year: number) => {
      const sum = sumArchive(archiveHours(archiveId, 'gas'), winter(year).from, winter(year).to);
      // 92 days, one of them with 25 hours (last Sunday of October).
      expect(sum.hours).toBe(92 * 24 + 1);
      return sum.kWh / (AREAS[archiveId]?.floorAreaM2 ?? Number.NaN);
    };
    const rowOf = (archiveId: string) =>
      table.getByRole('row').filter({ hasText: AREAS[archiveId]?.name ?? archiveId });
    for (const archiveId of ['b111', 'b25', 'b4', 'b119', 'b2']) {
      const now = perM2(archiveId, 2022);
      const before = perM2(archiveId, 2021);
      const cells = (await rowOf(archiveId).locator('td').allTextContents()).map((text) => text.trim());
      expect(cells.slice(1, 3), archiveId).toEqual([frenchNumber(now, 1), frenchNumber(before, 1)]);
      const change = ((now - before) / before) * 100;
      expect(cells[3], archiveId).toBe(`${change > 0 ? '+' : ''}${frenchNumber(change, 1)} %`);
    }
    // The rows come sorted by change: the first building is the one whose gas per m² rose most,
    // and b111 (lecture halls) is among those that rose.
    const changes = (await table.getByTestId('comparison-change').allTextContents()).map((text) =>
      Number(text.replace('%', '').replace(',', '.').replace(/\s/g, '')),
    );
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    expect(perM2('b111', 2022)).toBeGreaterThan(perM2('b111', 2021));
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'question-gas-winter.png'), fullPage: true });
  });

  it('reads what a building drew at 3 a.m. last Sunday', async () => {
    await page.goto(`${baseUrl}/analyse`);
    const perimeter = page.getByRole('textbox', { name: 'Périmètre', exact: true });
    await perimeter.click();
    await perimeter.fill('UCAM-B111');
    await page.getByRole('option', { name: /\(UCAM-B111\)/ }).click(PAGE_TIMEOUT);
    await perimeter.press('Escape');
    await choose('Période', '7 derniers jours');
    await expect
      .poll(() => page.getByText('Du 25/12/2022 au 31/12/2022 inclus').isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await page.getByText('Heure', { exact: true }).click();
    await choose('Unité', 'kW');

    // Sunday 25/12/2022 at 03:00 in Paris (UTC+1) is the archive hour starting at 02:00 UTC; an hour
    // of energy in kWh is a mean power in kW.
    const stamp = '2022-12-25 02:00:00';
    const electricity = archiveHours('b111', 'electricity').get(stamp);
    const gas = archiveHours('b111', 'gas').get(stamp);
    expect(electricity).not.toBeNull();
    expect(gas).not.toBeNull();
    const kW = (electricity ?? 0) + (gas ?? 0);
    const row = page.getByRole('row', { name: /^dim\. 25\/12\/2022 03:00/ });
    await expect.poll(() => row.isVisible(), PAGE_TIMEOUT).toBe(true);
    const cells = (await row.locator('td').allTextContents()).map((text) => text.trim());
    expect(cells[1]).toBe(frenchNumber(kW, 1));
    await row.scrollIntoViewIfNeeded();
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'question-sunday-3am.png') });
  });
});
