import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { actorOf, requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema } from '../http/schemas.js';
import { daysBetween } from './periods.js';
import {
  baseSchema,
  degreeDayKindSchema,
  degreeDayMethodSchema,
  periodWeatherSchema,
  rangeSchema,
  stationSchema,
  stationSummarySchema,
} from './schemas.js';
import type { WeatherService } from './service.js';

/** Maximum range of a daily degree-day list, days (ten years). */
const MAX_DAILY_DAYS = 3660;
/** Maximum range of any other step, days (a century). */
const MAX_RANGE_DAYS = 36_525;

const normalSchema = z.object({
  value: z.number().nullable().describe('Mean of the complete sums, °C·day; null when no year is complete'),
  yearsUsed: z
    .array(z.number())
    .describe('Years whose month (or whole year) was complete and entered the mean'),
});

/**
 * Weather routes: stations with their coverage, degree days per period, normals, and the station of
 * each building. Stations hold public weather data, so any signed-in user reads them.
 */
export function weatherRoutes(service: WeatherService): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireSession);

    app.get(
      '/weather/stations',
      {
        schema: {
          tags: ['weather'],
          summary: 'Weather stations with the days and hours of data they hold',
          response: { 200: z.object({ items: z.array(stationSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await service.listStations(scopeOf(request)) }),
    );

    app.get(
      '/weather/stations/:id',
      {
        schema: {
          tags: ['weather'],
          summary: 'One weather station with its data coverage',
          params: idParam,
          response: { 200: stationSchema, ...errorResponses },
        },
      },
      async (request) => {
        const station = (await service.listStations(scopeOf(request))).find(
          (item) => item.id === request.params.id,
        );
        if (!station) throw new AppError('not-found');
        return station;
      },
    );

    app.get(
      '/weather/stations/:id/degree-days',
      {
        schema: {
          tags: ['weather'],
          summary: 'Degree days (DJU) of a station per day, ISO week, month or year, with completeness',
          description:
            'Daily values come from Tn and Tx of weather_daily; a day without both counts as missing, never as zero. ' +
            'Periods are clipped to [from, to). `total` sums the whole range.',
          params: idParam,
          querystring: rangeSchema.and(
            z.object({
              step: z.enum(['day', 'week', 'month', 'year']).default('month'),
              method: degreeDayMethodSchema,
              kind: degreeDayKindSchema,
              base: baseSchema,
            }),
          ),
          response: {
            200: z.object({
              station: stationSummarySchema,
              from: z.string(),
              to: z.string(),
              step: z.enum(['day', 'week', 'month', 'year']),
              method: z.enum(['meteo', 'costic']),
              kind: z.enum(['heating', 'cooling']),
              baseC: z.number(),
              items: z.array(periodWeatherSchema),
              total: periodWeatherSchema,
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { from, to, step, method, kind, base } = request.query;
        const limit = step === 'day' ? MAX_DAILY_DAYS : MAX_RANGE_DAYS;
        if (daysBetween(from, to) > limit) {
          throw new AppError(
            'validation-failed',
            {},
            {
              to: `la plage dépasse ${limit} jours pour ce pas : réduisez-la ou choisissez un pas plus long`,
            },
          );
        }
        const result = await service.degreeDays(request.params.id, { from, to }, step, {
          kind,
          method,
          baseC: base,
        });
        return { ...result, from, to, step, method, kind, baseC: base };
      },
    );

    app.get(
      '/weather/stations/:id/normals',
      {
        schema: {
          tags: ['weather'],
          summary: 'Monthly and yearly degree-day normals of a station, with the years they rest on',
          description:
            'Mean of the complete monthly and yearly sums over firstYear–lastYear (1991–2020 by default, the WMO ' +
            'reference; OPERAT takes 2001–2020). Only complete months and years count, and `yearsUsed` lists them. ' +
            'A warning says when fewer than 27 years were complete.',
          params: idParam,
          querystring: z
            .object({
              firstYear: z.coerce.number().int().min(1850).max(2100).default(1991),
              lastYear: z.coerce.number().int().min(1850).max(2100).default(2020),
              method: degreeDayMethodSchema,
              kind: degreeDayKindSchema,
              base: baseSchema,
            })
            .refine((query) => query.lastYear >= query.firstYear && query.lastYear - query.firstYear < 100, {
              message: 'la dernière année doit suivre la première, sur 100 ans au plus',
              path: ['lastYear'],
            }),
          response: {
            200: z.object({
              station: stationSummarySchema,
              method: z.enum(['meteo', 'costic']),
              kind: z.enum(['heating', 'cooling']),
              baseC: z.number(),
              firstYear: z.number(),
              lastYear: z.number(),
              yearsInPeriod: z.number(),
              yearsUsed: z.number().describe('Complete years behind the annual normal'),
              annual: normalSchema,
              monthly: z.array(
                normalSchema.extend({ month: z.number().describe('1 January … 12 December') }),
              ),
              warnings: z.array(z.string()).describe('French messages for the user'),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { firstYear, lastYear, method, kind, base } = request.query;
        const result = await service.normals(
          request.params.id,
          { firstYear, lastYear },
          { kind, method, baseC: base },
        );
        return { ...result, method, kind, baseC: base, yearsUsed: result.annual.yearsUsed.length };
      },
    );

    app.get(
      '/buildings/:id/weather-station',
      {
        schema: {
          tags: ['weather'],
          summary: 'Weather station of a building, null when none is attached (read level on the building)',
          params: idParam,
          response: {
            200: z.object({ buildingId: idSchema, station: stationSummarySchema.nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => service.getBuildingStation(scopeOf(request), request.params.id),
    );

    app.patch(
      '/buildings/:id/weather-station',
      {
        schema: {
          tags: ['weather'],
          summary: 'Set or clear the weather station of a building (configure level on the building)',
          params: idParam,
          body: z.object({
            stationId: idSchema.nullable().describe('Station id, or null to detach the building'),
          }),
          response: {
            200: z.object({ buildingId: idSchema, station: stationSummarySchema.nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) =>
        service.setBuildingStation(
          scopeOf(request),
          request.params.id,
          request.body.stationId,
          actorOf(request),
        ),
    );
  };
}
