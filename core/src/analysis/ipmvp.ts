/**
 * IPMVP option C (whole facility): a regression baseline on degree days and optional usage
 * variables, the adjusted baseline of the reporting period, the avoided energy
 * ("consommation évitée") = adjusted baseline ± non-routine adjustments − measured consumption,
 * and its uncertainty per ASHRAE Guideline 14.
 */

import { type GoodnessOfFit, lagOneAutocorrelation } from './fit-statistics.js';
import { fitLinearRegression, type LinearRegression } from './linear-regression.js';
import { studentTCritical } from './student-t.js';

/** Time step of the baseline and reporting data. */
export type DataGranularity = 'monthly' | 'daily' | 'hourly';

/** One period of metered consumption with its independent variables. */
export interface IpmvpPeriod {
  /** Measured consumption of the period, kWh. */
  energyKwh: number;
  /** Independent variables by name, e.g. `{ dju: 412.5, jours_ouvres: 21 }` (DJU in °C·day). */
  variables: Readonly<Record<string, number>>;
}

/** A problem a user should see next to the result, with a French message. */
export interface IpmvpWarning {
  code:
    | 'few-points'
    | 'cv-rmse-above-limit'
    | 'nmbe-above-limit'
    | 'variable-not-significant'
    | 'variable-outside-baseline-range'
    | 'uncertainty-above-half-of-savings'
    | 'uncertainty-not-computable'
    | 'prediction-floored-at-zero';
  message: string;
}

/**
 * Guideline 14 calibration criteria: monthly data CV(RMSE) ≤ 15 % and NMBE within ± 5 %; hourly
 * data CV(RMSE) ≤ 30 % and NMBE within ± 10 % (ASHRAE Guideline 14-2014). The guideline gives no
 * daily criteria, so daily baselines get no flag.
 */
export const GUIDELINE_14_LIMITS: Readonly<Record<DataGranularity, { cvRmse: number; nmbe: number } | null>> =
  {
    monthly: { cvRmse: 15, nmbe: 5 },
    daily: null,
    hourly: { cvRmse: 30, nmbe: 10 },
  };

/** Result of checking a fit against the Guideline 14 limits; null fields where no limit applies. */
export interface GoodnessOfFitCheck {
  /** Upper limit of CV(RMSE), %. */
  cvRmseLimit: number | null;
  /** Limit of |NMBE|, %. */
  nmbeLimit: number | null;
  cvRmsePasses: boolean | null;
  nmbePasses: boolean | null;
}

/** Compare CV(RMSE) and NMBE with the Guideline 14 limits of the granularity. */
export function checkGoodnessOfFit(
  fit: Pick<GoodnessOfFit, 'cvRmse' | 'nmbe'>,
  granularity: DataGranularity,
): GoodnessOfFitCheck {
  const limits = GUIDELINE_14_LIMITS[granularity];
  if (!limits) return { cvRmseLimit: null, nmbeLimit: null, cvRmsePasses: null, nmbePasses: null };
  return {
    cvRmseLimit: limits.cvRmse,
    nmbeLimit: limits.nmbe,
    cvRmsePasses: fit.cvRmse <= limits.cvRmse,
    nmbePasses: Math.abs(fit.nmbe) <= limits.nmbe,
  };
}

/** Spread of one independent variable over the baseline periods. */
export interface VariableRange {
  name: string;
  min: number;
  max: number;
  mean: number;
}

/** A fitted baseline: kWh = intercept + Σ coefficient × variable. */
export interface IpmvpBaseline {
  variables: string[];
  granularity: DataGranularity;
  /** kWh per period with every variable at zero. */
  intercept: number;
  /** kWh per unit of each variable (kWh per DJU for degree days). */
  coefficients: Record<string, number>;
  regression: LinearRegression;
  /** Lag-1 autocorrelation ρ of the baseline residuals, in period order. */
  residualAutocorrelation: number;
  variableRanges: VariableRange[];
  check: GoodnessOfFitCheck;
  warnings: IpmvpWarning[];
}

/**
 * p-value above which a variable is reported as not significant: the DOE EnPI Lite screening rule
 * (each variable p < 0.20).
 */
const VARIABLE_P_VALUE_LIMIT = 0.2;

function variableValue(period: Pick<IpmvpPeriod, 'variables'>, name: string, index: number): number {
  const value = period.variables[name];
  if (value === undefined || !Number.isFinite(value)) {
    throw new RangeError(`Period ${index} has no finite value for variable ${name}`);
  }
  return value;
}

