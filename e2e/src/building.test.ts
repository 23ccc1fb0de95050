import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { archiveHours, sumArchive } from './archive.js';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';

/** Maximum wait for page content, because the suite may share two cores with a loaded PostgreSQL. */
const PAGE_TIMEOUT = { timeout: 20_000 };
const VIEWPORT = { width: 1440, height: 900 };
/** Mantine's transitions last 200 ms, so screenshots wait this long for them to end. */
const ANIMATION_MS = 400;

/** Demo building checked here, with the floor area the demo gives it (server/src/demo/cambridge.ts). */
const BUILDING = { code: 'UCAM-B25', archiveId: 'b25', floorAreaM2: 3_500 };

/**
 * Window of the last 12 months, as UTC start stamps of the archive. The archive's last hourly
 * reading starts at 2022-12-31 23:00 UTC, which is 1 January 2023 at 00:00 in Paris. The last whole
 * month is therefore December 2022, and the window is the Paris year 2022: from 2022-01-01 00:00 CET
 * (2021-12-31 23:00 UTC) to 2023-01-01 00:00 CET (2022-12-31 23:00 UTC), end excluded.
 */
const CURRENT_WINDOW_UTC = { from: '2021-12-31 23:00:00', to: '2022-12-31 23:00:00' };

/** French numbers: decimal comma, narrow no-break spaces between thousands. */
function frenchNumber(value: number, maximumFractionDigits: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits }).format(value);
}

/** Sums one archive file over a window and checks that every hour of 2022 is there. */
function sumArchiveKWh(archiveId: string, energy: 'electricity' | 'gas', from: string, to: string): number {
  const sum = sumArchive(archiveHours(archiveId, energy), from, to);
  // 365 hourly values in 2022, none of them empty, or the sum would not be comparable.
  expect(sum.hours).toBe(365 * 24);
  expect(sum.empty).toBe(0);
  return sum.kWh;
}

let browser: Browser;
let page: Page;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
});

afterAll(async () => {
  await browser?.close();
});

