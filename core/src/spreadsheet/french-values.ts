import { type CellValue, describeCell, isExcelError } from './cells.js';
import { normaliseLabel } from './labels.js';

/** Outcome of reading one cell: the value, or the French reason why it is invalid. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A number read from a cell, with its exact decimal writing for money (`-1234.565`). */
export interface ParsedDecimal {
  value: number;
  decimal: string;
}

const GROUPING_CHARACTERS = /[\s'’]/g;

function invalid<T>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}

function excelErrorReason(code: string): string {
  return `la cellule contient l’erreur Excel « ${code} »`;
}

/**
 * Canonical decimal writing of a stored double: 15 significant digits, as Excel displays it, so
 * that 1234.565 (stored as 1234.56499…) reads back as `1234.565`.
 */
export function decimalOfNumber(value: number): string {
  const precise = Number(value.toPrecision(15));
  if (Number.isInteger(precise) && Math.abs(precise) < 1e21) return precise.toFixed(0);
  const text = String(precise);
  if (!/e/i.test(text)) return text;
  // Very small magnitudes print in exponent form; 20 fixed decimals cover every amount or quantity.
  return precise.toFixed(20).replace(/\.?0+$/, '');
}

/**
 * Splits a string of digits and separators into integer and fraction digits. French writing uses a
 * decimal comma and spaces between thousands. A dot is the decimal mark when it is the only
 * separator, and a thousands separator when a comma follows it (`1.234,56`).
 */
function splitDigits(text: string): { integer: string; fraction: string } | null {
  const hasComma = text.includes(',');
  const hasDot = text.includes('.');
  if (hasComma && hasDot) {
    const decimalMark = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    const groupMark = decimalMark === ',' ? '.' : ',';
    const [integerPart = '', fraction = '', ...rest] = text.split(decimalMark);
    if (rest.length > 0) return null;
    const groups = integerPart.split(groupMark);
    if (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((group) => !/^\d{3}$/.test(group)))
      return null;
    if (!/^\d+$/.test(fraction)) return null;
    return { integer: groups.join(''), fraction };
  }
  if (!hasComma && !hasDot) return /^\d+$/.test(text) ? { integer: text, fraction: '' } : null;
  const mark = hasComma ? ',' : '.';
  const parts = text.split(mark);
  if (parts.length === 2) {
    const [integer = '', fraction = ''] = parts;
    if (!/^\d*$/.test(integer) || !/^\d*$/.test(fraction) || integer + fraction === '') return null;
    return { integer: integer || '0', fraction };
  }
  // Several marks of one kind can only separate thousands: 1.234.567 or 1,234,567.
  if (!/^\d{1,3}$/.test(parts[0] ?? '') || parts.slice(1).some((group) => !/^\d{3}$/.test(group)))
    return null;
  return { integer: parts.join(''), fraction: '' };
}

/**
 * Reads a number written the French way: `1 234,56`, `1234.56`, `1 234,56 €` (with the suffixes
 * allowed for the column), thousands separated by spaces including U+00A0 and U+202F, a leading
 * minus sign, or a number cell as Excel stored it.
 */
