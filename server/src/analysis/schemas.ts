import { ENERGIES } from '@openfluides/core';
import { z } from 'zod';
import { idSchema, localDateSchema } from '../http/schemas.js';
import { ANALYSIS_STEPS } from './calendar.js';
import { BREAKDOWNS } from './series.js';
import { SERIES_UNITS } from './series-values.js';

/** Request and response schemas of the analysis routes; their descriptions fill /api/docs. */

export { localDateSchema } from '../http/schemas.js';

const instantSchema = z.string().describe('Instant UTC, ISO 8601');

const idList = (description: string) =>
  z.array(idSchema).max(1000).optional().describe(`${description}; absent or empty: no filter on this field`);

export const perimeterSchema = z
  .object({
    siteIds: idList('Sites: their buildings'),
    buildingIds: idList('Buildings'),
    unitIds: idList(
      'Functional units: buildings where the unit or one of its descendants holds a current share',
    ),
    energies: z
      .array(z.enum(ENERGIES))
      .max(ENERGIES.length)
      .optional()
      .describe('Energies kept; absent: all'),
    meterIds: idList('Meters: switches to meters mode, where each meter’s consumption register counts whole'),
    deliveryPointIds: idList('Delivery points: their operator meters; switches to meters mode'),
  })
  .describe(
    'Perimeter of an analysis. Filters of different fields narrow each other; ids within a field add up. ' +
      'An empty perimeter is every building the caller reads with the consumption feature. ' +
      'Buildings mode (no meter or delivery point ids): the energy of the buildings through their allocation keys. ' +
      'Meters mode: the chosen meters’ consumption registers, narrowed to the buildings filters when given. ' +
      'An id outside the caller’s scope answers 404.',
  );

const completenessSchema = z
  .object({
    measured: z.number().describe('Share (0–1) of owed points received as measured'),
    estimated: z.number().describe('Share (0–1) of owed points received as estimated or corrected'),
    missing: z.number().describe('Share (0–1) of owed points not received'),
    expectedPoints: z
      .number()
      .describe('Points owed by the registers over the period; 0: nothing owed, all shares 0'),
  })
  .describe(
    'Completeness: each consumption register owes its points while it counts in the perimeter and its meter is installed, up to today (rollups) or to the last ended interval (readings)',
  );

const pointSchema = z.object({
  start: instantSchema
    .nullable()
    .describe(
      'Start of the period (clipped to the range), UTC; null for a comparison point facing no period',
    ),
  end: instantSchema.nullable().describe('End of the period, UTC, excluded'),
  label: z
    .string()
    .nullable()
    .describe(
      'Period in Paris: 2024-10-27T02:00+01:00 (10 min, 1 h), 2024-03-01 (day), 2024-W09 (ISO week), 2024-03 (month), 2024 (year)',
    ),
  value: z
    .number()
    .nullable()
    .describe('Value in the unit; null when no reading was received. Downsampled: the mean of the steps'),
  min: z.number().nullable().describe('Downsampled points only: smallest step value'),
  max: z.number().nullable().describe('Downsampled points only: largest step value, so peaks are never lost'),
  completeness: completenessSchema,
});

const totalsSchema = z.object({
  value: z
    .number()
    .nullable()
    .describe(
      'Whole range in the unit: the sum; for kW the mean power (energy / hours); for kWh/m² energy / area',
    ),
  kWh: z.number().nullable().describe('Final energy over the range, kWh (gas in kWh PCS)'),
  max: z
    .object({ value: z.number(), start: instantSchema, label: z.string() })
    .nullable()
    .describe('Largest step value, before downsampling'),
  completeness: completenessSchema,
});

const warningSchema = z.object({
  code: z
    .string()
    .describe('Stable code: coarse-registers, buildings-without-area, energies-without-factor, …'),
  message: z.string().describe('French sentence for users'),
  ids: z.array(z.string()).optional().describe('Registers, buildings, meters or energies concerned'),
});

