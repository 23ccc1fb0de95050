import { describe, expect, it } from 'vitest';
import type { CellValue, WorkbookData } from './cells.js';
import { parseEstateWorkbook } from './estate-file.js';
import { identifierCandidates } from './history-kinds.js';
import { importStatus } from './import-report.js';
import { parseInvoiceWorkbook } from './invoice-file.js';
import { inferStep, parseOperatorHistoryWorkbook } from './operator-history-file.js';

/** Builds a workbook whose sheets start with their header row on line 1. */
function workbook(sheets: Record<string, CellValue[][]>): WorkbookData {
  return {
    sheets: Object.entries(sheets).map(([name, rows]) => ({
      name,
      rows: rows.map((cells, index) => ({ number: index + 1, cells })),
    })),
    date1904: false,
  };
}

const FIX = 'Corrigez la cellule puis réimportez le fichier.';

describe('parseEstateWorkbook', () => {
  it('reads areas, percentages and inclusive end dates', () => {
    const file = parseEstateWorkbook(
      workbook({
        Bâtiments: [
          [
            'Code bâtiment',
            'Nom du bâtiment',
            'Code site',
            'Surface de plancher (m²)',
            'Surface utile',
            'Activité',
          ],
          ['A', 'Bâtiment A', 'NORD', '1 234,567', '900 m²', 'Bibliothèque'],
        ],
        Parts: [
          ['Code bâtiment', 'Code composante', 'Part (%)', 'Date de début', 'Date de fin'],
          ['A', 'SCI', '33,3333', '01/01/2020', '31/12/2020'],
          ['A', 'LET', '66,6667 %', '01/01/2020', null],
        ],
      }),
    );
    expect(file.parsed.errors).toEqual([]);
    expect(file.buildings[0]?.value).toMatchObject({
      code: 'A',
      siteCode: 'NORD',
      // numeric(12, 2): 1 234,567 m² rounds half away from zero to 1 234,57.
      floorAreaM2: 1234.57,
      usefulAreaM2: 900,
      activity: 'library',
    });
    expect(file.shares.map((share) => share.value)).toEqual([
      { buildingCode: 'A', unitCode: 'SCI', share: 0.333333, validFrom: '2020-01-01', validTo: '2021-01-01' },
      { buildingCode: 'A', unitCode: 'LET', share: 0.666667, validFrom: '2020-01-01' },
    ]);
  });

  it('rejects the shares of a building that exceed 100 % at one date', () => {
    const file = parseEstateWorkbook(
      workbook({
        Parts: [
          ['Code bâtiment', 'Code composante', 'Part (%)'],
          ['A', 'SCI', 60],
          ['A', 'LET', 50],
          ['B', 'SCI', 100],
        ],
      }),
    );
    expect(file.shares.map((share) => share.value.buildingCode)).toEqual(['B']);
    expect(file.parsed.rowsRejected).toBe(2);
    expect(file.parsed.errors.map((error) => error.message)).toEqual([
      'Feuille « Parts », ligne 2, colonne « Part (%) » : les parts du bâtiment « A » totalisent 110 % dans ce fichier, or leur somme ne peut pas dépasser 100 %. Corrigez ces parts puis réimportez le fichier.',
      'Feuille « Parts », ligne 3, colonne « Part (%) » : les parts du bâtiment « A » totalisent 110 % dans ce fichier, or leur somme ne peut pas dépasser 100 %. Corrigez ces parts puis réimportez le fichier.',
    ]);
  });

  it('rejects a building code repeated in the file, whatever its case', () => {
    const file = parseEstateWorkbook(
      workbook({
        Bâtiments: [
          ['Code bâtiment', 'Nom du bâtiment', 'Code site'],
          ['A', 'Premier', 'NORD'],
          ['a', 'Second', 'NORD'],
        ],
      }),
    );
    expect(file.buildings.map((building) => building.value.name)).toEqual(['Premier']);
    expect(file.parsed.errors[0]?.message).toBe(
      'Feuille « Bâtiments », ligne 3, colonne « Code bâtiment » : le bâtiment « a » figure déjà ligne 2. Gardez une seule ligne par bâtiment puis réimportez le fichier.',
    );
  });

  it('reports every invalid cell of a row, and counts the row once', () => {
    const file = parseEstateWorkbook(
      workbook({
        Bâtiments: [
          [
            'Code bâtiment',
            'Nom du bâtiment',
            'Code site',
            'Latitude',
            'Année de construction',
            'Énergie de chauffage principale',
          ],
          ['B 2', 'Bâtiment', 'NORD', 95, 1985.5, 'eau'],
        ],
      }),
    );
    expect(file.parsed.rowsRejected).toBe(1);
    expect(file.parsed.errors.map((error) => error.message)).toEqual([
      'Feuille « Bâtiments », ligne 2, colonne « Code bâtiment » : « B 2 » n’est pas un code valide : un code compte de 1 à 40 lettres sans accent, chiffres, « . », « _ » ou « - », sans espace. Corrigez la cellule puis réimportez le fichier.',
      `Feuille « Bâtiments », ligne 2, colonne « Latitude » : « 95 » doit être inférieur ou égal à 90. ${FIX}`,
      `Feuille « Bâtiments », ligne 2, colonne « Année de construction » : « 1985,5 » n’est pas un nombre entier. ${FIX}`,
      `Feuille « Bâtiments », ligne 2, colonne « Énergie de chauffage principale » : « eau » n’est pas une valeur admise (valeurs possibles : électricité, gaz, réseau de chaleur, bois, fioul). ${FIX}`,
    ]);
  });

  it('checks that the part of an allocation matches its method', () => {
    const file = parseEstateWorkbook(
      workbook({
        Affectations: [
          ['PDL', 'Code bâtiment', 'Méthode', 'Part (%)'],
          ['01234567890123', 'A', 'surface', 50],
          ['01234567890123', 'B', 'sous-comptage', null],
        ],
      }),
    );
    expect(file.allocations.map((allocation) => allocation.value)).toEqual([
      {
        energy: undefined,
        identifierCell: '01234567890123',
        buildingCode: 'B',
        method: 'submeter',
        fraction: undefined,
        validFrom: '1900-01-01',
      },
    ]);
    expect(file.parsed.errors[0]?.message).toBe(
      'Feuille « Affectations », ligne 2, colonne « Part (%) » : la méthode « surface » calcule la part elle-même. Videz la cellule ou choisissez la méthode « pourcentage fixe », puis réimportez le fichier.',
    );
  });

  it('rejects a unit that is its own parent', () => {
    const file = parseEstateWorkbook(
      workbook({
        Composantes: [
          ['Code composante', 'Nom de la composante', 'Composante parente'],
          ['SCI', 'Sciences', 'sci'],
        ],
      }),
    );
    expect(file.units).toEqual([]);
    expect(file.parsed.errors[0]?.reason).toBe(
      'la composante « SCI » ne peut pas être sa propre composante parente',
    );
  });

  it('restores the leading zero of a PRM typed as a number', () => {
    const file = parseEstateWorkbook(
      workbook({
        PDL: [
          ['Énergie', 'PRM'],
          ['Électricité', 1234567890123],
          ['gaz naturel', 'gi 123456'],
        ],
      }),
    );
    expect(file.deliveryPoints.map((point) => [point.value.energy, point.value.identifier])).toEqual([
      ['electricity', '01234567890123'],
      ['gas', 'GI123456'],
    ]);
  });
});

