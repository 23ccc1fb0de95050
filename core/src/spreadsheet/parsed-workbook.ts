import type { WorkbookData } from './cells.js';
import { type LocatedTable, locateTables, type TableSpec, type WorkbookLayout } from './headers.js';
import { type RowError, type RowReader, readTableRows, type SourcedRecord } from './rows.js';

/**
 * The tables found in a workbook and the running tally of an import: rows read, rows rejected and
 * every error. Parsing and the later checks against the database reject rows through it, so each
 * rejected row is counted once.
 */
export class ParsedWorkbook {
  readonly layout: WorkbookLayout;
  readonly errors: RowError[] = [];
  rowsRead = 0;
  rowsRejected = 0;

  constructor(
    readonly workbook: WorkbookData,
    specs: readonly TableSpec[],
  ) {
    this.layout = locateTables(workbook, specs);
    for (const problem of this.layout.problems) {
      this.errors.push(problem.error);
      this.rowsRead += problem.rowCount;
      this.rowsRejected += problem.rowCount;
    }
  }

  /** Returns whether any sheet contains a recognised table or looks like one. */
  get hasTables(): boolean {
    return this.layout.tables.length > 0 || this.layout.problems.length > 0;
  }

  tablesOf(spec: TableSpec): LocatedTable[] {
    return this.layout.tables.filter((table) => table.spec === spec);
  }

  /** Reads every row of the sheets that hold `spec`, in sheet then row order. */
  read<T>(spec: TableSpec, parse: (reader: RowReader) => T | undefined): SourcedRecord<T>[] {
    const records: SourcedRecord<T>[] = [];
    for (const table of this.tablesOf(spec)) {
      const result = readTableRows(table, this.workbook.date1904, parse);
      this.rowsRead += table.rows.length;
      this.rowsRejected += result.rejectedRows;
      this.errors.push(...result.errors);
      records.push(...result.records);
    }
    return records;
  }

  /** Rejects one row that had been read as a record. */
  reject(error: RowError): void {
    this.rowsRejected += 1;
    this.errors.push(error);
  }

  /** Rejects one row per error. */
  rejectEach(errors: readonly RowError[]): void {
    for (const error of errors) this.reject(error);
  }
}
