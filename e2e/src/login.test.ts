import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';

/** Maximum wait for page content, because the suite may share two cores with a loaded PostgreSQL. */
const PAGE_TIMEOUT = { timeout: 20_000 };

let browser: Browser;
let page: Page;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('sign-in in chromium', () => {
  it('sends a visitor to the French login page', async () => {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/connexion/, PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('button', { name: 'Se connecter' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    // A first visit is not an expired session.
    expect(await page.getByText('Votre session a expiré').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/login.png`, fullPage: true });
  });

  it('refuses a wrong password with a French message', async () => {
    await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
    await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.getByText('Adresse électronique ou mot de passe incorrect').isVisible())
      .toBe(true);
  });

  it('signs in the demo administrator and shows the home page', async () => {
    await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
    await expect
      .poll(() => page.getByRole('heading', { name: `Bonjour, ${DEMO_ADMIN.displayName}` }).isVisible())
      .toBe(true);
    // The demo estate contains one site of ten buildings.
    await expect
      .poll(() => page.getByText('Campus démo — université de Cambridge (relevés réels)').first().isVisible())
      .toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/home.png`, fullPage: true });
  });

  it('opens a building page with its real consumption chart', async () => {
    await page.getByRole('link', { name: 'Bâtiments' }).first().click();
    await page.waitForURL(/\/batiments/);
    await page.getByText('Centre de calcul et laboratoires b2').first().click();
    await page.waitForURL(/\/batiments\/\d+/);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Consommation' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    // The chart draws the 2022 months of the real Cambridge readings.
    await expect
      .poll(() => page.locator('canvas, svg.echarts, div[_echarts_instance_]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByText('98800000000001').first().isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect.poll(() => page.getByText('UCAM-B2-ELEC').first().isVisible(), PAGE_TIMEOUT).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/building.png`, fullPage: true });
  });
});
