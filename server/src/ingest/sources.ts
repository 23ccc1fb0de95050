import { type DeliveryKeys, findParser, validateBmsMapping } from '@openfluides/core';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { IngestSourcesTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { SecretBox } from './secrets.js';

export type SourceRow = Selectable<IngestSourcesTable>;

/** Health of a source as shown in the UI. */
export type SourceStatus = 'disabled' | 'never' | 'ok' | 'failing' | 'late';

/** A source as the API returns it: never its secret, only whether one is stored. */
export interface SourceView {
  id: string;
  name: string;
  kind: 'sftp' | 'folder' | 'upload';
  format: string;
  mapping: unknown;
  enabled: boolean;
  host: string | null;
  port: number | null;
  username: string | null;
  authMethod: 'password' | 'key' | null;
  hasSecret: boolean;
  /** Number of Enedis key and IV pairs stored; the keys themselves are never returned. */
  deliveryKeyCount: number;
  hostKeyFingerprint: string | null;
  remoteFolder: string;
  localFolder: string | null;
  filePattern: string;
  afterImport: 'leave' | 'move' | 'delete';
  moveFolder: string | null;
  pollIntervalMinutes: number;
  expectedPeriodHours: number | null;
  settleSeconds: number;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastFileAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  status: SourceStatus;
}

/** Fields a user sets; `secret` is write-only, undefined keeps the stored one and null clears it. */
export interface SourceInput {
  name: string;
  kind: 'sftp' | 'folder' | 'upload';
  format: string;
  mapping?: unknown;
  enabled?: boolean;
  host?: string | null;
  port?: number | null;
  username?: string | null;
  authMethod?: 'password' | 'key' | null;
  secret?: string | null;
  /** Write-only like `secret`: undefined keeps the stored keys, null or [] clears them. */
  deliveryKeys?: Array<{ keyHex: string; ivHex: string | null }> | null;
  hostKeyFingerprint?: string | null;
  remoteFolder?: string;
  localFolder?: string | null;
  filePattern?: string;
  afterImport?: 'leave' | 'move' | 'delete';
  moveFolder?: string | null;
  pollIntervalMinutes?: number;
  expectedPeriodHours?: number | null;
  settleSeconds?: number;
}

/** Computes the health of a source at `now`. */
export function sourceStatus(row: SourceRow, now: Date): SourceStatus {
  if (!row.enabled) return 'disabled';
  if (row.consecutive_failures > 0) return 'failing';
  if (row.kind !== 'upload' && row.last_poll_at === null) return 'never';
  if (row.expected_period_hours !== null) {
    const since = row.last_file_at ?? row.created_at;
    if (now.getTime() - since.getTime() > row.expected_period_hours * 3_600_000) return 'late';
  }
  return 'ok';
}

export function toSourceView(row: SourceRow, now: Date, deliveryKeyCount = 0): SourceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    format: row.format,
    mapping: row.mapping,
    enabled: row.enabled,
    host: row.host,
    port: row.port,
    username: row.username,
    authMethod: row.auth_method,
    hasSecret: row.secret_ciphertext !== null,
    deliveryKeyCount,
    hostKeyFingerprint: row.host_key_fingerprint,
    remoteFolder: row.remote_folder,
    localFolder: row.local_folder,
    filePattern: row.file_pattern,
    afterImport: row.after_import,
    moveFolder: row.move_folder,
    pollIntervalMinutes: row.poll_interval_minutes,
    expectedPeriodHours: row.expected_period_hours,
    settleSeconds: row.settle_seconds,
    lastPollAt: row.last_poll_at?.toISOString() ?? null,
    lastSuccessAt: row.last_success_at?.toISOString() ?? null,
    lastFileAt: row.last_file_at?.toISOString() ?? null,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
    consecutiveFailures: row.consecutive_failures,
    status: sourceStatus(row, now),
  };
}