const factorSchema = z.object({
  energy: z.enum(ENERGIES),
  kind: z.enum(['primary-energy', 'emission']),
  value: z.number(),
  unit: z.string().describe('kWhEP/kWhEF, kgCO2e/kWh (electricity, heat) or kgCO2e/kWh PCI (fuels)'),
  pciPerStoredKWh: z
    .number()
    .describe('Applied before the factor: 0.9 for gas (stored in kWh PCS), 1 otherwise'),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  source: z.string(),
  status: z.string().describe('official, third-party or unverified'),
});

const seriesSchema = z.object({
  id: z
    .string()
    .describe(
      'Unique in the response: the key, with @N-1 (calendar), @S-1 (weekday) or @P1 (period) for comparisons',
    ),
  key: z.string().describe('Group: total, an energy code, a building, site or meter id, or an activity code'),
  label: z.string().describe('French name of the series'),
  role: z.enum(['base', 'comparison']),
  comparison: z
    .object({
      mode: z.enum(['calendar', 'weekday', 'period']),
      years: z.number().nullable().describe('Years back (calendar, weekday)'),
      from: localDateSchema,
      to: localDateSchema,
    })
    .nullable(),
  areaM2: z
    .number()
    .nullable()
    .describe(
      'Floor area the totals are divided by (kWh/m² only): the day-weighted mean of the dated floor areas over the series range; each step uses the mean over its own days. A per-energy series uses the area of every building of the perimeter',
    ),
  points: z
    .array(pointSchema)
    .describe(
      'One point per period of the base range; comparison points face the base point they align with',
    ),
  unalignedPoints: z
    .array(pointSchema)
    .describe('Comparison points facing no base point; counted in the totals'),
  totals: totalsSchema,
});

const compareSchema = z
  .union([
    z.object({
      mode: z
        .enum(['calendar', 'weekday'])
        .describe(
          'calendar: same calendar date k years earlier (29 February has no match in a common year: null value, or an unaligned point); ' +
            'weekday: 364 × k days earlier so Mondays face Mondays (steps up to a week)',
        ),
      years: z
        .array(z.number().int().min(1).max(20))
        .min(1)
        .max(5)
        .refine((years) => new Set(years).size === years.length, 'années en double')
        .describe('Years back: [1, 2] gives N-1 and N-2'),
    }),
    z.object({
      periods: z
        .array(z.object({ from: localDateSchema, to: localDateSchema }))
        .min(1)
        .max(3)
        .describe(
          'Other ranges [from, to), each matched with the base range by position (n-th point faces n-th point)',
        ),
    }),
  ])
  .describe('Comparison series added after the base series');

export const seriesBodySchema = z.object({
  perimeter: perimeterSchema.default({}),
  from: localDateSchema.describe('First Paris day, included'),
  to: localDateSchema.describe('Paris day after the last one, excluded'),
  step: z
    .enum(ANALYSIS_STEPS)
    .describe(
      'PT10M and PT1H read raw readings; P1D and P1W the daily rollups; P1M and P1Y the monthly rollups when from and to are 1sts of a month (key valid on the 1st), else the daily ones. Weeks are ISO weeks, Monday to Sunday in Paris',
    ),
  unit: z
    .enum(SERIES_UNITS)
    .default('kWh')
    .describe(
      'kWh, MWh: final energy (gas in kWh PCS, as billed). kW: mean power over the period (energy / hours, 23 or 25 h on clock-change days). ' +
        'kWhEP, kgCO2e: dated primary-energy and emission factors (see factors). kWh/m2: energy / current floor area',
    ),
  breakdown: z
    .enum(BREAKDOWNS)
    .default('none')
    .describe(
      'Split into one series per energy, building, site, use (building activity) or meter (meters mode only)',
    ),
  compare: compareSchema.optional(),
  maxPoints: z
    .number()
    .int()
    .min(10)
    .max(100_000)
    .optional()
    .describe(
      'PT10M and PT1H only: largest number of points per series. Longer series are downsampled: each point covers bucketSeconds, its value is the mean of its steps, min and max their extremes',
    ),
});

