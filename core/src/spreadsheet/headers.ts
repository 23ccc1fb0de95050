import type { CellValue, SheetData, SheetRow, WorkbookData } from './cells.js';
import { isBlankCell } from './cells.js';
import type { Choice } from './labels.js';
import { normaliseLabel } from './labels.js';
import { type RowError, rowError } from './rows.js';

/** Kind of value in a column: it sets how cells are read and how the template formats the column. */
export type ColumnFormat =
  | 'text'
  | 'code'
  | 'identifier'
  | 'number'
  | 'integer'
  | 'percent'
  | 'money'
  | 'date'
  | 'month'
  | 'choice';

/** A header written in another unit: numbers of that column are multiplied by `factor` (MWh → kWh). */
export interface ScaledHeader {
  header: string;
  factor: number;
}

export interface ColumnSpec {
  key: string;
  /** French header written in the template. */
  header: string;
  /** Other headers that name this column without doubt (« PDL », « Ref bat »). */
  synonyms?: readonly (string | ScaledHeader)[];
  /**
   * Headers that could name a column of several tables (« Code », « Nom »). They count less when
   * a sheet's table is recognised, so a sheet's name or its specific headers decide.
   */
  genericSynonyms?: readonly string[];
  required: boolean;
  format: ColumnFormat;
  /** French explanation for the template: unit, format, allowed values, what a blank cell means. */
  help: string;
  choices?: readonly Choice<string>[];
  /** Example value shown in the template's instructions. */
  example?: string;
}

export interface TableSpec {
  key: string;
  /** French name of the table, as in messages and the template's sheet name. */
  title: string;
  /** Sheet names that point to this table, besides the title. */
  sheetNames: readonly string[];
  columns: readonly ColumnSpec[];
  /** Groups of column keys of which each needs at least one present (period: month, day or start). */
  requiredAnyOf?: readonly (readonly string[])[];
}

/** A column of the file bound to a column of the table. */
export interface MatchedColumn {
  key: string;
  /** Zero-based index in `SheetRow.cells`. */
  index: number;
  /** Header as written in the file, for messages. */
  header: string;
  factor: number;
}

export interface LocatedTable {
  spec: TableSpec;
  sheet: string;
  headerRow: number;
  columns: ReadonlyMap<string, MatchedColumn>;
  /** Non-empty rows below the header row. */
  rows: SheetRow[];
}

