import {
  computeAvoidedEnergy,
  type DegreeDayMethod,
  fitIpmvpBaseline,
  floorPrediction,
  fractionalSavingsUncertainty,
  type IpmvpBaseline,
  type IpmvpPeriod,
  predictBaseline,
  type SavingsUncertainty,
} from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import {
  addDays,
  buildPeriods,
  earlierDate,
  isoWeekday,
  monthStartOf,
  shiftMonths,
  wholeMonths,
} from '../weather/periods.js';
import type { StationSummary } from '../weather/repository.js';
import { loadSamples, type PeriodSample, resolveSampleContext } from './samples.js';
import { energyUnitOf, type FitStatistics, finiteOrNull, statisticsOf } from './signature.js';

/**
 * Independent variables the server computes for each period: `dju` heating degree days, `djc`
 * cooling degree days, `jours` days of the period, `jours_semaine` Mondays to Fridays of the
 * period (public holidays are not known and count as weekdays).
 */
export const BUILT_IN_VARIABLES = ['dju', 'djc', 'jours', 'jours_semaine'] as const;
export type BuiltInVariable = (typeof BUILT_IN_VARIABLES)[number];

export const VARIABLE_LABELS: Record<BuiltInVariable, { label: string; unit: string }> = {
  dju: { label: 'Degrés-jours de chauffage', unit: '°C·jour' },
  djc: { label: 'Degrés-jours de climatisation', unit: '°C·jour' },
  jours: { label: 'Jours de la période', unit: 'jour' },
  jours_semaine: { label: 'Jours du lundi au vendredi', unit: 'jour' },
};

/** Values of a variable the user supplies, by period label (`2024-03` or `2024-03-15`). */
export interface CustomVariable {
  name: string;
  values: Record<string, number>;
}

export interface IpmvpRequest {
  buildingId: string;
  energy?: string | undefined;
  stationId?: string | undefined;
  baselineFrom?: string | undefined;
  baselineTo?: string | undefined;
  reportingFrom?: string | undefined;
  reportingTo?: string | undefined;
  actionDate?: string | undefined;
  step: 'month' | 'day';
  method: DegreeDayMethod;
  baseC: number;
  coolingBaseC: number;
  variables: string[];
  customVariables: CustomVariable[];
  nonRoutineAdjustmentKwh: number;
  confidence: number;
  minCompleteness: number;
}

interface Ranges {
  baseline: { from: string; to: string };
  reporting: { from: string; to: string };
}

/**
 * Resolves the baseline and reporting ranges. With `actionDate`, the baseline is the 12 months before
 * the action and the reporting period runs from the action for 12 months, or up to `reportingTo`,
 * never past `today`. Monthly steps widen every range to whole months, and the month of an action
 * taken after the 1st belongs to neither period.
 */
export function resolveRanges(request: IpmvpRequest, today: string): Ranges {
  if (request.actionDate) {
    const action = request.actionDate;
    const monthly = request.step === 'month';
    const baselineTo = monthly ? monthStartOf(action) : action;
    const reportingFrom =
      monthly && action !== monthStartOf(action) ? shiftMonths(monthStartOf(action), 1) : action;
    const defaultEnd = shiftMonths(reportingFrom, 12);
    const cap = monthly ? monthStartOf(today) : today;
    const reportingTo = request.reportingTo ?? earlierDate(defaultEnd, cap);
    const baseline = { from: request.baselineFrom ?? shiftMonths(baselineTo, -12), to: baselineTo };
    const reporting = { from: reportingFrom, to: reportingTo };
    return monthly && reportingTo > reportingFrom
      ? { baseline: wholeMonths(baseline), reporting: wholeMonths(reporting) }
      : { baseline, reporting };
  }
  const { baselineFrom, baselineTo, reportingFrom, reportingTo } = request;
  if (!baselineFrom || !baselineTo || !reportingFrom || !reportingTo) {
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries({ baselineFrom, baselineTo, reportingFrom, reportingTo })) {
      if (!value) fields[name] = 'date requise, sauf si la date de l’action d’économie est donnée';
    }
    throw new AppError('validation-failed', {}, fields);
  }
  const baseline = { from: baselineFrom, to: baselineTo };
  const reporting = { from: reportingFrom, to: reportingTo };
  return request.step === 'month'
    ? { baseline: wholeMonths(baseline), reporting: wholeMonths(reporting) }
    : { baseline, reporting };
}

