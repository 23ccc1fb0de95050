import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema } from '../http/schemas.js';
import { daysBetween } from '../weather/periods.js';
import { baseSchema, degreeDayMethodSchema, rangeSchema } from '../weather/schemas.js';
import { computeIpmvp } from './ipmvp.js';
import {
  energySchema,
  ipmvpBodySchema,
  ipmvpResponseSchema,
  minCompletenessSchema,
  signatureResponseSchema,
} from './schemas.js';
import { computeSignature, SIGNATURE_MODELS } from './signature.js';

/** Maximum signature range, days (ten years). */
const MAX_SIGNATURE_DAYS = 3660;

/** Today in Paris, `YYYY-MM-DD`. */
export function parisToday(clock: () => Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(clock());
}

/** Energy signature and IPMVP routes of a building (consumption read level). */
export function modelRoutes(db: Db, clock: () => Date): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/buildings/:id/signature',
      {
        schema: {
          tags: ['performance'],
          summary: 'Energy signature of a building: consumption against degree days and against temperature',
          description:
            'Each period’s energy (the building’s allocated consumption registers) against its degree days at the ' +
            'building’s station (or `stationId`). Returns the scatter points, the degree-day line E/day = a·DJU/day + b ' +
            'and a change-point model on the mean temperature (`model`: auto keeps the best adjusted R²), with the ' +
            'fitted lines for the chart. Periods whose consumption or temperatures fall below `minCompleteness` are ' +
            'shown but left out of the fits. step=month widens the range to whole months.',
          params: idParam,
          querystring: rangeSchema.and(
            z.object({
              energy: energySchema,
              stationId: idSchema.optional().describe('Station; absent: the building’s'),
              step: z.enum(['day', 'week', 'month']).default('day'),
              model: z.enum(SIGNATURE_MODELS).default('auto'),
              method: degreeDayMethodSchema,
              base: baseSchema,
              minCompleteness: minCompletenessSchema,
            }),
          ),
          response: { 200: signatureResponseSchema, ...errorResponses },
        },
      },
      async (request) => {
        const query = request.query;
        if (daysBetween(query.from, query.to) > MAX_SIGNATURE_DAYS) {
          throw new AppError(
            'validation-failed',
            {},
            { to: `la plage dépasse ${MAX_SIGNATURE_DAYS} jours : réduisez-la` },
          );
        }
        return computeSignature(db, scopeOf(request), {
          buildingId: request.params.id,
          energy: query.energy,
          stationId: query.stationId,
          from: query.from,
          to: query.to,
          step: query.step,
          model: query.model,
          method: query.method,
          baseC: query.base,
          minCompleteness: query.minCompleteness,
        });
      },
    );

    app.post(
      '/buildings/:id/ipmvp',
      {
        schema: {
          tags: ['performance'],
          summary: 'IPMVP option C: baseline model, avoided energy and its uncertainty',
          description:
            'Fits kWh = intercept + Σ coefficient × variable on the baseline periods, checks it against ASHRAE ' +
            'Guideline 14, applies it to the reporting periods (adjusted baseline) and returns the avoided energy ' +
            '(adjusted baseline + non-routine adjustment − actual) with its uncertainty at the requested confidence ' +
            'and at 68 %. Give the four dates, or `actionDate` alone. step=month widens ranges to whole months.',
          params: idParam,
          body: ipmvpBodySchema,
          response: { 200: ipmvpResponseSchema, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        return computeIpmvp(
          db,
          scopeOf(request),
          {
            buildingId: request.params.id,
            energy: body.energy,
            stationId: body.stationId,
            baselineFrom: body.baselineFrom,
            baselineTo: body.baselineTo,
            reportingFrom: body.reportingFrom,
            reportingTo: body.reportingTo,
            actionDate: body.actionDate,
            step: body.step,
            method: body.method,
            baseC: body.base,
            coolingBaseC: body.coolingBase,
            variables: body.variables,
            customVariables: body.customVariables,
            nonRoutineAdjustmentKwh: body.nonRoutineAdjustmentKwh,
            confidence: body.confidence,
            minCompleteness: body.minCompleteness,
          },
          parisToday(clock),
        );
      },
    );
  };
}
