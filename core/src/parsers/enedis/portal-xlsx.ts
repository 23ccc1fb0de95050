/**
 * The Excel downloads of the Enedis customer portal. A workbook has a cover sheet (« Page
 * d’accueil ») and a data sheet per direction. A data sheet starts with a header block that gives
 * the PRM and the export type. Its table is either a load curve (« Début », « Fin », « Valeur (en
 * kW) » per interval) or daily energies (« Date », « Valeur (en kW) »). Every data cell is text: dates `JJ/MM/AAAA hh:mm:ss` without offset and
 * numbers with a decimal comma (`0,984`), whatever number format the cell claims.
 *
 * Units, decided from the portal's own cover sheet rather than the column label:
 * - load curve: the cover sheet states that the curve is « exprimée en kW » and the label agrees, so a
 *   value is the mean power over its interval and the energy is value × interval length in hours;
 * - daily energies: the label says « Valeur (en kW) » but the cover sheet says the energy « est
 *   calculée en kWh à partir des index relevés », and a daily value of 25 for a home only makes
 *   sense as kWh. The label is wrong, so daily values are read as kWh (Wh when labelled Wh).
 */

import {
  type CellValue,
  describeCell,
  isBlankCell,
  type SheetData,
  type WorkbookData,
} from '../../spreadsheet/cells.js';
import { errorIssue } from '../results.js';
import type { ParseResult, SourceLocation } from '../types.js';
import { checkPrm, headerKey, readDecimal } from './common.js';
import { ENEDIS_PORTAL_FORMAT } from './portal-csv.js';
import { Collector } from './series.js';
import {
  isPlausibleWall,
  ParisSequence,
  parisMidnight,
  readFrenchStamp,
  readIsoStamp,
  type StampParts,
} from './time.js';

const EXCEL_EPOCH_SERIAL = 25_569;
const DAY_MS = 86_400_000;
/** Days between the 1900 and 1904 date systems of Excel. */
const DATE_1904_SHIFT = 1462;

