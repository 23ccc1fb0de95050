import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { actorOf, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema } from '../http/schemas.js';
import { daysBetween } from '../weather/periods.js';
import { localDateSchema, rangeSchema } from '../weather/schemas.js';
import { FORMULA_IDENTIFIERS } from './formula-inputs.js';
import { computeBuiltInIndicators, DPE_CATEGORIES } from './indicators.js';
import {
  builtInIndicatorsResponseSchema,
  evaluationResponseSchema,
  formulaErrorSchema,
  userIndicatorBodySchema,
  userIndicatorChangesSchema,
  userIndicatorSchema,
} from './schemas.js';
import { checkFormula, type UserIndicatorService } from './user-indicators.js';

/** Maximum range of indicators, days (ten years); the previous period of built-in indicators doubles it. */
const MAX_INDICATOR_DAYS = 3660;

const dpeCategorySchema = z
  .enum(DPE_CATEGORIES)
  .optional()
  .describe(
    'DPE scale; absent: from each building’s activity (housing: occupation-continue, sports: autres)',
  );

function checkIndicatorRange(range: { from: string; to: string }): void {
  if (daysBetween(range.from, range.to) > MAX_INDICATOR_DAYS) {
    throw new AppError(
      'validation-failed',
      {},
      { to: `la plage dépasse ${MAX_INDICATOR_DAYS} jours : réduisez-la` },
    );
  }
}

/** Built-in indicators of buildings, and the CRUD and evaluation of user-defined indicators. */
export function indicatorRoutes(db: Db, service: UserIndicatorService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/buildings/:id/indicators',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Built-in indicators of a building over a period, compared with the previous period',
          description:
            'Energy per carrier (gas in kWh PCS and PCI), final energy, evolution against the previous period of the ' +
            'same length, kWh/m², primary energy and CO2e with the factors in force on each day (each month when ' +
            'both dates are the 1st of a month), and the DPE energy and climate labels for a 12-month period.',
          params: idParam,
          querystring: rangeSchema.and(z.object({ dpeCategory: dpeCategorySchema })),
          response: { 200: builtInIndicatorsResponseSchema, ...errorResponses },
        },
      },
      async (request) => {
        checkIndicatorRange(request.query);
        return computeBuiltInIndicators(
          db,
          scopeOf(request),
          [request.params.id],
          request.query,
          request.query.dpeCategory,
        );
      },
    );

    app.post(
      '/indicators/builtin',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Built-in indicators of a set of buildings, in total and per building',
          body: z
            .object({
              buildingIds: z.array(idSchema).min(1).max(500),
              from: localDateSchema,
              to: localDateSchema,
              dpeCategory: dpeCategorySchema,
            })
            .refine((body) => body.from < body.to, {
              message: 'la date de fin doit suivre la date de début',
              path: ['to'],
            }),
          response: { 200: builtInIndicatorsResponseSchema, ...errorResponses },
        },
      },
      async (request) => {
        checkIndicatorRange(request.body);
        return computeBuiltInIndicators(
          db,
          scopeOf(request),
          request.body.buildingIds,
          { from: request.body.from, to: request.body.to },
          request.body.dpeCategory,
        );
      },
    );

    app.get(
      '/indicators/identifiers',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Series and constants a formula may use, with French labels and units',
          response: {
            200: z.object({
              identifiers: z.array(
                z.object({
                  name: z.string(),
                  kind: z.enum(['series', 'constant']),
                  label: z.string(),
                  unit: z.string(),
                }),
              ),
              functions: z.array(z.object({ name: z.string(), label: z.string() })),
              operators: z.array(z.string()),
            }),
            ...errorResponses,
          },
        },
      },
      async () => ({
        identifiers: [...FORMULA_IDENTIFIERS],
        functions: [
          { name: 'min', label: 'Plus petite valeur : min(a; b; …)' },
          { name: 'max', label: 'Plus grande valeur : max(a; b; …)' },
          { name: 'abs', label: 'Valeur absolue : abs(a)' },
          { name: 'si', label: 'Condition : si(condition; valeur si vrai; valeur si faux)' },
        ],
        operators: ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '=', '<>'],
      }),
    );

    app.post(
      '/indicators/validate',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Check a formula without saving it (for the editor)',
          body: z.object({ formula: z.string().max(10_000) }),
          response: {
            200: z.object({
              ok: z.boolean(),
              errors: z.array(formulaErrorSchema),
              identifiers: z.array(z.string()),
              canonical: z.string().nullable().describe('The formula printed back with decimal commas'),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => checkFormula(request.body.formula),
    );

    app.get(
      '/indicators',
      {
        schema: {
          tags: ['indicators'],
          summary: 'User-defined indicators (shared by every user)',
          response: { 200: z.object({ items: z.array(userIndicatorSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await service.list(scopeOf(request)) }),
    );

    app.get(
      '/indicators/:id',
      {
        schema: {
          tags: ['indicators'],
          summary: 'One user-defined indicator',
          params: idParam,
          response: { 200: userIndicatorSchema, ...errorResponses },
        },
      },
      async (request) => service.get(scopeOf(request), request.params.id),
    );

    app.post(
      '/indicators',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Create a user-defined indicator',
          description:
            'An invalid formula answers 400 with a French message per problem in error.fields.formula (positions counted ' +
            'from 1), and the first problem’s code and UTF-16 offsets in error.params (formulaErrorCode, formulaStart, formulaEnd).',
          body: userIndicatorBodySchema,
          response: { 201: userIndicatorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const indicator = await service.create(scopeOf(request), request.body, actorOf(request));
        return reply.status(201).send(indicator);
      },
    );

    app.patch(
      '/indicators/:id',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Change a user-defined indicator (its author or a platform administrator)',
          params: idParam,
          body: userIndicatorChangesSchema,
          response: { 200: userIndicatorSchema, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
        return service.update(scopeOf(request), request.params.id, changes, actorOf(request));
      },
    );

    app.delete(
      '/indicators/:id',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Delete a user-defined indicator (its author or a platform administrator)',
          params: idParam,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.delete(scopeOf(request), request.params.id, actorOf(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/indicators/:id/evaluate',
      {
        schema: {
          tags: ['indicators'],
          summary:
            'Evaluate a user-defined indicator per building, and for all of them together, by month or year, against its target',
          description:
            'The range is widened to whole months. Without buildingIds, every building the caller reads. Missing values ' +
            'come with their reason (missing input, division by zero); an energy a building has no meter of counts 0. ' +
            '`perimeter` evaluates the formula on the summed inputs of the buildings, not on their values.',
          params: idParam,
          body: z
            .object({
              buildingIds: z.array(idSchema).min(1).max(500).optional(),
              from: localDateSchema,
              to: localDateSchema,
              step: z.enum(['month', 'year']).default('month'),
            })
            .refine((body) => body.from < body.to, {
              message: 'la date de fin doit suivre la date de début',
              path: ['to'],
            }),
          response: { 200: evaluationResponseSchema, ...errorResponses },
        },
      },
      async (request) => {
        checkIndicatorRange(request.body);
        return service.evaluate(scopeOf(request), request.params.id, request.body);
      },
    );
  };
}