export function parseFrenchNumber(
  cell: CellValue,
  options: { suffixes?: readonly string[] } = {},
): ParseResult<ParsedDecimal> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return invalid('la cellule ne contient pas un nombre fini');
    return { ok: true, value: { value: cell, decimal: decimalOfNumber(cell) } };
  }
  if (cell instanceof Date) return invalid(`« ${describeCell(cell)} » est une date, pas un nombre`);
  if (typeof cell === 'boolean') return invalid(`« ${describeCell(cell)} » n’est pas un nombre`);
  if (cell === null) return invalid('la cellule est vide');
  if (isExcelError(cell)) return invalid(excelErrorReason(cell.excelError));

  const original = cell.trim();
  let text = original.replace(GROUPING_CHARACTERS, '');
  for (const suffix of options.suffixes ?? []) {
    if (text.toLowerCase().endsWith(suffix.toLowerCase())) {
      text = text.slice(0, text.length - suffix.length);
      break;
    }
  }
  let sign = '';
  if (/^[-−+]/.test(text)) {
    sign = text[0] === '+' ? '' : '-';
    text = text.slice(1);
  }
  const digits = splitDigits(text);
  if (!digits) return invalid(`« ${original} » n’est pas un nombre`);
  const integer = digits.integer.replace(/^0+(?=\d)/, '');
  const fraction = digits.fraction.replace(/0+$/, '');
  const isZero = /^0*$/.test(integer + fraction);
  const decimal = `${isZero ? '' : sign}${integer}${fraction ? `.${fraction}` : ''}`;
  return { ok: true, value: { value: Number(decimal), decimal } };
}

/**
 * Multiplies a decimal string by 10^digits and rounds to an integer, half away from zero
 * (`scaleDecimal('1.005', 2)` → 101, `scaleDecimal('-1.005', 2)` → -101). Working on the decimal
 * writing avoids the binary rounding errors of `Math.round(value * 100)`.
 */
export function scaleDecimal(decimal: string, digits: number): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) throw new RangeError(`Invalid decimal ${decimal}; expected digits with an optional dot`);
  const [, sign = '', integer = '0', fraction = ''] = match;
  const padded = fraction.padEnd(digits + 1, '0');
  let scaled = Number(integer + padded.slice(0, digits));
  if (Number(padded[digits]) >= 5) scaled += 1;
  if (!Number.isSafeInteger(scaled))
    throw new RangeError(`Decimal ${decimal} is too large to scale by 10^${digits}`);
  return sign === '-' && scaled !== 0 ? -scaled : scaled;
}

/** Converts an amount in euros, written as a decimal string, to whole cents (half away from zero). */
export function decimalToCents(decimal: string): number {
  return scaleDecimal(decimal, 2);
}

/** Rounds a decimal string to a number of decimals, half away from zero. */
export function roundDecimal(decimal: string, digits: number): number {
  return scaleDecimal(decimal, digits) / 10 ** digits;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Years accepted in dates: energy data outside them is taken for a typing mistake. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/**
 * Day zero of each date system. Excel counts a fictitious 29 February 1900 (serial 60, kept for
 * Lotus 1-2-3 compatibility), so from serial 61 (1 March 1900) on, serial n is n days after
 * 30 December 1899. In the 1904 system serial 0 is 1 January 1904.
 */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const FIRST_RELIABLE_1900_SERIAL = 61;

/** Calendar date of an Excel date serial number, or null when out of the accepted years. */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (!date1904 && day < FIRST_RELIABLE_1900_SERIAL) return null;
  const iso = new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + day * 86_400_000).toISOString();
  const year = Number(iso.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR ? iso.slice(0, 10) : null;
}

const DATE_FORMAT_HINT = 'écrivez-la au format jj/mm/aaaa';

/**
 * Reads a calendar date as `YYYY-MM-DD` from an Excel date cell, a date serial number, or text as
 * `jj/mm/aaaa` (also with `-` or `.`) or `aaaa-mm-jj`. A time after the date is ignored.
 */
