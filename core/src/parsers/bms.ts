/**
 * BMS (GTB) trend exports, CSV or XLSX, read through a saved mapping per source: Siemens
 * Insight/APOGEE and Desigo, Schneider EcoStruxure, Niagara and similar tools. Trend files carry
 * no units and no standard layout, so the mapping names the columns to read and gives their units.
 *
 * Rows are sorted into four kinds:
 * - blank rows, and rows before the header (report title, metadata): skipped silently;
 * - report material inside the data (page breaks, printed titles, repeated headers): rows whose
 *   timestamp does not read and whose mapped value cells hold no number; skipped and listed in one
 *   warning, never counted as rejected data;
 * - data rows with an unreadable timestamp but a number in a mapped cell: rejected with an error;
 * - data rows: every mapped cell becomes a reading, an empty cell a missing one.
 */

import { type CellValue, describeCell, isBlankCell, type WorkbookData } from '../spreadsheet/cells.js';
import {
  type BmsMapping,
  type BmsPoint,
  type BmsReadingPoint,
  type BmsWeatherPoint,
  toCanonicalUnit,
  validateBmsMapping,
  type WeatherQuantity,
} from './bms-mapping.js';
import { emptyResult, errorIssue, fatalResult, formatLineRanges, placeOf, warningIssue } from './results.js';
import {
  binarySignature,
  decodeText,
  type FieldSeparator,
  readCsvRecords,
  sniffSeparator,
  splitCsvLine,
  splitLines,
} from './text.js';
import {
  ambiguousDateParts,
  type CalendarDate,
  type ClockTime,
  type DateOrder,
  formatWallTime,
  type Outcome,
  readDatePrefix,
  readDateTime,
  readTime,
  type WallTimestamp,
  wallTimestamp,
  ZoneResolver,
} from './timestamps.js';
import type {
  DetectInput,
  FileParser,
  ParseResult,
  ParserInput,
  ReadingQuality,
  SeriesReading,
  WeatherHourlyRecord,
} from './types.js';

export const BMS_CSV_FORMAT = 'bms-csv';
export const BMS_XLSX_FORMAT = 'bms-xlsx';

/** One row of the file, whatever its container: CSV fields are text, XLSX cells are typed. */
interface TableRow {
  line: number;
  cells: CellValue[];
  raw: string;
}

interface Table {
  fileName: string;
  rows: TableRow[];
  /** Sheet of a spreadsheet, so cells are located as `Feuille!B12`; null for text files. */
  sheetName: string | null;
  date1904: boolean;
  /** Decimal mark used when no number of the file shows which one it uses. */
  defaultDecimalMark: '.' | ',';
}

type TimestampColumns =
  | { kind: 'single'; column: number; name: string }
  | { kind: 'split'; dateColumn: number; dateName: string; timeColumn: number; timeName: string };

interface MappedColumn<P extends BmsPoint = BmsPoint> {
  point: P;
  pointIndex: number;
  column: number;
  name: string;
}

interface LongColumns {
  point: number | null;
  value: number;
  valueName: string;
  status: number | null;
  flags: number | null;
}

interface ResolvedColumns {
  headerIndex: number;
  headers: string[];
  timestamp: TimestampColumns;
  wide: MappedColumn[];
  long: LongColumns | null;
}

/** Rows searched for the header; report-style exports put a few metadata lines above it. */
const MAX_HEADER_SEARCH_ROWS = 1000;
/** Data rows examined to find numeric columns that the mapping leaves out. */
const UNMAPPED_COLUMN_SAMPLE_ROWS = 200;
/** Names listed in one warning before the rest is only counted. */
const MAX_NAMES_IN_WARNING = 10;
/** Niagara statuses whose value must not be used. */
const UNUSABLE_STATUSES = new Set(['null', 'fault', 'down', 'disabled']);
/** Niagara statuses whose value is usable but deserves a remark. */
const FLAGGED_STATUSES = new Set(['stale', 'overridden']);

const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);
const FIRST_RELIABLE_1900_SERIAL = 61;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Cells and columns

function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^<>/, '')
    .trim()
    .replace(/\s+/g, ' ');
}

function headerOf(cell: CellValue | undefined): string {
  return normaliseHeader(describeCell(cell ?? null));
}

/** Index of a column by its header: exact match first, then ignoring case. */
function findColumn(headers: readonly string[], name: string): number {
  const wanted = normaliseHeader(name);
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const lower = wanted.toLowerCase();
  return headers.findIndex((header) => header.toLowerCase() === lower);
}

