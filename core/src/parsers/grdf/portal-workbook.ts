/**
 * Workbooks "Données informatives et détaillées" of the GRDF customer portal. A title block
 * (export date, address, `N° PCE :`, a disclaimer) sits above the table, whose header row starts
 * with `Date de relevé`. The sheet is named "Historique par mois" whatever the granularity.
 * Rows are gas days (`24/11/2020`), weeks (`Du 23/11/2020 au 29/11/2020`) or months
 * (`Novembre 2020`). Header rows and the PCE are found by their labels, not by position.
 */

import { addLocalDays } from '../../calendar/zoned.js';
import type { CellValue, SheetData, SheetRow, WorkbookData } from '../../spreadsheet/cells.js';
import { describeCell, isBlankCell, isExcelError } from '../../spreadsheet/cells.js';
import { emptyResult, errorIssue, fatalResult, warningIssue } from '../results.js';
import type { ParseResult, ReadingQuality, SourceLocation } from '../types.js';
import { describePlace, GasReadingCollector } from './gas-readings.js';
import { readDecimal, readPce, type ValueOutcome } from './values.js';

/** Rows searched for the table header, from the top of each sheet. */
const HEADER_SEARCH_ROWS = 60;

type ColumnKey = 'date' | 'indexStart' | 'indexEnd' | 'volume' | 'energy' | 'coefficient' | 'qualification';

/** Start of each column's label once accents, case and spacing are removed. */
const COLUMN_LABELS: Array<[ColumnKey, string]> = [
  ['date', 'date de releve'],
  ['indexStart', 'index de debut'],
  ['indexEnd', 'index de fin'],
  ['volume', 'volume consomme'],
  ['energy', 'energie consommee'],
  ['coefficient', 'coefficient de conversion'],
  ['qualification', 'qualification'],
];

const MONTHS: Record<string, number> = {
  janvier: 1,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
};

