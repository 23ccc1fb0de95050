import { z } from 'zod';
import { idSchema } from '../http/schemas.js';
import { localDateSchema, stationSummarySchema } from '../weather/schemas.js';
import { ENERGY_CARRIERS } from './factors.js';

/** Request and response schemas of the performance routes; their descriptions fill /api/docs. */

export const energySchema = z
  .enum(ENERGY_CARRIERS)
  .optional()
  .describe('Energy analysed; absent: the building’s main heating energy');

export const minCompletenessSchema = z.coerce
  .number()
  .min(0)
  .max(1)
  .default(0.95)
  .describe(
    'Share (0–1) of owed consumption points and of station days a period needs to enter a fit; 0.95 by default',
  );

const nullableNumber = z.number().nullable();

export const fitStatisticsShape = {
  n: z.number().describe('Points in the fit'),
  parameterCount: z.number().describe('p: parameters, change points included'),
  r2: nullableNumber.describe('R²'),
  adjustedR2: nullableNumber.describe('Adjusted R²'),
  cvRmse: nullableNumber.describe('CV(RMSE), %, with n − p degrees of freedom (ASHRAE Guideline 14)'),
  nmbe: nullableNumber.describe('NMBE, %; positive when the model under-predicts'),
  rmse: nullableNumber.describe('RMSE in the unit of the fitted energy'),
};

const chartPointSchema = z.object({ x: z.number(), y: z.number() });

const sampleShape = {
  label: z.string().describe('2024-03-01 (day), 2024-W09 (ISO week), 2024-03 (month)'),
  firstDate: z.string(),
  lastDate: z.string(),
  days: z.number(),
  energyKwh: nullableNumber.describe('Energy of the period, kWh (kWh PCS for gas)'),
  consumptionCompleteness: nullableNumber.describe(
    'Share of owed points received; null when no register owed any',
  ),
  degreeDays: nullableNumber.describe('Heating degree days of the period, °C·day'),
  coolingDegreeDays: nullableNumber.describe('Cooling degree days of the period, °C·day'),
  weatherCompleteness: z.number().describe('Share of the days with Tn and Tx at the station'),
  meanTemperatureC: nullableNumber.describe('Mean of (Tn + Tx)/2 over the days present, °C'),
  included: z.boolean().describe('Whether the period entered the fit'),
  excludedReason: z.string().nullable().describe('French reason why it did not'),
};

export const signatureResponseSchema = z.object({
  buildingId: idSchema,
  energy: z.string(),
  energyUnit: z.string().describe('kWh PCS for gas (as billed), kWh otherwise'),
  station: stationSummarySchema,
  from: z.string().describe('Start of the analysed range; widened to the 1st of the month for step=month'),
  to: z.string().describe('End of the analysed range, excluded'),
  step: z.enum(['day', 'week', 'month']),
  method: z.enum(['meteo', 'costic']),
  baseC: z.number(),
  minCompleteness: z.number(),
  points: z.array(
    z.object({
      ...sampleShape,
      energyKwhPerDay: nullableNumber.describe('energyKwh / days: the y of both scatters'),
      degreeDaysPerDay: nullableNumber.describe('degreeDays / days: the x of the degree-day scatter'),
    }),
  ),
  degreeDayModel: z
    .object({
      ...fitStatisticsShape,
      slopeKwhPerDegreeDay: z.number().describe('a: thermal sensitivity, kWh per degree day'),
      slopeStandardError: nullableNumber,
      slopePValue: nullableNumber,
      baseLoadKwhPerDay: z.number().describe('b: weather-independent load, kWh per day'),
      baseLoadKwhPerYear: z.number().describe('365 · b'),
      line: z.array(chartPointSchema).describe('Fitted line: x = DJU per day, y = kWh per day'),
    })
    .nullable()
    .describe('E/day = a · DJU/day + b, weighted by the days of each period; null when it cannot be fitted'),
  temperatureModel: z
    .object({
      ...fitStatisticsShape,
      type: z.enum(['2P', '3PH', '3PC', '4P', '5P']),
      baseLoadKwhPerDay: z
        .number()
        .describe('β₀: base load for 3PH, 3PC and 5P; energy at the change point for 4P; at 0 °C for 2P'),
      heatingSlopeKwhPerDegreeC: nullableNumber.describe('kWh per day per °C below the heating change point'),
      heatingChangePointC: nullableNumber,
      coolingSlopeKwhPerDegreeC: nullableNumber.describe('kWh per day per °C above the cooling change point'),
      coolingChangePointC: nullableNumber,
      temperatureSlopeKwhPerDegreeC: nullableNumber.describe('dE/dT of 2P'),
      line: z
        .array(chartPointSchema)
        .describe('Fitted model: x = mean temperature °C, y = kWh per day, one point per vertex'),
    })
    .nullable()
    .describe('Change-point model of the energy per day against the mean temperature'),
  temperatureCandidates: z
    .array(z.object({ type: z.enum(['2P', '3PH', '3PC', '4P', '5P']), ...fitStatisticsShape }))
    .describe('Every model type tried, best adjusted R² first'),
  warnings: z.array(z.string()).describe('French messages for the user'),
});