export function parseFrenchDate(cell: CellValue, options: { date1904?: boolean } = {}): ParseResult<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return invalid('la cellule contient une date invalide');
    const iso = cell.toISOString().slice(0, 10);
    const year = Number(iso.slice(0, 4));
    if (year < MIN_YEAR || year > MAX_YEAR)
      return invalid(`« ${describeCell(cell)} » est hors des années ${MIN_YEAR} à ${MAX_YEAR}`);
    return { ok: true, value: iso };
  }
  if (typeof cell === 'number') {
    const iso = excelSerialToDate(cell, options.date1904);
    return iso
      ? { ok: true, value: iso }
      : invalid(`« ${describeCell(cell)} » n’est pas une date : ${DATE_FORMAT_HINT}`);
  }
  if (cell === null) return invalid('la cellule est vide');
  if (typeof cell === 'boolean')
    return invalid(`« ${describeCell(cell)} » n’est pas une date : ${DATE_FORMAT_HINT}`);
  if (isExcelError(cell)) return invalid(excelErrorReason(cell.excelError));

  const text = cell.trim();
  const withoutTime = text.replace(
    /(?:[T\s]+\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/i,
    '',
  );
  let iso: string | null = null;
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(withoutTime);
  const international = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(withoutTime);
  if (french) {
    const [, day = '', month = '', year = ''] = french;
    if (year.length !== 4)
      return invalid(
        `« ${text} » a une année sur ${year.length} chiffres : écrivez l’année sur 4 chiffres (jj/mm/aaaa)`,
      );
    iso = isoDate(Number(year), Number(month), Number(day));
  } else if (international) {
    const [, year = '', month = '', day = ''] = international;
    iso = isoDate(Number(year), Number(month), Number(day));
  } else {
    return invalid(`« ${text} » n’est pas une date : ${DATE_FORMAT_HINT}`);
  }
  if (!iso) return invalid(`« ${text} » n’est pas une date du calendrier : ${DATE_FORMAT_HINT}`);
  const year = Number(iso.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR)
    return invalid(`« ${text} » est hors des années ${MIN_YEAR} à ${MAX_YEAR}`);
  return { ok: true, value: iso };
}

/** French month names and their usual abbreviations, normalised (no accent, no dot). */
const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  mar: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  aou: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

const MONTH_FORMAT_HINT = 'écrivez le mois comme « janvier 2023 », « 01/2023 » ou la date du 1er du mois';

/**
 * Reads a calendar month: `janvier 2023`, `janv. 2023`, `01/2023`, `2023-01`, or any date (cell,
 * serial or text), which stands for its month. Returns the first day, `YYYY-MM-01`.
 */
export function parseFrenchMonth(cell: CellValue, options: { date1904?: boolean } = {}): ParseResult<string> {
  if (typeof cell === 'string') {
    const text = cell.trim();
    const named = /^([\p{L}.]+)[\s-]*(\d{2,4})$/u.exec(text);
    if (named) {
      const month = MONTHS[normaliseLabel(named[1] ?? '')];
      const year = named[2] ?? '';
      if (month === undefined) return invalid(`« ${text} » n’est pas un mois : ${MONTH_FORMAT_HINT}`);
      if (year.length !== 4)
        return invalid(
          `« ${text} » a une année sur ${year.length} chiffres : écrivez l’année sur 4 chiffres`,
        );
      return monthResult(Number(year), month, text);
    }
    const numeric = /^(\d{1,2})[/.-](\d{4})$/.exec(text) ?? /^(\d{4})[/-](\d{1,2})$/.exec(text);
    if (numeric) {
      const first = Number(numeric[1]);
      const second = Number(numeric[2]);
      return first > 12 ? monthResult(first, second, text) : monthResult(second, first, text);
    }
  }
  const date = parseFrenchDate(cell, options);
  if (!date.ok) {
    return typeof cell === 'string'
      ? invalid(`« ${cell.trim()} » n’est pas un mois : ${MONTH_FORMAT_HINT}`)
      : date;
  }
  return { ok: true, value: `${date.value.slice(0, 7)}-01` };
}

function monthResult(year: number, month: number, text: string): ParseResult<string> {
  if (month < 1 || month > 12 || year < MIN_YEAR || year > MAX_YEAR)
    return invalid(`« ${text} » n’est pas un mois : ${MONTH_FORMAT_HINT}`);
  return { ok: true, value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01` };
}

/** Formats `YYYY-MM-DD` as `jj/mm/aaaa`. */
export function formatFrenchDate(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}
