import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';

/** Maximum wait for page content, because the suite may share two cores with a loaded PostgreSQL. */
const PAGE_TIMEOUT = { timeout: 20_000 };
const VIEWPORT = { width: 1440, height: 900 };
/** Mantine's dropdown transitions last 200 ms; screenshots wait for them to end. */
const ANIMATION_MS = 400;

/** Demo buildings of the analysed perimeter: both have hourly electricity and gas from 2018 to 2022. */
const PERIMETER_BUILDINGS = [
  { code: 'UCAM-B25', name: 'Bâtiment d’enseignement b25' },
  { code: 'UCAM-B111', name: 'Amphithéâtres et salles de cours b111' },
];

/** French numbers: decimal comma, narrow no-break spaces between thousands. */
function frenchNumber(value: number, maximumFractionDigits: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits }).format(value);
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

/** Calls the API from the signed-in page, with the CSRF token of `GET /api/me` for state changes. */
async function api<T>(method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, apiPath, body }) => {
      const me = await (await fetch('/api/me')).json();
      const response = await fetch(`/api${apiPath}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${method} ${apiPath}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    },
    { method, apiPath, body },
  ) as Promise<T>;
}

interface SeriesJson {
  series: { label: string; role: string; points: { value: number | null }[] }[];
}

describe('analysis pages in chromium', () => {
  it('signs in the demo administrator', async () => {
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
    await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'), PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('link', { name: 'Analyse', exact: true }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
  });

  it('compares two buildings month by month, 2019 against 2018', async () => {
    await page.getByRole('link', { name: 'Analyse', exact: true }).click();
    await page.waitForURL(/\/analyse$/, PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Analyse des consommations' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);

    const perimeterInput = page.getByRole('textbox', { name: 'Périmètre', exact: true });
    for (const building of PERIMETER_BUILDINGS) {
      await perimeterInput.click();
      await perimeterInput.fill(building.code);
      await page.getByRole('option', { name: new RegExp(`\\(${building.code}\\)`) }).click(PAGE_TIMEOUT);
    }
    await perimeterInput.press('Escape');

    await page.getByRole('textbox', { name: 'Année' }).fill('2019');
    await page.getByText('Jour', { exact: true }).click();
    await page.getByText('Mois', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Comparaison' }).click();
    await page.getByRole('option', { name: 'Années précédentes, même date' }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'N-1' }).isChecked(), PAGE_TIMEOUT).toBe(true);

    // Reference: the monthly points of the same request, added up here, must equal the totals row.
    const buildings = await api<{ items: { id: string; code: string }[] }>(
      'GET',
      '/buildings?limit=500&offset=0',
    );
    const buildingIds = PERIMETER_BUILDINGS.map((building) => {
      const found = buildings.items.find((item) => item.code === building.code);
      if (!found) throw new Error(`demo building ${building.code} not found`);
      return found.id;
    });
    const reference = await api<SeriesJson>('POST', '/analysis/series', {
      perimeter: { buildingIds },
      from: '2019-01-01',
      to: '2020-01-01',
      step: 'P1M',
      unit: 'kWh',
      breakdown: 'none',
      compare: { mode: 'calendar', years: [1] },
    });
    expect(reference.series.map((item) => item.label)).toEqual(['Total', 'Total (N-1)']);
    const sums = reference.series.map((item) =>
      item.points.reduce((sum, point) => sum + (point.value ?? 0), 0),
    );
    for (const item of reference.series) expect(item.points).toHaveLength(12);
    expect(sums[0]).toBeGreaterThan(100_000);

    const totals = page.getByTestId('totals-row');
    await expect.poll(() => totals.isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'Total (N-1) (kWh)' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    const cells = (await totals.locator('th').allTextContents()).map((text) => text.trim());
    expect(cells[0]).toBe('Total');
    expect(cells[1]).toBe(frenchNumber(sums[0] ?? 0, 1));
    expect(cells[2]).toBe(frenchNumber(sums[1] ?? 0, 1));
    // French grouping: a narrow no-break space between thousands and a decimal comma.
    expect(cells[1]).toMatch(/^\d{1,3}(\u202f\d{3})+(,\d)?$/);

    await expect.poll(() => page.getByRole('cell', { name: 'janvier 2019' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('[role="img"] svg').count(), PAGE_TIMEOUT).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('completeness-text').textContent())
      .toMatch(/^Mesuré .*%, estimé .*%, manquant .*%$/);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'analysis-series.png'), fullPage: true });
  });

  it('saves the perimeter under a name', async () => {
    const name = `Deux bâtiments démo ${Date.now()}`;
    await page.getByRole('button', { name: 'Enregistrer le périmètre' }).click();
    await page.getByRole('textbox', { name: 'Nom du périmètre' }).fill(name);
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Périmètres enregistrés' }).inputValue(), PAGE_TIMEOUT)
      .toBe(name);
    const saved = await api<{ items: { name: string; perimeter: { buildingIds?: string[] } }[] }>(
      'GET',
      '/analysis/perimeters',
    );
    expect(saved.items.find((item) => item.name === name)?.perimeter.buildingIds).toHaveLength(2);
  });

  it('exports the series as a CSV file for French Excel', async () => {
    const downloadPromise = page.waitForEvent('download', PAGE_TIMEOUT);
    await page.getByRole('button', { name: 'Exporter en CSV (Excel)' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('analyse-consommation.csv');
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/);
    expect(lines[0]?.split(';')[0]).toBe('Série');
    expect(lines[0]).toContain(';Valeur (kWh);');
    // 12 months of the base series and 12 of N-1, after the header.
    expect(lines.filter((line) => line.startsWith('Total;'))).toHaveLength(12);
    expect(lines.filter((line) => line.startsWith('Total (N-1);'))).toHaveLength(12);
  });

  it('reduces an hourly year to fewer points with min and max', async () => {
    await page.getByText('Heure', { exact: true }).click();
    const note = page.getByText(/^Série réduite à [\d\u202f]+ points \(min\/max conservés\)\.$/);
    await expect.poll(() => note.isVisible(), PAGE_TIMEOUT).toBe(true);
    // 8 760 hours of 2019 reduced below the 2 000 points the page asks for.
    const count = Number((await note.textContent())?.replace(/\D/g, ''));
    expect(count).toBeGreaterThan(100);
    expect(count).toBeLessThanOrEqual(2000);
    await page.waitForTimeout(ANIMATION_MS);
    await page
      .getByRole('img', { name: /^Graphique des consommations/ })
      .evaluate((element) => element.scrollIntoView());
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'analysis-downsampled.png') });
  });

  it('shows the load profile of the perimeter', async () => {
    await page.getByRole('tab', { name: 'Profil de charge' }).click();
    await expect.poll(() => page.getByText('Talon de puissance').isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect
      .poll(
        () =>
          page
            .getByText(/^\d+(,\d)?\s?kW$/)
            .first()
            .isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'analysis-profile.png'), fullPage: true });
  });

  it('finds a building on the portfolio map without tiles', async () => {
    await page.getByRole('link', { name: 'Carte du patrimoine' }).click();
    await page.waitForURL(/\/carte-du-patrimoine$/, PAGE_TIMEOUT);
    await expect.poll(() => page.locator('.leaflet-interactive').count(), PAGE_TIMEOUT).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: /^Date de calcul/ }).fill('2023-01-01');
    await expect.poll(() => page.locator('.leaflet-interactive').count(), PAGE_TIMEOUT).toBe(10);
    await expect
      .poll(() => page.getByText(/du 01\/01\/2022 au 31\/12\/2022 inclus/).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'analysis-map-all.png'), fullPage: true });
    await page.getByRole('textbox', { name: 'Rechercher un bâtiment' }).fill('b25');

    const list = page.getByRole('table', { name: 'Bâtiments affichés sur la carte' });
    await expect
      .poll(() => list.getByRole('link').allTextContents(), PAGE_TIMEOUT)
      .toEqual(['Bâtiment d’enseignement b25']);
    await expect.poll(() => page.locator('.leaflet-interactive').count(), PAGE_TIMEOUT).toBe(1);
    await expect
      .poll(() => list.getByText(/^\d[\d\s\u202f]*(,\d)?\skWh\/m²$/).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'analysis-map.png'), fullPage: true });

    await page.locator('.leaflet-interactive').first().click({ force: true });
    await page.waitForURL(/\/batiments\/\d+$/, PAGE_TIMEOUT);
  });

  it('shows a custom indicator for the whole perimeter', async () => {
    const indicatorName = 'Intensité électrique du périmètre';
    await api('POST', '/indicators', {
      name: indicatorName,
      formula: 'electricite / surface',
      unitLabel: 'kWh/m²',
      targetValue: 50,
      targetDirection: 'at-most',
    });

    // Hand computation of the perimeter value: the 2022 electricity of both buildings added up,
    // over their floor areas added up (Σ kWh / Σ m², not the sum or mean of their ratios).
    const buildings = await api<{ items: { id: string; code: string; floorAreaM2: number }[] }>(
      'GET',
      '/buildings?limit=500&offset=0',
    );
    let electricityKwh = 0;
    let floorAreaM2 = 0;
    for (const { code } of PERIMETER_BUILDINGS) {
      const building = buildings.items.find((item) => item.code === code);
      if (!building) throw new Error(`demo building ${code} not found`);
      const consumption = await api<{ items: { energy: string; energyKWh: number | null }[] }>(
        'GET',
        `/buildings/${building.id}/consumption?from=2022-01-01&to=2023-01-01&step=month`,
      );
      electricityKwh += consumption.items
        .filter((item) => item.energy === 'electricity')
        .reduce((sum, item) => sum + (item.energyKWh ?? 0), 0);
      floorAreaM2 += building.floorAreaM2;
    }
    const expected = electricityKwh / floorAreaM2;
    expect(expected).toBeGreaterThan(1);
    // The table shows three significant digits: 0 decimals from 100, 1 from 10, 2 below.
    const decimals = Math.min(3, Math.max(0, 2 - Math.floor(Math.log10(expected))));
    const expectedText = `${frenchNumber(expected, decimals)}\u00a0kWh/m²`;

    await page.getByRole('link', { name: 'Analyse', exact: true }).click();
    await page.waitForURL(/\/analyse$/, PAGE_TIMEOUT);
    const perimeterInput = page.getByRole('textbox', { name: 'Périmètre', exact: true });
    await expect.poll(() => perimeterInput.isVisible(), PAGE_TIMEOUT).toBe(true);
    for (const building of PERIMETER_BUILDINGS) {
      await perimeterInput.click();
      await perimeterInput.fill(building.code);
      await page.getByRole('option', { name: new RegExp(`\\(${building.code}\\)`) }).click(PAGE_TIMEOUT);
    }
    await perimeterInput.press('Escape');
    await page.getByRole('textbox', { name: 'Année' }).fill('2022');
    const steps = page.getByRole('radiogroup', { name: 'Pas de temps' });
    await steps.getByText('Année', { exact: true }).click();

    await page.getByRole('tab', { name: 'Indicateurs personnalisés' }).click();
    const indicatorInput = page.getByRole('textbox', { name: /^Indicateur personnalisé/ });
    await indicatorInput.click();
    await page.getByRole('option', { name: indicatorName }).click(PAGE_TIMEOUT);
    await expect
      .poll(
        () => page.getByText('Formule : electricite / surface. Cible : 50 kWh/m² au plus.').isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);

    const perimeterRow = page.getByTestId('evaluation-perimeter-row');
    await expect.poll(() => perimeterRow.isVisible(), PAGE_TIMEOUT).toBe(true);
    const cells = (await perimeterRow.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    expect(cells).toEqual(['Ensemble du périmètre (2 bâtiments)', expectedText]);
    const table = page.getByTestId('analysis-indicator-table');
    for (const { code } of PERIMETER_BUILDINGS) {
      expect(await table.getByRole('row').filter({ hasText: code }).count()).toBe(1);
    }
    expect(await page.getByRole('columnheader', { name: '2022' }).isVisible()).toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'analysis-indicator.png'), fullPage: true });

    // A daily step keeps the values by month, under a notice that explains why.
    await steps.getByText('Jour', { exact: true }).click();
    await expect
      .poll(
        () => page.getByText(/^Les indicateurs personnalisés se calculent par mois ou par année/).isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    await expect.poll(() => perimeterRow.getByRole('cell').count(), PAGE_TIMEOUT).toBe(13);
  });
});
