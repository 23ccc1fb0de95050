/**
 * Spreadsheet content as the parsers see it, independent of the library that read the file.
 * The server converts each workbook cell into one of these values.
 */

/** Excel error value such as `#N/A` or `#DIV/0!`, kept apart from text so messages can name it. */
export interface ExcelErrorCell {
  excelError: string;
}

/**
 * One cell: text, a number, a boolean, a date (Excel date cells, as UTC midnight of the calendar
 * day shown), an Excel error, or null when empty. Formula cells arrive as their cached result.
 */
export type CellValue = string | number | boolean | Date | ExcelErrorCell | null;

/** A non-empty row of a sheet; `number` is the Excel row number (1-based). */
export interface SheetRow {
  number: number;
  /** Cells by column, `cells[0]` being column A; missing trailing cells are empty. */
  cells: CellValue[];
}

export interface SheetData {
  name: string;
  rows: SheetRow[];
}

export interface WorkbookData {
  sheets: SheetData[];
  /** Whether date serial numbers count from 1904 (old Mac workbooks) rather than 1900. */
  date1904: boolean;
}

export function isExcelError(value: CellValue): value is ExcelErrorCell {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** Returns whether a cell counts as empty: no value, or text made only of white space. */
export function isBlankCell(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Formats a number the French way for messages: decimal comma, no thousands separator. */
export function formatFrenchNumber(value: number): string {
  return String(value).replace('.', ',');
}

/** Text of a cell as a user would recognise it in an error message. */
export function describeCell(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return formatFrenchNumber(value);
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  return value.excelError;
}