describe('parseInvoiceWorkbook', () => {
  it('reads amounts as cents and converts a MWh column', () => {
    const file = parseInvoiceWorkbook(
      workbook({
        Factures: [
          ['PDL', 'N° facture', 'Du', 'Au', 'Consommation (MWh)', 'Total HT', 'TVA', 'TTC'],
          ['01234567890123', 123456, '01/01/2023', '31/01/2023', '1,5', '1 234,56 €', '246,91 EUR', 1481.47],
        ],
      }),
    );
    expect(file.parsed.errors).toEqual([]);
    expect(file.invoices[0]?.value).toEqual({
      energy: undefined,
      identifierCell: '01234567890123',
      supplier: '',
      number: '123456',
      issuedOn: undefined,
      periodStart: '2023-01-01',
      periodEnd: '2023-01-31',
      energyKwh: 1500,
      amountExclTaxCents: 123456,
      taxCents: 24691,
      amountInclTaxCents: 148147,
    });
  });
});

describe('inferStep', () => {
  it('recognises a day and a calendar month, end included or excluded', () => {
    expect(inferStep('2023-02-01', '2023-02-01')).toBe('P1D');
    expect(inferStep('2023-01-31', '2023-02-01')).toBe('P1D');
    expect(inferStep('2023-02-01', '2023-02-28')).toBe('P1M');
    expect(inferStep('2024-02-01', '2024-02-29')).toBe('P1M');
    expect(inferStep('2023-12-01', '2024-01-01')).toBe('P1M');
    expect(inferStep('2023-02-01', '2023-02-27')).toBeNull();
    expect(inferStep('2023-02-15', '2023-03-14')).toBeNull();
  });
});

