import { createHash } from 'node:crypto';
import {
  type EntitySummary,
  type EstateFile,
  HISTORY_TEMPLATES,
  type HistoryImportKind,
  type HistoryImportReport,
  type ImportCounts,
  type InvoiceFile,
  importStatus,
  type MaxPowerEntry,
  type OperatorHistoryFile,
  type ParsedWorkbook,
  parseEstateWorkbook,
  parseInvoiceWorkbook,
  parseOperatorHistoryWorkbook,
  type RowError,
  type WorkbookData,
} from '@openfluides/core';
import { sql } from 'kysely';
import type pg from 'pg';
import type { BaseLogger } from 'pino';
import type { Actor, AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { storeEstate } from './estate-store.js';
import { storeInvoices } from './invoice-store.js';
import { storeOperatorHistory } from './operator-history-store.js';
import { buildTemplate } from './templates.js';
import { type ImportConnection, withImportTransaction } from './transaction.js';
import { HistoryFileError, readWorkbook } from './workbook.js';

/** Errors and maximum powers kept in `import_runs`; the report returned to the caller has them all. */
const STORED_LIST_LIMIT = 10_000;

export interface HistoryFile {
  bytes: Buffer;
  /** Name of the uploaded file, for messages and the import journal. */
  name: string | null;
}

export interface HistoryImportOptions {
  /** Preview: run every check and count, then roll back. */
  dryRun: boolean;
  actor: Actor;
  /** Origin of the file, as recorded in `import_runs.source`. */
  source: 'upload' | 'cli';
}

type ParsedHistoryFile =
  | { kind: 'estate'; file: EstateFile }
  | { kind: 'invoices'; file: InvoiceFile }
  | { kind: 'operator-history'; file: OperatorHistoryFile };

interface StoreOutcome {
  entities: Record<string, EntitySummary>;
  /** Stored, updated and unchanged counts; for readings they count readings, not rows. */
  counts: Pick<ImportCounts, 'stored' | 'updated' | 'unchanged'>;
  maxPowers: MaxPowerEntry[];
}

function parseHistoryFile(kind: HistoryImportKind, workbook: WorkbookData): ParsedHistoryFile {
  if (kind === 'estate') return { kind, file: parseEstateWorkbook(workbook) };
  if (kind === 'invoices') return { kind, file: parseInvoiceWorkbook(workbook) };
  return { kind, file: parseOperatorHistoryWorkbook(workbook) };
}

function sumEntities(entities: Record<string, EntitySummary>): StoreOutcome['counts'] {
  const counts = { stored: 0, updated: 0, unchanged: 0 };
  for (const summary of Object.values(entities)) {
    counts.stored += summary.created;
    counts.updated += summary.updated;
    counts.unchanged += summary.unchanged;
  }
  return counts;
}

async function storeHistoryFile(
  parsed: ParsedHistoryFile,
  connection: ImportConnection,
  importRunId: string,
): Promise<StoreOutcome> {
  if (parsed.kind === 'estate') {
    const entities = await storeEstate(connection.db, parsed.file);
    return { entities, counts: sumEntities(entities), maxPowers: [] };
  }
  if (parsed.kind === 'invoices') {
    const entities = await storeInvoices(connection.db, parsed.file, importRunId);
    return { entities, counts: sumEntities(entities), maxPowers: [] };
  }
  const result = await storeOperatorHistory(connection, parsed.file, importRunId);
  return {
    entities: result.entities,
    counts: {
      stored: result.readings.stored,
      updated: result.readings.updated,
      unchanged: result.readings.unchanged,
    },
    maxPowers: result.maxPowers,
  };
}

/** Errors in the order of the workbook: by sheet as the file lists them, then by row. */
function sortedErrors(parsed: ParsedWorkbook): RowError[] {
  const sheetOrder = new Map(parsed.workbook.sheets.map((sheet, index) => [sheet.name, index]));
  return [...parsed.errors].sort(
    (a, b) => (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) || a.row - b.row,
  );
}

function noTableMessage(kind: HistoryImportKind, fileName: string | null): string {
  const template = HISTORY_TEMPLATES[kind];
  const tables = template.tables.map((table) => `« ${table.title} »`).join(', ');
  const file = fileName ? `du fichier « ${fileName} »` : 'du fichier envoyé';
  return (
    `Aucune feuille ${file} ne contient de tableau reconnu pour l’import « ${template.title} » (attendu : ${tables}). ` +
    'Vérifiez que vous importez le bon fichier et que sa ligne d’en-tête reprend les noms de colonnes du modèle, puis réimportez-le.'
  );
}

/**
 * Imports the customer's historical Excel files (estate, invoices, network operator history):
 * reads the workbook, checks every row, and stores the valid rows in one transaction with an
 * `import_runs` row and an audit entry. A preview does the same work and rolls it back.
 */
export class HistoryImportService {
  constructor(
    private readonly database: { db: Db; pool: pg.Pool },
    private readonly audit: AuditRepository,
    private readonly logger: Pick<BaseLogger, 'info' | 'error'>,
  ) {}

  template(kind: HistoryImportKind): Promise<Buffer> {
    return buildTemplate(kind);
  }

  /**
   * Previews or performs an import. Throws {@link HistoryFileError} when the file is not a readable
   * workbook or contains no table of this kind. Nothing is stored then.
   */
  async run(
    kind: HistoryImportKind,
    file: HistoryFile,
    options: HistoryImportOptions,
  ): Promise<HistoryImportReport> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const workbook = await readWorkbook(file.bytes, file.name);
    const parsed = parseHistoryFile(kind, workbook);
    if (!parsed.file.parsed.hasTables) throw new HistoryFileError(noTableMessage(kind, file.name));

    this.logger.info({ kind, fileName: file.name, sha256, dryRun: options.dryRun }, 'history import started');
    try {
      const report = await withImportTransaction(this.database.pool, !options.dryRun, async (connection) => {
        // One history import at a time, so two uploads cannot both create the same building.
        await sql`select pg_advisory_xact_lock(hashtext('openfluides.history-import'))`.execute(
          connection.db,
        );
        const runId = await this.insertRun(connection.db, kind, file, sha256, options);
        const outcome = await storeHistoryFile(parsed, connection, runId);
        const report = this.buildReport(
          kind,
          file,
          sha256,
          options.dryRun ? null : runId,
          parsed.file.parsed,
          outcome,
        );
        await this.finishRun(connection.db, runId, report);
        if (!options.dryRun) {
          await this.audit.record(
            options.actor,
            {
              action: 'history-import.completed',
              entityType: 'import_run',
              entityId: runId,
              details: { kind, fileName: file.name, sha256, status: report.status, counts: report.counts },
            },
            connection.db,
          );
        }
        return report;
      });
      this.logger.info(
        {
          kind,
          importRunId: report.importRunId,
          status: report.status,
          counts: report.counts,
          dryRun: options.dryRun,
        },
        'history import finished',
      );
      return report;
    } catch (error) {
      this.logger.error({ err: error, kind, fileName: file.name, sha256 }, 'history import failed');
      if (!options.dryRun) await this.recordFailedRun(kind, file, sha256, options, error);
      throw error;
    }
  }

  private async insertRun(
    db: Db,
    kind: HistoryImportKind,
    file: HistoryFile,
    sha256: string,
    options: HistoryImportOptions,
  ): Promise<string> {
    const row = await db
      .insertInto('import_runs')
      .values({
        kind: `history-${kind}`,
        source: options.source,
        file_name: file.name,
        file_sha256: sha256,
        user_id: options.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private buildReport(
    kind: HistoryImportKind,
    file: HistoryFile,
    sha256: string,
    importRunId: string | null,
    parsed: ParsedWorkbook,
    outcome: StoreOutcome,
  ): HistoryImportReport {
    const counts: ImportCounts = { read: parsed.rowsRead, ...outcome.counts, rejected: parsed.rowsRejected };
    return {
      kind,
      dryRun: importRunId === null,
      fileName: file.name,
      fileSha256: sha256,
      importRunId,
      status: importStatus(counts),
      counts,
      entities: outcome.entities,
      tables: parsed.layout.tables.map((table) => ({
        sheet: table.sheet,
        table: table.spec.title,
        headerRow: table.headerRow,
        rows: table.rows.length,
      })),
      rejected: sortedErrors(parsed),
      warnings: parsed.layout.warnings,
      maxPowers: outcome.maxPowers,
    };
  }

  private async finishRun(db: Db, runId: string, report: HistoryImportReport): Promise<void> {
    const entityCounts = Object.fromEntries(
      Object.entries(report.entities).map(([name, summary]) => [
        name,
        { created: summary.created, updated: summary.updated, unchanged: summary.unchanged },
      ]),
    );
    await db
      .updateTable('import_runs')
      .set({
        finished_at: new Date(),
        status: report.status,
        rows_read: report.counts.read,
        rows_stored: report.counts.stored,
        rows_updated: report.counts.updated,
        rows_unchanged: report.counts.unchanged,
        rows_rejected: report.counts.rejected,
        errors: JSON.stringify(report.rejected.slice(0, STORED_LIST_LIMIT)),
        summary: JSON.stringify({
          entities: entityCounts,
          tables: report.tables,
          warnings: report.warnings,
          maxPowers: report.maxPowers.slice(0, STORED_LIST_LIMIT),
          errorsTotal: report.rejected.length,
          maxPowersTotal: report.maxPowers.length,
        }),
      })
      .where('id', '=', runId)
      .execute();
  }

  /** Journals an import that failed on an unexpected error, after its transaction rolled back. */
  private async recordFailedRun(
    kind: HistoryImportKind,
    file: HistoryFile,
    sha256: string,
    options: HistoryImportOptions,
    error: unknown,
  ): Promise<void> {
    try {
      await this.database.db
        .insertInto('import_runs')
        .values({
          kind: `history-${kind}`,
          source: options.source,
          file_name: file.name,
          file_sha256: sha256,
          user_id: options.actor.userId,
          status: 'failed',
          finished_at: new Date(),
          errors: JSON.stringify([{ message: (error as Error).message }]),
        })
        .execute();
    } catch (journalError) {
      this.logger.error({ err: journalError, kind, sha256 }, 'failed history import could not be journaled');
    }
  }
}
