import { ENERGIES } from '@openfluides/core';
import { z } from 'zod';
import { idSchema } from '../http/schemas.js';
import { ANALYSIS_STEPS } from './calendar.js';
import { MAP_INDICATORS } from './map.js';
import { localDateSchema, perimeterSchema } from './schemas.js';

/** Schemas of the residual, load profile, key figures and map routes. */

const completenessSchema = z.object({
  measured: z.number().describe('Share (0–1) of owed points received as measured'),
  estimated: z.number().describe('Share (0–1) of owed points received as estimated or corrected'),
  missing: z.number().describe('Share (0–1) of owed points not received'),
  expectedPoints: z.number(),
});

const warningSchema = z.object({
  code: z.string(),
  message: z.string().describe('French sentence for users'),
  ids: z.array(z.string()).optional(),
});

export const residualQuery = z.object({
  from: localDateSchema.describe('First Paris day, included'),
  to: localDateSchema.describe('Paris day after the last one, excluded'),
  step: z.enum(ANALYSIS_STEPS).default('P1M'),
  bandPct: z.coerce
    .number()
    .min(0)
    .max(100)
    .default(5)
    .describe('Tolerance, %: a period is flagged when |residual %| exceeds it'),
});

const residualFiguresSchema = {
  mainKWh: z.number().nullable().describe('Energy of the main meter, kWh'),
  childrenKWh: z
    .number()
    .nullable()
    .describe(
      'Σ of the direct sub-meters readable by the caller, kWh; null when one of them received nothing',
    ),
  residualKWh: z.number().nullable().describe('main − Σ children, kWh'),
  residualPct: z.number().nullable().describe('residual / main × 100'),
  flagged: z.boolean().describe('|residualPct| > bandPct'),
  mainCompleteness: completenessSchema,
  childrenCompleteness: completenessSchema,
};

export const residualResponseSchema = z.object({
  meter: z.object({
    id: idSchema,
    code: z.string(),
    name: z.string(),
    energy: z.enum(ENERGIES),
    lossesSharePercent: z.number().nullable().describe('Expected losses recorded on the meter, %'),
  }),
  children: z.array(
    z.object({ id: idSchema, code: z.string(), name: z.string(), totalKWh: z.number().nullable() }),
  ),
  childrenOutsideScope: z
    .number()
    .describe('Direct sub-meters outside the caller’s scope, left out of Σ children'),
  from: localDateSchema,
  to: localDateSchema,
  step: z.enum(ANALYSIS_STEPS),
  bandPct: z.number(),
  points: z.array(
    z.object({ start: z.string(), end: z.string(), label: z.string(), ...residualFiguresSchema }),
  ),
  totals: z.object(residualFiguresSchema),
  warnings: z.array(warningSchema),
});

const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure attendue au format HH:MM');

export const profileBodySchema = z.object({
  perimeter: perimeterSchema.default({}),
  from: localDateSchema.describe('First Paris day, included'),
  to: localDateSchema.describe('Paris day after the last one, excluded'),
  resolution: z
    .enum(['PT10M', 'PT1H'])
    .default('PT1H')
    .describe('Step of the profile; registers must be at least as fine'),
  nightStart: timeOfDaySchema.default('22:00').describe('Start of the night window, Paris time'),
  nightEnd: timeOfDaySchema.default('06:00').describe('End of the night window, Paris time, excluded'),
  baseLoadPercentile: z
    .number()
    .min(0)
    .max(100)
    .default(10)
    .describe('Base load: this percentile (nearest rank) of the step powers in the night window'),
});

const slotSchema = {
  meanKW: z.number().nullable(),
  minKW: z.number().nullable(),
  maxKW: z.number().nullable(),
  count: z.number().describe('Complete steps averaged'),
};

export const profileResponseSchema = z
  .object({
    from: localDateSchema,
    to: localDateSchema,
    resolution: z.enum(['PT10M', 'PT1H']),
    mode: z.enum(['buildings', 'meters']),
    stepCount: z.number(),
    completeStepCount: z
      .number()
      .describe('Steps where every owed point arrived: only these count in the profile'),
    times: z.array(z.string()).describe('Times of day of the slots, HH:MM (Paris)'),
    dailyProfile: z
      .array(z.object({ time: z.string(), ...slotSchema }))
      .describe('Mean, min and max kW per time of day'),
    weeklyProfile: z
      .array(
        z.object({ weekday: z.number().describe('1 Monday … 7 Sunday'), time: z.string(), ...slotSchema }),
      )
      .describe('Mean, min and max kW per weekday and time of day'),
    carpet: z
      .array(
        z.object({
          date: localDateSchema,
          values: z.array(z.number().nullable()).describe('kW per slot of `times`'),
        }),
      )
      .describe('Day × time-of-day matrix of mean kW'),
    baseLoad: z.object({
      kW: z.number().nullable(),
      percentile: z.number(),
      nightStart: z.string(),
      nightEnd: z.string(),
      sampleCount: z.number().describe('Night steps the percentile was taken from'),
    }),
    nightShare: z
      .number()
      .nullable()
      .describe('Share (0–1) of the energy of complete steps used in the night window'),
    weekendShare: z.number().nullable().describe('Share (0–1) used on Saturdays and Sundays'),
    monthlyMaxPower: z.array(
      z.object({
        month: z.string().describe('YYYY-MM'),
        kW: z.number().nullable(),
        start: z.string().nullable(),
        label: z.string().nullable(),
      }),
    ),
    totalKWh: z.number().nullable(),
    completeness: completenessSchema,
    warnings: z.array(warningSchema),
  })
  .describe('Load profile in mean kW per step');

