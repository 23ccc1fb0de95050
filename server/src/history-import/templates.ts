import {
  type ColumnFormat,
  type ColumnSpec,
  choiceLabels,
  HISTORY_TEMPLATES,
  type HistoryImportKind,
  type ScaledHeader,
  type TableSpec,
} from '@openfluides/core';
import ExcelJS from 'exceljs';

/** Rows below the header that carry the cell formats and the drop-down lists. */
const FORMATTED_ROWS = 5000;

const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
const OPTIONAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

const FORMAT_LABELS: Record<ColumnFormat, string> = {
  text: 'Texte',
  code: 'Code (texte sans espace)',
  identifier: 'Texte (identifiant, zéros initiaux gardés)',
  number: 'Nombre',
  integer: 'Nombre entier',
  percent: 'Pourcentage (50 ou 50 %)',
  money: 'Montant en euros',
  date: 'Date jj/mm/aaaa',
  month: 'Mois (janvier 2023 ou 01/2023)',
  choice: 'Valeur d’une liste',
};

/** Excel number format of each column: text for codes and identifiers so leading zeros stay. */
const NUMBER_FORMATS: Record<ColumnFormat, string> = {
  text: '@',
  code: '@',
  identifier: '@',
  number: 'General',
  integer: '0',
  percent: 'General',
  money: '#,##0.00',
  date: 'dd/mm/yyyy',
  month: '@',
  choice: '@',
};

function synonymText(synonym: string | ScaledHeader): string {
  return typeof synonym === 'string' ? synonym : synonym.header;
}

function allowedValues(column: ColumnSpec): string {
  return column.choices ? `Valeurs : ${choiceLabels(column.choices)}.` : '';
}

function headerNote(column: ColumnSpec): string {
  const status = column.required ? 'Obligatoire.' : 'Facultative.';
  const example = column.example ? ` Exemple : ${column.example}` : '';
  return [status, column.help, allowedValues(column)].filter(Boolean).join(' ') + example;
}

function columnLetter(index: number): string {
  let letters = '';
  for (let number = index + 1; number > 0; number = Math.floor((number - 1) / 26)) {
    letters = String.fromCharCode(65 + ((number - 1) % 26)) + letters;
  }
  return letters;
}

/** ExcelJS types a worksheet's data validations only per cell; whole-column ranges use this. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

function addDataSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  table: TableSpec,
  keys: readonly string[],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = keys.map((key) => {
    const column = table.columns.find((candidate) => candidate.key === key);
    if (!column) throw new Error(`Template column ${key} is not a column of table ${table.key}`);
    return column;
  });
  const header = sheet.getRow(1);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: column.required };
    cell.fill = column.required ? REQUIRED_FILL : OPTIONAL_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.note = headerNote(column);
    // The column's style applies to the cells users type in; the header keeps its own.
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = Math.max(14, Math.min(40, column.header.length + 4));
    sheetColumn.numFmt = NUMBER_FORMATS[column.format];
    cell.numFmt = '@';
    if (column.choices) {
      const list = column.choices.map((choice) => choice.label).join(',');
      const letter = columnLetter(index);
      (sheet as unknown as RangeValidations).dataValidations.add(
        `${letter}2:${letter}${FORMATTED_ROWS + 1}`,
        {
          type: 'list',
          allowBlank: true,
          formulae: [`"${list}"`],
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: 'Valeur inattendue',
          error: `Valeurs attendues : ${choiceLabels(column.choices)}.`,
        },
      );
    }
  });
  header.height = 32;
}

function addInstructionsSheet(workbook: ExcelJS.Workbook, kind: HistoryImportKind): void {
  const template = HISTORY_TEMPLATES[kind];
  const sheet = workbook.addWorksheet('Mode d’emploi');
  sheet.columns = [
    { width: 26 },
    { width: 32 },
    { width: 13 },
    { width: 30 },
    { width: 80 },
    { width: 22 },
    { width: 60 },
  ];
  const title = sheet.addRow([template.title]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([]);
  for (const paragraph of template.instructions) {
    const row = sheet.addRow([paragraph]);
    sheet.mergeCells(row.number, 1, row.number, 7);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = 30;
  }
  sheet.addRow([]);
  const header = sheet.addRow([
    'Feuille',
    'Colonne',
    'Obligatoire',
    'Format',
    'Explications',
    'Exemple',
    'Autres en-têtes reconnus',
  ]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = OPTIONAL_FILL;
  });

  for (const table of template.tables) {
    const sheets = template.sheets.filter((candidate) => candidate.table === table);
    for (const column of table.columns) {
      const holders = sheets.filter((candidate) => candidate.columnKeys.includes(column.key));
      const where =
        holders.length > 0
          ? holders.map((candidate) => candidate.name).join(', ')
          : `${sheets.map((candidate) => candidate.name).join(', ')} (colonne à ajouter au besoin)`;
      const format = column.choices
        ? `${FORMAT_LABELS[column.format]} : ${choiceLabels(column.choices)}`
        : FORMAT_LABELS[column.format];
      const synonyms = [...(column.synonyms ?? []).map(synonymText), ...(column.genericSynonyms ?? [])];
      const row = sheet.addRow([
        where,
        column.header,
        column.required ? 'oui' : 'non',
        format,
        column.help,
        column.example ?? '',
        synonyms.join(' ; '),
      ]);
      row.alignment = { wrapText: true, vertical: 'top' };
      if (column.required) row.getCell(2).font = { bold: true };
    }
  }
}

/**
 * Builds the downloadable template of a kind: the instructions sheet first, then one empty sheet
 * per table with the French headers, their notes, text format for identifiers and date format
 * for dates.
 */
export async function buildTemplate(kind: HistoryImportKind): Promise<Buffer> {
  const template = HISTORY_TEMPLATES[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OpenFluides';
  addInstructionsSheet(workbook, kind);
  for (const sheet of template.sheets) addDataSheet(workbook, sheet.name, sheet.table, sheet.columnKeys);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
