import {
  checkDeliveryPointIdentifier,
  type Energy,
  normaliseDeliveryPointIdentifier,
} from '../metering/identifiers.js';
import { type CellValue, describeCell, formatFrenchNumber, isBlankCell, isExcelError } from './cells.js';
import {
  decimalOfNumber,
  type ParsedDecimal,
  type ParseResult,
  parseFrenchDate,
  parseFrenchMonth,
  parseFrenchNumber,
} from './french-values.js';
import type { LocatedTable } from './headers.js';
import { type Choice, choiceLabels, matchChoice } from './labels.js';

/** A rejected row or cell, located as the user sees it in Excel. */
export interface RowError {
  sheet: string;
  /** Excel row number. */
  row: number;
  /** Header of the column as written in the file, or null when the whole row is at fault. */
  column: string | null;
  /** Cell content as displayed, or null. */
  value: string | null;
  /** French reason why the row or cell is invalid, without the location. */
  reason: string;
  /** Full French sentence: location, reason, and what to do. */
  message: string;
}

export const DEFAULT_FIX = 'Corrigez la cellule puis réimportez le fichier.';

/** Builds a row error whose message names the sheet, row and column and states what to fix. */
export function rowError(
  location: { sheet: string; row: number; column: string | null; value: string | null },
  reason: string,
  fix: string = DEFAULT_FIX,
): RowError {
  const column = location.column === null ? '' : `, colonne « ${location.column} »`;
  return {
    ...location,
    reason,
    message: `Feuille « ${location.sheet} », ligne ${location.row}${column} : ${reason}. ${fix}`,
  };
}

/** Origin of a parsed record, so that later checks against the database can reject it. */
export class RowRef {
  constructor(
    readonly table: LocatedTable,
    readonly cells: readonly CellValue[],
    readonly row: number,
  ) {}

  get sheet(): string {
    return this.table.sheet;
  }

  /** Header of a column in the file, or the template's header when the file lacks the column. */
  headerOf(key: string): string {
    return (
      this.table.columns.get(key)?.header ??
      this.table.spec.columns.find((column) => column.key === key)?.header ??
      key
    );
  }

  cellOf(key: string): CellValue | undefined {
    const column = this.table.columns.get(key);
    return column === undefined ? undefined : this.cells[column.index];
  }

  /** Builds a row error located on a column of this row, or on the whole row when `key` is null. */
  error(key: string | null, reason: string, fix?: string): RowError {
    const cell = key === null ? undefined : this.cellOf(key);
    return rowError(
      {
        sheet: this.sheet,
        row: this.row,
        column: key === null ? null : this.headerOf(key),
        value: cell === undefined || isBlankCell(cell) ? null : describeCell(cell),
      },
      reason,
      fix,
    );
  }
}

const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;

interface NumberOptions {
  required?: boolean;
  min?: number;
  max?: number;
  /** Whether `min` itself is rejected (areas must be above 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
  suffixes?: readonly string[];
}

/**
 * Reads the cells of one row by column key and collects every problem. A parse method returns
 * undefined for an empty optional cell and for an invalid one, and `failed` separates the two.
 */
export class RowReader {
  readonly errors: RowError[] = [];

  constructor(
    readonly ref: RowRef,
    private readonly date1904: boolean,
  ) {}

  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** Returns whether the file has this column. */
  has(key: string): boolean {
    return this.ref.table.columns.has(key);
  }

  cell(key: string): CellValue | undefined {
    return this.ref.cellOf(key);
  }

  isBlank(key: string): boolean {
    return isBlankCell(this.cell(key));
  }

  fail(key: string | null, reason: string, fix?: string): undefined {
    this.errors.push(this.ref.error(key, reason, fix));
    return undefined;
  }

  /** Returns the cell of a required column, or undefined after recording that it is empty. */
  requiredCell(key: string): CellValue | undefined {
    return this.present(key, true);
  }

  private present(key: string, required: boolean | undefined): CellValue | undefined {
    const cell = this.cell(key);
    if (!isBlankCell(cell)) return cell;
    if (required) {
      this.fail(
        key,
        'la cellule est vide alors que cette colonne est obligatoire',
        'Remplissez la cellule puis réimportez le fichier.',
      );
    }
    return undefined;
  }

