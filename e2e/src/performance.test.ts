import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';

/** Maximum wait for page content, because the suite may share two cores with a loaded PostgreSQL. */
const PAGE_TIMEOUT = { timeout: 20_000 };
const VIEWPORT = { width: 1440, height: 900 };
/** Mantine's modal and dropdown transitions last 200 ms; screenshots wait for them to end. */
const ANIMATION_MS = 400;

/**
 * Demo building whose gas follows the weather closely: its 2022 weekly signature has R² 0,82 and
 * an action dated 01/01/2020 shows savings that pass every Guideline 14 check.
 */
const SIGNATURE_BUILDING = 'Bâtiment mixte b40';
/** Demo buildings of the EFA created by the test, with their share in it. */
const EFA_BUILDINGS = [
  { code: 'UCAM-B25', sharePercent: 100 },
  { code: 'UCAM-B111', sharePercent: 50 },
];
const EFA_NAME = 'Campus démo — enseignement';
const INDICATOR_NAME = 'Électricité par m²';
const INDICATOR_BUILDING = 'UCAM-B25';

/** French numbers: decimal comma, narrow no-break spaces between thousands. */
function frenchNumber(value: number, maximumFractionDigits: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits }).format(value);
}

/**
 * Matches a text with any space where the interface writes a no-break or narrow no-break space;
 * `whole` requires the element's entire text to match.
 */
function spaced(text: string, whole = false): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = escaped.replace(/[\s\u00a0\u202f]+/g, '[\\s\\u00a0\\u202f]+');
  return new RegExp(whole ? `^${pattern}$` : pattern);
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

