import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema } from '../http/schemas.js';
import { AggregationEngine } from './aggregation.js';
import { parisDateOf } from './calendar.js';
import { seriesCsv, seriesWorkbook } from './export.js';
import {
  keyFiguresQuery,
  keyFiguresResponseSchema,
  mapQuery,
  mapResponseSchema,
  profileBodySchema,
  profileResponseSchema,
  residualQuery,
  residualResponseSchema,
} from './figures-schemas.js';
import { KeyFiguresService } from './key-figures.js';
import { MapService } from './map.js';
import { PerimeterService } from './perimeter.js';
import { ProfileService } from './profile.js';
import { ResidualService } from './residual.js';
import {
  localDateSchema,
  optionsQuery,
  optionsResponseSchema,
  perimeterSchema,
  resolvedPerimeterSchema,
  savedPerimeterSchema,
  seriesBodySchema,
  seriesFormatQuery,
  seriesResponseSchema,
} from './schemas.js';
import { SeriesService } from './series.js';

const TAGS = ['analysis'];

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Consumption analysis: perimeters, series, meter-tree residuals, load profiles, building key
 * figures and the map. Every route needs a session and reads through the caller's scope with the
 * consumption feature at the read level.
 */
export function analysisRoutes(db: Db, options: { clock?: () => Date } = {}): FastifyPluginAsyncZod {
  const clock = options.clock ?? (() => new Date());
  const engine = new AggregationEngine(db);
  const perimeters = new PerimeterService(db);
  const series = new SeriesService(perimeters, engine, clock);
  const residuals = new ResidualService(db, perimeters.repository, engine, clock);
  const profiles = new ProfileService(perimeters, engine, clock);
  const keyFigures = new KeyFiguresService(db, perimeters, engine, clock);
  const maps = new MapService(perimeters.repository, engine, clock);

  /**
   * Returns the day after the last whole day of readings, or today when data is current. The
   * default 12-month windows then cover data even when the feeds stopped, as in the demo's
   * 2018–2022 archive. A day counts once one register received all its points, so a stray first
   * hour of the next day does not move the windows. With a building, only the consumption
   * registers feeding it count, so a file of recent readings for another building leaves its
   * figures alone. Each register's last whole day is found by a backward scan of its primary key.
   */
  const defaultAsOf = async (buildingId?: string): Promise<string> => {
    const today = parisDateOf(clock().getTime());
    const registers =
      buildingId === undefined
        ? sql`select id from registers`
        : sql`select reg.id from registers reg join meters m on m.id = reg.meter_id
            where reg.is_consumption and (m.building_id = ${buildingId}::bigint or m.delivery_point_id in (
              select delivery_point_id from delivery_point_allocations where building_id = ${buildingId}::bigint))`;
    const result = await sql<{ next_day: string | null }>`
      select (max(last.local_date) + 1)::text as next_day
      from (${registers}) r
      cross join lateral (
        select d.local_date from readings_daily d
        where d.register_id = r.id and d.points_present >= d.points_expected and d.points_expected > 0
        order by d.local_date desc limit 1
      ) last`.execute(db);
    const nextDay = result.rows[0]?.next_day ?? null;
    return nextDay !== null && nextDay < today ? nextDay : today;
  };

  return async (app) => {
    app.addHook('onRequest', requireSession);

    app.get(
      '/analysis/reference-day',
      {
        schema: {
          tags: TAGS,
          summary: 'Day the default periods of the analysis pages end before',
          description:
            'Today, or the day after the last day with readings when the feeds stopped earlier, so that default periods show data.',
          response: {
            200: z.object({
              referenceDay: localDateSchema.describe('Day after the last day of the default periods'),
              today: localDateSchema.describe('Today in Paris'),
            }),
            ...errorResponses,
          },
        },
      },
      async () => ({ referenceDay: await defaultAsOf(), today: parisDateOf(clock().getTime()) }),
    );

    app.post(
      '/analysis/perimeter/resolve',
      {
        schema: {
          tags: TAGS,
          summary: 'Resolve a perimeter: the buildings, meters and registers it holds in the caller’s scope',
          body: perimeterSchema,
          response: { 200: resolvedPerimeterSchema, ...errorResponses },
        },
      },
      async (request) => perimeters.resolve(scopeOf(request), request.body),
    );

    app.get(
      '/analysis/perimeter/options',
      {
        schema: {
          tags: TAGS,
          summary:
            'Sites, buildings, units, delivery points and meters in the caller’s scope matching a search, for a multi-select',
          querystring: optionsQuery,
          response: { 200: optionsResponseSchema, ...errorResponses },
        },
      },
      async (request) =>
        perimeters.options(scopeOf(request), request.query.search || undefined, request.query.limit),
    );

    app.get(
      '/analysis/perimeters',
      {
        schema: {
          tags: TAGS,
          summary: 'Perimeters the caller saved',
          response: { 200: z.object({ items: z.array(savedPerimeterSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await perimeters.listSaved(scopeOf(request)) }),
    );

    app.post(
      '/analysis/perimeters',
      {
        schema: {
          tags: TAGS,
          summary: 'Save a perimeter under a name of the caller’s (409 when the name is taken)',
          body: z.object({ name: z.string().trim().min(1).max(200), perimeter: perimeterSchema }),
          response: { 201: savedPerimeterSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const saved = await perimeters.createSaved(
          scopeOf(request),
          request.body.name,
          request.body.perimeter,
        );
        return reply.status(201).send(saved);
      },
    );

    app.delete(
      '/analysis/perimeters/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Delete one of the caller’s saved perimeters',
          params: idParam,
          response: { 204: z.null().describe('Deleted'), ...errorResponses },
        },
      },
      async (request, reply) => {
        await perimeters.deleteSaved(scopeOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/analysis/series',
      {
        schema: {
          tags: TAGS,
          summary: 'Consumption series of a perimeter by step, unit and breakdown, with comparisons',
          description:
            'Returns JSON, or with ?format=csv a CSV file for French Excel, or with ?format=xlsx an Excel workbook (sheets Séries, Totaux, Informations).',
          querystring: seriesFormatQuery,
          body: seriesBodySchema,
          response: { 200: seriesResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const response = await series.series(scopeOf(request), request.body);
        // Files bypass the JSON response schema: Fastify serialises only objects, not text or bytes.
        if (request.query.format === 'csv') {
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="analyse-consommation.csv"')
            .send(seriesCsv(response) as never);
        }
        if (request.query.format === 'xlsx') {
          return reply
            .header('content-type', XLSX_MEDIA_TYPE)
            .header('content-disposition', 'attachment; filename="analyse-consommation.xlsx"')
            .send((await seriesWorkbook(response)) as never);
        }
        return response;
      },
    );

    app.get(
      '/analysis/meter-tree/:meterId/residual',
      {
        schema: {
          tags: TAGS,
          summary:
            'Residual of a meter tree: main meter against the sum of its direct sub-meters, per period',
          params: z.object({ meterId: idSchema }),
          querystring: residualQuery,
          response: { 200: residualResponseSchema, ...errorResponses },
        },
      },
      async (request) => residuals.residual(scopeOf(request), request.params.meterId, request.query),
    );

    app.post(
      '/analysis/profile',
      {
        schema: {
          tags: TAGS,
          summary:
            'Load profile: daily and weekly profiles, carpet, base load, night and weekend shares, maximum power per month',
          body: profileBodySchema,
          response: { 200: profileResponseSchema, ...errorResponses },
        },
      },
      async (request) => profiles.profile(scopeOf(request), request.body),
    );

    app.get(
      '/analysis/buildings/:id/key-figures',
      {
        schema: {
          tags: TAGS,
          summary: 'Key figures of a building: last 12 months against the 12 before, by energy',
          params: idParam,
          querystring: keyFiguresQuery,
          response: { 200: keyFiguresResponseSchema, ...errorResponses },
        },
      },
      async (request) =>
        keyFigures.keyFigures(
          scopeOf(request),
          request.params.id,
          request.query.asOf ?? (await defaultAsOf(request.params.id)),
          request.query.asOf === undefined,
        ),
    );

    app.get(
      '/analysis/map',
      {
        schema: {
          tags: TAGS,
          summary: 'Every building of the caller’s scope with its coordinates and an indicator, for a map',
          querystring: mapQuery,
          response: { 200: mapResponseSchema, ...errorResponses },
        },
      },
      async (request) =>
        maps.map(scopeOf(request), { ...request.query, asOf: request.query.asOf ?? (await defaultAsOf()) }),
    );
  };
}
