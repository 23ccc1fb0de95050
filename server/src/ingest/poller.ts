import type { BaseLogger } from 'pino';
import type { Database } from '../db/database.js';
import { type IngestOutcome, type IngestPipeline, MAX_INGEST_FILE_BYTES } from './pipeline.js';
import type { SourceRepository, SourceRow } from './sources.js';
import { type FileDrop, openFolderDrop, openSftpDrop, type RemoteEntry, TransferError } from './transfer.js';

/** Outcome of one poll of a source: files listed, skipped, deferred and imported. */
export interface PollReport {
  sourceId: string;
  listed: number;
  /** Files already seen with the same path, size and modification time. */
  known: number;
  /** Files younger than the source's settle time, or that grew while being read. */
  deferred: number;
  imported: IngestOutcome[];
  /** Files whose bytes had been imported before, from this or another path. */
  duplicates: number;
}

/** Opens the folder that a source polls. */
export async function openDrop(
  sources: SourceRepository,
  source: SourceRow,
  timeoutMs?: number,
): Promise<FileDrop> {
  if (source.kind === 'folder') return openFolderDrop(source.local_folder ?? '', source.file_pattern);
  if (source.kind !== 'sftp') {
    throw new TransferError(
      `La source « ${source.name} » reçoit des fichiers déposés à la main : elle ne s’interroge pas.`,
      false,
    );
  }
  const secret = sources.secretOf(source);
  return openSftpDrop({
    host: source.host ?? '',
    port: source.port ?? 22,
    username: source.username ?? '',
    password: source.auth_method === 'password' ? (secret ?? undefined) : undefined,
    privateKey: source.auth_method === 'key' ? (secret ?? undefined) : undefined,
    fingerprint: source.host_key_fingerprint,
    folder: source.remote_folder,
    pattern: source.file_pattern,
    timeoutMs,
  });
}

/**
 * Lists a source, downloads the files it has not seen, imports each one, then applies the source's
 * after-import action. Transfer failures are recorded on the source and thrown, so the job queue
 * retries them. A file that cannot be parsed is an import failure, not a poll failure.
 */
export async function pollSource(
  deps: {
    database: Database;
    sources: SourceRepository;
    pipeline: IngestPipeline;
    logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
  },
  sourceId: string,
  now: () => Date = () => new Date(),
): Promise<PollReport> {
  const source = await deps.sources.get(sourceId);
  const report: PollReport = { sourceId, listed: 0, known: 0, deferred: 0, imported: [], duplicates: 0 };
  let drop: FileDrop | null = null;
  try {
    drop = await openDrop(deps.sources, source);
    const entries = await drop.list();
    report.listed = entries.length;
    for (const entry of entries) {
      if (await isKnown(deps.database, source.id, entry)) {
        report.known++;
        continue;
      }
      if (now().getTime() - entry.mtime.getTime() < source.settle_seconds * 1000) {
        report.deferred++;
        continue;
      }
      const bytes = await drop.download(entry, MAX_INGEST_FILE_BYTES);
      if (bytes.length !== entry.size) {
        // The file grew (or shrank) between the listing and the download: still being written.
        deps.logger.info(
          { sourceId, path: entry.path, listed: entry.size, read: bytes.length },
          'file changed while reading; deferred',
        );
        report.deferred++;
        continue;
      }
      const outcome = await deps.pipeline.receive(
        { name: entry.name, bytes, remotePath: entry.path, remoteSize: entry.size, remoteMtime: entry.mtime },
        {
          sourceId: source.id,
          format: source.format,
          mapping: source.mapping,
          deliveryKeys: deps.sources.deliveryKeysOf(source),
          origin: source.kind === 'sftp' ? 'sftp' : 'folder',
          userId: null,
        },
      );
      if (outcome.duplicate) report.duplicates++;
      else report.imported.push(outcome);
      await applyAfterImport(drop, source, entry);
    }
    await deps.sources.recordPoll(source.id, { error: null, receivedFiles: report.imported.length });
    deps.logger.info(
      {
        sourceId,
        listed: report.listed,
        known: report.known,
        deferred: report.deferred,
        imported: report.imported.length,
        duplicates: report.duplicates,
      },
      'source polled',
    );
    return report;
  } catch (error) {
    const message =
      error instanceof TransferError
        ? error.message
        : `Erreur inattendue pendant l’interrogation de la source : ${(error as Error).message}`;
    await deps.sources.recordPoll(source.id, { error: message, receivedFiles: report.imported.length });
    deps.logger.error({ sourceId, err: error }, 'source poll failed');
    throw error;
  } finally {
    await drop?.close();
  }
}

async function isKnown(database: Database, sourceId: string, entry: RemoteEntry): Promise<boolean> {
  const row = await database.db
    .selectFrom('file_arrivals')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('remote_path', '=', entry.path)
    .where('remote_size', '=', String(entry.size))
    .where('remote_mtime', '=', entry.mtime)
    .executeTakeFirst();
  return row !== undefined;
}

async function applyAfterImport(drop: FileDrop, source: SourceRow, entry: RemoteEntry): Promise<void> {
  if (source.after_import === 'move' && source.move_folder) await drop.move(entry, source.move_folder);
  else if (source.after_import === 'delete') await drop.remove(entry);
}