const rangeObject = z.object({ from: z.string(), to: z.string() });

const uncertaintySchema = z
  .object({
    confidence: z.number(),
    tValue: z.number(),
    alpha: z.number().describe('Guideline 14 correction factor α'),
    n: z.number(),
    effectiveN: z.number().describe('n corrected for residual autocorrelation (daily data, ρ ≥ 0.5)'),
    m: z.number().describe('Reporting points'),
    degreesOfFreedom: z.number(),
    autocorrelationCorrected: z.boolean(),
    fractionalSavingsUncertainty: nullableNumber.describe('ΔE/E as a fraction (0.25 = 25 %)'),
    avoidedKwhUncertainty: nullableNumber.describe('± kWh around the avoided energy'),
    minimumSavingsFractionFor50Percent: nullableNumber.describe('Savings fraction whose uncertainty is 50 %'),
  })
  .nullable();

export const customVariableSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'nom en minuscules, chiffres et « _ », 40 caractères au plus'),
  values: z
    .record(z.string(), z.number())
    .describe('Value per period label: 2024-03 (monthly step) or 2024-03-15 (daily step)'),
});

export const ipmvpBodySchema = z.object({
  energy: energySchema,
  stationId: idSchema.optional().describe('Station; absent: the building’s'),
  baselineFrom: localDateSchema.optional().describe('Baseline start, included'),
  baselineTo: localDateSchema.optional().describe('Baseline end, excluded'),
  reportingFrom: localDateSchema.optional().describe('Reporting start, included'),
  reportingTo: localDateSchema.optional().describe('Reporting end, excluded'),
  actionDate: localDateSchema
    .optional()
    .describe(
      'Date of the energy-saving action: baseline = the 12 months before, reporting = the 12 months after (or up to reportingTo), never past today',
    ),
  step: z.enum(['month', 'day']).default('month'),
  method: z.enum(['meteo', 'costic']).default('meteo'),
  base: z.number().min(-20).max(40).default(18).describe('Heating degree-day base, °C'),
  coolingBase: z.number().min(-20).max(40).default(18).describe('Cooling degree-day base, °C (variable djc)'),
  variables: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/))
    .min(1)
    .max(6)
    .default(['dju'])
    .describe(
      'Independent variables: dju (heating DD), djc (cooling DD), jours (days), jours_semaine (Mondays to Fridays), or names of customVariables',
    ),
  customVariables: z.array(customVariableSchema).max(6).default([]),
  nonRoutineAdjustmentKwh: z
    .number()
    .default(0)
    .describe('Non-routine adjustment added to the adjusted baseline, kWh'),
  confidence: z.number().gt(0.5).lt(1).default(0.9).describe('Confidence of `uncertainty` (90 % by default)'),
  minCompleteness: z.number().min(0).max(1).default(0.95),
});

const ipmvpSampleShape = {
  ...sampleShape,
  variables: z.record(z.string(), nullableNumber).describe('Value of each model variable over the period'),
};

