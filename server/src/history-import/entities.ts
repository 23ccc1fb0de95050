import type { EntityAction, EntitySummary, FieldValue, ParsedWorkbook, RowRef } from '@openfluides/core';
import type { Db } from '../db/database.js';
import { inSavepoint, isDataError } from './transaction.js';

export type FieldChanges = Record<string, { before: FieldValue; after: FieldValue }>;

/** Counts and lists what an import does to one kind of stored item. */
export class EntityTracker {
  readonly summary: EntitySummary = { created: 0, updated: 0, unchanged: 0, items: [] };

  record(action: EntityAction, key: string, ref: RowRef | null, changes?: FieldChanges): void {
    if (action === 'create') this.summary.created += 1;
    else if (action === 'update') this.summary.updated += 1;
    else this.summary.unchanged += 1;
    this.summary.items.push({
      action,
      key,
      sheet: ref?.sheet ?? null,
      row: ref?.row ?? null,
      ...(changes && Object.keys(changes).length > 0 ? { changes } : {}),
    });
  }
}

function sameValue(before: FieldValue, after: FieldValue): boolean {
  if (typeof before === 'number' && typeof after === 'number') return Math.abs(before - after) < 1e-9;
  return before === after;
}

/**
 * Fields of `imported` that differ from `stored`. An undefined imported field (an empty cell)
 * keeps the stored value and is no change.
 */
export function changedFields(
  stored: Record<string, FieldValue>,
  imported: Record<string, FieldValue | undefined>,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, after] of Object.entries(imported)) {
    if (after === undefined) continue;
    const before = stored[field] ?? null;
    if (!sameValue(before, after)) changes[field] = { before, after };
  }
  return changes;
}

/** Converts a stored numeric column (text from `pg`) to a number. */
export function numeric(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * Stores one row inside a savepoint. When the database rejects the row's data (a constraint
 * this import did not foresee), the row alone is rejected and the import goes on.
 */
export async function storeRow<T>(
  db: Db,
  parsed: ParsedWorkbook,
  ref: RowRef,
  column: string | null,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await inSavepoint(db, work);
  } catch (error) {
    if (!isDataError(error)) throw error;
    parsed.reject(
      ref.error(
        column,
        `la base de données a refusé la ligne (${error.constraint ?? error.message})`,
        'Vérifiez les valeurs de la ligne puis réimportez le fichier.',
      ),
    );
    return undefined;
  }
}