/** Checks the format and its mapping; returns the mapping to store. */
export function checkFormatAndMapping(format: string, mapping: unknown): unknown {
  if (format === 'auto') return null;
  const parser = findParser(format);
  if (!parser)
    throw new AppError(
      'validation-failed',
      {},
      { format: `Le format « ${format} » n’existe pas : choisissez un format de la liste ou « auto ».` },
    );
  // Formats that read without a mapping may still take options (a PCE for a GRDF workbook that
  // does not name it, segments for M023): they are kept as given when they form an object.
  if (!parser.needsMapping) {
    if (mapping === undefined || mapping === null) return null;
    if (typeof mapping !== 'object' || Array.isArray(mapping)) {
      throw new AppError(
        'validation-failed',
        {},
        { mapping: 'Les options du format doivent être un objet JSON, par exemple { "pce": "GI123456" }.' },
      );
    }
    return mapping;
  }
  if (mapping === undefined || mapping === null) {
    throw new AppError(
      'validation-failed',
      {},
      {
        mapping: `Le format « ${parser.label} » demande un paramétrage des colonnes : décrivez-le avant d’enregistrer la source.`,
      },
    );
  }
  const checked = validateBmsMapping(mapping);
  if ('errors' in checked) {
    throw new AppError('validation-failed', {}, { mapping: checked.errors.join(' ') });
  }
  return checked.mapping;
}