  private take<T>(key: string, result: ParseResult<T>): T | undefined {
    if (result.ok) return result.value;
    return this.fail(key, result.reason);
  }

  text(key: string, options: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    if (isExcelError(cell))
      return this.fail(key, `la cellule contient l’erreur Excel « ${cell.excelError} »`);
    const text = describeCell(cell).replace(/\s+/g, ' ').trim();
    const maxLength = options.maxLength ?? 200;
    if (text.length > maxLength) {
      return this.fail(
        key,
        `le texte compte ${text.length} caractères, ${maxLength} au plus sont admis`,
        'Raccourcissez-le puis réimportez le fichier.',
      );
    }
    return text;
  }

  /** Reads a code of 1 to 40 letters without accent, digits, `.`, `_` or `-`, as the database requires. */
  code(key: string, options: { required?: boolean } = {}): string | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    const text = typeof cell === 'number' && Number.isInteger(cell) ? String(cell) : describeCell(cell);
    if (!CODE_PATTERN.test(text)) {
      return this.fail(
        key,
        `« ${text} » n’est pas un code valide : un code compte de 1 à 40 lettres sans accent, chiffres, « . », « _ » ou « - », sans espace`,
      );
    }
    return text;
  }

  /** Reads a number, multiplies it by the column's unit factor (MWh → kWh) and checks its bounds. */
  number(key: string, options: NumberOptions = {}): ParsedDecimal | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    const parsed = this.take(key, parseFrenchNumber(cell, { suffixes: options.suffixes }));
    if (parsed === undefined) return undefined;
    const factor = this.ref.table.columns.get(key)?.factor ?? 1;
    const value =
      factor === 1
        ? parsed
        : { value: parsed.value * factor, decimal: decimalOfNumber(parsed.value * factor) };
    const shown = describeCell(cell);
    if (options.integer && !Number.isInteger(value.value)) {
      return this.fail(key, `« ${shown} » n’est pas un nombre entier`);
    }
    const { min, max } = options;
    if (min !== undefined && (value.value < min || (options.exclusiveMin && value.value === min))) {
      const bound = options.exclusiveMin ? 'supérieur à' : 'supérieur ou égal à';
      return this.fail(key, `« ${shown} » doit être ${bound} ${formatFrenchNumber(min)}`);
    }
    if (max !== undefined && value.value > max) {
      return this.fail(key, `« ${shown} » doit être inférieur ou égal à ${formatFrenchNumber(max)}`);
    }
    return value;
  }

  date(key: string, options: { required?: boolean } = {}): string | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    return this.take(key, parseFrenchDate(cell, { date1904: this.date1904 }));
  }

  month(key: string, options: { required?: boolean } = {}): string | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    return this.take(key, parseFrenchMonth(cell, { date1904: this.date1904 }));
  }

  /** A day, or a month written as a month (« janvier 2023 »): `{ date, isMonth }`. */
  dayOrMonth(
    key: string,
    options: { required?: boolean } = {},
  ): { date: string; isMonth: boolean } | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    const day = parseFrenchDate(cell, { date1904: this.date1904 });
    if (day.ok) return { date: day.value, isMonth: false };
    if (typeof cell === 'string') {
      const month = parseFrenchMonth(cell, { date1904: this.date1904 });
      if (month.ok) return { date: month.value, isMonth: true };
    }
    return this.fail(key, day.reason);
  }

  choice<T extends string>(
    key: string,
    choices: readonly Choice<T>[],
    options: { required?: boolean } = {},
  ): T | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    const text = describeCell(cell);
    const value = matchChoice(choices, text);
    if (value === null) {
      return this.fail(
        key,
        `« ${text} » n’est pas une valeur admise (valeurs possibles : ${choiceLabels(choices)})`,
      );
    }
    return value;
  }

  /**
   * Reads a delivery point identifier. A number cell gets back the leading zeros that Excel dropped,
   * because a PRM or a PCE has 14 digits. A text cell is taken as written, so 13 digits are rejected.
   */
  identifier(key: string, energy: Energy, options: { required?: boolean } = {}): string | undefined {
    const cell = this.present(key, options.required);
    if (cell === undefined) return undefined;
    const result = parseIdentifierCell(cell, energy);
    return this.take(key, result);
  }
}