/** Calls the API from the signed-in page, with the CSRF token of `GET /api/me` for state changes. */
async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/me')).json();
      const response = await fetch(`/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    },
    { method, path, body },
  ) as Promise<T>;
}

async function buildingByCode(code: string): Promise<{ id: string; floorAreaM2: number }> {
  const page = await api<{ items: { id: string; code: string; floorAreaM2: number }[] }>(
    'GET',
    '/buildings?limit=500&offset=0',
  );
  const building = page.items.find((item) => item.code === code);
  if (!building) throw new Error(`demo building ${code} not found`);
  return building;
}

function jsonOf<T>(response: Response): Promise<T> {
  return response.json() as Promise<T>;
}

interface SignaturePoint {
  days: number;
  included: boolean;
  degreeDaysPerDay: number | null;
  energyKwhPerDay: number | null;
}

/**
 * Slope of energy per day against degree days per day by least squares weighted by the days of
 * each period, written out: Σw(x − x̄)(y − ȳ) / Σw(x − x̄)², with x̄ and ȳ the weighted means.
 */
function weightedSlope(points: SignaturePoint[]): number {
  const fitted = points.filter((point) => point.included);
  const weight = fitted.reduce((sum, point) => sum + point.days, 0);
  const meanX = fitted.reduce((sum, point) => sum + point.days * (point.degreeDaysPerDay ?? 0), 0) / weight;
  const meanY = fitted.reduce((sum, point) => sum + point.days * (point.energyKwhPerDay ?? 0), 0) / weight;
  let covariance = 0;
  let variance = 0;
  for (const point of fitted) {
    const dx = (point.degreeDaysPerDay ?? 0) - meanX;
    covariance += point.days * dx * ((point.energyKwhPerDay ?? 0) - meanY);
    variance += point.days * dx * dx;
  }
  return covariance / variance;
}

interface IpmvpPeriod {
  included: boolean;
  energyKwh: number | null;
  variables: Record<string, number | null>;
}

/**
 * Avoided energy of IPMVP option C with degree days alone, written out: ordinary least squares
 * kWh = c + a × DJU on the complete baseline months, then Σ(c + a × DJU) − Σ kWh over the complete
 * reporting months. Returns the avoided kWh and its share of the adjusted baseline.
 */
function avoidedEnergy(baseline: IpmvpPeriod[], reporting: IpmvpPeriod[]): { kwh: number; percent: number } {
  const fit = baseline.filter((period) => period.included);
  const xs = fit.map((period) => period.variables.dju ?? 0);
  const ys = fit.map((period) => period.energyKwh ?? 0);
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, index) => {
    covariance += (x - meanX) * ((ys[index] ?? 0) - meanY);
    variance += (x - meanX) ** 2;
  });
  const slope = covariance / variance;
  const intercept = meanY - slope * meanX;
  const used = reporting.filter((period) => period.included);
  const adjusted = used.reduce((sum, period) => sum + intercept + slope * (period.variables.dju ?? 0), 0);
  const actual = used.reduce((sum, period) => sum + (period.energyKwh ?? 0), 0);
  return { kwh: adjusted - actual, percent: ((adjusted - actual) / adjusted) * 100 };
}

describe('performance pages in chromium', () => {
  it('signs in the demo administrator', async () => {
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
    await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'), PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('link', { name: 'Indicateurs personnalisés' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
  });

  it('draws the energy signature of a demo building', async () => {
    await page.getByRole('link', { name: 'Bâtiments' }).first().click();
    await page.waitForURL(/\/batiments$/, PAGE_TIMEOUT);
    await page.getByText(SIGNATURE_BUILDING).first().click();
    await page.waitForURL(/\/batiments\/\d+$/, PAGE_TIMEOUT);

    // The tab's own request, on the weekly step it opens with.
    const signatureResponse = page.waitForResponse(
      (response) => response.url().includes('/signature?') && response.url().includes('step=week'),
      PAGE_TIMEOUT,
    );
    await page.getByRole('tab', { name: 'Signature énergétique' }).click();
    const signature = await jsonOf<{ from: string; to: string; step: string; points: SignaturePoint[] }>(
      await signatureResponse,
    );
    // The default period is the latest twelve months with data: the demo readings end in December 2022.
    expect(signature.from).toBe('2022-01-01');
    expect(signature.to).toBe('2023-01-01');
    expect(signature.step).toBe('week');

    const slope = weightedSlope(signature.points);
    // Three significant digits, as the tile shows model figures.
    const slopeText = `${frenchNumber(slope, slope < 100 ? 1 : 0)} kWh PCS/DJU`;
    await expect
      .poll(() => page.getByText(spaced(slopeText, true)).first().isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await expect.poll(() => page.getByText('Station météo : Bedford').first().isVisible()).toBe(true);
    const chart = page.locator('[role="img"][aria-label^="Signature énergétique de Bâtiment mixte b40"]');
    await expect.poll(() => chart.count(), PAGE_TIMEOUT).toBe(1);
    // One SVG path per plotted week at least: the chart is drawn, not just its frame.
    await expect.poll(() => chart.locator('svg path').count(), PAGE_TIMEOUT).toBeGreaterThan(50);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/performance-signature.png`, fullPage: true });
  });

  it('computes the IPMVP savings of an action on 01/01/2020', async () => {
    await page.getByRole('tab', { name: 'Économies IPMVP' }).click();
    await page.getByLabel('Date de l’action d’économie').fill('2020-01-01');
    const ipmvpResponse = page.waitForResponse((response) => response.url().endsWith('/ipmvp'), PAGE_TIMEOUT);
    await page.getByRole('button', { name: 'Calculer les économies' }).click();
    const result = await jsonOf<{
      baselineRange: { from: string; to: string };
      reportingRange: { from: string; to: string };
      baselinePeriods: IpmvpPeriod[];
      reportingPeriods: IpmvpPeriod[];
    }>(await ipmvpResponse);
    expect(result.baselineRange).toEqual({ from: '2019-01-01', to: '2020-01-01' });
    expect(result.reportingRange).toEqual({ from: '2020-01-01', to: '2021-01-01' });

    const avoided = avoidedEnergy(result.baselinePeriods, result.reportingPeriods);
    expect(avoided.kwh).toBeGreaterThan(0);
    const resultPanel = page.getByTestId('ipmvp-result');
    await expect
      .poll(() => resultPanel.getByText('Consommation évitée').isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    // Above 10 000 kWh the tile switches to MWh with one decimal.
    const avoidedText = `${frenchNumber(avoided.kwh / 1000, 1)} MWh PCS`;
    expect(await resultPanel.getByText(spaced(avoidedText, true)).first().isVisible()).toBe(true);
    const percentText = `soit ${frenchNumber(avoided.percent, 1)} % de moins que la référence ajustée`;
    expect(await resultPanel.getByText(spaced(percentText)).isVisible()).toBe(true);
    expect(
      await resultPanel.getByText(/Incertitude\s:\s±\s[\d\s\u202f,]+\s?(kWh|MWh) PCS à 90\s%/).isVisible(),
    ).toBe(true);
    expect(await resultPanel.getByText(/CV\(RMSE\).*\(seuil 15\s%\)\s·\sconforme/).isVisible()).toBe(true);
    expect(await resultPanel.getByText(/NMBE.*\(seuil ±\s5\s%\)\s·\sconforme/).isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/performance-ipmvp.png`, fullPage: true });
  });

  it('shows the built-in indicators and DPE labels', async () => {
    const building = await buildingByCode('UCAM-B40');
    const consumption = await api<{ items: { energy: string; energyKWh: number | null }[] }>(
      'GET',
      `/buildings/${building.id}/consumption?from=2022-01-01&to=2023-01-01&step=month`,
    );
    // Final energy counts gas in kWh PCS as billed, like the consumption figures, so no conversion.
    const finalKwh = consumption.items.reduce((sum, item) => sum + (item.energyKWh ?? 0), 0);
    await page.getByRole('tab', { name: 'Indicateurs' }).click();
    await expect
      .poll(() => page.getByText('Période du 01/01/2022 au 31/12/2022').first().isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    expect(await page.getByText(spaced(`${frenchNumber(finalKwh / 1000, 1)} MWh`, true)).isVisible()).toBe(
      true,
    );
    expect(
      await page
        .getByText(spaced(`${frenchNumber(finalKwh / building.floorAreaM2, 1)} kWh/m²`, true))
        .isVisible(),
    ).toBe(true);
    // A 12-month period gives both DPE classes, each drawn as a highlighted letter of A to G.
    expect(await page.locator('[data-dpe="energy"]').getAttribute('data-value')).toMatch(/^[A-G]$/);
    expect(await page.locator('[data-dpe="climate"]').getAttribute('data-value')).toMatch(/^[A-G]$/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/performance-indicators.png`, fullPage: true });
  });

  it('draws the Décret tertiaire trajectory of a new EFA', async () => {
    const members = await Promise.all(
      EFA_BUILDINGS.map(async (member) => ({ ...member, ...(await buildingByCode(member.code)) })),
    );
    await api('POST', '/efas', {
      code: 'EFA-DEMO-ENS',
      name: EFA_NAME,
      operatId: null,
      referenceYear: null,
      buildings: members.map((member) => ({ buildingId: member.id, sharePercent: member.sharePercent })),
    });

    await page.getByRole('link', { name: 'Entités OPERAT (EFA)' }).click();
    await page.waitForURL(/\/efa$/, PAGE_TIMEOUT);
    const trajectoryResponse = page.waitForResponse(
      (response) => response.url().includes('/trajectory?'),
      PAGE_TIMEOUT,
    );
    await page.getByRole('link', { name: EFA_NAME }).click();
    await page.waitForURL(/\/efa\/\d+$/, PAGE_TIMEOUT);
    const trajectory = await jsonOf<{
      surfaceM2: number;
      years: { year: number; complete: boolean; adjustedIntensityKwhPerM2: number | null }[];
    }>(await trajectoryResponse);

    // Surface: 3 500 m² × 100 % + 6 500 m² × 50 %.
    expect(trajectory.surfaceM2).toBe(6750);
    // Automatic reference: the complete year of 2010–2022 with the highest adjusted intensity.
    const complete = trajectory.years.filter(
      (year) => year.complete && year.adjustedIntensityKwhPerM2 !== null,
    );
    const reference = complete
      .filter((year) => year.year <= 2022)
      .reduce((best, year) =>
        (year.adjustedIntensityKwhPerM2 ?? 0) > (best.adjustedIntensityKwhPerM2 ?? 0) ? year : best,
      );
    const latest = complete.reduce((last, year) => (year.year > last.year ? year : last));
    // 2030 target: −40 % of the reference; the gap is the latest complete year above it.
    const target2030 = (reference.adjustedIntensityKwhPerM2 ?? 0) * 0.6;
    const gap = (latest.adjustedIntensityKwhPerM2 ?? 0) - target2030;
    const share = (gap / (latest.adjustedIntensityKwhPerM2 ?? 1)) * 100;
    const gapText = `Écart à l’objectif 2030 : ${frenchNumber(gap, 1)} kWh/m² (${frenchNumber(share, 1)} %) à réduire`;
    await expect.poll(() => page.getByText(spaced(gapText)).isVisible(), PAGE_TIMEOUT).toBe(true);
    expect(
      await page
        .getByText(
          spaced(`${reference.year} : ${frenchNumber(reference.adjustedIntensityKwhPerM2 ?? 0, 1)} kWh/m²`),
        )
        .isVisible(),
    ).toBe(true);
    await expect
      .poll(() => page.getByText(/^2023\s:\sannée incomplète/).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    // The settings come from their own request, which may answer after the trajectory.
    await expect
      .poll(() => page.getByRole('button', { name: 'Enregistrer les paramètres' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    await expect.poll(() => page.locator('[role="img"] svg path').count(), PAGE_TIMEOUT).toBeGreaterThan(20);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/performance-trajectory.png`, fullPage: true });
  });

  it('creates a custom indicator with autocompletion', async () => {
    await page.getByRole('link', { name: 'Indicateurs personnalisés' }).click();
    await page.waitForURL(/\/indicateurs$/, PAGE_TIMEOUT);
    await page.getByRole('button', { name: 'Nouvel indicateur' }).click();
    const modal = page.getByRole('dialog', { name: 'Nouvel indicateur' });
    await expect.poll(() => modal.isVisible(), PAGE_TIMEOUT).toBe(true);
    await modal.getByLabel(/^Nom/).fill(INDICATOR_NAME);

    const formula = modal.getByRole('textbox', { name: /^Formule/ });
    await formula.click();
    await formula.pressSequentially('elec');
    const suggestion = page.getByRole('option', { name: /^electricite/ });
    await expect.poll(() => suggestion.isVisible(), PAGE_TIMEOUT).toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({
      path: `${SCREENSHOT_DIR}/performance-indicator-autocomplete.png`,
      fullPage: true,
    });
    await suggestion.click();
    expect(await formula.inputValue()).toBe('electricite');

    await formula.pressSequentially(' / (');
    expect(await formula.inputValue()).toBe('electricite / (');
    // The operand is missing at the end: character 16 of the formula.
    await expect
      .poll(
        () => modal.getByText('Valeur manquante à la position 16 (fin de la formule)').isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    // The preview repeats the formula and marks the missing operand after its last character.
    expect(await modal.getByTestId('formula-problem').textContent()).toBe('electricite / (');
    expect(await modal.getByTestId('formula-missing-marker').count()).toBe(1);
    expect(await formula.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/performance-indicator-error.png`, fullPage: true });

    await formula.fill('electricite / surface');
    await expect.poll(() => modal.getByTestId('formula-valid').isVisible(), PAGE_TIMEOUT).toBe(true);
    await modal.getByLabel(/^Unité affichée/).fill('kWh/m²');
    await modal.getByRole('textbox', { name: 'Cible', exact: true }).fill('150');
    await modal.getByRole('button', { name: 'Créer l’indicateur' }).click();
    await expect.poll(() => modal.isVisible(), PAGE_TIMEOUT).toBe(false);
    const row = page.getByRole('row').filter({ hasText: INDICATOR_NAME });
    await expect.poll(() => row.count(), PAGE_TIMEOUT).toBe(1);
    expect(await row.getByText('electricite / surface').isVisible()).toBe(true);
    expect(await row.getByText(spaced('≤ 150 kWh/m²')).isVisible()).toBe(true);
  });

  it('evaluates the custom indicator on a demo building', async () => {
    const building = await buildingByCode(INDICATOR_BUILDING);
    const consumption = await api<{ items: { energy: string; energyKWh: number | null }[] }>(
      'GET',
      `/buildings/${building.id}/consumption?from=2022-01-01&to=2023-01-01&step=month`,
    );
    const electricityKwh = consumption.items
      .filter((item) => item.energy === 'electricity')
      .reduce((sum, item) => sum + (item.energyKWh ?? 0), 0);
    // 2022 electricity over the floor area, three significant digits as the table shows them.
    const expected = electricityKwh / building.floorAreaM2;
    const expectedText = `${frenchNumber(expected, expected < 100 ? 1 : 0)} kWh/m²`;

    await expect
      .poll(
        () => page.getByRole('heading', { name: `Évaluation : ${INDICATOR_NAME}` }).isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    const buildingsInput = page.getByRole('textbox', { name: /^Bâtiments/ });
    await buildingsInput.click();
    await buildingsInput.pressSequentially('b25');
    await page.getByRole('option', { name: new RegExp(`^${INDICATOR_BUILDING}`) }).click();
    await page.keyboard.press('Escape');
    // The period opens on the last whole year with readings: the year of the day before the
    // reference day when that day is 31 December, else the year before.
    const reference = await api<{ referenceDay: string; today: string }>('GET', '/analysis/reference-day');
    const lastDay =
      reference.referenceDay >= reference.today
        ? reference.today
        : new Date(Date.parse(`${reference.referenceDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const lastWholeYear = Number(lastDay.slice(0, 4)) - (lastDay.endsWith('-12-31') ? 0 : 1);
    const periodInput = page.getByRole('textbox', { name: 'Période' });
    await expect.poll(() => periodInput.inputValue(), PAGE_TIMEOUT).toBe(`Année ${lastWholeYear}`);
    await periodInput.click();
    await page.getByRole('option', { name: 'Année 2022' }).click();
    await page.getByText('Année', { exact: true }).click();
    await page.getByRole('button', { name: 'Évaluer', exact: true }).click();

    const table = page.getByTestId('evaluation-table');
    await expect.poll(() => table.isVisible(), PAGE_TIMEOUT).toBe(true);
    const cells = await table
      .getByRole('row')
      .filter({ hasText: INDICATOR_BUILDING })
      .getByRole('cell')
      .allInnerTexts();
    expect(cells).toHaveLength(2);
    expect(cells[1]).toMatch(spaced(expectedText));
    await expect.poll(() => page.locator('[role="img"] svg path').count(), PAGE_TIMEOUT).toBeGreaterThan(5);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/performance-indicator-evaluation.png`, fullPage: true });
  });
});
