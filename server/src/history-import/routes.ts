import { HISTORY_IMPORT_KINDS, HISTORY_TEMPLATES, type HistoryImportKind } from '@openfluides/core';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, AuditRepository } from '../audit/repository.js';
import type { Database } from '../db/database.js';
import { AppError, frenchMessage } from '../errors.js';
import { actorOf, requireAdmin, requireSession } from '../http/request-context.js';
import { errorBodySchema, errorResponses } from '../http/schemas.js';
import { HistoryImportService } from './service.js';
import { HistoryFileError, MAX_FILE_BYTES } from './workbook.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const kindParam = z.object({ kind: z.enum(HISTORY_IMPORT_KINDS) });

const uploadQuery = z.object({
  fileName: z.string().trim().min(1).max(255).optional(),
});

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const rowErrorSchema = z.object({
  sheet: z.string(),
  row: z.number(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
  message: z.string(),
});

const reportSchema = z.object({
  kind: z.enum(HISTORY_IMPORT_KINDS),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  fileSha256: z.string(),
  importRunId: z.string().nullable(),
  status: z.enum(['succeeded', 'partial', 'failed']),
  counts: z.object({
    read: z.number(),
    stored: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    rejected: z.number(),
  }),
  entities: z.record(
    z.string(),
    z.object({
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      items: z.array(
        z.object({
          action: z.enum(['create', 'update', 'unchanged']),
          key: z.string(),
          sheet: z.string().nullable(),
          row: z.number().nullable(),
          changes: z.record(z.string(), z.object({ before: fieldValue, after: fieldValue })).optional(),
        }),
      ),
    }),
  ),
  tables: z.array(
    z.object({ sheet: z.string(), table: z.string(), headerRow: z.number(), rows: z.number() }),
  ),
  rejected: z.array(rowErrorSchema),
  warnings: z.array(
    z.object({
      sheet: z.string(),
      row: z.number().nullable(),
      column: z.string().nullable(),
      message: z.string(),
    }),
  ),
  maxPowers: z.array(
    z.object({
      energy: z.string(),
      identifier: z.string(),
      step: z.enum(['P1M', 'P1D']),
      periodStart: z.string(),
      maxPowerKw: z.number(),
      sheet: z.string(),
      row: z.number(),
    }),
  ),
});

const uploadResponses = {
  200: reportSchema,
  ...errorResponses,
  413: errorBodySchema,
  415: errorBodySchema,
} as const;

function fileProblem(message: string): AppError {
  return new AppError('validation-failed', {}, { file: message });
}

/**
 * Routes of the historical Excel import: the three templates, a preview that writes nothing,
 * and the import itself. Uploads are the raw .xlsx bytes as the request body (at most 20 MB),
 * the original file name in `?fileName=`.
 */
export function historyImportRoutes(options: {
  database: Database;
  audit: AuditRepository;
}): FastifyPluginAsyncZod {
  return async (app) => {
    const service = new HistoryImportService(options.database, options.audit, app.log);

    app.get(
      '/history-import/templates/:kind.xlsx',
      {
        onRequest: requireSession,
        schema: {
          tags: ['history-import'],
          summary: 'Download the French Excel template of a historical file',
          params: kindParam,
        },
      },
      async (request, reply) => {
        const { kind } = request.params;
        const bytes = await service.template(kind);
        return reply
          .header('content-type', XLSX_MEDIA_TYPE)
          .header('content-disposition', `attachment; filename="${HISTORY_TEMPLATES[kind].fileName}"`)
          .send(bytes);
      },
    );

    await app.register(async (uploadScope) => {
      const uploads = uploadScope.withTypeProvider<ZodTypeProvider>();
      uploads.addHook('onRequest', requireAdmin);
      uploads.addContentTypeParser(
        [XLSX_MEDIA_TYPE, 'application/octet-stream'],
        { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
        (_request, body, done) => done(null, body),
      );
      uploads.setErrorHandler((error: FastifyError, request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          return reply.status(413).send({
            error: {
              code: 'validation-failed',
              message: frenchMessage('validation-failed'),
              fields: {
                file: `Le fichier dépasse ${MAX_FILE_BYTES / 1024 / 1024} Mo. Découpez-le en plusieurs classeurs puis importez-les un par un.`,
              },
              requestId: request.id,
            },
          });
        }
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
          return reply.status(415).send({
            error: {
              code: 'validation-failed',
              message: frenchMessage('validation-failed'),
              fields: {
                file: `Envoyez le classeur tel quel dans le corps de la requête, avec l’en-tête Content-Type « ${XLSX_MEDIA_TYPE} ».`,
              },
              requestId: request.id,
            },
          });
        }
        // Everything else goes to the application's error handler.
        throw error;
      });

      const upload = async (
        kind: HistoryImportKind,
        body: unknown,
        fileName: string | undefined,
        dryRun: boolean,
        actor: Actor,
      ) => {
        if (!Buffer.isBuffer(body)) {
          throw fileProblem(
            `Aucun fichier reçu. Envoyez le classeur .xlsx dans le corps de la requête (type « ${XLSX_MEDIA_TYPE} »).`,
          );
        }
        try {
          return await service.run(
            kind,
            { bytes: body, name: fileName ?? null },
            { dryRun, actor, source: 'upload' },
          );
        } catch (error) {
          if (error instanceof HistoryFileError) throw fileProblem(error.message);
          throw error;
        }
      };

      uploads.post(
        '/history-import/:kind/preview',
        {
          bodyLimit: MAX_FILE_BYTES,
          schema: {
            tags: ['history-import'],
            summary: 'Check a historical file and report what an import would change, writing nothing',
            params: kindParam,
            querystring: uploadQuery,
            response: uploadResponses,
          },
        },
        async (request) =>
          upload(request.params.kind, request.body, request.query.fileName, true, actorOf(request)),
      );

      uploads.post(
        '/history-import/:kind',
        {
          bodyLimit: MAX_FILE_BYTES,
          schema: {
            tags: ['history-import'],
            summary: 'Import a historical file: store its valid rows and report the rejected ones',
            params: kindParam,
            querystring: uploadQuery,
            response: uploadResponses,
          },
        },
        async (request) =>
          upload(request.params.kind, request.body, request.query.fileName, false, actorOf(request)),
      );
    });
  };
}
