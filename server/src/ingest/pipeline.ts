import crypto from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  type DeliveryKeys,
  detectFormat,
  type FileParser,
  findParser,
  isEncryptedDelivery,
  makeDetectInput,
  type ParseIssue,
  type ParseResult,
  unwrapDelivery,
} from '@openfluides/core';
import { sql } from 'kysely';
import type { BaseLogger } from 'pino';
import type { Database } from '../db/database.js';
import { withImportTransaction } from '../history-import/transaction.js';
import { HistoryFileError, readWorkbook } from '../history-import/workbook.js';
import {
  applyDeliveryPointFacts,
  recordPublicationPart,
  storeGasConversions,
  storeMaxPowers,
} from './operator-records.js';
import {
  recordUnknownIdentifiers,
  resolveQueuedIdentifiers,
  storeSeriesReadings,
  storeWeatherDaily,
  storeWeatherHourly,
} from './store-records.js';

/** Largest file the pipeline accepts, compressed or not. */
export const MAX_INGEST_FILE_BYTES = 200 * 1024 * 1024;
/** Row-level problems kept per import run; the count of the others goes into the summary. */
const MAX_STORED_ISSUES = 10_000;

/** A delivered file, with the path, size and modification time its source listed. */
export interface IncomingFile {
  name: string;
  bytes: Buffer;
  remotePath?: string | null;
  remoteSize?: number | null;
  remoteMtime?: Date | null;
}

/** How to read a file: the source it came from, its format (or `auto`) and its mapping. */
export interface IngestSettings {
  sourceId: string | null;
  format: string;
  mapping: unknown;
  /** Keys that open encrypted operator deliveries (Enedis SGE), from the source. */
  deliveryKeys?: DeliveryKeys;
  /** Origin recorded in the journal: sftp, folder, upload, cli or reprocess. */
  origin: 'sftp' | 'folder' | 'upload' | 'cli' | 'reprocess';
  userId: string | null;
}

export type ImportRunStatus = 'succeeded' | 'partial' | 'failed';

export interface IngestCountsReport {
  read: number;
  stored: number;
  unchanged: number;
  updated: number;
  rejected: number;
}

/** Result of receiving one file. */
export interface IngestOutcome {
  rawFileId: string;
  sha256: string;
  /** True when the same bytes were already imported: nothing was parsed or stored again. */
  duplicate: boolean;
  /** Import run that stored the file: this one, or the earlier one for a duplicate. */
  importRunId: string | null;
  format: string | null;
  status: ImportRunStatus;
  counts: IngestCountsReport;
  /** French reason for rejecting the whole file; null when some or all rows were read. */
  fatalError: string | null;
  issues: ParseIssue[];
  /** Total problems found, which may exceed the issues listed. */
  issueCount: number;
}

const EMPTY_COUNTS: IngestCountsReport = { read: 0, stored: 0, unchanged: 0, updated: 0, rejected: 0 };

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

function fatalIssue(fileName: string, code: string, message: string): ParseIssue {
  return {
    file: fileName,
    line: null,
    element: null,
    field: null,
    severity: 'error',
    code,
    message,
    raw: null,
  };
}

/** Error for a file that cannot be read at all, with a French message that gives the next step. */
class UnreadableFile extends Error {
  constructor(readonly issue: ParseIssue) {
    super(issue.message);
  }
}

/**
 * Decompresses a `.gz` file and reads an `.xlsx` workbook, then picks the parser: the configured
 * format, or the one that recognises the content when the format is `auto`.
 */
