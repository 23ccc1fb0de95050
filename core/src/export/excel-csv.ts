/**
 * CSV for French Excel: `;` between fields, CRLF line ends, decimal comma, UTF-8 with a byte-order
 * mark (without it Excel reads UTF-8 as Windows-1252), dates as dd/mm/yyyy in Europe/Paris.
 */
export type CsvCell = string | number | Date | null | undefined;

const BYTE_ORDER_MARK = '\uFEFF';
const SEPARATOR = ';';

const decimalFormat = new Intl.NumberFormat('fr-FR', {
  useGrouping: false,
  maximumFractionDigits: 6,
});

function formatParisDate(instant: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')}`;
}

/** Formats one cell; numbers get a decimal comma and no thousands separator so Excel reads them as numbers. */
export function formatCsvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return decimalFormat.format(value).replace('\u2212', '-');
  }
  const text = value instanceof Date ? formatParisDate(value) : value;
  // Cells starting with = + - @ are formulas in Excel; a leading apostrophe keeps them as text.
  const safeText = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safeText) ? `"${safeText.replace(/"/g, '""')}"` : safeText;
}

/** Builds the whole file from a header row and data rows. */
export function buildExcelCsv(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(formatCsvCell).join(SEPARATOR));
  return `${BYTE_ORDER_MARK}${lines.join('\r\n')}\r\n`;
}