export const ipmvpResponseSchema = z.object({
  buildingId: idSchema,
  energy: z.string(),
  energyUnit: z.string(),
  station: stationSummarySchema,
  step: z.enum(['month', 'day']),
  method: z.enum(['meteo', 'costic']),
  baseC: z.number(),
  coolingBaseC: z.number(),
  baselineRange: rangeObject,
  reportingRange: rangeObject,
  baseline: z.object({
    ...fitStatisticsShape,
    variables: z.array(z.string()),
    intercept: z.number().describe('kWh per period with every variable at zero'),
    coefficients: z.array(
      z.object({
        name: z.string(),
        value: z.number().describe('kWh per unit of the variable (kWh per DJU for dju)'),
        standardError: nullableNumber,
        tStatistic: nullableNumber,
        pValue: nullableNumber,
      }),
    ),
    ndb: nullableNumber.describe('Net determination bias, %'),
    residualAutocorrelation: nullableNumber.describe('Lag-1 autocorrelation of the baseline residuals'),
    variableRanges: z.array(
      z.object({ name: z.string(), min: z.number(), max: z.number(), mean: z.number() }),
    ),
  }),
  guideline14: z
    .object({
      granularity: z.enum(['monthly', 'daily']),
      cvRmseLimit: nullableNumber.describe('15 % for monthly data; Guideline 14 sets no daily limit (null)'),
      nmbeLimit: nullableNumber.describe('± 5 % for monthly data'),
      cvRmsePasses: z.boolean().nullable(),
      nmbePasses: z.boolean().nullable(),
      uncertaintyPasses: z.boolean().nullable().describe('Uncertainty at 68 % below 50 % of the savings'),
    })
    .describe('ASHRAE Guideline 14-2014 checks'),
  baselinePeriods: z.array(z.object({ ...ipmvpSampleShape, modelKwh: nullableNumber })),
  reportingPeriods: z.array(
    z.object({
      ...ipmvpSampleShape,
      adjustedBaselineKwh: nullableNumber.describe(
        'Baseline model at the period’s conditions, floored at 0 kWh',
      ),
      avoidedKwh: nullableNumber.describe('adjustedBaselineKwh − energyKwh'),
    }),
  ),
  totals: z.object({
    adjustedBaselineKwh: z
      .number()
      .describe('Σ adjusted baseline of the periods used + non-routine adjustment'),
    nonRoutineAdjustmentKwh: z.number(),
    actualKwh: z.number(),
    avoidedKwh: z.number().describe('Avoided energy (consommation évitée); positive when energy was saved'),
    avoidedPercent: nullableNumber.describe('Avoided energy / adjusted baseline × 100'),
    reportingPeriodsUsed: z.number(),
  }),
  uncertainty: uncertaintySchema.describe(
    'Savings uncertainty at the requested confidence (90 % by default)',
  ),
  uncertainty68: uncertaintySchema.describe('Savings uncertainty at 68 %, the Guideline 14 criterion'),
  warnings: z.array(z.object({ code: z.string(), message: z.string().describe('French') })),
});

const milestoneYear = z.union([z.literal(2030), z.literal(2040), z.literal(2050)]);

export const trajectorySettingsSchema = z.object({
  surfaceM2: nullableNumber.describe('EFA surface, m²; null: Σ building floor area × share'),
  absolute2030KwhPerM2: nullableNumber.describe('Cabs 2030, kWh EF/m²/year'),
  absolute2040KwhPerM2: nullableNumber,
  absolute2050KwhPerM2: nullableNumber,
  heatingShare: nullableNumber.describe(
    'Share (0–1) of the final energy used for space heating; null: the buildings’ main heating energies (electricity excluded) count as heating',
  ),
  updatedAt: z.string().nullable(),
});

export const trajectorySettingsBodySchema = z.object({
  surfaceM2: z.number().positive().max(10_000_000).nullable().optional(),
  absolute2030KwhPerM2: z.number().min(0).max(10_000).nullable().optional(),
  absolute2040KwhPerM2: z.number().min(0).max(10_000).nullable().optional(),
  absolute2050KwhPerM2: z.number().min(0).max(10_000).nullable().optional(),
  heatingShare: z.number().min(0).max(1).nullable().optional(),
});