export const keyFiguresQuery = z.object({
  asOf: localDateSchema
    .optional()
    .describe(
      'Day the 12-month windows end before (its month excluded); default: the day after the last readings, or today',
    ),
});

const costSchema = z.object({
  amountExclTaxEur: z
    .number()
    .nullable()
    .describe('Invoices prorated by days over the window × the building’s key, € excl. tax'),
  amountInclTaxEur: z.number().nullable(),
  invoiceCount: z.number(),
  coveredDays: z.number().describe('Days of the window covered by an invoice'),
  windowDays: z.number(),
  unavailable: z
    .object({
      code: z.string().describe('no-invoices, submeter-allocation, amounts-missing, partial'),
      message: z.string(),
    })
    .nullable()
    .describe('Why the amounts are null'),
});

const windowFiguresSchema = z.object({
  kWh: z.number().nullable().describe('Final energy, kWh (gas in kWh PCS)'),
  kWhPerM2: z.number().nullable(),
  kWhEP: z.number().nullable().describe('Primary energy, kWh EP'),
  kgCO2e: z.number().nullable(),
  cost: costSchema,
  completeness: completenessSchema,
});

const windowSchema = z.object({ from: localDateSchema, to: localDateSchema });

const keyFiguresWindowSchema = windowSchema.extend({
  floorAreaM2: z
    .number()
    .nullable()
    .describe('Day-weighted mean of the dated floor areas over the window, m²: what kWh/m² divides by'),
});

export const keyFiguresResponseSchema = z.object({
  building: z.object({
    id: idSchema,
    code: z.string(),
    name: z.string(),
    siteName: z.string(),
    floorAreaM2: z.number().nullable(),
  }),
  current: keyFiguresWindowSchema.describe('Last 12 whole months'),
  previous: keyFiguresWindowSchema.describe('The 12 months before'),
  energies: z.array(
    z.object({
      energy: z.enum(ENERGIES),
      label: z.string(),
      current: windowFiguresSchema,
      previous: windowFiguresSchema,
      changePct: z.number().nullable().describe('Change of final energy, %'),
    }),
  ),
  total: z.object({
    current: windowFiguresSchema,
    previous: windowFiguresSchema,
    changePct: z.number().nullable(),
  }),
  importRuns: z
    .array(
      z.object({
        id: idSchema,
        kind: z.string(),
        fileName: z.string().nullable(),
        status: z.string(),
        startedAt: z.string(),
      }),
    )
    .describe(
      'Import runs that stored the readings or invoices behind these figures, newest first (50 at most)',
    ),
  factors: z.array(
    z.object({
      energy: z.enum(ENERGIES),
      kind: z.enum(['primary-energy', 'emission']),
      value: z.number(),
      unit: z.string(),
      pciPerStoredKWh: z.number(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      source: z.string(),
      status: z.string(),
    }),
  ),
  warnings: z.array(warningSchema),
});

export const mapQuery = z.object({
  indicator: z
    .enum(MAP_INDICATORS)
    .default('kwh_m2')
    .describe(
      'kwh_m2: final energy of the last 12 whole months / floor area; change_pct: against the 12 months before, %; completeness: points received, %; energy_label: kWh EP/m² and its DPE tertiary class (indicative)',
    ),
  min: z.coerce.number().optional().describe('Keep buildings whose value is at least this'),
  max: z.coerce.number().optional().describe('Keep buildings whose value is at most this'),
  search: z.string().trim().max(200).optional().describe('Part of the name, address or code'),
  asOf: localDateSchema
    .optional()
    .describe('Day the 12-month windows end before; default: the day after the last readings, or today'),
});

export const mapResponseSchema = z.object({
  indicator: z.enum(MAP_INDICATORS),
  unit: z.string(),
  definition: z.string().describe('French definition of the indicator'),
  current: windowSchema,
  previous: windowSchema,
  items: z.array(
    z.object({
      buildingId: idSchema,
      code: z.string(),
      name: z.string(),
      siteId: idSchema,
      siteName: z.string(),
      address: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      floorAreaM2: z
        .number()
        .nullable()
        .describe('Mean of the dated floor areas over the last 12 months, m²'),
      activity: z.string().nullable(),
      value: z.number().nullable(),
      energyClass: z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G']).nullable().describe('energy_label only'),
      completeness: z
        .number()
        .nullable()
        .describe('Share (0–1) of owed points received over the current window'),
    }),
  ),
  withoutCoordinates: z.number().describe('Buildings of the answer without latitude or longitude'),
});