/** Stores and reads ingestion sources; secrets are encrypted on the way in and never read back by the API. */
export class SourceRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  list(): Promise<SourceRow[]> {
    return this.db.selectFrom('ingest_sources').selectAll().orderBy('name').execute();
  }

  async get(id: string): Promise<SourceRow> {
    const row = await this.db
      .selectFrom('ingest_sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not-found', {});
    return row;
  }

  async findByName(name: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('ingest_sources').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** Decrypts the Enedis delivery keys of a source, for the pipeline only. */
  deliveryKeysOf(row: SourceRow): DeliveryKeys {
    if (row.delivery_keys_ciphertext === null) return { aesKeys: [] };
    return {
      aesKeys: JSON.parse(this.secrets.decrypt(row.delivery_keys_ciphertext)) as DeliveryKeys['aesKeys'],
    };
  }

  /** Returns the source as the API shows it. */
  view(row: SourceRow, now: Date): SourceView {
    return toSourceView(row, now, this.deliveryKeysOf(row).aesKeys.length);
  }

  /** Decrypts the stored secret of a source, for the poller only. */
  secretOf(row: SourceRow): string | null {
    return row.secret_ciphertext === null ? null : this.secrets.decrypt(row.secret_ciphertext);
  }

  private values(input: SourceInput, existing: SourceRow | null) {
    const mapping = checkFormatAndMapping(input.format, input.mapping);
    const sftp = input.kind === 'sftp';
    const secretCiphertext =
      input.secret === undefined
        ? (existing?.secret_ciphertext ?? null)
        : input.secret === null || input.secret === ''
          ? null
          : this.secrets.encrypt(input.secret);
    if (sftp && (!input.host || !input.username || !input.authMethod)) {
      const required = 'Obligatoire pour une source SFTP.';
      const fields: Record<string, string> = {};
      if (!input.host) fields.host = required;
      if (!input.username) fields.username = required;
      if (!input.authMethod) fields.authMethod = required;
      throw new AppError('validation-failed', {}, fields);
    }
    if (sftp && secretCiphertext === null) {
      throw new AppError(
        'validation-failed',
        {},
        { secret: 'Saisissez le mot de passe ou la clé privée de la source SFTP.' },
      );
    }
    if (input.kind === 'folder' && !input.localFolder) {
      throw new AppError(
        'validation-failed',
        {},
        { localFolder: 'Saisissez le chemin du dossier surveillé.' },
      );
    }
    if (input.afterImport === 'move' && !input.moveFolder) {
      throw new AppError(
        'validation-failed',
        {},
        { moveFolder: 'Indiquez le dossier où déplacer les fichiers importés.' },
      );
    }
    const deliveryKeysCiphertext =
      input.deliveryKeys === undefined
        ? (existing?.delivery_keys_ciphertext ?? null)
        : input.deliveryKeys === null || input.deliveryKeys.length === 0
          ? null
          : this.secrets.encrypt(JSON.stringify(input.deliveryKeys));
    return {
      name: input.name.trim(),
      delivery_keys_ciphertext: deliveryKeysCiphertext,
      kind: input.kind,
      format: input.format,
      mapping: mapping === null ? null : JSON.stringify(mapping),
      enabled: input.enabled ?? true,
      host: sftp ? (input.host ?? null) : null,
      port: sftp ? (input.port ?? 22) : null,
      username: sftp ? (input.username ?? null) : null,
      auth_method: sftp ? (input.authMethod ?? null) : null,
      secret_ciphertext: sftp ? secretCiphertext : null,
      host_key_fingerprint: sftp ? (input.hostKeyFingerprint ?? null) : null,
      remote_folder: input.remoteFolder ?? '/',
      local_folder: input.kind === 'folder' ? (input.localFolder ?? null) : null,
      file_pattern: input.filePattern ?? '*',
      after_import: input.afterImport ?? 'leave',
      move_folder: input.afterImport === 'move' ? (input.moveFolder ?? null) : null,
      poll_interval_minutes: input.pollIntervalMinutes ?? 60,
      expected_period_hours: input.expectedPeriodHours ?? null,
      settle_seconds: input.settleSeconds ?? 60,
    };
  }

  async create(input: SourceInput): Promise<SourceRow> {
    if (await this.findByName(input.name.trim())) {
      throw new AppError(
        'conflict',
        { field: `nom de source « ${input.name.trim()} »` },
        { name: 'Une autre source porte déjà ce nom.' },
      );
    }
    return this.db
      .insertInto('ingest_sources')
      .values(this.values(input, null))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(id: string, input: SourceInput): Promise<SourceRow> {
    const existing = await this.get(id);
    const other = await this.findByName(input.name.trim());
    if (other && other.id !== id) {
      throw new AppError(
        'conflict',
        { field: `nom de source « ${input.name.trim()} »` },
        { name: 'Une autre source porte déjà ce nom.' },
      );
    }
    return this.db
      .updateTable('ingest_sources')
      .set({ ...this.values(input, existing), updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async remove(id: string): Promise<void> {
    const result = await this.db.deleteFrom('ingest_sources').where('id', '=', id).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw new AppError('not-found', {});
  }

  async recordPoll(id: string, outcome: { error: string | null; receivedFiles: number }): Promise<void> {
    const now = new Date();
    if (outcome.error === null) {
      await this.db
        .updateTable('ingest_sources')
        .set((eb) => ({
          last_poll_at: now,
          last_success_at: now,
          last_file_at: outcome.receivedFiles > 0 ? now : eb.ref('last_file_at'),
          consecutive_failures: 0,
        }))
        .where('id', '=', id)
        .execute();
    } else {
      await this.db
        .updateTable('ingest_sources')
        .set((eb) => ({
          last_poll_at: now,
          last_error: outcome.error,
          last_error_at: now,
          consecutive_failures: eb('consecutive_failures', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    }
  }

  /** Enabled SFTP and folder sources whose polling interval has elapsed. */
  async dueSources(now: Date): Promise<SourceRow[]> {
    const rows = await this.db
      .selectFrom('ingest_sources')
      .selectAll()
      .where('enabled', '=', true)
      .where('kind', 'in', ['sftp', 'folder'])
      .execute();
    return rows.filter(
      (row) =>
        row.last_poll_at === null ||
        now.getTime() - row.last_poll_at.getTime() >= row.poll_interval_minutes * 60_000 - 5_000,
    );
  }
}