/** A remark about the file that rejects no row: an ignored sheet or column. */
export interface ImportWarning {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** A sheet that looks like a table but lacks required columns: its rows are all rejected. */
export interface TableProblem {
  sheet: string;
  headerRow: number;
  table: string;
  missingColumns: string[];
  rowCount: number;
  error: RowError;
}

export interface WorkbookLayout {
  tables: LocatedTable[];
  problems: TableProblem[];
  warnings: ImportWarning[];
}

/** Rows searched for the header, so titles and blank lines above it are skipped. */
export const HEADER_SEARCH_ROWS = 30;

/** Sheets of instructions, such as the templates' own, that never hold data. */
const INSTRUCTION_SHEETS = new Set(['modedemploi', 'notice', 'instructions', 'aide', 'lisezmoi']);

interface HeaderTarget {
  key: string;
  factor: number;
  generic: boolean;
}

interface RowMatch {
  spec: TableSpec;
  row: SheetRow;
  columns: Map<string, MatchedColumn>;
  duplicates: { header: string; keptHeader: string }[];
  unknownHeaders: string[];
  missing: string[];
  recognised: boolean;
  resembles: boolean;
  score: number;
}

function headerTargets(spec: TableSpec): Map<string, HeaderTarget> {
  const targets = new Map<string, HeaderTarget>();
  for (const column of spec.columns) {
    const add = (header: string, factor: number, generic: boolean) => {
      const normalised = normaliseLabel(header);
      if (!targets.has(normalised)) targets.set(normalised, { key: column.key, factor, generic });
    };
    add(column.header, 1, false);
    for (const synonym of column.synonyms ?? []) {
      if (typeof synonym === 'string') add(synonym, 1, false);
      else add(synonym.header, synonym.factor, false);
    }
    for (const synonym of column.genericSynonyms ?? []) add(synonym, 1, true);
  }
  return targets;
}

const targetsBySpec = new WeakMap<TableSpec, Map<string, HeaderTarget>>();

function targetsOf(spec: TableSpec): Map<string, HeaderTarget> {
  let targets = targetsBySpec.get(spec);
  if (!targets) {
    targets = headerTargets(spec);
    targetsBySpec.set(spec, targets);
  }
  return targets;
}

function headerText(cell: CellValue): string | null {
  if (typeof cell === 'string') return cell.replace(/\s+/g, ' ').trim() || null;
  if (typeof cell === 'number') return String(cell);
  return null;
}

function sheetNameMatches(spec: TableSpec, sheetName: string): boolean {
  const normalised = normaliseLabel(sheetName);
  return [spec.title, ...spec.sheetNames].some((name) => normaliseLabel(name) === normalised);
}

function matchRow(spec: TableSpec, sheet: SheetData, row: SheetRow): RowMatch {
  const targets = targetsOf(spec);
  const columns = new Map<string, MatchedColumn>();
  const duplicates: RowMatch['duplicates'] = [];
  const unknownHeaders: string[] = [];
  let specific = 0;
  let generic = 0;
  row.cells.forEach((cell, index) => {
    const header = headerText(cell);
    if (header === null) return;
    const target = targets.get(normaliseLabel(header));
    if (!target) {
      unknownHeaders.push(header);
      return;
    }
    const kept = columns.get(target.key);
    if (kept) {
      duplicates.push({ header, keptHeader: kept.header });
      return;
    }
    columns.set(target.key, { key: target.key, index, header, factor: target.factor });
    if (target.generic) generic += 1;
    else specific += 1;
  });

  const missing = spec.columns
    .filter((column) => column.required && !columns.has(column.key))
    .map((column) => column.header);
  for (const group of spec.requiredAnyOf ?? []) {
    if (!group.some((key) => columns.has(key))) {
      const headers = group.map((key) => spec.columns.find((column) => column.key === key)?.header ?? key);
      missing.push(headers.join(' ou '));
    }
  }
  const namedSheet = sheetNameMatches(spec, sheet.name);
  return {
    spec,
    row,
    columns,
    duplicates,
    unknownHeaders,
    missing,
    recognised: missing.length === 0 && (specific >= 1 || namedSheet),
    resembles: specific >= 2 || (namedSheet && specific + generic >= 1),
    score: specific + 0.5 * generic + (namedSheet ? 1 : 0),
  };
}

function better(candidate: RowMatch, best: RowMatch | null): boolean {
  return best === null || candidate.score > best.score;
}

/**
 * Finds the header row of each sheet and the table it contains. Each sheet contains at most one table,
 * the one whose columns its header row matches best; a table may span several sheets. A header
 * row is searched in the first {@link HEADER_SEARCH_ROWS} non-empty rows, so titles above it are
 * skipped.
 */
export function locateTables(workbook: WorkbookData, specs: readonly TableSpec[]): WorkbookLayout {
  const layout: WorkbookLayout = { tables: [], problems: [], warnings: [] };
  for (const sheet of workbook.sheets) {
    if (sheet.rows.length === 0 || INSTRUCTION_SHEETS.has(normaliseLabel(sheet.name))) continue;
    let bestRecognised: RowMatch | null = null;
    let bestResembling: RowMatch | null = null;
    for (const row of sheet.rows.slice(0, HEADER_SEARCH_ROWS)) {
      for (const spec of specs) {
        const match = matchRow(spec, sheet, row);
        if (match.recognised && better(match, bestRecognised)) bestRecognised = match;
        else if (!match.recognised && match.resembles && better(match, bestResembling))
          bestResembling = match;
      }
    }

    if (bestRecognised) {
      layout.tables.push(toLocatedTable(sheet, bestRecognised));
      layout.warnings.push(...columnWarnings(sheet, bestRecognised));
    } else if (bestResembling) {
      const match = bestResembling;
      const plural = match.missing.length > 1;
      layout.problems.push({
        sheet: sheet.name,
        headerRow: match.row.number,
        table: match.spec.title,
        missingColumns: match.missing,
        rowCount: dataRowsBelow(sheet, match.row.number).length,
        error: rowError(
          { sheet: sheet.name, row: match.row.number, column: null, value: null },
          `la feuille ressemble au tableau « ${match.spec.title} » mais ${plural ? 'les colonnes obligatoires' : 'la colonne obligatoire'} ` +
            `${match.missing.map((header) => `« ${header} »`).join(', ')} ${plural ? 'sont introuvables' : 'est introuvable'} dans la ligne d’en-tête`,
          `Ajoutez ${plural ? 'ces colonnes' : 'cette colonne'} à la ligne d’en-tête (le modèle donne les noms attendus) puis réimportez le fichier.`,
        ),
      });
    } else {
      layout.warnings.push({
        sheet: sheet.name,
        row: null,
        column: null,
        message: `Feuille « ${sheet.name} » ignorée : aucune ligne d’en-tête reconnue dans ses ${HEADER_SEARCH_ROWS} premières lignes non vides.`,
      });
    }
  }
  return layout;
}

function dataRowsBelow(sheet: SheetData, headerRow: number): SheetRow[] {
  return sheet.rows.filter((row) => row.number > headerRow && !row.cells.every((cell) => isBlankCell(cell)));
}

function toLocatedTable(sheet: SheetData, match: RowMatch): LocatedTable {
  return {
    spec: match.spec,
    sheet: sheet.name,
    headerRow: match.row.number,
    columns: match.columns,
    rows: dataRowsBelow(sheet, match.row.number),
  };
}

function columnWarnings(sheet: SheetData, match: RowMatch): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  for (const header of match.unknownHeaders) {
    warnings.push({
      sheet: sheet.name,
      row: match.row.number,
      column: header,
      message: `Feuille « ${sheet.name} », colonne « ${header} » ignorée : cet en-tête ne correspond à aucune colonne du tableau « ${match.spec.title} ».`,
    });
  }
  for (const duplicate of match.duplicates) {
    warnings.push({
      sheet: sheet.name,
      row: match.row.number,
      column: duplicate.header,
      message: `Feuille « ${sheet.name} », colonne « ${duplicate.header} » ignorée : elle désigne la même donnée que la colonne « ${duplicate.keptHeader} », seule lue.`,
    });
  }
  return warnings;
}
