import { findParser, type Measure, PARSERS } from '@openfluides/core';
import { sql } from 'kysely';
import type { BaseLogger } from 'pino';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import type { IngestJobs } from './jobs.js';
import { registerStep } from './operator-registers.js';
import { type IngestOutcome, IngestPipeline, type IngestSettings } from './pipeline.js';
import { type PollReport, pollSource } from './poller.js';
import type { SecretBox } from './secrets.js';
import { SourceRepository } from './sources.js';

const CANONICAL_UNITS: Record<Measure, string> = {
  ENERGY: 'kWh',
  INDEX: 'kWh',
  POWER: 'kW',
  VOLUME: 'm3',
  TEMPERATURE: 'degC',
};

/** Ingestion as the API and the CLI use it: sources, files, the journal and identifier mapping. */
export class IngestService {
  readonly sources: SourceRepository;
  readonly pipeline: IngestPipeline;
  /** Job queue, once the server has started it; the CLI and API tests run polls inline without it. */
  jobs: IngestJobs | null = null;

  constructor(
    readonly database: Database,
    secrets: SecretBox,
    private readonly logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>,
  ) {
    this.sources = new SourceRepository(database.db, secrets);
    this.pipeline = new IngestPipeline(database, logger);
  }

  /** Settings to read a file of a source, with the source's current format and mapping. */
  async settingsFor(
    sourceId: string | null,
    origin: IngestSettings['origin'],
    userId: string | null,
    format?: string,
  ): Promise<IngestSettings> {
    if (format !== undefined && format !== 'auto' && !findParser(format)) {
      throw new AppError(
        'validation-failed',
        {},
        {
          format: `Le format « ${format} » n’existe pas. Formats possibles : auto, ${PARSERS.map((parser) => parser.format).join(', ')}.`,
        },
      );
    }
    if (sourceId === null) return { sourceId: null, format: format ?? 'auto', mapping: null, origin, userId };
    const source = await this.sources.get(sourceId);
    return {
      sourceId,
      format: format ?? source.format,
      mapping: source.mapping,
      deliveryKeys: this.sources.deliveryKeysOf(source),
      origin,
      userId,
    };
  }

  /** Polls a source now in this process, whatever its schedule. */
  poll(sourceId: string): Promise<PollReport> {
    return pollSource(
      { database: this.database, sources: this.sources, pipeline: this.pipeline, logger: this.logger },
      sourceId,
    );
  }

  /** Imports an archived file again with its source's current settings. */
  async reprocess(rawFileId: string, userId: string | null): Promise<IngestOutcome> {
    const arrival = await this.database.db
      .selectFrom('file_arrivals')
      .select('source_id')
      .where('raw_file_id', '=', rawFileId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const lastRun = await this.database.db
      .selectFrom('import_runs')
      .select('format')
      .where('raw_file_id', '=', rawFileId)
      .where('format', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const sourceId = arrival?.source_id ?? null;
    const settings = await this.settingsFor(
      sourceId,
      'reprocess',
      userId,
      sourceId === null ? (lastRun?.format ?? 'auto') : undefined,
    );
    return this.pipeline.reprocess(rawFileId, settings);
  }

  /**
   * Maps a pending identifier to a register, for its source only, then imports again every file
   * that contained it; readings already stored come back unchanged.
   */
  async mapUnknown(unknownId: string, registerId: string, userId: string | null): Promise<IngestOutcome[]> {
    const unknown = await this.database.db
      .selectFrom('unknown_identifiers')
      .selectAll()
      .where('id', '=', unknownId)
      .executeTakeFirst();
    if (!unknown) throw new AppError('not-found');
    const register = await this.database.db
      .selectFrom('registers')
      .select(['id', 'kind'])
      .where('id', '=', registerId)
      .executeTakeFirst();
    if (!register)
      throw new AppError(
        'validation-failed',
        {},
        { registerId: `Le registre n° ${registerId} n’existe pas.` },
      );
    if (register.kind !== unknown.measure) {
      throw new AppError(
        'validation-failed',
        {},
        {
          registerId: `Le registre n° ${registerId} est de type ${register.kind} alors que l’identifiant « ${unknown.external_id} » fournit des valeurs de type ${unknown.measure}. Choisissez un registre du même type.`,
        },
      );
    }
    await sql`
      insert into identifier_mappings (source_id, external_id, measure, register_id)
      values (${unknown.source_id}, ${unknown.external_id}, ${unknown.measure}, ${registerId})
      on conflict (coalesce(source_id, 0), external_id, measure) do update set register_id = excluded.register_id`.execute(
      this.database.db,
    );
    await this.database.db
      .updateTable('unknown_identifiers')
      .set({ status: 'mapped', register_id: registerId })
      .where('id', '=', unknownId)
      .execute();
    const outcomes: IngestOutcome[] = [];
    for (const rawFileId of unknown.raw_file_ids) outcomes.push(await this.reprocess(rawFileId, userId));
    return outcomes;
  }

  /** Creates a register on an existing meter for a pending identifier, then maps it. */
  async createRegisterForUnknown(
    unknownId: string,
    meterId: string,
    name: string,
    userId: string | null,
  ): Promise<{ registerId: string; outcomes: IngestOutcome[] }> {
    const unknown = await this.database.db
      .selectFrom('unknown_identifiers')
      .selectAll()
      .where('id', '=', unknownId)
      .executeTakeFirst();
    if (!unknown) throw new AppError('not-found');
    const meter = await this.database.db
      .selectFrom('meters')
      .select('id')
      .where('id', '=', meterId)
      .executeTakeFirst();
    if (!meter)
      throw new AppError('validation-failed', {}, { meterId: `Le compteur n° ${meterId} n’existe pas.` });
    const measure = unknown.measure as Measure;
    const step = registerStep(unknown.step_seconds);
    if (!step) {
      throw new AppError(
        'validation-failed',
        {},
        {
          meterId: `Le pas de ${unknown.step_seconds} s de « ${unknown.external_id} » ne correspond à aucun pas de registre (10 min, 30 min, 1 h, 1 jour, 1 mois).`,
        },
      );
    }
    const register = await this.database.db
      .insertInto('registers')
      .values({
        meter_id: meterId,
        kind: measure,
        unit: CANONICAL_UNITS[measure],
        step,
        name: name || unknown.external_id.slice(0, 200),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outcomes = await this.mapUnknown(unknownId, register.id, userId);
    return { registerId: register.id, outcomes };
  }

  async ignoreUnknown(unknownId: string): Promise<void> {
    const result = await this.database.db
      .updateTable('unknown_identifiers')
      .set({ status: 'ignored' })
      .where('id', '=', unknownId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AppError('not-found');
  }
}
