import type { Energy } from '../metering/identifiers.js';
import type { CellValue, WorkbookData } from './cells.js';
import {
  BLANK_KEEPS,
  END_DATE_SYNONYMS,
  energyColumn,
  identifierColumn,
  START_DATE_SYNONYMS,
} from './common-columns.js';
import { identifierCellKey } from './estate-file.js';
import { decimalToCents, formatFrenchDate } from './french-values.js';
import type { ColumnSpec, TableSpec } from './headers.js';
import { ENERGY_CHOICES } from './labels.js';
import { ParsedWorkbook } from './parsed-workbook.js';
import { type RowReader, rejectDuplicates, type SourcedRecord } from './rows.js';

function amountColumn(key: string, header: string, synonyms: string[], what: string): ColumnSpec {
  return {
    key,
    header,
    synonyms,
    required: false,
    format: 'money',
    help: `${what} en euros, centimes après la virgule (1 234,56 ou « 1 234,56 € ») ; négatif pour un avoir. ${BLANK_KEEPS}`,
    example: '1 234,56',
  };
}

export const INVOICES_TABLE: TableSpec = {
  key: 'invoices',
  title: 'Factures',
  sheetNames: ['Facture', 'Facturation', 'Historique des factures'],
  columns: [
    energyColumn(false, 'Nécessaire seulement quand un même identifiant existe pour deux énergies.'),
    identifierColumn('Le point de livraison doit déjà exister dans la plateforme (fichier du patrimoine).'),
    {
      key: 'supplier',
      header: 'Fournisseur',
      synonyms: ['Fournisseur d’énergie', 'Émetteur', 'Vendeur'],
      required: false,
      format: 'text',
      help: 'Fournisseur qui a émis la facture, 200 caractères au plus. Avec le numéro et le point de livraison, il désigne la facture.',
      example: 'EDF',
    },
    {
      key: 'number',
      header: 'N° de facture',
      synonyms: [
        'Numéro de facture',
        'N° facture',
        'Num facture',
        'Numéro facture',
        'Référence facture',
        'Réf. facture',
        'Facture',
        'Identifiant facture',
      ],
      required: true,
      format: 'identifier',
      help: 'Numéro porté par la facture, 100 caractères au plus. Réimporter une facture déjà connue la met à jour.',
      example: 'FA-2023-000123',
    },
    {
      key: 'issuedOn',
      header: 'Date de facture',
      synonyms: ['Date facture', 'Date d’émission', 'Émise le', 'Date de la facture', 'Date d’édition'],
      required: false,
      format: 'date',
      help: `Date d’émission, au format jj/mm/aaaa. ${BLANK_KEEPS}`,
      example: '15/02/2023',
    },
    {
      key: 'periodStart',
      header: 'Date de début',
      synonyms: START_DATE_SYNONYMS,
      required: true,
      format: 'date',
      help: 'Premier jour de la période facturée, au format jj/mm/aaaa.',
      example: '01/01/2023',
    },
    {
      key: 'periodEnd',
      header: 'Date de fin',
      synonyms: END_DATE_SYNONYMS,
      required: true,
      format: 'date',
      help: 'Dernier jour de la période facturée (inclus), au format jj/mm/aaaa.',
      example: '31/01/2023',
    },
    {
      key: 'energyKwh',
      header: 'Consommation (kWh)',
      synonyms: [
        'Consommation',
        'Conso kWh',
        'Conso (kWh)',
        'Énergie kWh',
        'Énergie (kWh)',
        'Quantité (kWh)',
        'Consommation facturée (kWh)',
        { header: 'Consommation (MWh)', factor: 1000 },
        { header: 'Conso MWh', factor: 1000 },
        { header: 'Énergie (MWh)', factor: 1000 },
      ],
      required: false,
      format: 'number',
      help: `Énergie facturée en kWh (une colonne en MWh est convertie). ${BLANK_KEEPS}`,
      example: '12 345',
    },
    amountColumn(
      'amountExclTax',
      'Montant HT (€)',
      ['Montant HT', 'Total HT', 'HT', 'Montant hors taxes', 'Total hors taxes', 'HT (€)', 'Total HT (€)'],
      'Montant hors TVA',
    ),
    amountColumn(
      'tax',
      'TVA (€)',
      ['TVA', 'Montant TVA', 'Montant de la TVA', 'Total TVA'],
      'Montant de la TVA',
    ),
    amountColumn(
      'amountInclTax',
      'Montant TTC (€)',
      ['Montant TTC', 'Total TTC', 'TTC', 'TTC (€)', 'Total TTC (€)', 'Montant toutes taxes comprises'],
      'Montant TVA comprise',
    ),
  ],
};

