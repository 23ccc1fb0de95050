import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN } from '../../server/src/demo/seed.js';
import { launchBrowser, SCREENSHOT_DIR } from './browser.js';

/** Maximum wait for page content, because the suite may share two cores with a loaded PostgreSQL. */
const PAGE_TIMEOUT = { timeout: 20_000 };

/** Daily Météo-France extract of the repository: a header and 52 data rows, none with a missing temperature. */
const SAMPLE_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'datasets',
  'samples',
  'meteo-france',
  'Q_67_latest-2024-2025_RR-T-Vent_extract.csv',
);
const SAMPLE_NAME = path.basename(SAMPLE_PATH);
const SAMPLE_ROWS = 52;

/** French interface texts separate « : » and « n° » with no-break spaces; the checks accept any space. */
const DUPLICATE_MESSAGE = /Ce fichier a déjà été importé \(journal n°\s(\d+)\)\s: rien n’a changé\./;

const SOURCE_NAME = 'Dépôts GTB bâtiment B2';
const BMS_SOURCE_NAME = 'GTB bâtiment B2 (dépôt manuel)';
const ENEDIS_SOURCE_NAME = 'Relevés Enedis SGE (dépôt manuel)';

/** A made-up AES-128 key and IV, 16 bytes each, written as 32 hexadecimal characters. */
const DELIVERY_KEY_HEX = '8f3a5c7e91b24d06a1c3e5f7092b4d6f';
const DELIVERY_IV_HEX = '1b2c3d4e5f60718293a4b5c6d7e8f901';

/**
 * Trend export read with the example mapping of the source form: timestamps at the end of
 * 10-minute intervals, one energy and one temperature column, 3 rows.
 */
const BMS_CSV = [
  'Horodatage;CTA1_Energie_kWh;Temp_Depart_C',
  '15/01/2024 00:10;12,5;45,2',
  '15/01/2024 00:20;13,0;45,0',
  '15/01/2024 00:30;12,0;44,8',
  '',
].join('\n');

const VIEWPORT = { width: 1440, height: 900 };
/** Tall enough for the whole source drawer in one screenshot. */
const TALL_VIEWPORT = { width: 1440, height: 1700 };
/** Mantine's modal and drawer transitions last 200 ms; screenshots wait for them to end. */
const ANIMATION_MS = 400;

let browser: Browser;
let page: Page;
let dropFolder: string;
let bmsFile: string;
let firstRunId: string;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  // A watched folder that the server, running on this machine, can list.
  dropFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'openfluides-e2e-drop-'));
  fs.writeFileSync(path.join(dropFolder, 'releves-janvier.csv'), 'Horodatage;CTA1_Energie_kWh\n');
  bmsFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'openfluides-e2e-bms-')),
    'gtb-b2-2024-01-15.csv',
  );
  fs.writeFileSync(bmsFile, BMS_CSV);
  browser = await launchBrowser();
  page = await browser.newPage({
    viewport: VIEWPORT,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
});