function checkRanges(ranges: Ranges): void {
  const fields: Record<string, string> = {};
  if (ranges.baseline.from >= ranges.baseline.to) {
    fields.baselineTo = 'la fin de la période de référence doit suivre son début';
  }
  if (ranges.reporting.from >= ranges.reporting.to) {
    fields.reportingTo =
      'la fin de la période de suivi doit suivre son début (une action trop récente n’a pas encore de suivi)';
  }
  if (ranges.reporting.from < ranges.baseline.to) {
    fields.reportingFrom = 'la période de suivi doit commencer après la fin de la période de référence';
  }
  if (Object.keys(fields).length > 0) throw new AppError('validation-failed', {}, fields);
}

function weekdaysIn(firstDate: string, days: number): number {
  let count = 0;
  for (let offset = 0; offset < days; offset += 1) {
    if (isoWeekday(addDays(firstDate, offset)) <= 5) count += 1;
  }
  return count;
}

/** A period of the baseline or reporting period with its variables. */
export interface IpmvpSample extends PeriodSample {
  variables: Record<string, number | null>;
}

function withVariables(
  samples: readonly PeriodSample[],
  variables: readonly string[],
  custom: ReadonlyMap<string, Record<string, number>>,
): IpmvpSample[] {
  return samples.map((sample) => {
    const values: Record<string, number | null> = {};
    for (const name of variables) {
      switch (name) {
        case 'dju':
          values[name] = sample.degreeDays;
          break;
        case 'djc':
          values[name] = sample.coolingDegreeDays;
          break;
        case 'jours':
          values[name] = sample.days;
          break;
        case 'jours_semaine':
          values[name] = weekdaysIn(sample.firstDate, sample.days);
          break;
        default:
          values[name] = custom.get(name)?.[sample.label] ?? null;
      }
    }
    const missing = variables.filter((name) => values[name] === null);
    if (sample.included && missing.length > 0) {
      return {
        ...sample,
        variables: values,
        included: false,
        excludedReason: `Valeur manquante pour ${missing.map((name) => `« ${name} »`).join(', ')} sur cette période.`,
      };
    }
    return { ...sample, variables: values };
  });
}

function toIpmvpPeriods(samples: readonly IpmvpSample[]): IpmvpPeriod[] {
  return samples
    .filter((sample) => sample.included)
    .map((sample) => ({
      energyKwh: sample.energyKwh as number,
      variables: sample.variables as Record<string, number>,
    }));
}

export interface UncertaintyResult {
  /** Two-sided confidence level, 0 to 1. */
  confidence: number;
  tValue: number;
  alpha: number;
  n: number;
  effectiveN: number;
  m: number;
  degreesOfFreedom: number;
  autocorrelationCorrected: boolean;
  /** ΔE/E as a fraction (0.25 = 25 %). */
  fractionalSavingsUncertainty: number | null;
  /** ± kWh around the avoided energy. */
  avoidedKwhUncertainty: number | null;
  /** Savings fraction at which the uncertainty reaches 50 % (minimum detectable savings). */
  minimumSavingsFractionFor50Percent: number | null;
}

function uncertaintyResult(
  value: Omit<SavingsUncertainty, 'avoidedKwhUncertainty'> | null,
  avoidedKwh: number,
): UncertaintyResult | null {
  if (!value) return null;
  return {
    confidence: value.confidence,
    tValue: value.tValue,
    alpha: value.alpha,
    n: value.n,
    effectiveN: value.effectiveN,
    m: value.m,
    degreesOfFreedom: value.degreesOfFreedom,
    autocorrelationCorrected: value.autocorrelationCorrected,
    fractionalSavingsUncertainty: finiteOrNull(value.fractionalSavingsUncertainty),
    avoidedKwhUncertainty: finiteOrNull(value.fractionalSavingsUncertainty * Math.abs(avoidedKwh)),
    minimumSavingsFractionFor50Percent: finiteOrNull(value.minimumSavingsFractionFor50Percent),
  };
}

