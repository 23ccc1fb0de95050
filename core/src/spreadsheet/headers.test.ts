import { describe, expect, it } from 'vitest';
import type { CellValue, SheetData, WorkbookData } from './cells.js';
import { BUILDINGS_TABLE, ESTATE_TABLES, SITES_TABLE } from './estate-file.js';
import { locateTables } from './headers.js';
import { HISTORY_TEMPLATES } from './history-kinds.js';
import { normaliseLabel } from './labels.js';

function sheet(name: string, rows: (CellValue[] | null)[]): SheetData {
  return {
    name,
    rows: rows.flatMap((cells, index) => (cells ? [{ number: index + 1, cells }] : [])),
  };
}

function workbook(...sheets: SheetData[]): WorkbookData {
  return { sheets, date1904: false };
}

describe('locateTables', () => {
  it('finds headers below title rows', () => {
    const layout = locateTables(
      workbook(
        sheet('Export', [
          ['Patrimoine immobilier'],
          null,
          ['Édité le 02/01/2024'],
          ['Surface de plancher', 'Ref bat', 'Bâtiment (code)', 'Nom', 'Site (code)'],
          [1200, 'A', 'A-bis', 'Bâtiment A', 'NORD'],
        ]),
      ),
      ESTATE_TABLES,
    );
    expect(layout.tables).toHaveLength(1);
    const table = layout.tables[0];
    expect(table?.spec).toBe(BUILDINGS_TABLE);
    expect(table?.headerRow).toBe(4);
    expect(table?.columns.get('floorAreaM2')?.index).toBe(0);
    expect(table?.columns.get('code')).toMatchObject({ index: 1, header: 'Ref bat' });
    expect(table?.columns.get('siteCode')?.index).toBe(4);
    expect(table?.rows.map((row) => row.number)).toEqual([5]);
    // The second building-code column is reported as ignored, not read.
    expect(layout.warnings.map((warning) => warning.message)).toEqual([
      'Feuille « Export », colonne « Bâtiment (code) » ignorée : elle désigne la même donnée que la colonne « Ref bat », seule lue.',
    ]);
  });

  it('matches headers whatever their accents, case and punctuation', () => {
    const layout = locateTables(
      workbook(sheet('B', [['CODE BATIMENT', 'nom du batiment', 'code-site', 'SURFACE DE PLANCHER (M2)']])),
      ESTATE_TABLES,
    );
    expect([...(layout.tables[0]?.columns.keys() ?? [])]).toEqual([
      'code',
      'name',
      'siteCode',
      'floorAreaM2',
    ]);
  });

  it('tells the sites sheet from the buildings sheet by their headers', () => {
    const layout = locateTables(
      workbook(
        sheet('Feuil1', [['Code bâtiment', 'Nom', 'Code site', 'Adresse', 'Latitude']]),
        sheet('Feuil2', [['Code site', 'Nom du site', 'Adresse', 'Latitude', 'Longitude']]),
      ),
      ESTATE_TABLES,
    );
    expect(layout.tables.map((table) => [table.sheet, table.spec.key])).toEqual([
      ['Feuil1', 'buildings'],
      ['Feuil2', 'sites'],
    ]);
  });

  it('needs the sheet name to accept generic headers alone', () => {
    const named = locateTables(
      workbook(
        sheet('Sites', [
          ['Code', 'Nom'],
          ['N', 'Nord'],
        ]),
      ),
      ESTATE_TABLES,
    );
    expect(named.tables[0]?.spec).toBe(SITES_TABLE);
    const unnamed = locateTables(
      workbook(
        sheet('Feuil1', [
          ['Code', 'Nom'],
          ['N', 'Nord'],
        ]),
      ),
      ESTATE_TABLES,
    );
    expect(unnamed.tables).toEqual([]);
    expect(unnamed.warnings[0]?.message).toBe(
      'Feuille « Feuil1 » ignorée : aucune ligne d’en-tête reconnue dans ses 30 premières lignes non vides.',
    );
  });

  it('reports a table that lacks a required column, with its rows', () => {
    const layout = locateTables(
      workbook(
        sheet('Bâtiments', [
          ['Code bâtiment', 'Nom du bâtiment', 'Surface'],
          ['A', 'Bâtiment A', 10],
          ['B', 'B', 20],
        ]),
      ),
      ESTATE_TABLES,
    );
    expect(layout.tables).toEqual([]);
    expect(layout.problems).toHaveLength(1);
    expect(layout.problems[0]?.rowCount).toBe(2);
    expect(layout.problems[0]?.error.message).toBe(
      'Feuille « Bâtiments », ligne 1 : la feuille ressemble au tableau « Bâtiments » mais la colonne obligatoire « Code site » est introuvable dans la ligne d’en-tête. Ajoutez cette colonne à la ligne d’en-tête (le modèle donne les noms attendus) puis réimportez le fichier.',
    );
  });

  it('skips the instructions sheet of the templates', () => {
    const layout = locateTables(
      workbook(
        sheet('Mode d’emploi', [
          ['Feuille', 'Colonne'],
          ['Bâtiments', 'Code bâtiment'],
        ]),
      ),
      ESTATE_TABLES,
    );
    expect(layout).toEqual({ tables: [], problems: [], warnings: [] });
  });
});

describe('table specifications', () => {
  it('give every header of a table to one column only', () => {
    for (const template of Object.values(HISTORY_TEMPLATES)) {
      for (const table of template.tables) {
        const owners = new Map<string, string>();
        for (const column of table.columns) {
          const headers = [
            column.header,
            ...(column.synonyms ?? []).map((synonym) =>
              typeof synonym === 'string' ? synonym : synonym.header,
            ),
            ...(column.genericSynonyms ?? []),
          ];
          for (const header of headers) {
            const owner = owners.get(normaliseLabel(header));
            expect(
              owner === undefined || owner === column.key,
              `${table.key}: « ${header} » names ${owner} and ${column.key}`,
            ).toBe(true);
            owners.set(normaliseLabel(header), column.key);
          }
        }
      }
    }
  });

  it('keep sheet names within the 31 characters Excel allows', () => {
    for (const template of Object.values(HISTORY_TEMPLATES)) {
      for (const templateSheet of template.sheets) expect(templateSheet.name.length).toBeLessThanOrEqual(31);
    }
  });
});
