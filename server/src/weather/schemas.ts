import { DEFAULT_DEGREE_DAY_BASE_C } from '@openfluides/core';
import { z } from 'zod';
import { idSchema, localDateSchema } from '../http/schemas.js';

/** Request and response schemas shared by the weather and performance routes; they fill /api/docs. */

export { localDateSchema } from '../http/schemas.js';

/** Range of local dates: `from` included, `to` excluded. */
export const rangeSchema = z
  .object({
    from: localDateSchema.describe('First day, included, YYYY-MM-DD'),
    to: localDateSchema.describe('End day, excluded, YYYY-MM-DD'),
  })
  .refine((range) => range.from < range.to, {
    message: 'la date de fin doit suivre la date de début',
    path: ['to'],
  });

export const degreeDayMethodSchema = z
  .enum(['meteo', 'costic'])
  .default('meteo')
  .describe(
    'meteo: Météo-France, max(0, S − (Tn + Tx)/2); costic: « professionnels de l’énergie » (COSTIC), the method OPERAT uses',
  );

export const degreeDayKindSchema = z
  .enum(['heating', 'cooling'])
  .default('heating')
  .describe('heating: heating degree days (chauffage); cooling: cooling degree days (climatisation)');

export const baseSchema = z.coerce
  .number()
  .min(-20)
  .max(40)
  .default(DEFAULT_DEGREE_DAY_BASE_C)
  .describe('Base temperature S, °C; 18 by default, the base Météo-France publishes');

export const stationSummarySchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  source: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  altitudeM: z.number().nullable(),
});

export const stationSchema = stationSummarySchema.extend({
  firstDay: z.string().nullable().describe('First day with a usable Tn and Tx'),
  lastDay: z.string().nullable().describe('Last day with a usable Tn and Tx'),
  daysPresent: z
    .number()
    .describe('Days with a usable Tn and Tx (Météo-France quality code 2, doubtful, left out)'),
  daysInRange: z.number().describe('Calendar days from firstDay to lastDay, both included'),
  hourlyFirst: z.string().nullable().describe('First hourly observation, UTC instant'),
  hourlyLast: z.string().nullable().describe('Last hourly observation, UTC instant'),
  hourlyCount: z.number().describe('Hourly observations with a temperature'),
  buildingCount: z.number().describe('Buildings in the caller’s scope that use this station'),
});

export const periodWeatherSchema = z.object({
  label: z.string().describe('2024-03-01 (day), 2024-W09 (ISO week), 2024-03 (month), 2024 (year)'),
  firstDate: z.string().describe('First day of the period, included, clipped to the requested range'),
  lastDate: z.string().describe('Last day of the period, included'),
  days: z.number().describe('Days of the period'),
  degreeDays: z
    .number()
    .nullable()
    .describe('Sum of the degree days of the days present, °C·day; null when no day has Tn and Tx'),
  daysPresent: z.number().describe('Days with Tn and Tx'),
  completeness: z.number().describe('daysPresent / days, 0 to 1; a sum is complete only at 1'),
  meanTemperatureC: z.number().nullable().describe('Mean of (Tn + Tx)/2 over the days present, °C'),
});