export const seriesFormatQuery = z.object({
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .describe(
      'json; csv: French Excel (;, decimal comma, UTF-8 with BOM, dd/mm/yyyy Paris); xlsx: workbook with numbers and dates',
    ),
});

export const seriesResponseSchema = z.object({
  from: localDateSchema,
  to: localDateSchema,
  step: z.enum(ANALYSIS_STEPS),
  unit: z.enum(SERIES_UNITS),
  breakdown: z.enum(BREAKDOWNS),
  mode: z.enum(['buildings', 'meters']),
  source: z.enum(['readings', 'readings_daily', 'readings_monthly']).describe('Table the figures come from'),
  stepCount: z.number().describe('Periods of the base range before downsampling'),
  downsampled: z.boolean(),
  bucketSeconds: z
    .number()
    .nullable()
    .describe('Length of a downsampled point, seconds; null when not downsampled'),
  factors: z.array(factorSchema).describe('Conversion factors used (kWhEP, kgCO2e)'),
  warnings: z.array(warningSchema),
  series: z.array(seriesSchema),
});

const perimeterBuildingSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  siteId: idSchema,
  siteName: z.string(),
  address: z.string().nullable(),
  floorAreaM2: z.number().nullable(),
  activity: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});

const perimeterMeterSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['operator', 'submeter']),
  energy: z.enum(ENERGIES),
  deliveryPointId: idSchema.nullable(),
  deliveryPointIdentifier: z.string().nullable(),
  buildingId: idSchema.nullable(),
  parentMeterId: idSchema.nullable(),
});

const perimeterRegisterSchema = z.object({
  id: idSchema,
  meterId: idSchema,
  kind: z.enum(['INDEX', 'ENERGY', 'POWER', 'VOLUME', 'TEMPERATURE']),
  step: z.enum(['PT10M', 'PT30M', 'PT1H', 'P1D', 'P1M']),
  unit: z.string(),
  isConsumption: z.boolean().describe('The register that gives the meter’s energy in every analysis'),
});

export const resolvedPerimeterSchema = z.object({
  mode: z.enum(['buildings', 'meters']),
  energies: z.array(z.enum(ENERGIES)).nullable(),
  buildings: z
    .array(perimeterBuildingSchema)
    .describe('Buildings of the perimeter; in meters mode, the buildings the meters serve'),
  meters: z.array(perimeterMeterSchema),
  registers: z.array(perimeterRegisterSchema),
});

export const optionsQuery = z.object({
  search: z.string().trim().max(200).optional().describe('Part of a name, code, identifier, address or city'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Largest number of items of each kind'),
});

export const optionsResponseSchema = z.object({
  sites: z.array(z.object({ id: idSchema, code: z.string(), name: z.string(), city: z.string().nullable() })),
  buildings: z.array(
    z.object({ id: idSchema, code: z.string(), name: z.string(), siteId: idSchema, siteName: z.string() }),
  ),
  units: z.array(
    z.object({
      id: idSchema,
      code: z.string(),
      name: z.string(),
      kind: z.enum(['faculty', 'laboratory', 'service', 'other']),
      parentId: idSchema.nullable(),
    }),
  ),
  deliveryPoints: z.array(
    z.object({ id: idSchema, identifier: z.string(), name: z.string(), energy: z.enum(ENERGIES) }),
  ),
  meters: z.array(
    z.object({
      id: idSchema,
      code: z.string(),
      name: z.string(),
      kind: z.enum(['operator', 'submeter']),
      energy: z.enum(ENERGIES),
      deliveryPointIdentifier: z.string().nullable(),
    }),
  ),
});

export const savedPerimeterSchema = z.object({
  id: idSchema,
  name: z.string(),
  perimeter: perimeterSchema,
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