describe('parseOperatorHistoryWorkbook', () => {
  it('reads months, days and periods, and infers their step', () => {
    const file = parseOperatorHistoryWorkbook(
      workbook({
        Mensuel: [
          ['PRM', 'Mois', 'Conso kWh'],
          ['01234567890123', 'janvier 2023', '12 345'],
        ],
        Journalier: [
          ['PDL', 'Date', 'Energie kWh', 'Pmax (kW)'],
          ['01234567890123', '15/01/2023', '410,5', '30'],
          ['01234567890123', 'février 2023', 9000, null],
        ],
        Périodes: [
          ['PCE', 'Du', 'Au', 'Pas', 'Consommation'],
          ['21987654321098', '01/03/2023', '31/03/2023', 'mensuel', 5000],
          ['21987654321098', '01/04/2023', '30/04/2023', 'journalier', 4000],
          ['21987654321098', '01/05/2023', '20/05/2023', null, 3000],
        ],
      }),
    );
    expect(
      file.readings.map((reading) => [
        reading.value.step,
        reading.value.localDate,
        reading.value.energyKwh,
        reading.value.maxPowerKw,
      ]),
    ).toEqual([
      ['P1M', '2023-01-01', 12345, undefined],
      ['P1D', '2023-01-15', 410.5, 30],
      ['P1M', '2023-02-01', 9000, undefined],
      ['P1M', '2023-03-01', 5000, undefined],
    ]);
    expect(file.parsed.errors.map((error) => error.message)).toEqual([
      'Feuille « Périodes », ligne 3, colonne « Pas » : le pas « journalier » ne correspond pas à la période du 01/04/2023 au 30/04/2023, qui couvre un mois. Corrigez le pas ou la période puis réimportez le fichier.',
      'Feuille « Périodes », ligne 4, colonne « Au » : la période du 01/05/2023 au 20/05/2023 ne couvre ni un jour ni un mois civil. Découpez les relevés par jour ou par mois civil puis réimportez le fichier.',
    ]);
  });
});

describe('identifierCandidates', () => {
  it('lists the energies an identifier cell is valid for', () => {
    expect(identifierCandidates(1234567890123).map((candidate) => candidate.energy)).toEqual([
      'electricity',
      'gas',
      'district_heating',
      'district_cooling',
      'wood',
      'fuel_oil',
      'water',
    ]);
    expect(identifierCandidates('SST-12').map((candidate) => candidate.energy)).not.toContain('electricity');
    expect(identifierCandidates(1234567890123, 'gas')).toEqual([
      { energy: 'gas', identifier: '01234567890123' },
    ]);
  });
});

describe('importStatus', () => {
  it('is partial when some rows were rejected and failed when all were', () => {
    expect(importStatus({ read: 3, stored: 3, updated: 0, unchanged: 0, rejected: 0 })).toBe('succeeded');
    expect(importStatus({ read: 3, stored: 1, updated: 0, unchanged: 0, rejected: 2 })).toBe('partial');
    expect(importStatus({ read: 3, stored: 0, updated: 0, unchanged: 0, rejected: 3 })).toBe('failed');
  });
});