export const trajectoryResponseSchema = z.object({
  efa: z.object({ id: idSchema, code: z.string(), name: z.string(), operatId: z.string().nullable() }),
  surfaceM2: z.number(),
  surfaceSource: z.enum(['settings', 'buildings']),
  buildings: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      sharePercent: z.number(),
      floorAreaM2: nullableNumber,
      mainHeatingEnergy: z.string().nullable(),
      weatherStationId: idSchema.nullable(),
    }),
  ),
  climate: z
    .object({
      adjusted: z.boolean(),
      method: z
        .literal('ratio-estimate')
        .describe('The platform’s ratio estimate, not the figure OPERAT computes'),
      degreeDayMethod: z.literal('costic'),
      baseC: z.number(),
      station: stationSummarySchema.nullable(),
      referenceFirstYear: z.number(),
      referenceLastYear: z.number(),
      referenceDegreeDays: nullableNumber.describe('Mean yearly DJU over the reference period'),
      referenceYearsUsed: z.array(z.number()),
      heatingPart: z.enum(['settings-share', 'heating-energies']),
      heatingShare: nullableNumber,
    })
    .describe('C_adj = C_other + C_heating × DJU_ref / DJU_year'),
  years: z.array(
    z.object({
      year: z.number(),
      energies: z.array(
        z.object({
          energy: z.string(),
          kwh: nullableNumber.describe('As stored: kWh PCS for gas'),
          finalKwh: nullableNumber.describe('Final energy, kWh PCI for gas'),
          pciPerStoredKwh: z.number(),
          operatCoefficient: z.number().describe('0.77 heat network, 0.25 cold network, else 1'),
          countedKwh: nullableNumber.describe('finalKwh × operatCoefficient'),
          countedKwhPerM2: nullableNumber.describe('countedKwh / EFA surface'),
          completeness: nullableNumber,
        }),
      ),
      totalKwh: nullableNumber,
      completeness: nullableNumber.describe('Lowest completeness of the energies'),
      complete: z.boolean().describe('completeness ≥ minCompleteness'),
      intensityKwhPerM2: nullableNumber.describe('Raw intensity'),
      heatingKwh: nullableNumber,
      degreeDays: nullableNumber,
      degreeDaysCompleteness: z.number(),
      heatingRatio: nullableNumber,
      adjustedKwh: nullableNumber,
      adjustedIntensityKwhPerM2: nullableNumber,
      warnings: z.array(z.string()),
    }),
  ),
  reference: z
    .object({
      year: z.number(),
      source: z.enum(['query', 'efa', 'automatic']),
      intensityKwhPerM2: z.number(),
      candidates: z.array(z.object({ year: z.number(), intensityKwhPerM2: z.number() })),
    })
    .nullable(),
  absoluteTargets: z.object({ 2030: nullableNumber, 2040: nullableNumber, 2050: nullableNumber }),
  targets: z.array(
    z.object({
      year: milestoneYear,
      reduction: z.number(),
      relativeKwhPerM2: z.number(),
      absoluteKwhPerM2: nullableNumber,
      applicableKwhPerM2: z.number(),
      route: z.enum(['relative', 'absolute']),
    }),
  ),
  currentYear: nullableNumber.describe('Latest complete year, the one the gap is measured from'),
  gap: z
    .object({
      milestoneYear,
      targetKwhPerM2: z.number(),
      gapKwhPerM2: z.number(),
      gapShare: z.number(),
      yearsRemaining: z.number(),
      requiredYearlyReductionKwhPerM2: z.number(),
      targetMet: z.boolean(),
    })
    .nullable(),
  trajectory: z.array(
    z.object({
      year: z.number(),
      relativeKwhPerM2: z.number(),
      absoluteKwhPerM2: nullableNumber,
      applicableKwhPerM2: z.number(),
      actualKwhPerM2: nullableNumber.describe('Adjusted intensity of a complete year'),
    }),
  ),
  warnings: z.array(z.string()),
});

const appliedFactorSchema = z.object({
  energy: z.string(),
  kind: z.enum(['primary-energy', 'emission']),
  value: z.number(),
  unit: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  source: z.string(),
  status: z.string().describe('official, third-party or unverified'),
});

const dpeClass = z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G']);

const indicatorBlockShape = {
  floorAreaM2: nullableNumber,
  heatedAreaM2: nullableNumber,
  energies: z.array(
    z.object({
      energy: z.string(),
      kwh: nullableNumber.describe('As stored, kWh PCS for gas'),
      kwhPci: nullableNumber.describe('Gas only: kWh PCI'),
      finalKwh: nullableNumber.describe('Final energy as metered, kWh PCS for gas'),
      primaryKwh: nullableNumber,
      co2eKg: nullableNumber,
      pointsPresent: z.number(),
      pointsExpected: z.number(),
      completeness: nullableNumber,
      previousKwh: nullableNumber,
      previousCompleteness: nullableNumber,
      evolutionPercent: nullableNumber,
    }),
  ),
  finalKwh: nullableNumber.describe('Final energy as metered, gas in kWh PCS'),
  previousFinalKwh: nullableNumber,
  evolutionPercent: nullableNumber,
  completeness: nullableNumber,
  previousCompleteness: nullableNumber,
  intensityKwhPerM2: nullableNumber.describe('finalKwh / floor area'),
  heatedIntensityKwhPerM2: nullableNumber.describe('finalKwh / heated area'),
  primaryKwh: nullableNumber,
  primaryKwhPerM2: nullableNumber,
  co2eKg: nullableNumber,
  co2eKgPerM2: nullableNumber,
  dpe: z.object({
    category: z
      .enum(['bureaux-enseignement', 'occupation-continue', 'autres', 'centre-commercial'])
      .nullable(),
    categorySource: z.enum(['query', 'activity', 'default']).nullable(),
    energyClass: dpeClass.nullable(),
    climateClass: dpeClass.nullable(),
    reason: z.string().nullable().describe('French reason when a class is null'),
  }),
  energiesWithoutPrimaryFactor: z.array(z.string()),
  energiesWithoutEmissionFactor: z.array(z.string()),
  factors: z.array(appliedFactorSchema),
};

