import {
  type ChangePointModel,
  type ChangePointModelType,
  type DegreeDayMethod,
  fitDegreeDaySignature,
  type LinearRegression,
  predictChangePointModel,
  selectChangePointModel,
  type TemperatureEnergyPoint,
} from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { buildPeriods, wholeMonths } from '../weather/periods.js';
import type { StationSummary } from '../weather/repository.js';
import { loadSamples, type PeriodSample, resolveSampleContext } from './samples.js';

export const SIGNATURE_MODELS = ['auto', '2P', '3PH', '3PC', '4P', '5P'] as const;
export type SignatureModelChoice = (typeof SIGNATURE_MODELS)[number];
const ALL_TYPES: ChangePointModelType[] = ['2P', '3PH', '3PC', '4P', '5P'];

export interface SignatureRequest {
  buildingId: string;
  energy?: string | undefined;
  stationId?: string | undefined;
  from: string;
  to: string;
  step: 'day' | 'week' | 'month';
  model: SignatureModelChoice;
  method: DegreeDayMethod;
  baseC: number;
  minCompleteness: number;
}

/**
 * Goodness of fit of a regression, Guideline 14 definitions (p counts change points). A statistic
 * that is not a finite number (R² of constant values, CV(RMSE) of a zero mean) is null.
 */
export interface FitStatistics {
  n: number;
  parameterCount: number;
  r2: number | null;
  adjustedR2: number | null;
  /** %. */
  cvRmse: number | null;
  /** %; positive when the model under-predicts. */
  nmbe: number | null;
  /** kWh per day. */
  rmse: number | null;
}

export function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

export function statisticsOf(regression: LinearRegression): FitStatistics {
  return {
    n: regression.n,
    parameterCount: regression.parameterCount,
    r2: finiteOrNull(regression.r2),
    adjustedR2: finiteOrNull(regression.adjustedR2),
    cvRmse: finiteOrNull(regression.cvRmse),
    nmbe: finiteOrNull(regression.nmbe),
    rmse: finiteOrNull(regression.rmse),
  };
}

/** One point of the scatter: a period with its energy per day and its weather. */
export interface SignaturePoint extends PeriodSample {
  energyKwhPerDay: number | null;
  degreeDaysPerDay: number | null;
}

export interface ChartPoint {
  x: number;
  y: number;
}

export interface DegreeDayModelResult extends FitStatistics {
  /** a: kWh per degree day. */
  slopeKwhPerDegreeDay: number;
  slopeStandardError: number | null;
  slopePValue: number | null;
  /** b: weather-independent load, kWh per day. */
  baseLoadKwhPerDay: number;
  /** 365 · b, kWh per year. */
  baseLoadKwhPerYear: number;
  /** Fitted line over the degree days per day of the points: x = DJU/day, y = kWh/day. */
  line: ChartPoint[];
}

export interface TemperatureModelResult extends FitStatistics {
  type: ChangePointModelType;
  /** β₀, kWh per day: base load of 3PH, 3PC and 5P, energy at the change point for 4P, at 0 °C for 2P. */
  baseLoadKwhPerDay: number;
  /** kWh per day per °C below the heating change point. */
  heatingSlopeKwhPerDegreeC: number | null;
  heatingChangePointC: number | null;
  /** kWh per day per °C above the cooling change point. */
  coolingSlopeKwhPerDegreeC: number | null;
  coolingChangePointC: number | null;
  /** dE/dT of 2P, kWh per day per °C. */
  temperatureSlopeKwhPerDegreeC: number | null;
  /** Fitted model over the temperatures of the points: x = °C, y = kWh/day, one point per vertex. */
  line: ChartPoint[];
}

export interface SignatureResult {
  buildingId: string;
  energy: string;
  /** Unit of the energies: kWh PCS for gas (as billed), kWh for the others. */
  energyUnit: string;
  station: StationSummary;
  from: string;
  to: string;
  step: 'day' | 'week' | 'month';
  method: DegreeDayMethod;
  baseC: number;
  minCompleteness: number;
  points: SignaturePoint[];
  degreeDayModel: DegreeDayModelResult | null;
  temperatureModel: TemperatureModelResult | null;
  /** Every model type tried on the temperatures, best adjusted R² first. */
  temperatureCandidates: (FitStatistics & { type: ChangePointModelType })[];
  warnings: string[];
}

export function energyUnitOf(energy: string): string {
  return energy === 'gas' ? 'kWh PCS' : 'kWh';
}