function columnLetters(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const remainder = (rest - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** Reads the wall-clock time of a cell: text as the portal writes it, or a date a user's Excel converted. */
function stampOfCell(value: CellValue | undefined, date1904: boolean): StampParts | null {
  if (typeof value === 'string') return readFrenchStamp(value) ?? readIsoStamp(value);
  let wallMs = Number.NaN;
  // The workbook reader gives the wall-clock time shown in Excel as a UTC date.
  if (value instanceof Date) wallMs = value.getTime();
  else if (typeof value === 'number' && Number.isFinite(value)) {
    const serial = value + (date1904 ? DATE_1904_SHIFT : 0);
    wallMs = Math.round((serial - EXCEL_EPOCH_SERIAL) * DAY_MS);
  }
  return isPlausibleWall(wallMs) ? { wallMs, offsetMinutes: null, hasTime: true } : null;
}

/** Reads the number of a cell: text with a decimal comma, or a number a user's Excel converted. Returns NaN when invalid. */
function numberOfCell(value: CellValue | undefined): number | null {
  if (isBlankCell(value)) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return readDecimal(value, true);
  return Number.NaN;
}

function textOf(value: CellValue | undefined): string {
  return typeof value === 'string' ? value : describeCell(value);
}

/** Returns the first non-blank cell right of `column` in a row. */
function valueRightOf(cells: readonly CellValue[], column: number): CellValue | undefined {
  for (let index = column + 1; index < cells.length; index += 1) {
    if (!isBlankCell(cells[index])) return cells[index];
  }
  return undefined;
}

interface SheetLayout {
  prm: CellValue | undefined;
  prmRow: number;
  countingType: string;
  headerRowIndex: number;
  valueColumn: number;
  valueLabel: string;
  startColumn: number;
  endColumn: number;
  dateColumn: number;
}

/** Finds the PRM, the export type and the header row of a data sheet; null for another sheet. */
function layoutOf(sheet: SheetData): SheetLayout | null {
  let prm: CellValue | undefined;
  let prmRow = -1;
  let countingType = '';
  for (let rowIndex = 0; rowIndex < sheet.rows.length; rowIndex += 1) {
    const row = sheet.rows[rowIndex];
    if (!row) continue;
    const keys = row.cells.map((cell) => (typeof cell === 'string' ? headerKey(cell) : ''));
    keys.forEach((key, column) => {
      if (key.startsWith('point reference mesure')) {
        prm = valueRightOf(row.cells, column);
        prmRow = row.number;
      } else if (key === 'type comptage') {
        countingType = textOf(valueRightOf(row.cells, column));
      }
    });
    const valueColumn = keys.findIndex((key) => key.startsWith('valeur'));
    if (prmRow < 0 || valueColumn < 0) continue;
    return {
      prm,
      prmRow,
      countingType,
      headerRowIndex: rowIndex,
      valueColumn,
      valueLabel: textOf(row.cells[valueColumn]).trim(),
      startColumn: keys.indexOf('debut'),
      endColumn: keys.indexOf('fin'),
      dateColumn: keys.indexOf('date'),
    };
  }
  return null;
}

/** Unit written in a value header such as « Valeur (en kW) ». */
function labelledUnit(label: string): string | null {
  const match = /\(\s*en\s+([kKMm]?[WV]A?h?)\s*\)/.exec(label);
  return match ? (match[1] as string) : null;
}

function prmOfCell(value: CellValue | undefined): string {
  // A PRM retyped as a number by Excel lost its leading zeros; a PRM always has 14 digits.
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0)
    return String(value).padStart(14, '0');
  return textOf(value);
}

function readSheet(sheet: SheetData, layout: SheetLayout, date1904: boolean, collector: Collector): void {
  const file = collector.file;
  const prm = checkPrm(prmOfCell(layout.prm));
  const dataRows = sheet.rows.slice(layout.headerRowIndex + 1);
  if (!prm.ok) {
    collector.result.recordsRead += dataRows.length;
    collector.reject(
      {
        file,
        line: layout.prmRow,
        element: `${sheet.name}!C${layout.prmRow}`,
        field: 'Point Référence Mesure (PRM)',
      },
      'invalid-prm',
      prm.reason,
      'Les valeurs de cette feuille sont rejetées.',
      textOf(layout.prm),
    );
    return;
  }
  const production = headerKey(`${layout.countingType} ${sheet.name}`).includes('production');
  const externalId = production ? `${prm.value}#PROD` : prm.value;
  const unit = labelledUnit(layout.valueLabel);
  const isCurve = layout.startColumn >= 0 && layout.endColumn >= 0;
  if (!isCurve && layout.dateColumn < 0) {
    collector.result.recordsRead += dataRows.length;
    collector.reject(
      { file, line: sheet.rows[layout.headerRowIndex]?.number ?? null, element: null, field: null },
      'header-not-found',
      `la feuille « ${sheet.name} » n’a ni colonnes « Début » et « Fin » (courbe de charge) ni colonne « Date » (énergies quotidiennes)`,
      'Ses valeurs sont rejetées ; téléchargez de nouveau l’export depuis l’espace client Enedis.',
      null,
    );
    return;
  }
  // See the file comment: curve values are kW (W when labelled W), daily values kWh despite « kW ».
  const divisor = (isCurve && unit === 'W') || (!isCurve && unit === 'Wh') ? 1000 : 1;
  const startSequence = new ParisSequence();
  const endSequence = new ParisSequence();

  for (const row of dataRows) {
    const firstColumn = isCurve ? layout.startColumn : layout.dateColumn;
    const startCell = row.cells[firstColumn];
    const endCell = isCurve ? row.cells[layout.endColumn] : undefined;
    const valueCell = row.cells[layout.valueColumn];
    if (isBlankCell(startCell) && isBlankCell(endCell) && isBlankCell(valueCell)) continue;
    const location: SourceLocation = {
      file,
      line: row.number,
      element: `${sheet.name}!${columnLetters(layout.valueColumn)}${row.number}`,
      field: layout.valueLabel,
    };
    const start = stampOfCell(startCell, date1904);
    const end = isCurve ? stampOfCell(endCell, date1904) : null;
    if (!start || (isCurve && !end)) {
      // Notes under the table have text in the first column and no value: not data.
      if (isBlankCell(valueCell)) continue;
      collector.result.recordsRead += 1;
      const bad = !start ? startCell : endCell;
      const badColumn = !start ? firstColumn : layout.endColumn;
      collector.reject(
        {
          ...location,
          element: `${sheet.name}!${columnLetters(badColumn)}${row.number}`,
          field: textOf(sheet.rows[layout.headerRowIndex]?.cells[badColumn]),
        },
        'invalid-timestamp',
        `« ${textOf(bad)} » n’est pas une date JJ/MM/AAAA${isCurve ? ' hh:mm:ss' : ''}`,
        'La ligne est rejetée ; téléchargez de nouveau l’export.',
        textOf(bad),
      );
      continue;
    }
    collector.result.recordsRead += 1;
    const value = numberOfCell(valueCell);
    if (value !== null && !Number.isFinite(value)) {
      collector.reject(
        location,
        'invalid-number',
        `« ${textOf(valueCell)} » n’est pas un nombre`,
        'La ligne est rejetée ; corrigez la valeur ou téléchargez de nouveau l’export.',
        textOf(valueCell),
      );
      continue;
    }
    if (!isCurve) {
      collector.result.readings.push({
        externalId,
        measure: 'ENERGY',
        start: new Date(parisMidnight(start.wallMs)),
        stepSeconds: 86_400,
        value: value === null ? null : value / divisor,
        quality: value === null ? 'missing' : 'measured',
        location,
      });
      continue;
    }
    const startInstant = startSequence.instantOf(start);
    const endInstant = endSequence.instantOf(end as StampParts);
    const stepSeconds =
      startInstant === null || endInstant === null ? Number.NaN : (endInstant - startInstant) / 1000;
    if (!(stepSeconds >= 60 && stepSeconds <= 3600)) {
      collector.reject(
        location,
        'invalid-interval',
        `la plage du ${textOf(startCell)} au ${textOf(endCell)} n’est pas un intervalle de courbe de charge (1 à 60 minutes, heures existantes à Paris)`,
        'La ligne est rejetée ; téléchargez de nouveau l’export.',
        `${textOf(startCell)};${textOf(endCell)};${textOf(valueCell)}`,
      );
      continue;
    }
    collector.result.readings.push({
      externalId,
      measure: 'ENERGY',
      start: new Date(startInstant as number),
      stepSeconds,
      value: value === null ? null : (value * stepSeconds) / (3600 * divisor),
      quality: value === null ? 'missing' : 'measured',
      location,
    });
  }
}

/** Reads a portal workbook: every sheet with a PRM header block. */
export function parsePortalWorkbook(file: string, workbook: WorkbookData): ParseResult {
  const collector = new Collector(file, ENEDIS_PORTAL_FORMAT);
  let sheetsRead = 0;
  for (const sheet of workbook.sheets) {
    const layout = layoutOf(sheet);
    if (!layout) continue;
    sheetsRead += 1;
    readSheet(sheet, layout, workbook.date1904, collector);
  }
  if (sheetsRead === 0) {
    collector.result.fatal = errorIssue({
      file,
      code: 'sheet-not-found',
      message: `${file} : aucune feuille ne contient « Point Référence Mesure (PRM) » suivi d’un tableau « Valeur ». Ce n’est pas un export Excel du portail Enedis ; téléchargez l’export « courbe de charge » ou « consommation quotidienne » depuis l’espace client.`,
    });
    return collector.result;
  }
  return collector.finish();
}