export const builtInIndicatorsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  previousTo: z.string(),
  source: z.enum(['day', 'month']),
  gasPciPerPcs: z.number(),
  total: z.object(indicatorBlockShape),
  buildings: z.array(
    z.object({
      id: idSchema,
      code: z.string(),
      name: z.string(),
      activity: z.string().nullable(),
      ...indicatorBlockShape,
    }),
  ),
  notes: z.array(z.string()),
});

export const userIndicatorSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  formula: z.string(),
  unitLabel: z.string(),
  targetValue: nullableNumber,
  targetDirection: z.enum(['at-most', 'at-least']),
  identifiers: z.array(z.string()),
  canEdit: z.boolean(),
  createdBy: idSchema.nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const indicatorFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  formula: z
    .string()
    .max(2000)
    .describe('Formula, e.g. electricite / surface; see GET /api/indicators/identifiers'),
  unitLabel: z.string().trim().max(50),
  targetValue: z.number().nullable(),
  targetDirection: z
    .enum(['at-most', 'at-least'])
    .describe('at-most: a value at or below the target meets it; at-least: at or above'),
};

export const userIndicatorBodySchema = z.object({
  ...indicatorFields,
  description: indicatorFields.description.default(''),
  unitLabel: indicatorFields.unitLabel.default(''),
  targetValue: indicatorFields.targetValue.default(null),
  targetDirection: indicatorFields.targetDirection.default('at-most'),
});

/** Changes of an indicator: fields left out keep their value (no defaults apply). */
export const userIndicatorChangesSchema = z.object({
  name: indicatorFields.name.optional(),
  description: indicatorFields.description.optional(),
  formula: indicatorFields.formula.optional(),
  unitLabel: indicatorFields.unitLabel.optional(),
  targetValue: indicatorFields.targetValue.optional(),
  targetDirection: indicatorFields.targetDirection.optional(),
});

export const formulaErrorSchema = z.object({
  code: z.string(),
  message: z.string().describe('French, with the position counted from 1'),
  start: z.number().describe('UTF-16 offset where the problem starts'),
  end: z.number().describe('UTF-16 offset after the problem'),
});

const evaluatedValueSchema = z.object({
  label: z.string(),
  firstDate: z.string(),
  lastDate: z.string(),
  value: nullableNumber,
  missingReason: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('missing-input, division-by-zero or not-finite, with a French message'),
  completeness: nullableNumber,
  meetsTarget: z.boolean().nullable(),
  gapToTarget: nullableNumber,
});

export const evaluationResponseSchema = z.object({
  indicator: userIndicatorSchema,
  from: z.string(),
  to: z.string(),
  step: z.enum(['month', 'year']),
  periods: z.array(
    z.object({ label: z.string(), firstDate: z.string(), lastDate: z.string(), days: z.number() }),
  ),
  buildings: z.array(
    z.object({
      buildingId: idSchema,
      buildingCode: z.string(),
      buildingName: z.string(),
      notes: z.array(z.string()),
      values: z.array(evaluatedValueSchema),
    }),
  ),
  perimeter: z
    .object({
      buildingCount: z.number(),
      values: z.array(evaluatedValueSchema),
      notes: z.array(z.string()).describe('French messages for the user'),
    })
    .nullable()
    .describe(
      'The formula evaluated once on the combined inputs of all the evaluated buildings: energies, emissions and ' +
        'areas summed (so kWh/m² is Σ kWh / Σ m²), degree days and mean temperature averaged with floor areas as ' +
        'weights (a plain mean when a floor area is missing), days taken as is. A period where any building misses ' +
        'an input is missing. Null when no building was evaluated.',
    ),
});