export interface IpmvpResult {
  buildingId: string;
  energy: string;
  energyUnit: string;
  station: StationSummary;
  step: 'month' | 'day';
  method: DegreeDayMethod;
  baseC: number;
  coolingBaseC: number;
  baselineRange: { from: string; to: string };
  reportingRange: { from: string; to: string };
  baseline: FitStatistics & {
    variables: string[];
    intercept: number;
    coefficients: {
      name: string;
      value: number;
      standardError: number | null;
      tStatistic: number | null;
      pValue: number | null;
    }[];
    ndb: number | null;
    residualAutocorrelation: number | null;
    variableRanges: { name: string; min: number; max: number; mean: number }[];
  };
  guideline14: {
    granularity: 'monthly' | 'daily';
    cvRmseLimit: number | null;
    nmbeLimit: number | null;
    cvRmsePasses: boolean | null;
    nmbePasses: boolean | null;
    /** Fractional uncertainty at 68 % below 50 % of the savings. */
    uncertaintyPasses: boolean | null;
  };
  baselinePeriods: (IpmvpSample & { modelKwh: number | null })[];
  reportingPeriods: (IpmvpSample & {
    adjustedBaselineKwh: number | null;
    avoidedKwh: number | null;
  })[];
  totals: {
    adjustedBaselineKwh: number;
    nonRoutineAdjustmentKwh: number;
    actualKwh: number;
    avoidedKwh: number;
    /** Avoided energy as a percentage of the adjusted baseline. */
    avoidedPercent: number | null;
    reportingPeriodsUsed: number;
  };
  uncertainty: UncertaintyResult | null;
  uncertainty68: UncertaintyResult | null;
  warnings: { code: string; message: string }[];
}

/**
 * Computes the avoided energy of IPMVP option C on a building: a regression baseline on degree days
 * (and any other variables), applied to the reporting conditions, minus the measured consumption,
 * with its ASHRAE Guideline 14 uncertainty.
 */