afterAll(async () => {
  await browser?.close();
  if (dropFolder) fs.rmSync(dropFolder, { recursive: true, force: true });
  if (bmsFile) fs.rmSync(path.dirname(bmsFile), { recursive: true, force: true });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Figure of one count tile of an import outcome, such as `52`: the tile's text without its label. */
async function countTile(name: 'read' | 'stored' | 'unchanged' | 'updated' | 'rejected'): Promise<string> {
  const text = (await page.locator(`[data-count="${name}"]`).first().textContent()) ?? '';
  return text.replace(/^\D+/, '').trim();
}

async function uploadSample(): Promise<void> {
  await page.getByRole('link', { name: 'Déposer un fichier' }).click();
  await page.waitForURL(/\/admin\/deposer-un-fichier/, PAGE_TIMEOUT);
  await page.locator('input[type="file"]').setInputFiles(SAMPLE_PATH);
  await page.getByRole('button', { name: 'Importer le fichier' }).click();
}

describe('ingestion pages in chromium', () => {
  it('signs in the demo administrator', async () => {
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel('Adresse électronique').fill(DEMO_ADMIN.email);
    await page.getByLabel('Mot de passe').fill(DEMO_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'), PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('link', { name: 'Sources de données' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
  });

  it('imports a Météo-France daily file through the upload page', async () => {
    expect(fs.existsSync(SAMPLE_PATH), SAMPLE_PATH).toBe(true);
    await uploadSample();
    await expect
      .poll(
        () =>
          page
            .getByRole('heading', { name: new RegExp(`^Résultat\\s:\\s${escapeRegExp(SAMPLE_NAME)}$`) })
            .isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    await expect.poll(() => page.getByText('Réussi', { exact: true }).first().isVisible()).toBe(true);
    // A fresh database contains none of these station days, so every row is new.
    expect(await countTile('read')).toBe(String(SAMPLE_ROWS));
    expect(await countTile('stored')).toBe(String(SAMPLE_ROWS));
    expect(await countTile('unchanged')).toBe('0');
    expect(await countTile('updated')).toBe('0');
    expect(await countTile('rejected')).toBe('0');
    const runLink = page.getByRole('link', { name: /^Journal n°\s\d+$/ });
    const runText = (await runLink.textContent()) ?? '';
    firstRunId = runText.replace(/\D/g, '');
    expect(firstRunId).not.toBe('');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-upload.png`, fullPage: true });
  });

  it('lists the run in the import journal', async () => {
    await page.getByRole('link', { name: 'Journal des imports' }).click();
    await page.waitForURL(/\/admin\/journal-des-imports/, PAGE_TIMEOUT);
    const row = page.getByRole('row').filter({ hasText: SAMPLE_NAME });
    await expect.poll(() => row.count(), PAGE_TIMEOUT).toBe(1);
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.some((cell) => cell.includes('Réussi'))).toBe(true);
    expect(cells.some((cell) => cell.includes('Dépôt manuel'))).toBe(true);
    expect(cells.filter((cell) => cell.trim() === String(SAMPLE_ROWS))).toHaveLength(2);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-journal.png`, fullPage: true });

    await row.click();
    await page.waitForURL(new RegExp(`/admin/journal-des-imports/${firstRunId}$`), PAGE_TIMEOUT);
    await expect
      .poll(
        () => page.getByRole('heading', { name: new RegExp(`^Import n°\\s${firstRunId}$`) }).isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    await expect
      .poll(() => page.getByText('Aucun rejet ni remarque pour ce fichier.').isVisible())
      .toBe(true);
    expect(await countTile('stored')).toBe(String(SAMPLE_ROWS));
    expect(
      await page.getByRole('link', { name: 'Télécharger le fichier d’origine' }).getAttribute('href'),
    ).toMatch(/^\/api\/raw-files\/\d+\/content$/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-run-detail.png`, fullPage: true });
  });

  it('recognises the same file sent again', async () => {
    await uploadSample();
    await expect.poll(() => page.getByText(DUPLICATE_MESSAGE).isVisible(), PAGE_TIMEOUT).toBe(true);
    const message = (await page.getByText(DUPLICATE_MESSAGE).textContent()) ?? '';
    expect(message.match(DUPLICATE_MESSAGE)?.[1]).toBe(firstRunId);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-upload-duplicate.png`, fullPage: true });
  });

  it('creates a watched-folder source that was never polled', async () => {
    await page.getByRole('link', { name: 'Sources de données' }).click();
    await page.waitForURL(/\/admin\/sources-de-donnees/, PAGE_TIMEOUT);
    await page.getByRole('button', { name: 'Nouvelle source' }).click();
    const drawer = page.getByRole('dialog', { name: 'Nouvelle source' });
    await expect.poll(() => drawer.isVisible(), PAGE_TIMEOUT).toBe(true);
    await drawer.getByLabel(/^Nom\b/).fill(SOURCE_NAME);
    await page.setViewportSize(TALL_VIEWPORT);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-sftp.png`, fullPage: true });
    await drawer.getByText('Dossier surveillé', { exact: true }).first().click();
    await drawer.getByLabel(/^Chemin du dossier/).fill(dropFolder);
    await drawer.getByLabel('Motif des noms de fichiers', { exact: true }).fill('*.csv');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-folder.png`, fullPage: true });
    await page.setViewportSize(VIEWPORT);
    await drawer.getByRole('button', { name: 'Créer la source' }).click();
    await expect.poll(() => drawer.isVisible(), PAGE_TIMEOUT).toBe(false);

    const row = page.getByRole('row').filter({ hasText: SOURCE_NAME });
    await expect.poll(() => row.count(), PAGE_TIMEOUT).toBe(1);
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.some((cell) => cell.trim() === 'Dossier surveillé')).toBe(true);
    expect(cells.some((cell) => cell.trim() === 'Reconnaissance automatique')).toBe(true);
    expect(cells.some((cell) => cell.trim() === 'Jamais interrogée')).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-sources.png`, fullPage: true });
  });

  it('tests the connection of the folder source', async () => {
    await page.getByRole('button', { name: `Tester la connexion de la source ${SOURCE_NAME}` }).click();
    const modal = page.getByRole('dialog', {
      name: new RegExp(`^Test de connexion\\s:\\s${escapeRegExp(SOURCE_NAME)}$`),
    });
    await expect.poll(() => modal.isVisible(), PAGE_TIMEOUT).toBe(true);
    await expect.poll(() => modal.getByText('releves-janvier.csv').isVisible()).toBe(true);
    expect(await modal.getByRole('alert').count()).toBe(0);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-test.png`, fullPage: true });
    await modal.getByRole('button', { name: 'Fermer' }).last().click();
    await expect.poll(() => modal.isVisible()).toBe(false);
  });

  it('checks the column mapping of a manual BMS source', async () => {
    await page.setViewportSize(TALL_VIEWPORT);
    await page.getByRole('button', { name: 'Nouvelle source' }).click();
    const drawer = page.getByRole('dialog', { name: 'Nouvelle source' });
    await expect.poll(() => drawer.isVisible(), PAGE_TIMEOUT).toBe(true);
    await drawer.getByLabel(/^Nom\b/).fill(BMS_SOURCE_NAME);
    await drawer.getByText('Dépôt manuel', { exact: true }).first().click();
    await drawer.getByRole('textbox', { name: /^Format des fichiers/ }).click();
    await page.getByRole('option', { name: 'Export de tendances de GTB (CSV)' }).click();
    const mapping = drawer.getByLabel(/^Paramétrage \(JSON\)/);

    // Text that is not JSON is refused before sending.
    await mapping.fill('{ "layout": "wide", }');
    await drawer.getByRole('button', { name: 'Créer la source' }).click();
    await expect.poll(() => drawer.getByText(/n’est pas du JSON valide/).isVisible()).toBe(true);

    // The server checks the mapping itself and names the missing field under the editor.
    await mapping.fill('{ "layout": "wide" }');
    await drawer.getByRole('button', { name: 'Créer la source' }).click();
    await expect
      .poll(
        () =>
          drawer
            .getByText(/Champ «\s?timestamp\s?»/)
            .first()
            .isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-mapping-error.png`, fullPage: true });

    await mapping.fill('');
    await drawer.getByRole('button', { name: 'Insérer l’exemple' }).click();
    expect(JSON.parse(await mapping.inputValue()).points).toHaveLength(2);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-mapping.png`, fullPage: true });
    await drawer.getByRole('button', { name: 'Créer la source' }).click();
    await expect.poll(() => drawer.isVisible(), PAGE_TIMEOUT).toBe(false);
    const row = page.getByRole('row').filter({ hasText: BMS_SOURCE_NAME });
    await expect.poll(() => row.count(), PAGE_TIMEOUT).toBe(1);
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.some((cell) => cell.trim() === 'Dépôt manuel')).toBe(true);
    await page.setViewportSize(VIEWPORT);
  });

  it('stores Enedis keys write-only', async () => {
    await page.setViewportSize(TALL_VIEWPORT);
    await page.getByRole('button', { name: 'Nouvelle source' }).click();
    const drawer = page.getByRole('dialog', { name: 'Nouvelle source' });
    await expect.poll(() => drawer.isVisible(), PAGE_TIMEOUT).toBe(true);
    await drawer.getByLabel(/^Nom\b/).fill(ENEDIS_SOURCE_NAME);
    await drawer.getByText('Dépôt manuel', { exact: true }).first().click();
    const section = drawer.getByRole('group', { name: 'Déchiffrement des fichiers Enedis' });
    await expect.poll(() => section.getByText(/^Aucune clé enregistrée\./).isVisible()).toBe(true);
    await section.getByRole('button', { name: 'Ajouter une paire' }).click();
    const pair = section.getByRole('group', { name: /^Paire n°\s1$/ });
    await expect.poll(() => pair.isVisible()).toBe(true);

    // A key of the wrong length is rejected before sending, and the message gives its length.
    await pair.getByLabel(/^Clé AES/).fill('8f3a 5c7e');
    await drawer.getByRole('button', { name: 'Créer la source' }).click();
    await expect
      .poll(() => pair.getByText(/^Cette clé compte 8 caractères\s: une clé AES en compte 32/).isVisible())
      .toBe(true);
    await section.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-keys-error.png` });

    await pair.getByLabel(/^Clé AES/).fill(DELIVERY_KEY_HEX);
    await pair.getByLabel(/^Vecteur d’initialisation/).fill(DELIVERY_IV_HEX);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-keys.png` });
    await drawer.getByRole('button', { name: 'Créer la source' }).click();
    await expect.poll(() => drawer.isVisible(), PAGE_TIMEOUT).toBe(false);

    const row = page.getByRole('row').filter({ hasText: ENEDIS_SOURCE_NAME });
    await expect.poll(() => row.count(), PAGE_TIMEOUT).toBe(1);
    await expect.poll(() => row.getByText(/^Clés Enedis\s:\s1$/).isVisible()).toBe(true);
    // Sources without keys carry no badge.
    const bmsRow = page.getByRole('row').filter({ hasText: BMS_SOURCE_NAME });
    expect(await bmsRow.getByText(/^Clés Enedis/).count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-sources-keys.png`, fullPage: true });

    // The API returns the number of pairs, never the key nor the IV.
    const listing = await page.evaluate(async () => (await fetch('/api/ingest/sources')).text());
    const listed = (JSON.parse(listing) as Array<{ name: string; deliveryKeyCount: number }>).find(
      (source) => source.name === ENEDIS_SOURCE_NAME,
    );
    expect(listed?.deliveryKeyCount).toBe(1);
    expect(listing.toLowerCase()).not.toContain(DELIVERY_KEY_HEX);
    expect(listing.toLowerCase()).not.toContain(DELIVERY_IV_HEX);

    await page.getByRole('button', { name: `Modifier la source ${ENEDIS_SOURCE_NAME}` }).click();
    const editor = page.getByRole('dialog', { name: /^Modifier la source/ });
    await expect.poll(() => editor.isVisible(), PAGE_TIMEOUT).toBe(true);
    const storedSection = editor.getByRole('group', { name: 'Déchiffrement des fichiers Enedis' });
    await expect
      .poll(() => storedSection.getByText('1 clé enregistrée', { exact: true }).isVisible())
      .toBe(true);
    expect(await storedSection.getByRole('button', { name: 'Remplacer' }).isVisible()).toBe(true);
    expect(await storedSection.getByRole('button', { name: 'Supprimer' }).isVisible()).toBe(true);
    expect(await storedSection.getByLabel(/^Clé AES/).count()).toBe(0);
    const html = (await page.content()).toLowerCase();
    expect(html).not.toContain(DELIVERY_KEY_HEX);
    expect(html).not.toContain(DELIVERY_IV_HEX);
    await page.waitForTimeout(ANIMATION_MS);
    await storedSection.scrollIntoViewIfNeeded();
    await storedSection.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-keys-stored.png` });

    // Replacing starts from an empty pair, never from the stored one.
    await storedSection.getByRole('button', { name: 'Remplacer' }).click();
    expect(await storedSection.getByLabel(/^Clé AES/).inputValue()).toBe('');
    expect(await storedSection.getByLabel(/^Vecteur d’initialisation/).inputValue()).toBe('');
    await storedSection.getByRole('button', { name: 'Garder les clés enregistrées' }).click();
    await expect
      .poll(() => storedSection.getByText('1 clé enregistrée', { exact: true }).isVisible())
      .toBe(true);

    // Deleting waits for the save and can be cancelled until then.
    await storedSection.getByRole('button', { name: 'Supprimer' }).click();
    await expect
      .poll(() =>
        storedSection
          .getByText('La clé enregistrée sera supprimée à l’enregistrement de la source.')
          .isVisible(),
      )
      .toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-source-form-keys-delete.png`, fullPage: true });
    await storedSection.getByRole('button', { name: 'Annuler la suppression' }).click();
    await expect
      .poll(() => storedSection.getByText('1 clé enregistrée', { exact: true }).isVisible())
      .toBe(true);
    await editor.getByRole('button', { name: 'Annuler', exact: true }).click();
    await expect.poll(() => editor.isVisible()).toBe(false);
    await page.setViewportSize(VIEWPORT);
  });

  it('files the identifiers of an upload as unknown', async () => {
    await page.getByRole('link', { name: 'Déposer un fichier' }).click();
    await page.waitForURL(/\/admin\/deposer-un-fichier/, PAGE_TIMEOUT);
    await page.locator('input[type="file"]').setInputFiles(bmsFile);
    await page.getByRole('textbox', { name: 'Source (facultatif)' }).click();
    await page.getByRole('option', { name: BMS_SOURCE_NAME }).click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Format', exact: true }).inputValue())
      .toMatch(/^Format de la source\s: Export de tendances de GTB \(CSV\)$/);
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^Résultat\s:\s/ }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    // The journal counts values: 3 rows × 2 points. No register takes either point yet, so all
    // 6 values are rejected and none is stored.
    expect(await countTile('read')).toBe('6');
    expect(await countTile('stored')).toBe('0');
    expect(await countTile('rejected')).toBe('6');
    await expect.poll(() => page.getByText('GTB-B2-CTA1-ENERGIE').first().isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-upload-unknown.png`, fullPage: true });

    await page.getByRole('link', { name: 'Identifiants inconnus' }).click();
    await page.waitForURL(/\/admin\/identifiants-inconnus/, PAGE_TIMEOUT);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Identifiants inconnus' }).isVisible(), PAGE_TIMEOUT)
      .toBe(true);
    const energyRow = page.getByRole('row').filter({ hasText: 'GTB-B2-CTA1-ENERGIE' });
    const energyCells = async () =>
      (await energyRow.getByRole('cell').allInnerTexts()).slice(0, 6).map((cell) => cell.trim());
    await expect
      .poll(energyCells, PAGE_TIMEOUT)
      .toEqual(['GTB-B2-CTA1-ENERGIE', 'Énergie par intervalle', '10 min', BMS_SOURCE_NAME, '3', '1']);
    const temperatureRow = page.getByRole('row').filter({ hasText: 'GTB-B2-TDEP' });
    expect((await temperatureRow.getByRole('cell').allInnerTexts())[1]?.trim()).toBe('Température');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-unknown-identifiers.png`, fullPage: true });
  });

  it('creates a register for an unknown identifier and imports again', async () => {
    await page.getByRole('button', { name: 'Créer un registre pour GTB-B2-CTA1-ENERGIE' }).click();
    const modal = page.getByRole('dialog', { name: 'Créer un registre' });
    await expect.poll(() => modal.isVisible(), PAGE_TIMEOUT).toBe(true);
    await modal.getByRole('textbox', { name: /^Compteur/ }).click();
    await page.getByRole('option').first().click();
    expect(await modal.getByLabel(/^Nom du registre/).inputValue()).toBe('GTB-B2-CTA1-ENERGIE');
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-create-register.png`, fullPage: true });
    await modal.getByRole('button', { name: 'Créer et réimporter' }).click();
    await expect
      .poll(
        () =>
          modal
            .getByText(/^Identifiant associé au registre n°\s\d+\s: 1 fichier importé de nouveau\.$/)
            .isVisible(),
        PAGE_TIMEOUT,
      )
      .toBe(true);
    // The 6 values are read again. The energy point now has a register, so its 3 values are
    // stored, and the 3 temperature values stay rejected.
    const outcomeCells = (await modal.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).map((cell) =>
      cell.trim(),
    );
    expect(outcomeCells.slice(2)).toEqual(['6', '3', '0', '0', '3']);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-create-register-result.png`, fullPage: true });
    await modal.getByRole('button', { name: 'Fermer' }).last().click();

    await page.getByRole('tab', { name: 'Associés' }).click();
    const mappedRow = page.getByRole('row').filter({ hasText: 'GTB-B2-CTA1-ENERGIE' });
    await expect.poll(() => mappedRow.count(), PAGE_TIMEOUT).toBe(1);
    await expect
      .poll(() => mappedRow.getByRole('link', { name: /^Registre n°\s\d+$/ }).isVisible())
      .toBe(true);
  });

  it('offers only registers of the same kind', async () => {
    await page.getByRole('tab', { name: 'À traiter' }).click();
    await page.getByRole('button', { name: 'Associer GTB-B2-TDEP à un registre' }).click();
    const modal = page.getByRole('dialog', { name: 'Associer à un registre' });
    await expect.poll(() => modal.isVisible(), PAGE_TIMEOUT).toBe(true);
    await modal.getByRole('textbox', { name: /^Registre/ }).click();
    await page.waitForTimeout(ANIMATION_MS);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ingest-map-register.png`, fullPage: true });
    // The register created for the energy point is of another kind, so the temperature cannot use it.
    expect(await page.getByRole('option', { name: /GTB-B2-CTA1-ENERGIE/ }).count()).toBe(0);
    // The demo estate has no temperature register either, and the modal states it.
    expect(await modal.getByText(/^Aucun registre de ce type n’existe/).isVisible()).toBe(true);
    // A second click on the field closes its list, which may cover the buttons.
    await modal.getByRole('textbox', { name: /^Registre/ }).click();
    await modal.getByRole('button', { name: 'Annuler' }).click();
    await expect.poll(() => modal.isVisible()).toBe(false);
  });
});
