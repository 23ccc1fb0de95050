import { buildExcelCsv, PARSERS } from '@openfluides/core';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AuditRepository } from '../audit/repository.js';
import { AppError, frenchMessage } from '../errors.js';
import { actorOf, requireAdmin, sessionOf } from '../http/request-context.js';
import { idParam, idSchema } from '../http/schemas.js';
import type { IngestOutcome } from './pipeline.js';
import { openDrop } from './poller.js';
import type { IngestService } from './service.js';
import { TransferError } from './transfer.js';

/** Largest upload through the API; larger files go through an SFTP or folder source. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const sourceBody = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['sftp', 'folder', 'upload']),
  format: z.string().min(1).max(60),
  mapping: z.unknown().optional(),
  enabled: z.boolean().optional(),
  host: z.string().trim().min(1).max(255).nullable().optional(),
  port: z.number().int().min(1).max(65535).nullable().optional(),
  username: z.string().trim().min(1).max(120).nullable().optional(),
  authMethod: z.enum(['password', 'key']).nullable().optional(),
  secret: z.string().max(20_000).nullable().optional(),
  deliveryKeys: z
    .array(
      z.object({
        keyHex: z
          .string()
          .regex(
            /^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/,
            'clé AES attendue en hexadécimal (32 ou 64 caractères)',
          ),
        ivHex: z
          .string()
          .regex(/^[0-9a-fA-F]{32}$/, 'vecteur d’initialisation attendu en hexadécimal (32 caractères)')
          .nullable(),
      }),
    )
    .max(10)
    .nullable()
    .optional(),
  hostKeyFingerprint: z
    .string()
    .trim()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'empreinte attendue au format SHA256:… (43 caractères base64)')
    .nullable()
    .optional(),
  remoteFolder: z.string().min(1).max(500).optional(),
  localFolder: z.string().min(1).max(500).nullable().optional(),
  filePattern: z.string().min(1).max(200).optional(),
  afterImport: z.enum(['leave', 'move', 'delete']).optional(),
  moveFolder: z.string().min(1).max(500).nullable().optional(),
  pollIntervalMinutes: z.number().int().min(1).max(10_080).optional(),
  expectedPeriodHours: z.number().int().min(1).max(8784).nullable().optional(),
  settleSeconds: z.number().int().min(0).max(86_400).optional(),
});

const runsQuery = z.object({
  sourceId: idSchema.optional(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed', 'interrupted']).optional(),
  format: z.string().max(60).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const uploadQuery = z.object({
  fileName: z.string().trim().min(1).max(255),
  format: z.string().min(1).max(60).optional(),
  sourceId: idSchema.optional(),
});

function outcomeView(outcome: IngestOutcome) {
  return {
    rawFileId: outcome.rawFileId,
    duplicate: outcome.duplicate,
    importRunId: outcome.importRunId,
    format: outcome.format,
    status: outcome.status,
    counts: outcome.counts,
    fatalError: outcome.fatalError,
    issues: outcome.issues.slice(0, 200),
    issueCount: outcome.issueCount,
  };
}

/** Routes of automatic ingestion, for platform administrators only. */
export function ingestRoutes(options: {
  service: IngestService;
  audit: AuditRepository;
}): FastifyPluginAsyncZod {
  const { service, audit } = options;
  const db = service.database.db;
  return async (app) => {
    app.addHook('onRequest', requireAdmin);

    app.get(
      '/ingest/formats',
      { schema: { tags: ['ingestion'], summary: 'File formats the platform imports' } },
      async () =>
        PARSERS.map((parser) => ({
          format: parser.format,
          label: parser.label,
          needsMapping: parser.needsMapping,
        })),
    );

    app.get(
      '/ingest/sources',
      { schema: { tags: ['ingestion'], summary: 'List sources with their status' } },
      async () => {
        const now = new Date();
        return (await service.sources.list()).map((row) => service.sources.view(row, now));
      },
    );

    app.get(
      '/ingest/sources/:id',
      { schema: { tags: ['ingestion'], summary: 'One source', params: idParam } },
      async (request) => service.sources.view(await service.sources.get(request.params.id), new Date()),
    );

    app.post(
      '/ingest/sources',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Create a source (the secret is stored encrypted)',
          body: sourceBody,
        },
      },
      async (request, reply) => {
        const row = await service.sources.create(request.body);
        await audit.record(actorOf(request), {
          action: 'ingest-source.created',
          entityType: 'ingest-source',
          entityId: row.id,
          details: { name: row.name, kind: row.kind },
        });
        return reply.status(201).send(service.sources.view(row, new Date()));
      },
    );

    app.patch(
      '/ingest/sources/:id',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Replace the settings of a source; an absent secret keeps the stored one',
          params: idParam,
          body: sourceBody,
        },
      },
      async (request) => {
        const row = await service.sources.update(request.params.id, request.body);
        await audit.record(actorOf(request), {
          action: 'ingest-source.updated',
          entityType: 'ingest-source',
          entityId: row.id,
          details: { name: row.name },
        });
        return service.sources.view(row, new Date());
      },
    );

    app.delete(
      '/ingest/sources/:id',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Delete a source; its archived files and journal stay',
          params: idParam,
        },
      },
      async (request, reply) => {
        await service.sources.remove(request.params.id);
        await audit.record(actorOf(request), {
          action: 'ingest-source.deleted',
          entityType: 'ingest-source',
          entityId: request.params.id,
        });
        return reply.status(204).send();
      },
    );

    app.post(
      '/ingest/sources/:id/test',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Connect to a source and list the files it offers, importing nothing',
          params: idParam,
        },
      },
      async (request) => {
        const source = await service.sources.get(request.params.id);
        try {
          const drop = await openDrop(service.sources, source, 15_000);
          try {
            const files = await drop.list();
            return {
              ok: true,
              message: `Connexion réussie : ${files.length} fichier${files.length > 1 ? 's' : ''} correspond${files.length > 1 ? 'ent' : ''} au motif « ${source.file_pattern} ».`,
              files: files
                .slice(0, 50)
                .map((file) => ({ name: file.name, size: file.size, mtime: file.mtime.toISOString() })),
            };
          } finally {
            await drop.close();
          }
        } catch (error) {
          if (error instanceof TransferError) return { ok: false, message: error.message, files: [] };
          throw error;
        }
      },
    );

    app.post(
      '/ingest/sources/:id/poll',
      { schema: { tags: ['ingestion'], summary: 'Poll a source now', params: idParam } },
      async (request) => {
        await service.sources.get(request.params.id);
        if (service.jobs) {
          const jobId = await service.jobs.pollNow(request.params.id);
          return { queued: true, jobId, report: null };
        }
        try {
          const report = await service.poll(request.params.id);
          return {
            queued: false,
            jobId: null,
            report: { ...report, imported: report.imported.map(outcomeView) },
          };
        } catch (error) {
          if (error instanceof TransferError)
            throw new AppError('validation-failed', {}, { source: error.message });
          throw error;
        }
      },
    );

    await app.register(async (uploadScope) => {
      const uploads = uploadScope.withTypeProvider<ZodTypeProvider>();
      uploads.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
        (_request, body, done) => done(null, body),
      );
      uploads.setErrorHandler((error: FastifyError, request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          return reply.status(413).send({
            error: {
              code: 'validation-failed',
              message: frenchMessage('validation-failed'),
              fields: {
                file: `Le fichier dépasse ${MAX_UPLOAD_BYTES / 1024 / 1024} Mo : déposez-le sur une source SFTP ou un dossier surveillé.`,
              },
              requestId: request.id,
            },
          });
        }
        throw error;
      });
      uploads.post(
        '/ingest/uploads',
        {
          bodyLimit: MAX_UPLOAD_BYTES,
          schema: {
            tags: ['ingestion'],
            summary: 'Import one file sent as the raw request body',
            description:
              'The original file name goes in `?fileName=`; `format` defaults to the source’s format, or `auto`.',
            querystring: uploadQuery,
          },
        },
        async (request) => {
          const body = request.body;
          if (!Buffer.isBuffer(body) || body.length === 0) {
            throw new AppError(
              'validation-failed',
              {},
              { file: 'Le fichier envoyé est vide. Choisissez un fichier puis réessayez.' },
            );
          }
          const { fileName, format, sourceId } = request.query;
          const settings = await service.settingsFor(
            sourceId ?? null,
            'upload',
            sessionOf(request).userId,
            format,
          );
          const outcome = await service.pipeline.receive({ name: fileName, bytes: body }, settings);
          await audit.record(actorOf(request), {
            action: 'ingest.uploaded',
            entityType: 'import_run',
            entityId: outcome.importRunId,
            details: {
              fileName,
              format: outcome.format,
              duplicate: outcome.duplicate,
              status: outcome.status,
            },
          });
          return outcomeView(outcome);
        },
      );
    });

    app.get(
      '/import-runs',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Import journal, newest first, with filters',
          querystring: runsQuery,
        },
      },
      async (request) => {
        const query = request.query;
        let select = db
          .selectFrom('import_runs as r')
          .leftJoin('ingest_sources as s', 's.id', 'r.source_id')
          .leftJoin('users as u', 'u.id', 'r.user_id');
        if (query.sourceId) select = select.where('r.source_id', '=', query.sourceId);
        if (query.status) select = select.where('r.status', '=', query.status);
        if (query.format)
          select = select.where((eb) =>
            eb.or([eb('r.format', '=', query.format ?? ''), eb('r.kind', '=', query.format ?? '')]),
          );
        if (query.from)
          select = select.where(sql<boolean>`r.started_at >= paris_midnight(${query.from}::date)`);
        if (query.to)
          select = select.where(sql<boolean>`r.started_at < paris_midnight(${query.to}::date + 1)`);
        if (query.search)
          select = select.where('r.file_name', 'ilike', `%${query.search.replace(/[\\%_]/g, '\\$&')}%`);
        const total = await select
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow();
        const rows = await select
          .select([
            'r.id',
            'r.kind',
            'r.source',
            'r.format',
            'r.file_name',
            'r.status',
            'r.started_at',
            'r.finished_at',
            'r.rows_read',
            'r.rows_stored',
            'r.rows_unchanged',
            'r.rows_updated',
            'r.rows_rejected',
            'r.fatal_error',
            'r.raw_file_id',
            'r.source_id',
            's.name as source_name',
            'u.email as user_email',
          ])
          .orderBy('r.id', 'desc')
          .limit(query.limit)
          .offset(query.offset)
          .execute();
        return {
          total: Number(total.count),
          runs: rows.map((row) => ({
            id: row.id,
            kind: row.kind,
            origin: row.source,
            format: row.format ?? row.kind,
            fileName: row.file_name,
            status: row.status,
            startedAt: row.started_at.toISOString(),
            finishedAt: row.finished_at?.toISOString() ?? null,
            durationMs: row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
            counts: {
              read: row.rows_read,
              stored: row.rows_stored,
              unchanged: row.rows_unchanged,
              updated: row.rows_updated,
              rejected: row.rows_rejected,
            },
            fatalError: row.fatal_error,
            rawFileId: row.raw_file_id,
            sourceId: row.source_id,
            sourceName: row.source_name,
            userEmail: row.user_email,
          })),
        };
      },
    );

    app.get(
      '/import-runs/:id',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'One import run with its first 500 problems and the deliveries of its file',
          params: idParam,
        },
      },
      async (request) => {
        const run = await db
          .selectFrom('import_runs')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!run) throw new AppError('not-found');
        const issues = await db
          .selectFrom('import_errors')
          .selectAll()
          .where('import_id', '=', run.id)
          .orderBy('position')
          .limit(500)
          .execute();
        const arrivals = run.raw_file_id
          ? await db
              .selectFrom('file_arrivals as a')
              .leftJoin('ingest_sources as s', 's.id', 'a.source_id')
              .select([
                'a.file_name',
                'a.remote_path',
                'a.arrived_at',
                'a.outcome',
                'a.import_id',
                's.name as source_name',
              ])
              .where('a.raw_file_id', '=', run.raw_file_id)
              .orderBy('a.id')
              .execute()
          : [];
        const legacyErrors = Array.isArray(run.errors) ? run.errors : [];
        return {
          id: run.id,
          kind: run.kind,
          origin: run.source,
          format: run.format ?? run.kind,
          fileName: run.file_name,
          sha256: run.file_sha256,
          status: run.status,
          startedAt: run.started_at.toISOString(),
          finishedAt: run.finished_at?.toISOString() ?? null,
          counts: {
            read: run.rows_read,
            stored: run.rows_stored,
            unchanged: run.rows_unchanged,
            updated: run.rows_updated,
            rejected: run.rows_rejected,
          },
          fatalError: run.fatal_error,
          summary: run.summary,
          rawFileId: run.raw_file_id,
          sourceId: run.source_id,
          issues: issues.map((issue) => ({
            severity: issue.severity,
            code: issue.code,
            file: issue.file_name,
            line: issue.line,
            element: issue.element,
            field: issue.field,
            message: issue.message,
            raw: issue.raw,
          })),
          // Runs of the historical Excel import keep their row errors in the run itself.
          legacyErrors: legacyErrors
            .slice(0, 500)
            .map((error) => String((error as { message?: unknown }).message ?? '')),
          arrivals: arrivals.map((arrival) => ({
            fileName: arrival.file_name,
            remotePath: arrival.remote_path,
            arrivedAt: arrival.arrived_at.toISOString(),
            outcome: arrival.outcome,
            importRunId: arrival.import_id,
            sourceName: arrival.source_name,
          })),
        };
      },
    );

    app.get(
      '/import-runs/:id/rejected.csv',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Rejected rows and remarks of a run as CSV for French Excel',
          params: idParam,
        },
      },
      async (request, reply) => {
        const run = await db
          .selectFrom('import_runs')
          .select(['id', 'file_name'])
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!run) throw new AppError('not-found');
        const issues = await db
          .selectFrom('import_errors')
          .selectAll()
          .where('import_id', '=', run.id)
          .orderBy('position')
          .execute();
        const csv = buildExcelCsv(
          ['Fichier', 'Ligne', 'Élément', 'Champ', 'Gravité', 'Code', 'Motif', 'Contenu rejeté'],
          issues.map((issue) => [
            issue.file_name,
            issue.line,
            issue.element,
            issue.field,
            issue.severity === 'error' ? 'rejet' : 'remarque',
            issue.code,
            issue.message,
            issue.raw,
          ]),
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${run.id}-rejets.csv"`)
          .send(csv);
      },
    );

    app.post(
      '/import-runs/:id/reprocess',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Import the run’s archived file again with the current parser and settings',
          params: idParam,
        },
      },
      async (request) => {
        const run = await db
          .selectFrom('import_runs')
          .select(['id', 'raw_file_id'])
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!run) throw new AppError('not-found');
        if (!run.raw_file_id) {
          throw new AppError(
            'validation-failed',
            {},
            { id: 'Ce journal ne correspond à aucun fichier archivé : rien à retraiter.' },
          );
        }
        const outcome = await service.reprocess(run.raw_file_id, sessionOf(request).userId);
        await audit.record(actorOf(request), {
          action: 'ingest.reprocessed',
          entityType: 'import_run',
          entityId: outcome.importRunId,
          details: { from: run.id },
        });
        return outcomeView(outcome);
      },
    );

    app.get(
      '/raw-files/:id/content',
      { schema: { tags: ['ingestion'], summary: 'Original bytes of an archived file', params: idParam } },
      async (request, reply) => {
        const raw = await db
          .selectFrom('raw_files')
          .select(['content', 'first_name'])
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!raw) throw new AppError('not-found');
        const safeName = raw.first_name.replace(/[^\w.-]+/g, '_');
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename="${safeName}"`)
          .send(raw.content);
      },
    );

    app.get(
      '/ingest/unknown-identifiers',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Identifiers met in files without a register',
          querystring: z.object({ status: z.enum(['pending', 'mapped', 'ignored']).default('pending') }),
        },
      },
      async (request) => {
        const rows = await db
          .selectFrom('unknown_identifiers as u')
          .leftJoin('ingest_sources as s', 's.id', 'u.source_id')
          .select([
            'u.id',
            'u.external_id',
            'u.measure',
            'u.step_seconds',
            'u.first_seen_at',
            'u.last_seen_at',
            'u.values_seen',
            'u.raw_file_ids',
            'u.status',
            'u.register_id',
            'u.source_id',
            's.name as source_name',
          ])
          .where('u.status', '=', request.query.status)
          .orderBy('u.last_seen_at', 'desc')
          .execute();
        return rows.map((row) => ({
          id: row.id,
          externalId: row.external_id,
          measure: row.measure,
          stepSeconds: row.step_seconds,
          firstSeenAt: row.first_seen_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          valuesSeen: Number(row.values_seen),
          fileCount: row.raw_file_ids.length,
          status: row.status,
          registerId: row.register_id,
          sourceId: row.source_id,
          sourceName: row.source_name,
        }));
      },
    );

    app.post(
      '/ingest/unknown-identifiers/:id/map',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Map an identifier to a register and import its files again',
          params: idParam,
          body: z.object({ registerId: idSchema }),
        },
      },
      async (request) => {
        const outcomes = await service.mapUnknown(
          request.params.id,
          request.body.registerId,
          sessionOf(request).userId,
        );
        await audit.record(actorOf(request), {
          action: 'identifier.mapped',
          entityType: 'unknown-identifier',
          entityId: request.params.id,
          details: { registerId: request.body.registerId },
        });
        return { registerId: request.body.registerId, outcomes: outcomes.map(outcomeView) };
      },
    );

    app.post(
      '/ingest/unknown-identifiers/:id/create-register',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Create a register on a meter for an identifier, map it and import its files again',
          params: idParam,
          body: z.object({ meterId: idSchema, name: z.string().trim().max(200).default('') }),
        },
      },
      async (request) => {
        const result = await service.createRegisterForUnknown(
          request.params.id,
          request.body.meterId,
          request.body.name,
          sessionOf(request).userId,
        );
        await audit.record(actorOf(request), {
          action: 'identifier.register-created',
          entityType: 'register',
          entityId: result.registerId,
          details: { unknownIdentifier: request.params.id },
        });
        return { registerId: result.registerId, outcomes: result.outcomes.map(outcomeView) };
      },
    );

    app.post(
      '/ingest/unknown-identifiers/:id/ignore',
      {
        schema: {
          tags: ['ingestion'],
          summary: 'Ignore an identifier: its values are skipped without an error',
          params: idParam,
        },
      },
      async (request, reply) => {
        await service.ignoreUnknown(request.params.id);
        await audit.record(actorOf(request), {
          action: 'identifier.ignored',
          entityType: 'unknown-identifier',
          entityId: request.params.id,
        });
        return reply.status(204).send();
      },
    );
  };
}