function columnLetters(index: number): string {
  let letters = '';
  let remaining = index + 1;
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

function cellElement(table: Table, row: TableRow, column: number): string | null {
  return table.sheetName === null ? null : `${table.sheetName}!${columnLetters(column)}${row.line}`;
}

function cellText(cell: CellValue | undefined): string {
  return typeof cell === 'string' ? cell.trim() : describeCell(cell ?? null);
}

function requiredColumnNames(mapping: BmsMapping): string[] {
  const names =
    'column' in mapping.timestamp
      ? [mapping.timestamp.column]
      : [mapping.timestamp.dateColumn, mapping.timestamp.timeColumn];
  if (mapping.long) {
    names.push(mapping.long.valueColumn);
    for (const optional of [mapping.long.pointColumn, mapping.long.statusColumn, mapping.long.flagsColumn]) {
      if (optional !== null) names.push(optional);
    }
  }
  return names;
}

function resolveColumns(table: Table, mapping: BmsMapping): Outcome<ResolvedColumns> {
  const required = requiredColumnNames(mapping);
  const searched = Math.min(table.rows.length, MAX_HEADER_SEARCH_ROWS);
  for (let index = 0; index < searched; index += 1) {
    const headers = (table.rows[index] as TableRow).cells.map(headerOf);
    if (!required.every((name) => findColumn(headers, name) >= 0)) continue;

    const timestamp: TimestampColumns =
      'column' in mapping.timestamp
        ? {
            kind: 'single',
            column: findColumn(headers, mapping.timestamp.column),
            name: mapping.timestamp.column,
          }
        : {
            kind: 'split',
            dateColumn: findColumn(headers, mapping.timestamp.dateColumn),
            dateName: mapping.timestamp.dateColumn,
            timeColumn: findColumn(headers, mapping.timestamp.timeColumn),
            timeName: mapping.timestamp.timeColumn,
          };
    let long: LongColumns | null = null;
    const wide: MappedColumn[] = [];
    if (mapping.long) {
      const { pointColumn, valueColumn, statusColumn, flagsColumn } = mapping.long;
      long = {
        point: pointColumn === null ? null : findColumn(headers, pointColumn),
        value: findColumn(headers, valueColumn),
        valueName: valueColumn,
        status: statusColumn === null ? null : findColumn(headers, statusColumn),
        flags: flagsColumn === null ? null : findColumn(headers, flagsColumn),
      };
    } else {
      mapping.points.forEach((point, pointIndex) => {
        const column = findColumn(headers, point.source);
        if (column >= 0) wide.push({ point, pointIndex, column, name: point.source });
      });
    }
    return { ok: true, value: { headerIndex: index, headers, timestamp, wide, long } };
  }
  return { ok: false, reason: required.map((name) => `« ${name} »`).join(', ') };
}

// ---------------------------------------------------------------------------------------------
// Numbers

type ValueOutcome =
  | { kind: 'number'; value: number }
  | { kind: 'missing' }
  | { kind: 'invalid'; code: string; reason: string };

/** Unit symbols written after values by some exports (Niagara: `72.5 °F`), by mapping unit. */
const UNIT_SYMBOLS: Record<string, readonly string[]> = {
  Wh: ['wh'],
  kWh: ['kwh'],
  MWh: ['mwh'],
  W: ['w'],
  kW: ['kw'],
  MW: ['mw'],
  m3: ['m3', 'm³'],
  L: ['l', 'litres', 'liters'],
  degC: ['°c', 'ºc', 'degc', 'deg c', '℃'],
  degF: ['°f', 'ºf', 'degf', 'deg f', '℉'],
  '%': ['%', '%rh', '% hr'],
  'W/m2': ['w/m2', 'w/m²'],
};

function unitOfSymbol(symbol: string): string | null {
  const lower = symbol.toLowerCase();
  for (const [unit, symbols] of Object.entries(UNIT_SYMBOLS)) {
    if (symbols.includes(lower)) return unit;
  }
  return null;
}

const SPACE_GROUPED = /^[+\-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMERIC_HEAD = /^([+\-−]?[\d \u00a0\u202f.,]*\d(?:[eE][+-]?\d+)?)\s*(.*)$/;

/** Reads a number written with the given decimal mark, with optional thousands separators. */
function parseDecimalText(text: string, decimalMark: '.' | ','): number | null {
  let normalised = text.replace('−', '-');
  if (SPACE_GROUPED.test(normalised)) normalised = normalised.replace(/[ \u00a0\u202f]/g, '');
  if (decimalMark === ',') {
    if (/^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(normalised)) normalised = normalised.replace(/\./g, '');
    if (normalised.includes('.')) return null;
    normalised = normalised.replace(',', '.');
  } else if (/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(normalised)) {
    normalised = normalised.replace(/,/g, '');
  }
  if (!PLAIN_NUMBER.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

/** Tags of a Niagara status such as `{fault,alarm}` or `{ok} @ def`, lower case. */
function statusTags(text: string): string[] {
  const match = /\{([^}]*)\}/.exec(text);
  if (!match) return [];
  return (match[1] as string)
    .split(',')
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== '');
}

/** Returns whether a text marks a missing value: a Niagara unusable status, `NaN` or `null`. */
function isMissingMarker(text: string): boolean {
  if (/^(?:nan|null)$/i.test(text)) return true;
  return /^\{[^}]*\}$/.test(text) && statusTags(text).some((tag) => UNUSABLE_STATUSES.has(tag));
}

/** Reads a typed spreadsheet cell: numbers are values, other types are rejected. */
function readTypedCell(cell: Exclude<CellValue, string | null>): ValueOutcome {
  if (typeof cell === 'number') {
    return Number.isFinite(cell)
      ? { kind: 'number', value: cell }
      : { kind: 'invalid', code: 'invalid-number', reason: 'la cellule ne contient pas un nombre fini' };
  }
  if (typeof cell === 'boolean') {
    return {
      kind: 'invalid',
      code: 'non-numeric-value',
      reason: `« ${describeCell(cell)} » est un état, pas un nombre`,
    };
  }
  if (cell instanceof Date) {
    return {
      kind: 'invalid',
      code: 'invalid-number',
      reason: `« ${describeCell(cell)} » est une date, pas un nombre`,
    };
  }
  return {
    kind: 'invalid',
    code: 'invalid-number',
    reason: `la cellule contient l’erreur Excel « ${cell.excelError} »`,
  };
}

/** Reads a value written as text, with an optional unit after the number. */
function readValueText(text: string, decimalMark: '.' | ',', unit: string | null): ValueOutcome {
  if (isMissingMarker(text)) return { kind: 'missing' };
  const head = NUMERIC_HEAD.exec(text);
  if (!head) return { kind: 'invalid', code: 'non-numeric-value', reason: `« ${text} » n’est pas un nombre` };

  const suffix = (head[2] as string).trim();
  if (suffix !== '') {
    const suffixUnit = unitOfSymbol(suffix);
    if (suffixUnit === null)
      return { kind: 'invalid', code: 'invalid-number', reason: `« ${text} » n’est pas un nombre` };
    if (unit !== null && suffixUnit !== unit) {
      return {
        kind: 'invalid',
        code: 'unit-mismatch',
        reason: `la valeur « ${text} » est en ${suffixUnit} alors que la correspondance indique ${unit}`,
      };
    }
  }

  const value = parseDecimalText((head[1] as string).trim(), decimalMark);
  if (value === null) {
    return {
      kind: 'invalid',
      code: 'invalid-number',
      reason: `« ${text} » n’est pas un nombre écrit avec le séparateur décimal « ${decimalMark} »`,
    };
  }
  return { kind: 'number', value };
}

/**
 * Reads a value cell. A unit written after the number must be the point's unit. With `unit` null,
 * any known unit is accepted, to check whether a cell carries a number at all.
 */
function readValueCell(
  cell: CellValue | undefined,
  decimalMark: '.' | ',',
  unit: string | null,
): ValueOutcome {
  if (cell === undefined || cell === null || isBlankCell(cell)) return { kind: 'missing' };
  if (typeof cell === 'string') return readValueText(cell.trim(), decimalMark, unit);
  return readTypedCell(cell);
}

/** Returns the decimal mark a number text proves: `12,5` proves a comma, `1,234` proves nothing. */
function decimalEvidence(text: string): '.' | ',' | null {
  const trimmed = text.trim().replace(/(\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))/g, '$1');
  if (/\d\.\d{3},\d/.test(trimmed)) return ',';
  if (/\d,\d{3}\.\d/.test(trimmed)) return '.';
  const comma = /^[+\-−]?\d*,(\d+)(?:\s*\S+)?$/.exec(trimmed);
  if (comma && (comma[1] as string).length !== 3) return ',';
  const dot = /^[+\-−]?\d*\.(\d+)(?:\s*\S+)?$/.exec(trimmed);
  if (dot && (dot[1] as string).length !== 3) return '.';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Timestamps

function excelSerialToWall(serial: number, date1904: boolean): Outcome<number> {
  if (
    !Number.isFinite(serial) ||
    (!date1904 && serial < FIRST_RELIABLE_1900_SERIAL) ||
    serial < 0 ||
    serial > 2_958_465
  ) {
    return { ok: false, reason: `« ${describeCell(serial)} » n’est pas une date Excel valide` };
  }
  const epoch = date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900;
  return { ok: true, value: epoch + Math.round(serial * 86_400) * 1000 };
}

function readDateCell(
  cell: CellValue | undefined,
  order: DateOrder | null,
  date1904: boolean,
): Outcome<CalendarDate> {
  if (cell === undefined || isBlankCell(cell)) return { ok: false, reason: 'la date est vide' };
  if (cell instanceof Date || typeof cell === 'number') {
    const wall =
      cell instanceof Date ? { ok: true as const, value: cell.getTime() } : excelSerialToWall(cell, date1904);
    if (!wall.ok) return wall;
    if (Number.isNaN(wall.value)) return { ok: false, reason: 'la cellule contient une date invalide' };
    const date = new Date(wall.value);
    return {
      ok: true,
      value: { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    };
  }
  if (typeof cell !== 'string') return { ok: false, reason: `« ${describeCell(cell)} » n’est pas une date` };
  const read = readDatePrefix(cell, order);
  if (!read.ok) return read;
  // A date column sometimes repeats midnight after the date (`6/15/2022 00:00:00`); the time column wins.
  const rest = read.value.rest.replace(/^T/, '').trim();
  if (rest !== '' && !readTime(rest).ok)
    return { ok: false, reason: `« ${cell.trim()} » n’est pas une date reconnue` };
  return { ok: true, value: read.value.date };
}

function readTimeCell(cell: CellValue | undefined): Outcome<ClockTime> {
  if (cell === undefined || isBlankCell(cell)) return { ok: false, reason: 'l’heure est vide' };
  if (typeof cell === 'number' || cell instanceof Date) {
    const dayFraction =
      cell instanceof Date
        ? (cell.getTime() - Math.floor(cell.getTime() / DAY_MS) * DAY_MS) / DAY_MS
        : cell - Math.floor(cell);
    if (!Number.isFinite(dayFraction)) return { ok: false, reason: 'la cellule contient une heure invalide' };
    const seconds = Math.round(dayFraction * 86_400) % 86_400;
    return {
      ok: true,
      value: {
        hour: Math.floor(seconds / 3600),
        minute: Math.floor((seconds % 3600) / 60),
        second: seconds % 60,
        millisecond: 0,
        endOfDay: false,
        offsetMinutes: null,
      },
    };
  }
  if (typeof cell !== 'string') return { ok: false, reason: `« ${describeCell(cell)} » n’est pas une heure` };
  return readTime(cell);
}

function readTimestampCells(
  row: TableRow,
  columns: TimestampColumns,
  order: DateOrder | null,
  date1904: boolean,
): Outcome<WallTimestamp> {
  if (columns.kind === 'single') {
    const cell = row.cells[columns.column];
    if (cell === undefined || isBlankCell(cell)) return { ok: false, reason: 'l’horodatage est vide' };
    if (cell instanceof Date) {
      return Number.isNaN(cell.getTime())
        ? { ok: false, reason: 'la cellule contient une date invalide' }
        : { ok: true, value: { wallMs: cell.getTime(), offsetMinutes: null } };
    }
    if (typeof cell === 'number') {
      const wall = excelSerialToWall(cell, date1904);
      return wall.ok ? { ok: true, value: { wallMs: wall.value, offsetMinutes: null } } : wall;
    }
    if (typeof cell !== 'string')
      return { ok: false, reason: `« ${describeCell(cell)} » n’est pas un horodatage` };
    return readDateTime(cell, order);
  }
  const date = readDateCell(row.cells[columns.dateColumn], order, date1904);
  if (!date.ok) return date;
  const time = readTimeCell(row.cells[columns.timeColumn]);
  if (!time.ok) return time;
  return { ok: true, value: wallTimestamp(date.value, time.value) };
}

function timestampTexts(row: TableRow, columns: TimestampColumns): string[] {
  const column = columns.kind === 'single' ? columns.column : columns.dateColumn;
  const cell = row.cells[column];
  return typeof cell === 'string' ? [cell] : [];
}

type DateOrderDecision = { ok: true; order: DateOrder | null } | { ok: false; code: string; message: string };

/**
 * Chooses day-month or month-day once for the whole file: a first number above 12 proves
 * day-month, a second one above 12 proves month-day. Never decided row by row.
 */
function decideDateOrder(
  texts: readonly string[],
  configured: BmsMapping['dateOrder'],
  fileName: string,
): DateOrderDecision {
  if (configured !== 'auto') return { ok: true, order: configured };
  let dayFirst: string | null = null;
  let monthFirst: string | null = null;
  let undecided: string | null = null;
  for (const text of texts) {
    const parts = ambiguousDateParts(text);
    if (!parts) continue;
    if (parts.first > 12 && parts.second <= 12) dayFirst ??= text.trim();
    else if (parts.second > 12 && parts.first <= 12) monthFirst ??= text.trim();
    else if (parts.first !== parts.second && parts.first <= 12 && parts.second <= 12)
      undecided ??= text.trim();
  }
  if (dayFirst !== null && monthFirst !== null) {
    return {
      ok: false,
      code: 'inconsistent-date-order',
      message: `${fileName} : les dates mélangent l’ordre jour/mois (« ${dayFirst} ») et mois/jour (« ${monthFirst} »). Corrigez le fichier ou réexportez-le avec un seul format de date.`,
    };
  }
  if (dayFirst !== null) return { ok: true, order: 'dmy' };
  if (monthFirst !== null) return { ok: true, order: 'mdy' };
  if (undecided !== null) {
    return {
      ok: false,
      code: 'ambiguous-date-order',
      message: `${fileName} : aucun jour supérieur à 12 ne permet de savoir si « ${undecided} » s’écrit jour/mois ou mois/jour. Indiquez l’ordre des dates dans la correspondance (« dateOrder » : « dmy » pour jj/mm/aaaa, « mdy » pour mm/jj/aaaa).`,
    };
  }
  // Every numeric date has equal day and month, or there is none: both orders read the same.
  return { ok: true, order: 'dmy' };
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface DataRow {
  row: TableRow;
  wall: WallTimestamp;
  /** Point name of a long-layout row; empty in the wide layout. */
  pointName: string;
}

interface StoredValue {
  value: number | null;
  line: number;
}

/** State of one parse: issues, records and the counters behind the summary warnings. */
class BmsParse {
  readonly result: ParseResult;
  readonly readingSlots = new Map<string, StoredValue>();
  readonly weatherSlots = new Map<
    string,
    { record: WeatherHourlyRecord; values: Map<WeatherQuantity, StoredValue> }
  >();
  identicalDuplicates = 0;
  firstDuplicateLine: number | null = null;
  flaggedValues = 0;

  constructor(
    format: string,
    readonly table: Table,
    readonly mapping: BmsMapping,
  ) {
    this.result = emptyResult(format);
  }

  get file(): string {
    return this.table.fileName;
  }

  error(
    row: TableRow,
    column: number | null,
    columnName: string | null,
    code: string,
    message: string,
  ): void {
    this.result.issues.push(
      errorIssue({
        file: this.file,
        line: row.line,
        element: column === null ? null : cellElement(this.table, row, column),
        field: columnName,
        code,
        message,
        raw: row.raw,
      }),
    );
  }

  warning(code: string, message: string, line: number | null = null): void {
    this.result.issues.push(warningIssue({ file: this.file, line, code, message }));
  }

  /**
   * Whether a value may be stored where an earlier one may already be: an identical repeat is
   * dropped and counted, a different one rejected with an error.
   */
  private acceptValue(
    earlier: StoredValue | undefined,
    value: number | null,
    row: TableRow,
    column: number,
    columnName: string,
  ): boolean {
    if (!earlier) return true;
    if (earlier.value === value) {
      this.identicalDuplicates += 1;
      this.firstDuplicateLine ??= row.line;
      return false;
    }
    this.error(
      row,
      column,
      columnName,
      'duplicate-timestamp',
      `${placeOf(this.file, row.line, columnName)} : cet instant a déjà une autre valeur ligne ${earlier.line} (${describeValue(earlier.value)} contre ${describeValue(value)}). La seconde valeur est rejetée ; vérifiez l’export ou le fuseau horaire de la correspondance.`,
    );
    return false;
  }

  addReading(
    point: BmsReadingPoint,
    pointIndex: number,
    instantMs: number,
    value: number | null,
    quality: ReadingQuality,
    row: TableRow,
    column: number,
    columnName: string,
  ): void {
    const stepMs = this.mapping.stepMinutes === null ? null : this.mapping.stepMinutes * 60_000;
    let startMs = instantMs;
    if (point.valuesKind === 'interval' && stepMs !== null) {
      if (this.mapping.timestampMeaning === 'end') startMs -= stepMs;
      if (this.mapping.timestampMeaning === 'middle') startMs -= stepMs / 2;
    }
    const key = `${pointIndex}|${startMs}`;
    if (!this.acceptValue(this.readingSlots.get(key), value, row, column, columnName)) return;
    this.readingSlots.set(key, { value, line: row.line });
    const reading: SeriesReading = {
      externalId: point.externalId,
      measure: point.measure,
      start: new Date(startMs),
      stepSeconds: point.valuesKind === 'interval' && stepMs !== null ? stepMs / 1000 : null,
      value,
      quality: value === null ? 'missing' : quality,
      location: {
        file: this.file,
        line: row.line,
        element: cellElement(this.table, row, column),
        field: columnName,
      },
    };
    this.result.readings.push(reading);
  }

  addWeather(
    point: BmsWeatherPoint,
    instantMs: number,
    value: number | null,
    row: TableRow,
    column: number,
    columnName: string,
  ): void {
    const key = `${point.stationCode}|${instantMs}`;
    let slot = this.weatherSlots.get(key);
    if (!slot) {
      slot = {
        record: {
          stationCode: point.stationCode,
          observedAt: new Date(instantMs),
          temperatureC: null,
          relativeHumidityPct: null,
          globalIrradianceWm2: null,
          location: { file: this.file, line: row.line, element: null, field: null },
        },
        values: new Map(),
      };
      this.weatherSlots.set(key, slot);
      this.result.weatherHourly.push(slot.record);
    }
    if (!this.acceptValue(slot.values.get(point.quantity), value, row, column, columnName)) return;
    slot.values.set(point.quantity, { value, line: row.line });
    if (point.quantity === 'temperature') slot.record.temperatureC = value;
    if (point.quantity === 'humidity') slot.record.relativeHumidityPct = value;
    if (point.quantity === 'irradiance') slot.record.globalIrradianceWm2 = value;
  }
}

function describeValue(value: number | null): string {
  return value === null ? 'valeur manquante' : String(value).replace('.', ',');
}

function isBlankRow(row: TableRow): boolean {
  return row.cells.every((cell) => isBlankCell(cell));
}

function isRepeatedHeader(row: TableRow, columns: ResolvedColumns): boolean {
  const first = columns.timestamp.kind === 'single' ? columns.timestamp.column : columns.timestamp.dateColumn;
  return headerOf(row.cells[first]).toLowerCase() === (columns.headers[first] ?? '').toLowerCase();
}

/** Cells that would carry values in a row: the mapped columns (wide) or the value column (long). */
function valueColumnsOf(columns: ResolvedColumns): number[] {
  return columns.long ? [columns.long.value] : columns.wide.map((mapped) => mapped.column);
}

function decideDecimalMark(
  table: Table,
  rows: readonly TableRow[],
  valueColumns: readonly number[],
  configured: BmsMapping['decimalMark'],
): Outcome<'.' | ','> {
  if (configured !== 'auto') return { ok: true, value: configured };
  let comma: string | null = null;
  let dot: string | null = null;
  for (const row of rows) {
    for (const column of valueColumns) {
      const cell = row.cells[column];
      if (typeof cell !== 'string') continue;
      const evidence = decimalEvidence(cell);
      if (evidence === ',') comma ??= cell.trim();
      if (evidence === '.') dot ??= cell.trim();
    }
    if (comma !== null && dot !== null) {
      return {
        ok: false,
        reason: `${table.fileName} : les nombres mélangent la virgule (« ${comma} ») et le point (« ${dot} ») comme séparateur décimal. Indiquez le séparateur décimal dans la correspondance (« decimalMark »).`,
      };
    }
  }
  if (comma !== null) return { ok: true, value: ',' };
  if (dot !== null) return { ok: true, value: '.' };
  return { ok: true, value: table.defaultDecimalMark };
}

function readingsOrderIsDescending(rows: readonly DataRow[]): boolean {
  const first = rows[0];
  const last = rows[rows.length - 1];
  return first !== undefined && last !== undefined && last.wall.wallMs < first.wall.wallMs;
}

function pointNameOf(row: TableRow, columns: ResolvedColumns): string {
  if (!columns.long || columns.long.point === null) return '';
  return cellText(row.cells[columns.long.point]);
}

/** Sorts rows after the header into data rows, rejected rows and report material. */
function collectDataRows(
  parse: BmsParse,
  columns: ResolvedColumns,
  order: DateOrder | null,
  decimalMark: '.' | ',',
): DataRow[] {
  const { table } = parse;
  const dataRows: DataRow[] = [];
  const skippedLines: number[] = [];
  const valueColumns = valueColumnsOf(columns);
  for (const row of table.rows.slice(columns.headerIndex + 1)) {
    if (isBlankRow(row)) continue;
    if (isRepeatedHeader(row, columns)) {
      skippedLines.push(row.line);
      continue;
    }
    const wall = readTimestampCells(row, columns.timestamp, order, table.date1904);
    if (wall.ok) {
      dataRows.push({ row, wall: wall.value, pointName: pointNameOf(row, columns) });
      continue;
    }
    const carriesNumber = valueColumns.some(
      (column) => readValueCell(row.cells[column], decimalMark, null).kind === 'number',
    );
    if (!carriesNumber) {
      skippedLines.push(row.line);
      continue;
    }
    parse.result.recordsRead += 1;
    const timestampColumn =
      columns.timestamp.kind === 'single' ? columns.timestamp.column : columns.timestamp.dateColumn;
    const timestampName =
      columns.timestamp.kind === 'single' ? columns.timestamp.name : columns.timestamp.dateName;
    parse.error(
      row,
      timestampColumn,
      timestampName,
      'invalid-timestamp',
      `${placeOf(parse.file, row.line, timestampName)} : ${wall.reason}. La ligne est rejetée ; corrigez l’horodatage (par exemple 15/06/2022 00:05) ou le format de date de la correspondance.`,
    );
  }
  if (skippedLines.length > 0) {
    parse.warning(
      'skipped-lines',
      `${parse.file} : ${skippedLines.length} ligne(s) hors du tableau ignorée(s) (saut de page, titre de rapport ou en-tête répété) : lignes ${formatLineRanges(skippedLines)}. Aucune action n’est nécessaire si ces lignes ne portent pas de mesures.`,
    );
  }
  return dataRows;
}

/** Turns wall-clock times into UTC instants; the repeated autumn hour resolves by row order. */
class InstantResolver {
  private readonly zone: ZoneResolver;
  private readonly occurrences = new Map<string, number>();

  constructor(
    timeZone: string,
    private readonly descending: boolean,
  ) {
    this.zone = new ZoneResolver(timeZone);
  }

  resolve(data: DataRow): Outcome<number> {
    if (data.wall.offsetMinutes !== null)
      return { ok: true, value: data.wall.wallMs - data.wall.offsetMinutes * 60_000 };
    const instants = this.zone.instantsOf(data.wall.wallMs);
    if (instants.length === 0) {
      return {
        ok: false,
        reason: `${formatWallTime(data.wall.wallMs)} n’existe pas dans le fuseau ${this.zone.timeZone} (passage à l’heure d’été). La ligne est rejetée ; vérifiez le fuseau horaire de la correspondance ou l’horloge de la GTB`,
      };
    }
    if (instants.length === 1) return { ok: true, value: instants[0] as number };
    // The repeated autumn hour: in file order, the first occurrence is summer time, the next winter time.
    const key = `${data.pointName}|${data.wall.wallMs}`;
    const seen = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, seen + 1);
    const summerFirst = seen === 0 ? 0 : instants.length - 1;
    const index = this.descending ? instants.length - 1 - summerFirst : summerFirst;
    return { ok: true, value: instants[index] as number };
  }
}

function storeValue(
  parse: BmsParse,
  data: DataRow,
  instantMs: number,
  mapped: MappedColumn,
  outcome: ValueOutcome,
  quality: ReadingQuality,
): void {
  const { row } = data;
  if (outcome.kind === 'invalid') {
    const advice =
      outcome.code === 'non-numeric-value'
        ? 'Ce point est peut-être un état (marche/arrêt, mode, oui/non) : retirez-le de la correspondance, ou corrigez la valeur dans la GTB puis réexportez.'
        : 'Corrigez la valeur ou l’unité de la correspondance, puis réimportez le fichier.';
    parse.error(
      row,
      mapped.column,
      mapped.name,
      outcome.code,
      `${placeOf(parse.file, row.line, mapped.name)} : ${outcome.reason}. ${advice}`,
    );
    return;
  }
  const { point } = mapped;
  const value =
    outcome.kind === 'number' ? toCanonicalUnit(outcome.value, point.unit, point.multiplier) : null;
  if (point.target === 'reading') {
    parse.addReading(point, mapped.pointIndex, instantMs, value, quality, row, mapped.column, mapped.name);
  } else {
    parse.addWeather(point, instantMs, value, row, mapped.column, mapped.name);
  }
}

function readWideRow(
  parse: BmsParse,
  data: DataRow,
  instantMs: number,
  columns: ResolvedColumns,
  decimalMark: '.' | ',',
): void {
  for (const mapped of columns.wide) {
    const outcome = readValueCell(data.row.cells[mapped.column], decimalMark, mapped.point.unit);
    storeValue(parse, data, instantMs, mapped, outcome, 'measured');
  }
}

function readLongRow(
  parse: BmsParse,
  data: DataRow,
  instantMs: number,
  long: LongColumns,
  pointsByName: Map<string, MappedColumn>,
  unknownPoints: Set<string>,
  decimalMark: '.' | ',',
): void {
  const mapped = long.point === null ? pointsByName.get('') : pointsByName.get(data.pointName.toLowerCase());
  if (!mapped) {
    unknownPoints.add(data.pointName);
    return;
  }
  const target = { ...mapped, column: long.value, name: long.valueName };
  const tags = long.status === null ? [] : statusTags(cellText(data.row.cells[long.status]));
  if (tags.some((tag) => UNUSABLE_STATUSES.has(tag))) {
    storeValue(parse, data, instantMs, target, { kind: 'missing' }, 'measured');
    return;
  }
  if (tags.some((tag) => FLAGGED_STATUSES.has(tag))) parse.flaggedValues += 1;
  const flags = long.flags === null ? [] : statusTags(cellText(data.row.cells[long.flags]));
  const quality: ReadingQuality = flags.includes('interpolated') ? 'estimated' : 'measured';
  storeValue(
    parse,
    data,
    instantMs,
    target,
    readValueCell(data.row.cells[long.value], decimalMark, mapped.point.unit),
    quality,
  );
}

function warnUnmappedColumns(
  parse: BmsParse,
  columns: ResolvedColumns,
  dataRows: readonly DataRow[],
  decimalMark: '.' | ',',
): void {
  const used = new Set<number>(columns.wide.map((mapped) => mapped.column));
  if (columns.timestamp.kind === 'single') used.add(columns.timestamp.column);
  else {
    used.add(columns.timestamp.dateColumn);
    used.add(columns.timestamp.timeColumn);
  }
  const sample = dataRows.slice(0, UNMAPPED_COLUMN_SAMPLE_ROWS);
  const unmapped = columns.headers.filter(
    (header, column) =>
      header !== '' &&
      !used.has(column) &&
      sample.some((data) => readValueCell(data.row.cells[column], decimalMark, null).kind === 'number'),
  );
  if (unmapped.length === 0) return;
  parse.warning(
    'unmapped-columns',
    `${parse.file} : ${unmapped.length} colonne(s) numérique(s) absente(s) de la correspondance ont été ignorées : ${listNames(unmapped)}. Ajoutez-les à la correspondance si elles doivent être importées.`,
  );
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES_IN_WARNING).map((name) => `« ${name} »`);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} et ${more} autre(s)` : shown.join(', ');
}

function parseBmsTable(format: string, table: Table, mapping: BmsMapping): ParseResult {
  const resolved = resolveColumns(table, mapping);
  if (!resolved.ok) {
    const firstLine = table.rows.find((row) => !isBlankRow(row));
    return fatalResult(
      format,
      table.fileName,
      'header-not-found',
      `${table.fileName} : aucune ligne d’en-tête ne contient les colonnes ${resolved.reason} de la correspondance${firstLine ? ` (première ligne : « ${firstLine.raw.slice(0, 200)} »)` : ''}. Vérifiez les noms de colonnes de la correspondance ou le séparateur de champs.`,
    );
  }
  const columns = resolved.value;
  const parse = new BmsParse(format, table, mapping);

  if (!columns.long) {
    const missing = mapping.points
      .filter((point) => !columns.wide.some((mapped) => mapped.point === point))
      .map((point) => point.source);
    if (columns.wide.length === 0) {
      return fatalResult(
        format,
        table.fileName,
        'column-not-found',
        `${table.fileName} : aucune des colonnes de points de la correspondance (${listNames(missing)}) n’est dans l’en-tête ligne ${(table.rows[columns.headerIndex] as TableRow).line}. Vérifiez les noms des points dans la correspondance.`,
      );
    }
    if (missing.length > 0) {
      parse.warning(
        'column-not-found',
        `${table.fileName} : colonne(s) de la correspondance absente(s) du fichier : ${listNames(missing)}. Ces points n’ont pas été importés ; vérifiez leur nom si le fichier devait les contenir.`,
      );
    }
  }

  const afterHeader = table.rows.slice(columns.headerIndex + 1);
  const texts = afterHeader.flatMap((row) => timestampTexts(row, columns.timestamp));
  const order = decideDateOrder(texts, mapping.dateOrder, table.fileName);
  if (!order.ok) return fatalResult(format, table.fileName, order.code, order.message);
  const decimalMark = decideDecimalMark(table, afterHeader, valueColumnsOf(columns), mapping.decimalMark);
  if (!decimalMark.ok)
    return fatalResult(format, table.fileName, 'ambiguous-decimal-mark', decimalMark.reason);

  const dataRows = collectDataRows(parse, columns, order.order, decimalMark.value);
  const instants = new InstantResolver(mapping.timeZone, readingsOrderIsDescending(dataRows));
  const pointsByName = new Map<string, MappedColumn>();
  if (columns.long) {
    mapping.points.forEach((point, pointIndex) => {
      const key = columns.long?.point === null ? '' : point.source.toLowerCase();
      pointsByName.set(key, { point, pointIndex, column: columns.long?.value ?? 0, name: point.source });
    });
  }
  const unknownPoints = new Set<string>();

  for (const data of dataRows) {
    parse.result.recordsRead += 1;
    const instant = instants.resolve(data);
    if (!instant.ok) {
      const column =
        columns.timestamp.kind === 'single' ? columns.timestamp.column : columns.timestamp.timeColumn;
      const name = columns.timestamp.kind === 'single' ? columns.timestamp.name : columns.timestamp.timeName;
      parse.error(
        data.row,
        column,
        name,
        'nonexistent-local-time',
        `${placeOf(parse.file, data.row.line, name)} : ${instant.reason}.`,
      );
      continue;
    }
    if (columns.long)
      readLongRow(parse, data, instant.value, columns.long, pointsByName, unknownPoints, decimalMark.value);
    else readWideRow(parse, data, instant.value, columns, decimalMark.value);
  }

  if (!columns.long) warnUnmappedColumns(parse, columns, dataRows, decimalMark.value);
  if (unknownPoints.size > 0) {
    parse.warning(
      'unknown-points',
      `${parse.file} : ${unknownPoints.size} point(s) absent(s) de la correspondance ont été ignorés : ${listNames([...unknownPoints])}. Ajoutez-les à la correspondance s’ils doivent être importés.`,
    );
  }
  if (parse.identicalDuplicates > 0) {
    parse.warning(
      'duplicate-values',
      `${parse.file} : ${parse.identicalDuplicates} valeur(s) répétée(s) à l’identique (même instant, même valeur) n’ont été gardées qu’une fois, à partir de la ligne ${parse.firstDuplicateLine}. Aucune action n’est nécessaire.`,
      parse.firstDuplicateLine,
    );
  }
  if (parse.flaggedValues > 0) {
    parse.warning(
      'flagged-values',
      `${parse.file} : ${parse.flaggedValues} valeur(s) portent l’état {stale} ou {overridden} (valeur figée ou forcée) ; elles ont été importées telles quelles.`,
    );
  }
  if (dataRows.length === 0 && parse.result.recordsRead === 0) {
    parse.warning(
      'no-data',
      `${parse.file} : le fichier ne contient aucune ligne de mesures après l’en-tête. Vérifiez l’export.`,
    );
  }
  return parse.result;
}

// ---------------------------------------------------------------------------------------------
// Containers

function mappingOrFatal(
  format: string,
  fileName: string,
  options: unknown,
): { mapping: BmsMapping } | { fatal: ParseResult } {
  if (options === undefined || options === null) {
    return {
      fatal: fatalResult(
        format,
        fileName,
        'mapping-required',
        `${fileName} : ce fichier de GTB ne peut être lu qu’avec une correspondance des colonnes. Décrivez les colonnes et les points de la source, puis relancez l’import.`,
      ),
    };
  }
  const checked = validateBmsMapping(options);
  if ('errors' in checked) {
    return {
      fatal: fatalResult(
        format,
        fileName,
        'invalid-mapping',
        `${fileName} : la correspondance de la source est invalide. ${checked.errors.join(' ')}`,
      ),
    };
  }
  return checked;
}

/** Decodes a CSV file, rejecting archives, workbooks and bytes that are not text. */
function decodeCsv(input: ParserInput, mapping: BmsMapping): { text: string } | { fatal: ParseResult } {
  const { fileName, bytes } = input;
  const signature = binarySignature(bytes);
  if (signature !== null) {
    const what = signature === 'zip' ? 'une archive zip ou un classeur Excel' : 'un fichier compressé gzip';
    return {
      fatal: fatalResult(
        BMS_CSV_FORMAT,
        fileName,
        'binary-file',
        `${fileName} : le fichier est ${what}, pas un CSV. Importez le classeur avec le format « ${BMS_XLSX_FORMAT} » ou décompressez le fichier.`,
      ),
    };
  }

  const decoded = decodeText(bytes, mapping.encoding);
  if (!decoded.ok) {
    return {
      fatal: fatalResult(BMS_CSV_FORMAT, fileName, 'unreadable-encoding', `${fileName} : ${decoded.reason}.`),
    };
  }
  if (decoded.text.includes('\u0000')) {
    return {
      fatal: fatalResult(
        BMS_CSV_FORMAT,
        fileName,
        'binary-file',
        `${fileName} : le fichier contient des octets nuls, ce n’est pas un texte CSV lisible. Vérifiez l’encodage choisi dans la correspondance ou réexportez le fichier en CSV.`,
      ),
    };
  }
  return { text: decoded.text };
}

function csvTable(input: ParserInput, mapping: BmsMapping): { table: Table } | { fatal: ParseResult } {
  const decoded = decodeCsv(input, mapping);
  if ('fatal' in decoded) return decoded;

  // Excel writes `sep=;` on the first line of some CSV files to announce the separator.
  const lines = splitLines(decoded.text).map((line) => line.text);
  const announced = /^sep=(.)$/i.exec(lines[0]?.trim() ?? '');
  let separator: FieldSeparator | null = null;
  if (announced) {
    const character = announced[1] as string;
    if (character === ',' || character === ';' || character === '\t') separator = character;
    lines.shift();
  }
  if (mapping.separator !== 'auto') separator = mapping.separator === 'tab' ? '\t' : mapping.separator;
  separator ??= sniffSeparator(lines) ?? ',';

  const records = readCsvRecords(decoded.text, separator).filter(
    (record) => !(announced && record.line === 1),
  );
  const rows = records.map((record) => ({ line: record.line, cells: record.fields, raw: record.raw }));
  const defaultDecimalMark = separator === ',' ? '.' : ',';
  return { table: { fileName: input.fileName, rows, sheetName: null, date1904: false, defaultDecimalMark } };
}

function workbookTable(input: ParserInput, mapping: BmsMapping): { table: Table } | { fatal: ParseResult } {
  const { fileName, workbook } = input;
  if (!workbook) {
    return {
      fatal: fatalResult(
        BMS_XLSX_FORMAT,
        fileName,
        'not-a-workbook',
        `${fileName} : le fichier n’a pas pu être lu comme un classeur Excel (.xlsx). Vérifiez son extension, ou importez un export CSV avec le format « ${BMS_CSV_FORMAT} ».`,
      ),
    };
  }
  const sheet = selectSheet(workbook, mapping.sheet);
  if (!sheet) {
    const names = workbook.sheets.map((candidate) => `« ${candidate.name} »`).join(', ');
    return {
      fatal: fatalResult(
        BMS_XLSX_FORMAT,
        fileName,
        'sheet-not-found',
        `${fileName} : la feuille « ${mapping.sheet ?? ''} » de la correspondance est introuvable (feuilles du classeur : ${names || 'aucune'}). Corrigez le nom de feuille dans la correspondance.`,
      ),
    };
  }
  const rows = sheet.rows.map((row) => ({
    line: row.number,
    cells: row.cells,
    raw: row.cells.map((cell) => describeCell(cell)).join(';'),
  }));
  return {
    table: { fileName, rows, sheetName: sheet.name, date1904: workbook.date1904, defaultDecimalMark: '.' },
  };
}

function selectSheet(
  workbook: WorkbookData,
  name: string | null,
): WorkbookData['sheets'][number] | undefined {
  if (name === null) return workbook.sheets.find((sheet) => sheet.rows.length > 0) ?? workbook.sheets[0];
  const wanted = name.trim().toLowerCase();
  return workbook.sheets.find((sheet) => sheet.name.trim().toLowerCase() === wanted);
}

/** Reads a BMS trend CSV with a validated mapping; an invalid mapping makes the result fatal. */
export function parseBmsCsv(input: ParserInput, options: unknown): ParseResult {
  const checked = mappingOrFatal(BMS_CSV_FORMAT, input.fileName, options);
  if ('fatal' in checked) return checked.fatal;
  const built = csvTable(input, checked.mapping);
  if ('fatal' in built) return built.fatal;
  return parseBmsTable(BMS_CSV_FORMAT, built.table, checked.mapping);
}

/** Reads a BMS trend workbook (cells in `input.workbook`) with a validated mapping. */
export function parseBmsWorkbook(input: ParserInput, options: unknown): ParseResult {
  const checked = mappingOrFatal(BMS_XLSX_FORMAT, input.fileName, options);
  if ('fatal' in checked) return checked.fatal;
  const built = workbookTable(input, checked.mapping);
  if ('fatal' in built) return built.fatal;
  return parseBmsTable(BMS_XLSX_FORMAT, built.table, checked.mapping);
}

// ---------------------------------------------------------------------------------------------
// Detection

const TIMESTAMP_HEADERS = new Set([
  'datetime',
  'date time',
  'date/time',
  'timestamp',
  'horodatage',
  'date et heure',
  'date heure',
]);

/**
 * Returns the confidence that a text file is a trend export. Insight's `<>Date` header and Niagara's
 * `Timestamp,…,Value` header are specific; a plain date-and-time table is only a hint, since
 * many CSV files have one.
 */
export function detectBmsCsv(input: DetectInput): number {
  if (binarySignature(input.headBytes) !== null) return 0;
  const lines = splitLines(input.head)
    .map((line) => line.text.replace(/^\uFEFF/, ''))
    .filter((line) => line.trim() !== '')
    .slice(0, 20);
  if (lines.length === 0) return 0;
  if (/^"?<>Date"?\s*[,;\t]/i.test(lines[0] as string)) return 0.7;
  const separator = sniffSeparator(lines) ?? ',';
  for (const line of lines.slice(0, 12)) {
    const cells = splitCsvLine(line, separator).fields.map((cell) => normaliseHeader(cell).toLowerCase());
    if (cells.includes('timestamp') && (cells.includes('value') || cells.includes('trend flags'))) return 0.6;
    if (cells.includes('date') && (cells.includes('time') || cells.includes('heure'))) return 0.4;
    if (cells.some((cell) => TIMESTAMP_HEADERS.has(cell))) return 0.3;
  }
  return 0;
}

/** Returns the confidence that a workbook is a trend export: low, since a zip header shows no column. */
export function detectBmsWorkbook(input: DetectInput): number {
  return binarySignature(input.headBytes) === 'zip' && /\.xlsx$/i.test(input.fileName) ? 0.2 : 0;
}

export const bmsCsvParser: FileParser<BmsMapping> = {
  format: BMS_CSV_FORMAT,
  label: 'Export de tendances de GTB (CSV)',
  needsMapping: true,
  detect: detectBmsCsv,
  parse: async (input, options) => parseBmsCsv(input, options),
};

export const bmsXlsxParser: FileParser<BmsMapping> = {
  format: BMS_XLSX_FORMAT,
  label: 'Export de tendances de GTB (Excel)',
  needsMapping: true,
  detect: detectBmsWorkbook,
  parse: async (input, options) => parseBmsWorkbook(input, options),
};