async function prepareAndParse(
  file: IncomingFile,
  settings: IngestSettings,
): Promise<{ parser: FileParser; result: ParseResult }> {
  let bytes = file.bytes;
  let name = file.name;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_INGEST_FILE_BYTES });
    } catch {
      throw new UnreadableFile(
        fatalIssue(
          file.name,
          'corrupt-gzip',
          `Le fichier « ${file.name} » est une archive gzip illisible ou tronquée. Demandez un nouvel envoi du fichier à son émetteur.`,
        ),
      );
    }
    name = name.replace(/\.gz$/i, '');
  }

  let parser: FileParser | undefined;
  if (settings.format === 'auto') {
    const detected = detectFormat(makeDetectInput(name, bytes));
    if (!('parser' in detected))
      throw new UnreadableFile(fatalIssue(file.name, 'unknown-format', detected.message));
    parser = detected.parser;
  } else {
    parser = findParser(settings.format);
    if (!parser) {
      throw new UnreadableFile(
        fatalIssue(
          file.name,
          'unknown-format',
          `Le format « ${settings.format} » n’existe pas. Choisissez un format de la liste ou « auto ».`,
        ),
      );
    }
  }

  let workbook: Awaited<ReturnType<typeof readWorkbook>> | undefined;
  if (isZip(bytes) && /\.xlsx$/i.test(name)) {
    try {
      workbook = await readWorkbook(bytes, file.name);
    } catch (error) {
      if (error instanceof HistoryFileError)
        throw new UnreadableFile(fatalIssue(file.name, 'corrupt-xlsx', error.message));
      throw error;
    }
  }
  const result = await parser.parse({ fileName: file.name, bytes, workbook }, settings.mapping);
  return { parser, result };
}

/** Returns whether a file is a delivery envelope (zip archive or encrypted bytes) rather than a data file. */
function isEnvelope(file: IncomingFile): boolean {
  if (isZip(file.bytes)) return !/\.xlsx$/i.test(file.name);
  return isEncryptedDelivery(file.bytes);
}

function mergeResults(results: ParseResult[], extraIssues: ParseIssue[]): ParseResult {
  const merged: ParseResult = {
    format: results[0]?.format ?? 'auto',
    readings: [],
    weatherDaily: [],
    weatherHourly: [],
    issues: [...extraIssues],
    fatal: null,
    recordsRead: 0,
    deliveryPointFacts: [],
    maxPowers: [],
    gasConversions: [],
    publication: null,
  };
  for (const result of results) {
    // Appending one by one keeps the spread within the engine's argument limit for big files.
    for (const reading of result.readings) merged.readings.push(reading);
    for (const day of result.weatherDaily) merged.weatherDaily.push(day);
    for (const hour of result.weatherHourly) merged.weatherHourly.push(hour);
    merged.issues.push(...result.issues);
    merged.recordsRead += result.recordsRead;
    merged.deliveryPointFacts?.push(...(result.deliveryPointFacts ?? []));
    merged.maxPowers?.push(...(result.maxPowers ?? []));
    merged.gasConversions?.push(...(result.gasConversions ?? []));
    merged.publication ??= result.publication ?? null;
  }
  return merged;
}

/**
 * Opens the delivery envelopes of a file (Enedis encryption, zip inside zip) and parses each data
 * file inside it. A data file that cannot be read is reported and the others are still stored;
 * when nothing can be read the whole delivery is rejected.
 */
async function parseDelivery(
  file: IncomingFile,
  settings: IngestSettings,
): Promise<{ parser: FileParser; result: ParseResult }> {
  if (!isEnvelope(file)) return prepareAndParse(file, settings);
  const unwrapped = await unwrapDelivery(
    { fileName: file.name, bytes: file.bytes },
    settings.deliveryKeys ?? { aesKeys: [] },
  );
  if (unwrapped.fatal) throw new UnreadableFile(unwrapped.fatal);
  if (unwrapped.files.length === 0) {
    throw new UnreadableFile(
      fatalIssue(
        file.name,
        'empty-archive',
        `L’archive « ${file.name} » ne contient aucun fichier. Demandez un nouvel envoi à son émetteur.`,
      ),
    );
  }
  const parsed: Array<{ parser: FileParser; result: ParseResult }> = [];
  const problems: ParseIssue[] = [...unwrapped.issues];
  for (const inner of unwrapped.files) {
    try {
      const one = await prepareAndParse({ name: inner.fileName, bytes: Buffer.from(inner.bytes) }, settings);
      if (one.result.fatal) problems.push(one.result.fatal);
      else parsed.push(one);
    } catch (error) {
      if (!(error instanceof UnreadableFile)) throw error;
      problems.push(error.issue);
    }
  }
  const first = parsed[0];
  if (!first) {
    const reasons = problems.map((problem) => problem.message).join(' ');
    throw new UnreadableFile(
      fatalIssue(file.name, 'no-readable-file', `Aucun fichier lisible dans « ${file.name} » : ${reasons}`),
    );
  }
  return {
    parser: first.parser,
    result: mergeResults(
      parsed.map((one) => one.result),
      problems,
    ),
  };
}