/** Calls the API from the signed-in page. */
async function apiGet<T>(apiPath: string): Promise<T> {
  return page.evaluate(async (apiPath) => {
    const response = await fetch(`/api${apiPath}`);
    if (!response.ok) throw new Error(`GET ${apiPath}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }, apiPath) as Promise<T>;
}

describe('building page in chromium', () => {
  let buildingId = '';

  it('signs in the demo administrator', async () => {
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
    await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'), PAGE_TIMEOUT);
    const buildings = await apiGet<{ items: { id: string; code: string }[] }>(
      '/buildings?limit=500&offset=0',
    );
    buildingId = buildings.items.find((item) => item.code === BUILDING.code)?.id ?? '';
    expect(buildingId).toMatch(/^\d+$/);
  });

  it('shows archive electricity in key figures', async () => {
    await page.goto(`${baseUrl}/batiments/${buildingId}`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Chiffres clés' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    const table = page.getByRole('table', { name: 'Chiffres clés du bâtiment par énergie et par période' });
    await expect.poll(() => table.isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect.poll(() => table.getByText('01/01/2022–31/12/2022').first().isVisible()).toBe(true);
    await expect.poll(() => table.getByText('01/01/2021–31/12/2021').first().isVisible()).toBe(true);

    const kWh = sumArchiveKWh(
      BUILDING.archiveId,
      'electricity',
      CURRENT_WINDOW_UTC.from,
      CURRENT_WINDOW_UTC.to,
    );
    // Over 10 000 kWh the column reads in MWh with one decimal, and the cell's title gives the exact kWh.
    expect(kWh).toBeGreaterThan(10_000);
    await expect
      .poll(() => table.getByRole('columnheader', { name: /^Énergie finale\s*\(MWh\)$/ }).isVisible())
      .toBe(true);
    const cell = page.getByTestId('key-figures-final-electricity-current');
    expect((await cell.textContent())?.trim()).toBe(frenchNumber(kWh / 1000, 1));
    expect(await cell.getAttribute('title')).toBe(`${frenchNumber(kWh, 0)} kWh`);
    const ratio = page.getByTestId('key-figures-ratio-electricity-current');
    expect((await ratio.textContent())?.trim()).toBe(frenchNumber(kWh / BUILDING.floorAreaM2, 1));

    // Every hour of 2022 is in the archive, so the completeness cell shows no missing share.
    const electricityRow = table.getByRole('row').filter({ has: cell });
    await expect.poll(() => electricityRow.getByText(/^100\s%\smesuré$/).isVisible()).toBe(true);
    // The demo has no invoices: the cost names its reason instead of a silent blank.
    await expect.poll(() => electricityRow.getByText(/^— \(\d\)$/).isVisible()).toBe(true);
    await expect
      .poll(() => page.getByText(/^\(\d\) Aucune facture de ce bâtiment pour cette énergie/).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText('Facteurs appliqués').isVisible()).toBe(true);

    await page.waitForTimeout(ANIMATION_MS);
    await page.getByRole('heading', { name: 'Chiffres clés' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'building-page.png'), fullPage: true });
    await page
      .locator('[aria-labelledby="key-figures-title"]')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'building-key-figures.png') });
  });

  it('links an import run to the import journal', async () => {
    const card = page.getByRole('table', { name: 'Imports de ces données' });
    await expect.poll(() => card.isVisible(), PAGE_TIMEOUT).toBe(true);
    // The demo loader records its archive as one run with this file name.
    await expect.poll(() => card.getByText('datasets/cambridge-estate').isVisible()).toBe(true);
    await expect.poll(() => card.getByText('Réussi').first().isVisible()).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'building-import-runs.png') });

    const link = card
      .getByRole('link', { name: /^Ouvrir l’import du .* dans le journal des imports$/ })
      .first();
    const href = (await link.getAttribute('href')) ?? '';
    const runId = /^\/admin\/journal-des-imports\/(\d+)$/.exec(href)?.[1];
    expect(runId).toBeDefined();
    await link.click();
    await page.waitForURL(new RegExp(`/admin/journal-des-imports/${runId}$`), PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('heading', { name: `Import n° ${runId}` }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'building-import-run-detail.png'),
      fullPage: true,
    });
  });

  it('opens the analysis preset to the building and year', async () => {
    await page.goto(`${baseUrl}/batiments/${buildingId}`);
    const button = page.getByRole('link', { name: 'Analyser ce bâtiment' });
    await expect.poll(() => button.isVisible(), PAGE_TIMEOUT).toBe(true);
    // The link carries the period once the key figures have loaded.
    await expect.poll(() => button.getAttribute('href'), PAGE_TIMEOUT).toContain('du=2022-01-01');
    await button.click();
    await page.waitForURL(/\/analyse\?/, PAGE_TIMEOUT);
    const url = new URL(page.url());
    expect(url.searchParams.getAll('perimetre')).toEqual([`building:${buildingId}`]);
    expect(url.searchParams.get('du')).toBe('2022-01-01');
    expect(url.searchParams.get('au')).toBe('2022-12-31');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Analyse des consommations' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    // The page reads the preset: the building in the perimeter, the custom dates, and its series.
    await expect
      .poll(() => page.getByText('Du 01/01/2022 au 31/12/2022 inclus').isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await expect
      .poll(() => page.getByText(/^Bâtiment d’enseignement b25 \(UCAM-B25\)/).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    expect(await page.getByRole('textbox', { name: 'Période' }).inputValue()).toBe('Dates personnalisées');
    await expect
      .poll(() => page.getByRole('row', { name: /^janvier 2022/ }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'building-analysis-link.png'), fullPage: true });
  });

  it('divides by the floor area of each day once a change is recorded', async () => {
    await page.goto(`${baseUrl}/batiments/${buildingId}`);
    const card = page.getByRole('table', { name: 'Surface de plancher dans le temps' });
    await expect.poll(() => card.getByText('Toutes les périodes').isVisible(), PAGE_TIMEOUT).toBe(true);
    await page.getByLabel(/^Date du changement/).fill('2022-07-01');
    await page.getByRole('textbox', { name: /^Surface avant ce changement/ }).fill('3000');
    await page.getByRole('button', { name: 'Enregistrer le changement' }).click();
    await expect.poll(() => card.getByText('Jusqu’au 30/06/2022').isVisible(), PAGE_TIMEOUT).toBe(true);
    expect(await card.getByRole('row', { name: /^Jusqu’au 30\/06\/2022/ }).textContent()).toMatch(
      /3\s000\sm²$/,
    );
    expect(await card.getByText('Depuis le 01/07/2022 (surface actuelle)').isVisible()).toBe(true);

    // 2022: 181 days at 3 000 m² and 184 at 3 500 m², so 1 187 000 / 365 = 3 252,05 m² on average.
    const kWh = sumArchiveKWh(
      BUILDING.archiveId,
      'electricity',
      CURRENT_WINDOW_UTC.from,
      CURRENT_WINDOW_UTC.to,
    );
    const meanArea = 1_187_000 / 365;
    const ratio = page.getByTestId('key-figures-ratio-electricity-current');
    await expect
      .poll(async () => (await ratio.textContent())?.trim(), PAGE_TIMEOUT)
      .toBe(frenchNumber(kWh / meanArea, 1));
    await page.getByRole('heading', { name: 'Surface de plancher dans le temps' }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'building-floor-areas.png') });

    // Removing the change brings back one area for every period, for the tests that follow.
    await page.getByRole('button', { name: 'Supprimer le changement du 01/07/2022' }).click();
    await expect.poll(() => card.getByText('Toutes les périodes').isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect
      .poll(async () => (await ratio.textContent())?.trim(), PAGE_TIMEOUT)
      .toBe(frenchNumber(kWh / BUILDING.floorAreaM2, 1));
  });

  it('shows the trajectory of the building’s EFA', async () => {
    const buildings = await apiGet<{ items: { id: string; code: string }[] }>(
      '/buildings?limit=500&offset=0',
    );
    const pavilion = buildings.items.find((item) => item.code === 'UCAM-B4')?.id ?? '';
    await page.goto(`${baseUrl}/batiments/${pavilion}?onglet=trajectoire`);
    await expect
      .poll(
        () => page.getByRole('heading', { name: 'Administration et sports — campus démo' }).isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    expect(
      await page
        .getByText(
          'EFA-DEMO-ADM-SPORT · ce bâtiment y compte pour 100 % · 2 bâtiments visibles dans l’entité',
        )
        .isVisible(),
    ).toBe(true);
    // The demo contains five whole years, so the gap to 2030 is known and stated in a sentence.
    await expect
      .poll(
        () =>
          page
            .getByText(/objectif 2030/)
            .first()
            .isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    expect(
      await page.getByRole('link', { name: 'Ouvrir la trajectoire de l’entité' }).getAttribute('href'),
    ).toMatch(/^\/efa\/\d+$/);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'building-trajectory.png'), fullPage: true });
  });
});
