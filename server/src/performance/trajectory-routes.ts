import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { actorOf, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam } from '../http/schemas.js';
import { assertEfaAccess, findEfa, saveEfaSettings } from './efa-repository.js';
import {
  minCompletenessSchema,
  trajectoryResponseSchema,
  trajectorySettingsBodySchema,
  trajectorySettingsSchema,
} from './schemas.js';
import { computeTrajectory } from './trajectory.js';

/** Décret tertiaire routes of an EFA: its trajectory and the settings behind it. */
export function trajectoryRoutes(db: Db, audit: AuditRepository, clock: () => Date): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/efas/:id/trajectory',
      {
        schema: {
          tags: ['performance'],
          summary:
            'Décret tertiaire trajectory of an EFA: yearly consumption, reference year, targets and gap',
          description:
            'Yearly final energy per energy of the EFA’s buildings (each × its share in the EFA; gas in kWh PCI; heat ' +
            'networks × 0.77, cold networks × 0.25 as OPERAT counts them), adjusted to the 2001–2020 climate with the ' +
            'platform’s ratio estimate on COSTIC degree days (`climate.method: ratio-estimate`, not OPERAT’s own figure), ' +
            'kWh/m² on the EFA surface, the reference year (`referenceYear`, else the one recorded on the EFA, else the ' +
            'most favourable complete year of 2010–2022), the 2030/2040/2050 targets (−40/−50/−60 %, or Cabs when ' +
            'higher), the gap of the latest complete year to the next milestone and the trajectory to 2050. Needs ' +
            'consumption read on every building of the EFA.',
          params: idParam,
          querystring: z
            .object({
              referenceYear: z.coerce.number().int().min(2010).max(2030).optional(),
              fromYear: z.coerce.number().int().min(2000).max(2100).default(2010),
              toYear: z.coerce.number().int().min(2000).max(2100).optional().describe('Default: last year'),
              adjust: z
                .enum(['true', 'false'])
                .default('true')
                .describe('false: intensities without climate adjustment'),
              minCompleteness: minCompletenessSchema,
            })
            .refine((query) => query.toYear === undefined || query.toYear >= query.fromYear, {
              message: 'la dernière année doit suivre la première',
              path: ['toYear'],
            }),
          response: { 200: trajectoryResponseSchema, ...errorResponses },
        },
      },
      async (request) => {
        const query = request.query;
        const lastYear = clock().getUTCFullYear() - 1;
        const toYear = query.toYear ?? Math.max(lastYear, query.fromYear);
        if (toYear - query.fromYear > 60) {
          throw new AppError('validation-failed', {}, { fromYear: 'la plage dépasse 60 ans : réduisez-la' });
        }
        return computeTrajectory(db, scopeOf(request), {
          efaId: request.params.id,
          fromYear: query.fromYear,
          toYear,
          referenceYear: query.referenceYear,
          adjust: query.adjust === 'true',
          minCompleteness: query.minCompleteness,
        });
      },
    );

    app.get(
      '/efas/:id/trajectory-settings',
      {
        schema: {
          tags: ['performance'],
          summary: 'Décret tertiaire settings of an EFA: surface, Cabs values, heating share',
          params: idParam,
          response: { 200: trajectorySettingsSchema, ...errorResponses },
        },
      },
      async (request) => {
        await assertEfaAccess(db, scopeOf(request), request.params.id, 'estate', 'read');
        const efa = await findEfa(db, scopeOf(request), request.params.id);
        if (!efa) throw new AppError('not-found');
        return efa.settings;
      },
    );

    app.patch(
      '/efas/:id/trajectory-settings',
      {
        schema: {
          tags: ['performance'],
          summary:
            'Change the Décret tertiaire settings of an EFA (configure level on each of its buildings)',
          description: 'Fields left out keep their value; null clears one.',
          params: idParam,
          body: trajectorySettingsBodySchema,
          response: { 200: trajectorySettingsSchema, ...errorResponses },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        await assertEfaAccess(db, scope, request.params.id, 'estate', 'configure');
        const before = await findEfa(db, scope, request.params.id);
        if (!before) throw new AppError('not-found');
        await db.transaction().execute(async (trx) => {
          await saveEfaSettings(trx, request.params.id, request.body, scope.userId);
          await audit.record(
            actorOf(request),
            {
              action: 'efa.trajectory-settings-changed',
              entityType: 'efa',
              entityId: request.params.id,
              details: { changes: request.body, before: before.settings },
            },
            trx,
          );
        });
        const after = await findEfa(db, scope, request.params.id);
        if (!after) throw new AppError('not-found');
        return after.settings;
      },
    );
  };
}