/**
 * Archives, parses and stores files. Each file is stored in one transaction, so a crash leaves no
 * half import, and the same bytes are imported once whatever the number of deliveries.
 */
export class IngestPipeline {
  constructor(
    private readonly database: Database,
    private readonly logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>,
  ) {}

  /** Stores the original bytes once per content and returns the archived file's id. */
  async archive(file: IncomingFile): Promise<{ id: string; sha256: string }> {
    const hash = sha256(file.bytes);
    const inserted = await sql<{ id: string }>`
      insert into raw_files (sha256, size_bytes, content, first_name)
      values (${hash}, ${file.bytes.length}, ${file.bytes}, ${file.name})
      on conflict (sha256) do nothing returning id`.execute(this.database.db);
    const id =
      inserted.rows[0]?.id ??
      (
        await this.database.db
          .selectFrom('raw_files')
          .select('id')
          .where('sha256', '=', hash)
          .executeTakeFirstOrThrow()
      ).id;
    return { id, sha256: hash };
  }

  /** Receives a delivered file: archives it, then imports it unless the same bytes were imported before. */
  async receive(file: IncomingFile, settings: IngestSettings): Promise<IngestOutcome> {
    if (file.bytes.length > MAX_INGEST_FILE_BYTES) {
      throw new UnreadableFile(
        fatalIssue(
          file.name,
          'file-too-large',
          `Le fichier « ${file.name} » dépasse ${MAX_INGEST_FILE_BYTES / 1024 / 1024} Mo. Découpez-le en plusieurs fichiers.`,
        ),
      );
    }
    const raw = await this.archive(file);
    const earlier = await this.database.db
      .selectFrom('import_runs')
      .selectAll()
      .where('raw_file_id', '=', raw.id)
      // A failed run stored nothing: the same bytes may be imported again, for instance once the
      // source has the key that decrypts them or the identifiers are mapped.
      .where('status', 'in', ['succeeded', 'partial'])
      .orderBy('id', 'asc')
      .executeTakeFirst();
    if (earlier) {
      await this.database.db
        .insertInto('file_arrivals')
        .values({
          source_id: settings.sourceId,
          raw_file_id: raw.id,
          file_name: file.name,
          remote_path: file.remotePath ?? null,
          remote_size: file.remoteSize ?? null,
          remote_mtime: file.remoteMtime ?? null,
          outcome: 'duplicate',
          import_id: earlier.id,
        })
        .execute();
      this.logger.info(
        { rawFileId: raw.id, importRunId: earlier.id, file: file.name },
        'file already imported; skipped',
      );
      return {
        rawFileId: raw.id,
        sha256: raw.sha256,
        duplicate: true,
        importRunId: earlier.id,
        format: earlier.format,
        status: earlier.status === 'running' || earlier.status === 'interrupted' ? 'failed' : earlier.status,
        counts: { ...EMPTY_COUNTS },
        fatalError: null,
        issues: [],
        issueCount: 0,
      };
    }
    return this.importArchived(raw, file, settings);
  }

  /** Imports an archived file again, after a parser fix or a new identifier mapping. */
  async reprocess(rawFileId: string, settings: IngestSettings): Promise<IngestOutcome> {
    const raw = await this.database.db
      .selectFrom('raw_files')
      .select(['id', 'sha256', 'content', 'first_name'])
      .where('id', '=', rawFileId)
      .executeTakeFirstOrThrow();
    return this.importArchived(
      { id: raw.id, sha256: raw.sha256 },
      { name: raw.first_name, bytes: raw.content },
      { ...settings, origin: 'reprocess' },
    );
  }