function degreeDayModel(points: readonly SignaturePoint[], warnings: string[]): DegreeDayModelResult | null {
  const included = points.filter((point) => point.included);
  try {
    const signature = fitDegreeDaySignature(
      included.map((point) => ({
        energyKwh: point.energyKwh as number,
        degreeDays: point.degreeDays as number,
        days: point.days,
      })),
    );
    const xs = included.map((point) => point.degreeDaysPerDay as number);
    const low = Math.min(0, ...xs);
    const high = Math.max(...xs);
    const at = (x: number) => signature.baseLoadKwh + signature.slopeKwhPerDegreeDay * x;
    return {
      ...statisticsOf(signature.regression),
      slopeKwhPerDegreeDay: signature.slopeKwhPerDegreeDay,
      slopeStandardError: finiteOrNull(signature.regression.standardErrors[1]),
      slopePValue: finiteOrNull(signature.regression.pValues[1]),
      baseLoadKwhPerDay: signature.baseLoadKwh,
      baseLoadKwhPerYear: 365 * signature.baseLoadKwh,
      line: [
        { x: low, y: at(low) },
        { x: high, y: at(high) },
      ],
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    warnings.push(
      included.length < 3
        ? `La droite en degrés-jours demande au moins 3 périodes complètes ; ${included.length} le sont. Élargissez la plage ou baissez le seuil de complétude.`
        : 'La droite en degrés-jours ne peut pas être ajustée : les degrés-jours sont identiques sur toutes les périodes retenues. Élargissez la plage à des périodes plus froides ou plus chaudes.',
    );
    return null;
  }
}

function temperatureLine(model: ChangePointModel, temperatures: readonly number[]): ChartPoint[] {
  const low = Math.min(...temperatures);
  const high = Math.max(...temperatures);
  const vertices = new Set([low, high]);
  for (const changePoint of [model.heatingChangePointC, model.coolingChangePointC]) {
    if (changePoint !== null && changePoint > low && changePoint < high) vertices.add(changePoint);
  }
  return [...vertices]
    .sort((left, right) => left - right)
    .map((x) => ({ x, y: predictChangePointModel(model, x) }));
}

function temperatureResult(model: ChangePointModel, temperatures: readonly number[]): TemperatureModelResult {
  return {
    ...statisticsOf(model.regression),
    type: model.type,
    baseLoadKwhPerDay: model.baseLoad,
    heatingSlopeKwhPerDegreeC: model.heatingSlope,
    heatingChangePointC: model.heatingChangePointC,
    coolingSlopeKwhPerDegreeC: model.coolingSlope,
    coolingChangePointC: model.coolingChangePointC,
    temperatureSlopeKwhPerDegreeC: model.temperatureSlope,
    line: temperatureLine(model, temperatures),
  };
}

/**
 * Builds the energy signature of one energy of a building: each period's energy per day against its
 * degree days per day (E/j = a·DJU/j + b, weighted by the days of each period) and against its mean
 * temperature (change-point models 2P to 5P, `auto` keeping the best adjusted R²).
 */
export async function computeSignature(
  db: Db,
  scope: Scope,
  request: SignatureRequest,
): Promise<SignatureResult> {
  const context = await resolveSampleContext(db, scope, request.buildingId, request);
  const range = request.step === 'month' ? wholeMonths(request) : { from: request.from, to: request.to };
  const periods = buildPeriods(range.from, range.to, request.step);
  const samples = await loadSamples(
    db,
    context,
    periods,
    request.step === 'month' ? 'month' : 'day',
    { method: request.method, heatingBaseC: request.baseC, coolingBaseC: request.baseC },
    request.minCompleteness,
  );
  const points: SignaturePoint[] = samples.map((sample) => ({
    ...sample,
    energyKwhPerDay: sample.energyKwh === null ? null : sample.energyKwh / sample.days,
    degreeDaysPerDay: sample.degreeDays === null ? null : sample.degreeDays / sample.days,
  }));

  const warnings: string[] = [];
  const excluded = points.filter((point) => !point.included).length;
  if (excluded > 0) {
    warnings.push(
      `${excluded} période(s) sur ${points.length} sont écartées de l’ajustement (consommation ou températures incomplètes) ; chaque point indique pourquoi.`,
    );
  }

  const included = points.filter((point) => point.included);
  const temperaturePoints: TemperatureEnergyPoint[] = included.map((point) => ({
    temperatureC: point.meanTemperatureC as number,
    energy: point.energyKwhPerDay as number,
    ...(request.step === 'day' ? {} : { weight: point.days }),
  }));
  const temperatures = temperaturePoints.map((point) => point.temperatureC);
  const types = request.model === 'auto' ? ALL_TYPES : [request.model];
  const { models, best } =
    temperaturePoints.length === 0
      ? { models: [], best: null }
      : selectChangePointModel(temperaturePoints, types);
  const chosen = request.model === 'auto' ? best : (models[0] ?? null);
  if (!chosen && temperaturePoints.length > 0) {
    warnings.push(
      request.model === 'auto'
        ? 'Aucun modèle en température ne s’ajuste sur ces périodes : il faut assez de points de part et d’autre de chaque point de rupture.'
        : `Le modèle ${request.model} ne s’ajuste pas sur ces périodes (trop peu de points de part et d’autre du point de rupture, ou pente de signe contraire à la physique). Essayez « auto » ou un autre modèle.`,
    );
  }

  const degreeDayFit = degreeDayModel(points, warnings);
  if (degreeDayFit && degreeDayFit.baseLoadKwhPerDay < 0) {
    warnings.push(
      `La charge de base de la droite en degrés-jours est négative : le bâtiment ne chauffe sans doute qu’en dessous de ${String(request.baseC).replace('.', ',')} °C. Baissez la base ou lisez le modèle en température, qui ajuste ce seuil.`,
    );
  }

  return {
    buildingId: request.buildingId,
    energy: context.energy,
    energyUnit: energyUnitOf(context.energy),
    station: context.station,
    from: range.from,
    to: range.to,
    step: request.step,
    method: request.method,
    baseC: request.baseC,
    minCompleteness: request.minCompleteness,
    points,
    degreeDayModel: degreeDayFit,
    temperatureModel: chosen ? temperatureResult(chosen, temperatures) : null,
    temperatureCandidates: [...models]
      .sort((left, right) => right.regression.adjustedR2 - left.regression.adjustedR2)
      .map((model) => ({ type: model.type, ...statisticsOf(model.regression) })),
    warnings,
  };
}