export async function computeIpmvp(
  db: Db,
  scope: Scope,
  request: IpmvpRequest,
  today: string,
): Promise<IpmvpResult> {
  const context = await resolveSampleContext(db, scope, request.buildingId, request);
  const ranges = resolveRanges(request, today);
  checkRanges(ranges);
  const custom = new Map(request.customVariables.map((variable) => [variable.name, variable.values]));
  for (const name of request.variables) {
    if (!(BUILT_IN_VARIABLES as readonly string[]).includes(name) && !custom.has(name)) {
      throw new AppError(
        'validation-failed',
        {},
        {
          variables: `variable « ${name} » inconnue : choisissez parmi ${BUILT_IN_VARIABLES.join(', ')}, ou fournissez ses valeurs période par période`,
        },
      );
    }
  }

  const source = request.step === 'month' ? 'month' : 'day';
  const weather = { method: request.method, heatingBaseC: request.baseC, coolingBaseC: request.coolingBaseC };
  const load = async (range: { from: string; to: string }) =>
    withVariables(
      await loadSamples(
        db,
        context,
        buildPeriods(range.from, range.to, request.step),
        source,
        weather,
        request.minCompleteness,
      ),
      request.variables,
      custom,
    );
  const baselineSamples = await load(ranges.baseline);
  const reportingSamples = await load(ranges.reporting);
  const granularity = request.step === 'month' ? 'monthly' : 'daily';

  let baseline: IpmvpBaseline;
  try {
    baseline = fitIpmvpBaseline(toIpmvpPeriods(baselineSamples), {
      variables: request.variables,
      granularity,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const usable = baselineSamples.filter((sample) => sample.included).length;
    throw new AppError(
      'validation-failed',
      {},
      {
        baselineFrom: `le modèle de référence ne peut pas être ajusté : ${usable} période(s) complète(s) pour ${request.variables.length + 1} paramètres, ou des variables constantes ou liées entre elles. Allongez la période de référence ou retirez une variable.`,
      },
    );
  }

  const reportingPeriods = toIpmvpPeriods(reportingSamples);
  if (reportingPeriods.length === 0) {
    throw new AppError(
      'validation-failed',
      {},
      { reportingFrom: 'aucune période de suivi n’a une consommation et des températures complètes' },
    );
  }
  const avoided = computeAvoidedEnergy(baseline, reportingPeriods, {
    confidence: request.confidence,
    nonRoutineAdjustmentKwh: request.nonRoutineAdjustmentKwh,
  });
  const at68 = fractionalSavingsUncertainty({
    baseline,
    savingsFraction: avoided.savingsFraction,
    reportingPoints: reportingPeriods.length,
    confidence: 0.68,
  });

  const warnings: { code: string; message: string }[] = [...baseline.warnings, ...avoided.warnings];
  const excludedBaseline = baselineSamples.filter((sample) => !sample.included).length;
  const excludedReporting = reportingSamples.filter((sample) => !sample.included).length;
  if (excludedBaseline > 0) {
    warnings.push({
      code: 'baseline-periods-excluded',
      message: `${excludedBaseline} période(s) de référence sur ${baselineSamples.length} sont écartées du modèle (données incomplètes) ; chaque période indique pourquoi.`,
    });
  }
  if (excludedReporting > 0) {
    warnings.push({
      code: 'reporting-periods-excluded',
      message: `${excludedReporting} période(s) de suivi sur ${reportingSamples.length} sont écartées (données incomplètes) : la consommation évitée ne porte que sur les ${reportingPeriods.length} autres.`,
    });
  }

  return {
    buildingId: request.buildingId,
    energy: context.energy,
    energyUnit: energyUnitOf(context.energy),
    station: context.station,
    step: request.step,
    method: request.method,
    baseC: request.baseC,
    coolingBaseC: request.coolingBaseC,
    baselineRange: ranges.baseline,
    reportingRange: ranges.reporting,
    baseline: {
      ...statisticsOf(baseline.regression),
      variables: baseline.variables,
      intercept: baseline.intercept,
      coefficients: baseline.variables.map((name, index) => ({
        name,
        value: baseline.coefficients[name] ?? 0,
        standardError: finiteOrNull(baseline.regression.standardErrors[index + 1]),
        tStatistic: finiteOrNull(baseline.regression.tStatistics[index + 1]),
        pValue: finiteOrNull(baseline.regression.pValues[index + 1]),
      })),
      ndb: finiteOrNull(baseline.regression.ndb),
      residualAutocorrelation: finiteOrNull(baseline.residualAutocorrelation),
      variableRanges: baseline.variableRanges,
    },
    guideline14: { granularity, ...baseline.check, uncertaintyPasses: avoided.meetsGuideline14Uncertainty },
    baselinePeriods: predictEach(baseline, baselineSamples).map(({ sample, predicted }) => ({
      ...sample,
      modelKwh: predicted,
    })),
    reportingPeriods: predictEach(baseline, reportingSamples).map(({ sample, predicted }) => {
      const adjusted = predicted === null ? null : floorPrediction(predicted);
      return {
        ...sample,
        adjustedBaselineKwh: adjusted,
        avoidedKwh: adjusted === null || sample.energyKwh === null ? null : adjusted - sample.energyKwh,
      };
    }),
    totals: {
      adjustedBaselineKwh: avoided.adjustedBaselineKwh,
      nonRoutineAdjustmentKwh: request.nonRoutineAdjustmentKwh,
      actualKwh: avoided.actualKwh,
      avoidedKwh: avoided.avoidedKwh,
      avoidedPercent: avoided.adjustedBaselineKwh === 0 ? null : 100 * avoided.savingsFraction,
      reportingPeriodsUsed: reportingPeriods.length,
    },
    uncertainty: uncertaintyResult(avoided.uncertainty, avoided.avoidedKwh),
    uncertainty68: uncertaintyResult(at68, avoided.avoidedKwh),
    warnings,
  };
}

/**
 * Predicts each period whose variables are all known, and gives null to the others. The values are
 * the raw model output, which baseline periods show as fitted and reporting periods floor at 0 kWh.
 */
function predictEach(baseline: IpmvpBaseline, samples: readonly IpmvpSample[]) {
  return samples.map((sample) => {
    const known = baseline.variables.every((name) => sample.variables[name] !== null);
    const predicted = known
      ? (predictBaseline(baseline, [{ variables: sample.variables as Record<string, number> }])[0] ?? null)
      : null;
    return { sample, predicted };
  });
}