const IDENTIFIER_NAMES: Partial<Record<Energy, string>> = { electricity: 'PRM', gas: 'PCE' };

/** Reads a delivery point identifier for an energy, with the reason when it is malformed. */
export function parseIdentifierCell(cell: CellValue, energy: Energy): ParseResult<string> {
  if (isExcelError(cell))
    return { ok: false, reason: `la cellule contient l’erreur Excel « ${cell.excelError} »` };
  if (typeof cell === 'number' && !(Number.isInteger(cell) && cell >= 0)) {
    return { ok: false, reason: `« ${describeCell(cell)} » n’est pas un identifiant de point de livraison` };
  }
  const identifier =
    typeof cell === 'number'
      ? normaliseDeliveryPointIdentifier(energy, cell)
      : describeCell(cell).replace(/\s+/g, '').toUpperCase();
  const problem = checkDeliveryPointIdentifier(energy, identifier);
  if (problem === null) return { ok: true, value: identifier };
  const name = IDENTIFIER_NAMES[energy] ?? 'identifiant';
  if (problem === 'prm-format' || problem === 'pce-format') {
    const digits = /^\d+$/.test(identifier) ? ` (celui-ci en compte ${identifier.length})` : '';
    const shape = problem === 'pce-format' ? '14 chiffres, ou « GI » suivi de 6 chiffres' : '14 chiffres';
    return {
      ok: false,
      reason: `« ${identifier} » n’est pas un ${name} valide : un ${name} compte ${shape}${digits}`,
    };
  }
  if (problem === 'too-long')
    return { ok: false, reason: `l’identifiant « ${identifier} » dépasse 40 caractères` };
  return { ok: false, reason: 'l’identifiant est vide' };
}

/** A record read from one row, with where it came from. */
export interface SourcedRecord<T> {
  ref: RowRef;
  value: T;
}

/**
 * Reads every data row of a located table with `parse`. A row with at least one invalid cell is
 * rejected with all its errors; the others become records.
 */
export function readTableRows<T>(
  table: LocatedTable,
  date1904: boolean,
  parse: (reader: RowReader) => T | undefined,
): { records: SourcedRecord<T>[]; errors: RowError[]; rejectedRows: number } {
  const records: SourcedRecord<T>[] = [];
  const errors: RowError[] = [];
  let rejectedRows = 0;
  for (const row of table.rows) {
    const ref = new RowRef(table, row.cells, row.number);
    const reader = new RowReader(ref, date1904);
    const value = parse(reader);
    if (reader.failed || value === undefined) {
      rejectedRows += 1;
      errors.push(...reader.errors);
      if (!reader.failed) errors.push(ref.error(null, 'la ligne ne contient aucune donnée utilisable'));
    } else {
      records.push({ ref, value });
    }
  }
  return { records, errors, rejectedRows };
}

/**
 * Keeps the first record of each key and rejects the later ones, naming the row that came first.
 * `describe` names the repeated item (« le bâtiment « N1 » »); `unit` completes « gardez une
 * seule ligne par … ».
 */
export function rejectDuplicates<T>(
  records: readonly SourcedRecord<T>[],
  options: {
    keyOf: (value: T) => string;
    /** Column key the error points at, fixed or chosen per record. */
    column: string | ((value: T) => string);
    describe: (value: T) => string;
    unit: string;
  },
): { kept: SourcedRecord<T>[]; errors: RowError[] } {
  const firstByKey = new Map<string, SourcedRecord<T>>();
  const kept: SourcedRecord<T>[] = [];
  const errors: RowError[] = [];
  for (const record of records) {
    const key = options.keyOf(record.value);
    const first = firstByKey.get(key);
    if (!first) {
      firstByKey.set(key, record);
      kept.push(record);
      continue;
    }
    const where =
      first.ref.sheet === record.ref.sheet
        ? `ligne ${first.ref.row}`
        : `feuille « ${first.ref.sheet} », ligne ${first.ref.row}`;
    errors.push(
      record.ref.error(
        typeof options.column === 'string' ? options.column : options.column(record.value),
        `${options.describe(record.value)} figure déjà ${where}`,
        `Gardez une seule ligne par ${options.unit} puis réimportez le fichier.`,
      ),
    );
  }
  return { kept, errors };
}