function formatFrench(value: number, digits = 1): string {
  return value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Fit the baseline by ordinary least squares on the listed variables, with periods given in time
 * order (the order matters for the residual autocorrelation).
 */
export function fitIpmvpBaseline(
  periods: readonly IpmvpPeriod[],
  options: { variables: readonly string[]; granularity: DataGranularity },
): IpmvpBaseline {
  const { variables, granularity } = options;
  const rows = periods.map((period, index) => variables.map((name) => variableValue(period, name, index)));
  const regression = fitLinearRegression(
    rows,
    periods.map((period) => period.energyKwh),
  );
  const coefficients: Record<string, number> = {};
  variables.forEach((name, j) => {
    coefficients[name] = regression.coefficients[j + 1] ?? 0;
  });
  const variableRanges = variables.map((name, j) => {
    const values = rows.map((row) => row[j] ?? 0);
    return {
      name,
      min: Math.min(...values),
      max: Math.max(...values),
      mean: values.reduce((total, value) => total + value, 0) / values.length,
    };
  });
  const check = checkGoodnessOfFit(regression, granularity);

  const warnings: IpmvpWarning[] = [];
  if (granularity === 'monthly' && periods.length < 12) {
    warnings.push({
      code: 'few-points',
      message: `La période de référence ne compte que ${periods.length} mois : prenez au moins 12 mois consécutifs pour couvrir une année de climat.`,
    });
  }
  if (check.cvRmsePasses === false) {
    warnings.push({
      code: 'cv-rmse-above-limit',
      message: `Le CV(RMSE) du modèle vaut ${formatFrench(regression.cvRmse)} %, au-dessus de la limite de ${check.cvRmseLimit} % de l’ASHRAE Guideline 14 : ajoutez une variable explicative ou écartez les périodes atypiques.`,
    });
  }
  if (check.nmbePasses === false) {
    warnings.push({
      code: 'nmbe-above-limit',
      message: `Le NMBE du modèle vaut ${formatFrench(regression.nmbe)} %, hors de la plage ± ${check.nmbeLimit} % de l’ASHRAE Guideline 14.`,
    });
  }
  variables.forEach((name, j) => {
    const pValue = regression.pValues[j + 1] ?? 1;
    if (pValue >= VARIABLE_P_VALUE_LIMIT) {
      warnings.push({
        code: 'variable-not-significant',
        message: `La variable « ${name} » n’est pas significative (p = ${formatFrench(pValue, 2)}, seuil 0,20) : retirez-la du modèle ou vérifiez ses valeurs.`,
      });
    }
  });

  return {
    variables: [...variables],
    granularity,
    intercept: regression.coefficients[0] ?? 0,
    coefficients,
    regression,
    residualAutocorrelation: lagOneAutocorrelation(regression.residuals),
    variableRanges,
    check,
    warnings,
  };
}

/**
 * Predict the consumption of each period with the baseline model, kWh. The values are the raw
 * regression output and may be negative. The adjusted baseline floors them with `floorPrediction`.
 */
export function predictBaseline(
  baseline: IpmvpBaseline,
  periods: readonly Pick<IpmvpPeriod, 'variables'>[],
): number[] {
  return periods.map((period, index) =>
    baseline.variables.reduce(
      (total, name) => total + (baseline.coefficients[name] ?? 0) * variableValue(period, name, index),
      baseline.intercept,
    ),
  );
}

/**
 * Floor a predicted consumption at 0 kWh. A linear model can extrapolate below zero, as a heating
 * model with a large negative intercept does in a summer month. An energy use cannot be negative,
 * and a negative adjusted baseline would count the measured consumption of that period as savings.
 */
export function floorPrediction(predictedKwh: number): number {
  return Math.max(0, predictedKwh);
}

/** Uncertainty of the avoided energy, Guideline 14 Annex B. */
export interface SavingsUncertainty {
  /** Two-sided confidence level, 0–1. */
  confidence: number;
  /** Student t at that confidence with the degrees of freedom below. */
  tValue: number;
  /** Correction factor α of the Guideline 14 formula (1.26 for hourly data). */
  alpha: number;
  /** n: baseline points. */
  n: number;
  /** n' = n·(1 − ρ)/(1 + ρ) when the autocorrelation correction applies, else n. */
  effectiveN: number;
  /** m: reporting points. */
  m: number;
  degreesOfFreedom: number;
  autocorrelationCorrected: boolean;
  /** ΔE_save / E_save, as a fraction (0.25 = 25 %). */
  fractionalSavingsUncertainty: number;
  /** ± kWh around the avoided energy: fractional uncertainty × |avoided energy|. */
  avoidedKwhUncertainty: number;
  /** Savings fraction F at which the fractional uncertainty reaches 50 % (minimum detectable savings). */
  minimumSavingsFractionFor50Percent: number;
}

export interface AvoidedEnergyResult {
  /** Σ baseline predictions floored at 0 over the reporting period + non-routine adjustments, kWh. */
  adjustedBaselineKwh: number;
  /** Σ measured consumption over the reporting period, kWh. */
  actualKwh: number;
  /** adjusted baseline − actual, kWh; positive when energy was saved. */
  avoidedKwh: number;
  /** F = avoided / adjusted baseline. */
  savingsFraction: number;
  /** Figures of each reporting period, with `predictedKwh` floored at 0 by `floorPrediction`. */
  perPeriod: { predictedKwh: number; actualKwh: number; avoidedKwh: number }[];
  /** Reporting periods whose prediction was negative and was floored at 0. */
  flooredPeriodCount: number;
  /** Null when the uncertainty cannot be computed (no savings, or too few effective points). */
  uncertainty: SavingsUncertainty | null;
  /** Fractional uncertainty at 68 % confidence below 50 %: the Guideline 14 requirement. */
  meetsGuideline14Uncertainty: boolean | null;
  warnings: IpmvpWarning[];
}

/**
 * Compute the correction factor α of the fractional savings uncertainty. It is 1.26 for hourly
 * data, −0.00022·n² + 0.03306·n + 0.94054 for monthly data with n the baseline months, and
 * −0.00024·M² + 0.03535·M + 1.00286 for daily data with M the baseline length in months.
 */
export function savingsUncertaintyAlpha(granularity: DataGranularity, baselineMonths: number): number {
  if (granularity === 'hourly') return 1.26;
  if (granularity === 'monthly') return -0.00022 * baselineMonths ** 2 + 0.03306 * baselineMonths + 0.94054;
  return -0.00024 * baselineMonths ** 2 + 0.03535 * baselineMonths + 1.00286;
}

/** Days in an average Gregorian month, to express a daily baseline in months (nmecr divides by 30). */
const DAYS_PER_MONTH = 365.25 / 12;

/**
 * Compute the fractional savings uncertainty of ASHRAE Guideline 14-2014 Annex B, as implemented
 * in the kW-Labs `nmecr` R package (`calculate_savings_and_uncertainty.R`):
 *
 *   FSU = ΔE_save / E_save = (t · α / (m · Ē · F)) · √(MSE · (1 + 2/n) · m)
 *
 * with MSE = SSE/(n − p) of the baseline, Ē the mean baseline consumption per point, m the
 * reporting points, F the savings fraction and t the two-sided Student t with n − p degrees of
 * freedom. For daily and hourly data with a lag-1 residual autocorrelation ρ ≥ 0.5, n is replaced
 * by n' = n·(1 − ρ)/(1 + ρ) in the degrees of freedom, in MSE = SSE/(n' − p) and in (1 + 2/n').
 * Returns null when |F| ≤ 10⁻⁹ (no savings) or n' ≤ p.
 */
export function fractionalSavingsUncertainty(input: {
  baseline: IpmvpBaseline;
  savingsFraction: number;
  reportingPoints: number;
  confidence: number;
  baselineMonths?: number;
}): Omit<SavingsUncertainty, 'avoidedKwhUncertainty'> | null {
  const { baseline, savingsFraction, reportingPoints: m, confidence } = input;
  const { n, parameterCount: p, sse, meanMeasured } = baseline.regression;
  const rho = baseline.residualAutocorrelation;
  const corrected = baseline.granularity !== 'monthly' && Number.isFinite(rho) && rho >= 0.5;
  const effectiveN = corrected ? (n * (1 - rho)) / (1 + rho) : n;
  const degreesOfFreedom = effectiveN - p;
  // A savings fraction within rounding noise of zero would give an unbounded relative uncertainty.
  if (!(Math.abs(savingsFraction) > 1e-9) || !(degreesOfFreedom > 0) || m < 1) return null;

  const baselineMonths = input.baselineMonths ?? (baseline.granularity === 'daily' ? n / DAYS_PER_MONTH : n);
  const alpha = savingsUncertaintyAlpha(baseline.granularity, baselineMonths);
  const tValue = studentTCritical(confidence, degreesOfFreedom);
  const mse = sse / degreesOfFreedom;
  const spread = Math.sqrt(mse * (1 + 2 / effectiveN) * m);
  return {
    confidence,
    tValue,
    alpha,
    n,
    effectiveN,
    m,
    degreesOfFreedom,
    autocorrelationCorrected: corrected,
    fractionalSavingsUncertainty:
      ((tValue * alpha) / (m * meanMeasured * Math.abs(savingsFraction))) * spread,
    minimumSavingsFractionFor50Percent: ((tValue * alpha) / (m * meanMeasured * 0.5)) * spread,
  };
}

/**
 * Compute the avoided energy over a reporting period: adjusted baseline (model applied to the reporting
 * conditions, each period floored at 0 kWh) + non-routine adjustments − measured consumption, with
 * its Guideline 14 uncertainty at `confidence` (90 % by default). The savings fraction, and so the
 * uncertainty, use the floored adjusted baseline.
 */
export function computeAvoidedEnergy(
  baseline: IpmvpBaseline,
  reporting: readonly IpmvpPeriod[],
  options: { confidence?: number; nonRoutineAdjustmentKwh?: number; baselineMonths?: number } = {},
): AvoidedEnergyResult {
  const confidence = options.confidence ?? 0.9;
  const rawPredictions = predictBaseline(baseline, reporting);
  const predicted = rawPredictions.map(floorPrediction);
  const flooredPeriodCount = rawPredictions.filter((value) => value < 0).length;
  const perPeriod = reporting.map((period, index) => ({
    predictedKwh: predicted[index] ?? 0,
    actualKwh: period.energyKwh,
    avoidedKwh: (predicted[index] ?? 0) - period.energyKwh,
  }));
  const adjustedBaselineKwh =
    predicted.reduce((total, value) => total + value, 0) + (options.nonRoutineAdjustmentKwh ?? 0);
  const actualKwh = reporting.reduce((total, period) => total + period.energyKwh, 0);
  const avoidedKwh = adjustedBaselineKwh - actualKwh;
  const savingsFraction = adjustedBaselineKwh === 0 ? 0 : avoidedKwh / adjustedBaselineKwh;

  const warnings: IpmvpWarning[] = [];
  if (flooredPeriodCount > 0) {
    warnings.push({
      code: 'prediction-floored-at-zero',
      message: `Le modèle prédit une consommation négative sur ${flooredPeriodCount} période(s) de suivi : leur référence ajustée est ramenée à zéro, car une consommation ne peut pas être négative. La consommation évitée et son incertitude utilisent ces valeurs ramenées à zéro.`,
    });
  }
  for (const range of baseline.variableRanges) {
    const outside = reporting.filter((period, index) => {
      const value = variableValue(period, range.name, index);
      return value < range.min || value > range.max;
    }).length;
    if (outside > 0) {
      warnings.push({
        code: 'variable-outside-baseline-range',
        message: `${outside} période(s) de suivi ont une valeur de « ${range.name} » hors de la plage de la période de référence (${formatFrench(range.min)} à ${formatFrench(range.max)}) : le modèle y extrapole.`,
      });
    }
  }

  const uncertaintyInput = {
    baseline,
    savingsFraction,
    reportingPoints: reporting.length,
    ...(options.baselineMonths === undefined ? {} : { baselineMonths: options.baselineMonths }),
  };
  const atConfidence = fractionalSavingsUncertainty({ ...uncertaintyInput, confidence });
  const at68 = fractionalSavingsUncertainty({ ...uncertaintyInput, confidence: 0.68 });
  const uncertainty = atConfidence
    ? {
        ...atConfidence,
        avoidedKwhUncertainty: atConfidence.fractionalSavingsUncertainty * Math.abs(avoidedKwh),
      }
    : null;
  if (!uncertainty) {
    warnings.push({
      code: 'uncertainty-not-computable',
      message:
        'L’incertitude des économies n’est pas calculable : les économies sont nulles ou la période de référence compte trop peu de points indépendants.',
    });
  }
  const meetsGuideline14Uncertainty = at68 ? at68.fractionalSavingsUncertainty < 0.5 : null;
  if (meetsGuideline14Uncertainty === false) {
    warnings.push({
      code: 'uncertainty-above-half-of-savings',
      message: `L’incertitude à 68 % vaut ${formatFrench(100 * (at68?.fractionalSavingsUncertainty ?? 0))} % des économies, au-delà des 50 % admis par l’ASHRAE Guideline 14 : les économies ne se distinguent pas du bruit du modèle.`,
    });
  }

  return {
    adjustedBaselineKwh,
    actualKwh,
    avoidedKwh,
    savingsFraction,
    perPeriod,
    flooredPeriodCount,
    uncertainty,
    meetsGuideline14Uncertainty,
    warnings,
  };
}