  private async importArchived(
    raw: { id: string; sha256: string },
    file: IncomingFile,
    settings: IngestSettings,
  ): Promise<IngestOutcome> {
    const started = Date.now();
    // The run is committed as running first, so that a crash leaves a visible trace; startup marks
    // such runs as interrupted.
    const run = await this.database.db
      .insertInto('import_runs')
      .values({
        kind: 'file',
        source: settings.origin,
        file_name: file.name,
        file_sha256: raw.sha256,
        source_id: settings.sourceId,
        raw_file_id: raw.id,
        format: settings.format === 'auto' ? null : settings.format,
        user_id: settings.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    let parsed: { parser: FileParser; result: ParseResult };
    try {
      parsed = await parseDelivery(file, settings);
    } catch (error) {
      if (!(error instanceof UnreadableFile)) {
        await this.finishFailed(
          run.id,
          raw.id,
          file,
          settings,
          'Erreur interne pendant la lecture du fichier.',
        );
        throw error;
      }
      return this.finishFailed(run.id, raw.id, file, settings, error.issue.message, error.issue);
    }
    const { parser, result } = parsed;
    if (result.fatal)
      return this.finishFailed(
        run.id,
        raw.id,
        file,
        settings,
        result.fatal.message,
        result.fatal,
        parser.format,
      );

    const outcome = await withImportTransaction(this.database.pool, true, async (connection) => {
      const series = await storeSeriesReadings(
        connection,
        { sourceId: settings.sourceId, importId: run.id, fileName: file.name },
        result.readings,
      );
      await recordUnknownIdentifiers(connection, settings.sourceId, raw.id, series.unknown);
      await resolveQueuedIdentifiers(connection, settings.sourceId, series.resolved);
      const daily = await storeWeatherDaily(connection, run.id, result.weatherDaily);
      const hourly = await storeWeatherHourly(connection, result.weatherHourly);
      const facts = await applyDeliveryPointFacts(connection, result.deliveryPointFacts ?? []);
      const maxPowers = await storeMaxPowers(connection, run.id, result.maxPowers ?? []);
      const conversions = await storeGasConversions(connection, run.id, result.gasConversions ?? []);
      const parts = [daily, hourly, facts, maxPowers, conversions];

      const issues = [...result.issues, ...series.issues, ...facts.issues];
      let publication: { flow: string; rank: number; total: number; missing: number[] } | null = null;
      if (result.publication) {
        const progress = await recordPublicationPart(connection, result.publication, raw.id, run.id);
        publication = { ...result.publication, missing: progress.missing };
        if (progress.missing.length > 0) {
          issues.push({
            file: file.name,
            line: null,
            element: null,
            field: null,
            severity: 'warning',
            code: 'publication-incomplete',
            message: `Publication ${result.publication.flow} incomplète : ${progress.received} fichier${progress.received > 1 ? 's' : ''} reçu${progress.received > 1 ? 's' : ''} sur ${result.publication.total}, il manque le${progress.missing.length > 1 ? 's' : ''} rang${progress.missing.length > 1 ? 's' : ''} ${progress.missing.slice(0, 20).join(', ')}${progress.missing.length > 20 ? '…' : ''}. Les fichiers manquants seront importés à leur arrivée.`,
            raw: null,
          });
        }
      }
      const rejectedRows = result.issues.filter((issue) => issue.severity === 'error').length;
      // Counts are in values (a reading, a weather day, a fact…), like the stored ones; a rejected
      // cell or element counts as one value read.
      const valuesRead =
        result.readings.length +
        result.weatherDaily.length +
        result.weatherHourly.length +
        (result.deliveryPointFacts?.length ?? 0) +
        (result.maxPowers?.length ?? 0) +
        (result.gasConversions?.length ?? 0) +
        rejectedRows;
      const counts: IngestCountsReport = {
        read: valuesRead,
        stored: series.counts.stored + parts.reduce((sum, part) => sum + part.stored, 0),
        unchanged: series.counts.unchanged + parts.reduce((sum, part) => sum + part.unchanged, 0),
        updated: series.counts.updated + parts.reduce((sum, part) => sum + part.updated, 0),
        rejected: rejectedRows + series.rejected + facts.rejected,
      };
      const kept = counts.stored + counts.unchanged + counts.updated;
      let status: ImportRunStatus = 'succeeded';
      if (counts.rejected > 0) status = kept > 0 ? 'partial' : 'failed';

      await this.writeIssues(connection.db, run.id, issues);
      await connection.db
        .updateTable('import_runs')
        .set({
          status,
          format: parser.format,
          finished_at: new Date(),
          rows_read: counts.read,
          rows_stored: counts.stored,
          rows_unchanged: counts.unchanged,
          rows_updated: counts.updated,
          rows_rejected: counts.rejected,
          summary: JSON.stringify({
            durationMs: Date.now() - started,
            rowsRead: result.recordsRead,
            readings: series.counts.read,
            duplicateReadings: series.counts.duplicates,
            ignoredReadings: series.ignored,
            unknownIdentifiers: series.unknown.map((entry) => entry.externalId),
            weatherDays: result.weatherDaily.length,
            weatherHours: result.weatherHourly.length,
            deliveryPointFacts: result.deliveryPointFacts?.length ?? 0,
            maxPowers: result.maxPowers?.length ?? 0,
            gasConversions: result.gasConversions?.length ?? 0,
            publication,
            issueCount: issues.length,
          }),
        })
        .where('id', '=', run.id)
        .execute();
      await connection.db
        .insertInto('file_arrivals')
        .values({
          source_id: settings.sourceId,
          raw_file_id: raw.id,
          file_name: file.name,
          remote_path: file.remotePath ?? null,
          remote_size: file.remoteSize ?? null,
          remote_mtime: file.remoteMtime ?? null,
          outcome: 'imported',
          import_id: run.id,
        })
        .execute();
      return { status, counts, issues };
    });

    this.logger.info(
      { importRunId: run.id, rawFileId: raw.id, file: file.name, format: parser.format, ...outcome.counts },
      'file imported',
    );
    return {
      rawFileId: raw.id,
      sha256: raw.sha256,
      duplicate: false,
      importRunId: run.id,
      format: parser.format,
      status: outcome.status,
      counts: outcome.counts,
      fatalError: null,
      issues: outcome.issues.slice(0, MAX_STORED_ISSUES),
      issueCount: outcome.issues.length,
    };
  }

  private async writeIssues(db: Database['db'], importId: string, issues: ParseIssue[]): Promise<void> {
    const kept = issues.slice(0, MAX_STORED_ISSUES);
    for (let offset = 0; offset < kept.length; offset += 1000) {
      await db
        .insertInto('import_errors')
        .values(
          kept.slice(offset, offset + 1000).map((issue, index) => ({
            import_id: importId,
            position: offset + index + 1,
            severity: issue.severity,
            code: issue.code,
            file_name: issue.file,
            line: issue.line,
            element: issue.element,
            field: issue.field,
            message: issue.message,
            raw: issue.raw === null ? null : issue.raw.replaceAll('\u0000', ''),
          })),
        )
        .execute();
    }
  }

  private async finishFailed(
    runId: string,
    rawFileId: string,
    file: IncomingFile,
    settings: IngestSettings,
    message: string,
    issue?: ParseIssue,
    format?: string,
  ): Promise<IngestOutcome> {
    await withImportTransaction(this.database.pool, true, async (connection) => {
      if (issue) await this.writeIssues(connection.db, runId, [issue]);
      await connection.db
        .updateTable('import_runs')
        .set({ status: 'failed', finished_at: new Date(), fatal_error: message, format: format ?? null })
        .where('id', '=', runId)
        .execute();
      await connection.db
        .insertInto('file_arrivals')
        .values({
          source_id: settings.sourceId,
          raw_file_id: rawFileId,
          file_name: file.name,
          remote_path: file.remotePath ?? null,
          remote_size: file.remoteSize ?? null,
          remote_mtime: file.remoteMtime ?? null,
          outcome: 'imported',
          import_id: runId,
        })
        .execute();
    });
    this.logger.warn({ importRunId: runId, rawFileId, file: file.name, reason: message }, 'file rejected');
    return {
      rawFileId,
      sha256: '',
      duplicate: false,
      importRunId: runId,
      format: format ?? null,
      status: 'failed',
      counts: { ...EMPTY_COUNTS },
      fatalError: message,
      issues: issue ? [issue] : [],
      issueCount: issue ? 1 : 0,
    };
  }
}

/** Marks runs left `running` by a crashed process as interrupted; their readings were rolled back. */
export async function markInterruptedRuns(database: Database): Promise<number> {
  const result = await database.db
    .updateTable('import_runs')
    .set({
      status: 'interrupted',
      finished_at: new Date(),
      fatal_error:
        'Import interrompu (arrêt du serveur) : rien n’a été enregistré. Le fichier sera réimporté à sa prochaine livraison ; vous pouvez aussi relancer son traitement depuis le journal.',
    })
    .where('status', '=', 'running')
    .where('kind', '=', 'file')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
