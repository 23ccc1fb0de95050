import type { Energy } from '../metering/identifiers.js';
import type { ImportWarning } from './headers.js';
import type { HistoryImportKind } from './history-kinds.js';
import type { ReadingStep } from './labels.js';
import type { RowError } from './rows.js';

export type EntityAction = 'create' | 'update' | 'unchanged';

export type FieldValue = string | number | boolean | null;

/** Effect of an import, or of a preview, on one stored item. */
export interface EntityChange {
  action: EntityAction;
  /** Business key as users know it: a building code, « électricité 01234567890123 », an invoice number. */
  key: string;
  sheet: string | null;
  row: number | null;
  /** Fields that differ from the stored item, with the stored and the imported value (updates only). */
  changes?: Record<string, { before: FieldValue; after: FieldValue }>;
}

export interface EntitySummary {
  created: number;
  updated: number;
  unchanged: number;
  /** One entry per item; readings are only counted. */
  items: EntityChange[];
}

/** Maximum power of one period, reported because it is not a reading of any register kind. */
export interface MaxPowerEntry {
  energy: Energy;
  identifier: string;
  step: ReadingStep;
  /** First day of the period, `YYYY-MM-DD`. */
  periodStart: string;
  maxPowerKw: number;
  sheet: string;
  row: number;
}

export interface ImportCounts {
  /** Data rows found in the recognised tables. */
  read: number;
  /** Items created (for operator history: readings stored for the first time). */
  stored: number;
  /** Items whose stored values changed. */
  updated: number;
  /** Items already stored with the same values. */
  unchanged: number;
  /** Rows rejected, each with at least one entry in `rejected`. */
  rejected: number;
}

export type ImportStatus = 'succeeded' | 'partial' | 'failed';

/** Result of a preview (nothing written) or of an import of one historical file. */
export interface HistoryImportReport {
  kind: HistoryImportKind;
  dryRun: boolean;
  fileName: string | null;
  fileSha256: string;
  /** Row of `import_runs`; null for a preview. */
  importRunId: string | null;
  status: ImportStatus;
  counts: ImportCounts;
  entities: Record<string, EntitySummary>;
  /** Location of each table found. */
  tables: { sheet: string; table: string; headerRow: number; rows: number }[];
  rejected: RowError[];
  warnings: ImportWarning[];
  maxPowers: MaxPowerEntry[];
}

/** Succeeded when no row was rejected, failed when rows were read and all were rejected, else partial. */
export function importStatus(counts: ImportCounts): ImportStatus {
  if (counts.rejected === 0) return 'succeeded';
  return counts.rejected >= counts.read ? 'failed' : 'partial';
}
