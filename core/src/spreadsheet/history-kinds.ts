import { ENERGIES, type Energy } from '../metering/identifiers.js';
import type { CellValue } from './cells.js';
import { ESTATE_TABLES } from './estate-file.js';
import type { TableSpec } from './headers.js';
import { INVOICES_TABLE } from './invoice-file.js';
import { OPERATOR_HISTORY_TABLE } from './operator-history-file.js';
import { parseIdentifierCell } from './rows.js';

/** The three historical files handed over from the customer's previous tool. */
export const HISTORY_IMPORT_KINDS = ['estate', 'invoices', 'operator-history'] as const;
export type HistoryImportKind = (typeof HISTORY_IMPORT_KINDS)[number];

/** One sheet of a downloadable template: its name and the table columns it lists, in order. */
export interface TemplateSheet {
  name: string;
  table: TableSpec;
  columnKeys: readonly string[];
}

export interface HistoryTemplate {
  kind: HistoryImportKind;
  /** French title of the file, as in the instructions sheet. */
  title: string;
  fileName: string;
  /** Paragraphs of the « Mode d'emploi » sheet, above the column reference. */
  instructions: readonly string[];
  sheets: readonly TemplateSheet[];
  /** Every table the import reads, for the column reference; it can list columns left out of `sheets`. */
  tables: readonly TableSpec[];
}

const allColumns = (table: TableSpec) => table.columns.map((column) => column.key);

const COMMON_INSTRUCTIONS = [
  'Gardez la ligne d’en-tête de chaque feuille ; l’ordre des colonnes est libre et les colonnes inconnues sont ignorées. Des lignes de titre au-dessus de l’en-tête sont admises.',
  'Une ligne par élément, sans ligne de total. Les nombres s’écrivent avec une virgule décimale (1 234,56) ; les dates au format jj/mm/aaaa.',
  'Les colonnes dont l’en-tête est en gras sur fond orangé sont obligatoires. Passez la souris sur un en-tête pour lire son aide.',
  'Importer deux fois le même fichier ne crée aucun doublon : les éléments déjà connus sont mis à jour ou laissés tels quels. L’aperçu montre ce qui changera avant tout enregistrement.',
];

export const HISTORY_TEMPLATES: Record<HistoryImportKind, HistoryTemplate> = {
  estate: {
    kind: 'estate',
    title: 'Patrimoine : sites, bâtiments, composantes et points de livraison',
    fileName: 'modele-patrimoine.xlsx',
    instructions: [
      ...COMMON_INSTRUCTIONS,
      'Remplissez les feuilles dans l’ordre : un bâtiment désigne son site par son code, une part désigne un bâtiment et une composante, une affectation désigne un point de livraison et un bâtiment. Un élément peut aussi renvoyer à un élément déjà présent dans la plateforme.',
      'Une cellule vide dans une colonne facultative laisse la valeur déjà enregistrée telle quelle.',
    ],
    sheets: ESTATE_TABLES.map((table) => ({ name: table.title, table, columnKeys: allColumns(table) })),
    tables: ESTATE_TABLES,
  },
  invoices: {
    kind: 'invoices',
    title: 'Historique des factures par point de livraison',
    fileName: 'modele-factures.xlsx',
    instructions: [
      ...COMMON_INSTRUCTIONS,
      'Les points de livraison doivent déjà exister : importez d’abord le fichier du patrimoine.',
      'Une facture est désignée par son fournisseur, son numéro et son point de livraison : réimportée, elle est mise à jour.',
    ],
    sheets: [{ name: INVOICES_TABLE.title, table: INVOICES_TABLE, columnKeys: allColumns(INVOICES_TABLE) }],
    tables: [INVOICES_TABLE],
  },
  'operator-history': {
    kind: 'operator-history',
    title: 'Historique des données du gestionnaire de réseau',
    fileName: 'modele-releves-gestionnaire.xlsx',
    instructions: [
      ...COMMON_INSTRUCTIONS,
      'Les points de livraison doivent déjà exister : importez d’abord le fichier du patrimoine. Un compteur du gestionnaire et ses registres sont créés pour chaque point de livraison qui n’en a pas.',
      'Une ligne par mois dans « Relevés mensuels », une ligne par jour dans « Relevés journaliers » ; les jours et les mois sont ceux de l’heure de Paris.',
      'La puissance maximale figure dans le compte rendu de l’import mais n’est pas enregistrée comme relevé ; la puissance moyenne, elle, est enregistrée.',
    ],
    sheets: [
      {
        name: 'Relevés mensuels',
        table: OPERATOR_HISTORY_TABLE,
        columnKeys: ['identifier', 'energy', 'month', 'energyKwh', 'meanPowerKw', 'maxPowerKw'],
      },
      {
        name: 'Relevés journaliers',
        table: OPERATOR_HISTORY_TABLE,
        columnKeys: ['identifier', 'energy', 'day', 'energyKwh', 'meanPowerKw', 'maxPowerKw'],
      },
    ],
    tables: [OPERATOR_HISTORY_TABLE],
  },
};

/** One interpretation of an identifier cell: an energy and the identifier the cell gives for it. */
export interface IdentifierCandidate {
  energy: Energy;
  identifier: string;
}

/**
 * Returns one interpretation of an identifier cell per energy it is valid for, or for `energy` only
 * when the row gives it. The caller keeps the candidates that name a known delivery point.
 */
export function identifierCandidates(cell: CellValue, energy?: Energy): IdentifierCandidate[] {
  const energies = energy === undefined ? ENERGIES : [energy];
  const candidates: IdentifierCandidate[] = [];
  for (const candidateEnergy of energies) {
    const result = parseIdentifierCell(cell, candidateEnergy);
    if (result.ok) candidates.push({ energy: candidateEnergy, identifier: result.value });
  }
  return candidates;
}