const DAY_LABEL = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const WEEK_LABEL = /^du (\d{1,2})\/(\d{1,2})\/(\d{4}) au (\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MONTH_LABEL = /^([a-z]+) (\d{4})$/;
const PCE_LABEL = /^(?:n|no|numero)\s*(?:°|o)?\s*(?:de )?pce\b/;
const PCE_IN_FILE_NAME = /(?:^|[^0-9A-Za-z])(\d{14}|GI\d{6})(?=[^0-9A-Za-z]|$)/i;

/** Options of the `grdf-portal` format. */
export interface GrdfPortalOptions {
  /**
   * PCE to use when the workbook's `N° PCE :` cell is empty (some exports leave it blank).
   * The PCE written in the workbook always wins.
   */
  pce?: string;
}

function normaliseLabel(value: CellValue | undefined): string {
  if (typeof value !== 'string') return '';
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function columnLetter(index: number): string {
  let letters = '';
  let remaining = index + 1;
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

interface Table {
  sheet: SheetData;
  headerIndex: number;
  columns: Partial<Record<ColumnKey, number>>;
  labels: Partial<Record<ColumnKey, string>>;
}

function findTable(workbook: WorkbookData): Table | null {
  for (const sheet of workbook.sheets) {
    const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
    for (let rowIndex = 0; rowIndex < limit; rowIndex += 1) {
      const row = sheet.rows[rowIndex] as SheetRow;
      const columns: Partial<Record<ColumnKey, number>> = {};
      const labels: Partial<Record<ColumnKey, string>> = {};
      row.cells.forEach((cell, index) => {
        const label = normaliseLabel(cell);
        const match = COLUMN_LABELS.find(([, prefix]) => label.startsWith(prefix));
        if (match && columns[match[0]] === undefined) {
          columns[match[0]] = index;
          labels[match[0]] = String(cell).trim();
        }
      });
      if (columns.date !== undefined && (columns.volume !== undefined || columns.energy !== undefined)) {
        return { sheet, headerIndex: rowIndex, columns, labels };
      }
    }
  }
  return null;
}

type PceSource =
  | { kind: 'cell'; value: CellValue; element: string }
  | { kind: 'empty'; element: string }
  | { kind: 'none' };

/** Finds the `N° PCE :` label above the header and the first filled cell to its right. */
function findPceCell(table: Table): PceSource {
  for (const row of table.sheet.rows.slice(0, table.headerIndex)) {
    const labelIndex = row.cells.findIndex((cell) => PCE_LABEL.test(normaliseLabel(cell)));
    if (labelIndex === -1) continue;
    for (let index = labelIndex + 1; index < row.cells.length; index += 1) {
      const cell = row.cells[index] as CellValue;
      if (!isBlankCell(cell))
        return {
          kind: 'cell',
          value: cell,
          element: `${table.sheet.name}!${columnLetter(index)}${row.number}`,
        };
    }
    return { kind: 'empty', element: `${table.sheet.name}!${columnLetter(labelIndex)}${row.number}` };
  }
  return { kind: 'none' };
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Reads the period of a row: a gas day, a week (both dates included) or a calendar month. */
function readRowPeriod(cell: CellValue | undefined): ValueOutcome<{ firstDay: string; endDay: string }> {
  if (cell instanceof Date) {
    const year = cell.getUTCFullYear();
    if (Number.isNaN(cell.getTime()) || year < 1900 || year > 2200) {
      return { ok: false, reason: `la date de relevé « ${describeCell(cell)} » est hors de 1900 à 2200` };
    }
    const day = cell.toISOString().slice(0, 10);
    return { ok: true, value: { firstDay: day, endDay: addLocalDays(day, 1) } };
  }
  const text = normaliseLabel(cell);
  const invalid = {
    ok: false as const,
    reason: `« ${describeCell(cell)} » n’est pas une date de relevé (JJ/MM/AAAA, « Du JJ/MM/AAAA au JJ/MM/AAAA » ou mois et année)`,
  };
  const day = DAY_LABEL.exec(text);
  if (day) {
    const first = isoDate(Number(day[3]), Number(day[2]), Number(day[1]));
    return first === null
      ? invalid
      : { ok: true, value: { firstDay: first, endDay: addLocalDays(first, 1) } };
  }
  const week = WEEK_LABEL.exec(text);
  if (week) {
    const first = isoDate(Number(week[3]), Number(week[2]), Number(week[1]));
    const last = isoDate(Number(week[6]), Number(week[5]), Number(week[4]));
    if (first === null || last === null) return invalid;
    // NOTE: the end date of a week label is read as included (a Monday-to-Sunday week).
    return { ok: true, value: { firstDay: first, endDay: addLocalDays(last, 1) } };
  }
  const month = MONTH_LABEL.exec(text);
  const monthNumber = month ? MONTHS[month[1] as string] : undefined;
  if (month && monthNumber !== undefined) {
    const first = isoDate(Number(month[2]), monthNumber, 1) as string;
    const next =
      monthNumber === 12
        ? isoDate(Number(month[2]) + 1, 1, 1)
        : isoDate(Number(month[2]), monthNumber + 1, 1);
    return next === null ? invalid : { ok: true, value: { firstDay: first, endDay: next } };
  }
  return invalid;
}

function readCellNumber(cell: CellValue | undefined): ValueOutcome<number | null> {
  if (cell === undefined || cell === null) return { ok: true, value: null };
  if (typeof cell === 'number' || typeof cell === 'string') return readDecimal(cell);
  if (isExcelError(cell))
    return { ok: false, reason: `la cellule contient l’erreur Excel ${cell.excelError}` };
  return { ok: false, reason: `« ${describeCell(cell)} » n’est pas un nombre` };
}

/** The PCE of a workbook and where it came from: its cell, the source's settings or the file name. */
type PceOutcome =
  | { ok: true; pce: string; restoredZeros: boolean; element: string | null; fromFileName: boolean }
  | { ok: false; result: ParseResult };

function resolvePce(format: string, file: string, table: Table, options: GrdfPortalOptions): PceOutcome {
  const source = findPceCell(table);
  if (source.kind === 'cell') {
    const read = readPce(source.value);
    if (read.ok) return { ok: true, ...read.value, element: source.element, fromFileName: false };
    return {
      ok: false,
      result: fatalResult(
        format,
        file,
        'invalid-pce',
        `${file}, cellule ${source.element} : ${read.reason}. Corrigez le N° PCE dans le classeur ou téléchargez-le de nouveau depuis l’espace client GRDF.`,
      ),
    };
  }
  const configured = typeof options.pce === 'string' ? options.pce.trim() : '';
  if (configured !== '') {
    const read = readPce(configured);
    if (read.ok)
      return { ok: true, pce: read.value.pce, restoredZeros: false, element: null, fromFileName: false };
    return {
      ok: false,
      result: fatalResult(
        format,
        file,
        'invalid-pce',
        `${file} : le PCE du paramétrage de la source n’est pas valide : ${read.reason}. Corrigez-le dans le paramétrage.`,
      ),
    };
  }
  const inName = PCE_IN_FILE_NAME.exec(file);
  if (inName) {
    const pce = (inName[1] as string).toUpperCase();
    return { ok: true, pce, restoredZeros: false, element: null, fromFileName: true };
  }
  const where =
    source.kind === 'empty'
      ? `la cellule ${source.element} (« N° PCE : ») est vide`
      : 'le classeur n’a pas de ligne « N° PCE : »';
  return {
    ok: false,
    result: fatalResult(
      format,
      file,
      'missing-pce',
      `${file} : ${where}, et ni le nom du fichier ni le paramétrage de la source ne donnent le PCE. Indiquez le PCE (14 chiffres) dans le paramétrage de la source, champ « pce », puis relancez l’import.`,
    ),
  };
}

/** Reads a portal workbook whose cells the caller read into `workbook`. */
export function parsePortalWorkbook(
  format: string,
  file: string,
  workbook: WorkbookData,
  options: GrdfPortalOptions,
): ParseResult {
  const table = findTable(workbook);
  if (table === null) {
    const names = workbook.sheets.map((sheet) => `« ${sheet.name} »`).join(', ');
    return fatalResult(
      format,
      file,
      'header-not-found',
      `${file} : aucune ligne d’en-tête « Date de relevé » suivie de « Volume consommé (m3) » ou « Energie consommée (kWh) » n’a été trouvée dans les ${HEADER_SEARCH_ROWS} premières lignes des feuilles ${names}. Ce n’est pas un export « Données informatives et détaillées » de l’espace client GRDF ; vérifiez le fichier choisi.`,
    );
  }
  const pce = resolvePce(format, file, table, options);
  if (!pce.ok) return pce.result;

  const result = emptyResult(format);
  if (pce.fromFileName) {
    result.issues.push(
      warningIssue({
        file,
        field: 'N° PCE',
        code: 'pce-from-file-name',
        message: `${file} : le classeur ne donne pas de N° PCE ; le PCE ${pce.pce} a été lu dans le nom du fichier. Vérifiez qu’il est le bon, ou indiquez le PCE dans le paramétrage de la source (champ « pce »).`,
        raw: pce.pce,
      }),
    );
  }
  if (pce.restoredZeros) {
    result.issues.push(
      warningIssue({
        file,
        element: pce.element,
        field: 'N° PCE',
        code: 'pce-leading-zeros',
        message: `${file}, cellule ${pce.element} : le PCE était enregistré comme un nombre, sans ses zéros initiaux ; il a été lu comme ${pce.pce}. Vérifiez que ce PCE est le bon.`,
        raw: pce.pce,
      }),
    );
  }

  const { sheet, columns, labels } = table;
  const dateColumn = columns.date as number;
  // NOTE: the weekly and monthly layouts have no qualification column, so their values count as measured.
  const qualityWithoutLabel: ReadingQuality = columns.qualification === undefined ? 'measured' : 'estimated';
  const collector = new GasReadingCollector(file);
  const numberColumns: Array<'indexStart' | 'indexEnd' | 'volume' | 'energy' | 'coefficient'> = [
    'indexStart',
    'indexEnd',
    'volume',
    'energy',
    'coefficient',
  ];
  const cellLocation = (row: SheetRow, key: ColumnKey): SourceLocation => {
    const index = columns[key];
    return {
      file,
      line: row.number,
      element:
        index === undefined
          ? `${sheet.name}!${row.number}`
          : `${sheet.name}!${columnLetter(index)}${row.number}`,
      field: labels[key] ?? null,
    };
  };

  for (const row of sheet.rows.slice(table.headerIndex + 1)) {
    if (row.cells.every((cell) => isBlankCell(cell))) continue;
    result.recordsRead += 1;
    const raw = row.cells.map((cell) => describeCell(cell)).join(';');
    const reject = (key: ColumnKey, reason: string) => {
      const location = cellLocation(row, key);
      result.issues.push(
        errorIssue({
          file,
          line: row.number,
          element: location.element,
          field: location.field,
          code: key === 'date' ? 'invalid-date' : 'invalid-number',
          message: `${describePlace(location)}, colonne « ${location.field} » : ${reason}. La ligne est rejetée ; corrigez la cellule ou téléchargez de nouveau l’export depuis l’espace client GRDF.`,
          raw,
        }),
      );
    };

    const period = readRowPeriod(row.cells[dateColumn]);
    if (!period.ok) {
      reject('date', period.reason);
      continue;
    }
    const numbers: Partial<Record<ColumnKey, number | null>> = {};
    let rejected = false;
    for (const key of numberColumns) {
      const index = columns[key];
      if (index === undefined) continue;
      const read = readCellNumber(row.cells[index]);
      if (!read.ok) {
        reject(key, read.reason);
        rejected = true;
        break;
      }
      numbers[key] = read.value;
    }
    if (rejected) continue;
    const qualificationCell = columns.qualification === undefined ? null : row.cells[columns.qualification];
    collector.add({
      pce: pce.pce,
      firstDay: period.value.firstDay,
      endDay: period.value.endDay,
      volumeM3: numbers.volume ?? null,
      energyKwh: numbers.energy ?? null,
      hasVolume: columns.volume !== undefined,
      hasEnergy: columns.energy !== undefined,
      coefficient: numbers.coefficient ?? null,
      pcsKwhPerM3: null,
      indexStart: numbers.indexStart ?? null,
      indexEnd: numbers.indexEnd ?? null,
      rollover: false,
      qualification:
        typeof qualificationCell === 'string' && qualificationCell.trim() !== ''
          ? qualificationCell.trim()
          : null,
      qualityWithoutLabel,
      location: { file, line: row.number, element: `${sheet.name}!${row.number}`, field: null },
      volumeLocation: cellLocation(row, 'volume'),
      energyLocation: cellLocation(row, 'energy'),
      raw,
    });
  }
  result.readings = collector.readings;
  result.gasConversions = collector.conversions;
  result.issues.push(...collector.summaryIssues());
  return result;
}