export interface InvoiceRow {
  energy?: Energy;
  identifierCell: CellValue;
  /** Empty text when the file has no supplier column or cell. */
  supplier: string;
  number: string;
  issuedOn?: string;
  periodStart: string;
  /** Last day of the period, included. */
  periodEnd: string;
  energyKwh?: number;
  amountExclTaxCents?: number;
  taxCents?: number;
  amountInclTaxCents?: number;
}

export interface InvoiceFile {
  parsed: ParsedWorkbook;
  invoices: SourcedRecord<InvoiceRow>[];
}

/** Largest amount accepted: a larger one is taken for a typing mistake, and below it cents stay exact in JSON. */
const MAX_AMOUNT_EUROS = 1e12;

function cents(reader: RowReader, key: string): number | undefined {
  const parsed = reader.number(key, { suffixes: ['€', 'EUR', 'euros'] });
  if (parsed === undefined) return undefined;
  if (Math.abs(parsed.value) > MAX_AMOUNT_EUROS) {
    return reader.fail(
      key,
      `le montant « ${parsed.decimal.replace('.', ',')} » dépasse 1 000 milliards d’euros`,
    );
  }
  return decimalToCents(parsed.decimal);
}

function parseInvoice(reader: RowReader): InvoiceRow | undefined {
  const energy = reader.choice('energy', ENERGY_CHOICES);
  const identifierCell = reader.requiredCell('identifier');
  if (identifierCell !== undefined && energy !== undefined) reader.identifier('identifier', energy);
  const supplier = reader.text('supplier', { maxLength: 200 }) ?? '';
  const number = reader.text('number', { required: true, maxLength: 100 });

  const issuedOn = reader.date('issuedOn');
  const periodStart = reader.date('periodStart', { required: true });
  const periodEnd = reader.date('periodEnd', { required: true });

  const energyKwh = reader.number('energyKwh', { suffixes: ['kWh'] })?.value;
  const amountExclTaxCents = cents(reader, 'amountExclTax');
  const taxCents = cents(reader, 'tax');
  const amountInclTaxCents = cents(reader, 'amountInclTax');

  if (periodStart !== undefined && periodEnd !== undefined && periodEnd < periodStart) {
    return reader.fail(
      'periodEnd',
      `la fin de période ${formatFrenchDate(periodEnd)} précède son début ${formatFrenchDate(periodStart)}`,
    );
  }
  if (
    identifierCell === undefined ||
    number === undefined ||
    periodStart === undefined ||
    periodEnd === undefined
  )
    return undefined;
  return {
    energy,
    identifierCell,
    supplier,
    number,
    issuedOn,
    periodStart,
    periodEnd,
    energyKwh,
    amountExclTaxCents,
    taxCents,
    amountInclTaxCents,
  };
}

/** Reads the invoices workbook; a later row repeating a supplier, number and point is rejected. */
export function parseInvoiceWorkbook(workbook: WorkbookData): InvoiceFile {
  const parsed = new ParsedWorkbook(workbook, [INVOICES_TABLE]);
  const { kept, errors } = rejectDuplicates(parsed.read(INVOICES_TABLE, parseInvoice), {
    keyOf: (invoice) => `${invoice.supplier}|${invoice.number}|${identifierCellKey(invoice.identifierCell)}`,
    column: 'number',
    describe: (invoice) =>
      `la facture « ${invoice.number} »${invoice.supplier ? ` de « ${invoice.supplier} »` : ''} pour ce point de livraison`,
    unit: 'facture',
  });
  parsed.rejectEach(errors);
  return { parsed, invoices: kept };
}
