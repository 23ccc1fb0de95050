/**
 * Energy signature models of energy against outdoor temperature (ASHRAE RP-1050 Inverse Modeling
 * Toolkit family), with (x)⁺ = max(x, 0):
 *
 *   2P   E = β₀ + β₁·T
 *   3PH  E = β₀ + β₁·(τ − T)⁺                       heating, β₁ ≥ 0
 *   3PC  E = β₀ + β₁·(T − τ)⁺                       cooling, β₁ ≥ 0
 *   4P   E = β₀ + β₁·(τ − T)⁺ + β₂·(T − τ)⁺         one change point, two free slopes
 *   5P   E = β₀ + β₁·(τh − T)⁺ + β₂·(T − τc)⁺       τh ≤ τc, β₁ ≥ 0, β₂ ≥ 0
 *
 * Change points are found by a grid search: at each candidate the linear coefficients come from
 * least squares, and the candidate with the smallest sum of squared residuals wins. The grid is
 * then refined around the winner. Statistics count each change point as a parameter, so a 3P
 * model has p = 3.
 */

import { solveNormalEquations } from './least-squares.js';
import { type LinearRegression, tryFitLinearRegression } from './linear-regression.js';

export type ChangePointModelType = '2P' | '3PH' | '3PC' | '4P' | '5P';

/** One period of a signature: its mean outdoor temperature and its energy. */
export interface TemperatureEnergyPoint {
  /** Mean outdoor temperature of the period, °C. */
  temperatureC: number;
  /** Energy of the period or per day of the period (kWh or kWh/day); slopes are in this unit per °C. */
  energy: number;
  /** Weight of the point in the fit, such as the days of a billing period; 1 when omitted. */
  weight?: number;
}

export interface ChangePointSearchOptions {
  /** Grid step, °C; 0.5 by default. Candidates are multiples of the step. */
  stepC?: number;
  /** Lowest candidate change point, °C; the lowest temperature of the data by default. */
  minChangePointC?: number;
  /** Highest candidate change point, °C; the highest temperature of the data by default. */
  maxChangePointC?: number;
  /** Minimum points on each sloped side of a change point; max(3, 5 % of the points) by default. */
  minPointsPerSegment?: number;
  /** Refinement passes around the best candidate, each with a step ten times smaller; 2 by default. */
  refinements?: number;
}

/** A fitted signature model. Energies are in the unit of `energy`, slopes in that unit per °C. */
export interface ChangePointModel {
  type: ChangePointModelType;
  /**
   * β₀. For 3PH, 3PC and 5P it is the weather-independent base load (energy per point). For 4P it
   * is the energy at the change point, and for 2P the energy at 0 °C.
   */
  baseLoad: number;
  /** β₁ of 3PH, 4P and 5P: extra energy per °C below the heating change point. */
  heatingSlope: number | null;
  heatingChangePointC: number | null;
  /** β₁ of 3PC, β₂ of 4P and 5P: extra energy per °C above the cooling change point (4P: may be negative). */
  coolingSlope: number | null;
  /** For 4P, the same change point as `heatingChangePointC`. */
  coolingChangePointC: number | null;
  /** β₁ of 2P: dE/dT (negative for a heating load). */
  temperatureSlope: number | null;
  /** The least-squares fit at the chosen change points; p includes the change points. */
  regression: LinearRegression;
}

interface Candidate {
  heating: number | null;
  cooling: number | null;
}

const positivePart = (value: number) => Math.max(value, 0);

function changePointCount(type: ChangePointModelType): number {
  if (type === '2P') return 0;
  return type === '5P' ? 2 : 1;
}

function regressorRow(type: ChangePointModelType, temperature: number, candidate: Candidate): number[] {
  const heating = candidate.heating ?? 0;
  const cooling = candidate.cooling ?? 0;
  switch (type) {
    case '2P':
      return [temperature];
    case '3PH':
      return [positivePart(heating - temperature)];
    case '3PC':
      return [positivePart(temperature - cooling)];
    case '4P':
      return [positivePart(heating - temperature), positivePart(temperature - heating)];
    case '5P':
      return [positivePart(heating - temperature), positivePart(temperature - cooling)];
  }
}

function hasEnoughPoints(
  type: ChangePointModelType,
  temperatures: readonly number[],
  candidate: Candidate,
  minPoints: number,
): boolean {
  const below = (limit: number) => temperatures.filter((temperature) => temperature < limit).length;
  const above = (limit: number) => temperatures.filter((temperature) => temperature > limit).length;
  const heating = candidate.heating ?? 0;
  const cooling = candidate.cooling ?? 0;
  switch (type) {
    case '2P':
      return true;
    case '3PH':
      return below(heating) >= minPoints && temperatures.length - below(heating) >= minPoints;
    case '3PC':
      return above(cooling) >= minPoints && temperatures.length - above(cooling) >= minPoints;
    case '4P':
      return below(heating) >= minPoints && above(heating) >= minPoints;
    case '5P':
      return below(heating) >= minPoints && above(cooling) >= minPoints;
  }
}

function hasPhysicalSigns(type: ChangePointModelType, coefficients: readonly number[]): boolean {
  const first = coefficients[1] ?? 0;
  const second = coefficients[2] ?? 0;
  if (type === '3PH' || type === '3PC') return first >= 0;
  if (type === '5P') return first >= 0 && second >= 0;
  return true;
}

function fitAt(
  type: ChangePointModelType,
  points: readonly TemperatureEnergyPoint[],
  candidate: Candidate,
): LinearRegression | null {
  const hasWeights = points.some((point) => point.weight !== undefined);
  return tryFitLinearRegression(
    points.map((point) => regressorRow(type, point.temperatureC, candidate)),
    points.map((point) => point.energy),
    {
      extraParameters: changePointCount(type),
      ...(hasWeights ? { weights: points.map((point) => point.weight ?? 1) } : {}),
    },
  );
}

/**
 * Compute the weighted sum of squared residuals at a candidate, or null when the candidate is not
 * allowed. The grid search calls this thousands of times, so it solves the normal equations
 * (p ≤ 3, regressors in °C) and skips the statistics. The chosen candidate is refitted by QR.
 */
function candidateSse(
  type: ChangePointModelType,
  points: readonly TemperatureEnergyPoint[],
  candidate: Candidate,
  minPoints: number,
): number | null {
  const temperatures = points.map((point) => point.temperatureC);
  if (!hasEnoughPoints(type, temperatures, candidate, minPoints)) return null;
  const rows = points.map((point) => [1, ...regressorRow(type, point.temperatureC, candidate)]);
  const p = rows[0]?.length ?? 1;
  const gram = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  rows.forEach((row, index) => {
    const point = points[index] as TemperatureEnergyPoint;
    const weight = point.weight ?? 1;
    for (let i = 0; i < p; i += 1) {
      xty[i] = (xty[i] ?? 0) + weight * (row[i] ?? 0) * point.energy;
      for (let j = 0; j < p; j += 1)
        (gram[i] as number[])[j] = (gram[i]?.[j] ?? 0) + weight * (row[i] ?? 0) * (row[j] ?? 0);
    }
  });
  const coefficients = solveNormalEquations(gram, xty);
  if (!coefficients || !hasPhysicalSigns(type, coefficients)) return null;
  let sse = 0;
  rows.forEach((row, index) => {
    const point = points[index] as TemperatureEnergyPoint;
    const residual =
      point.energy - row.reduce((total, value, j) => total + value * (coefficients[j] ?? 0), 0);
    sse += (point.weight ?? 1) * residual * residual;
  });
  return sse;
}

function gridValues(low: number, high: number, step: number): number[] {
  const values: number[] = [];
  for (let k = Math.ceil(low / step - 1e-9); k * step <= high + 1e-9; k += 1) {
    values.push(Number((k * step).toFixed(9)));
  }
  return values;
}

function candidatesFor(
  type: ChangePointModelType,
  values: readonly number[],
  coolingValues = values,
): Candidate[] {
  if (type === '3PC') return values.map((value) => ({ heating: null, cooling: value }));
  if (type === '3PH' || type === '4P') return values.map((value) => ({ heating: value, cooling: null }));
  const pairs: Candidate[] = [];
  for (const heating of values) {
    for (const cooling of coolingValues) if (heating <= cooling) pairs.push({ heating, cooling });
  }
  return pairs;
}

function toModel(
  type: ChangePointModelType,
  candidate: Candidate,
  regression: LinearRegression,
): ChangePointModel {
  const [baseLoad = 0, first = 0, second = 0] = regression.coefficients;
  const model: ChangePointModel = {
    type,
    baseLoad,
    heatingSlope: null,
    heatingChangePointC: null,
    coolingSlope: null,
    coolingChangePointC: null,
    temperatureSlope: null,
    regression,
  };
  switch (type) {
    case '2P':
      model.temperatureSlope = first;
      break;
    case '3PH':
      model.heatingSlope = first;
      model.heatingChangePointC = candidate.heating;
      break;
    case '3PC':
      model.coolingSlope = first;
      model.coolingChangePointC = candidate.cooling;
      break;
    case '4P':
      model.heatingSlope = first;
      model.heatingChangePointC = candidate.heating;
      model.coolingSlope = second;
      model.coolingChangePointC = candidate.heating;
      break;
    case '5P':
      model.heatingSlope = first;
      model.heatingChangePointC = candidate.heating;
      model.coolingSlope = second;
      model.coolingChangePointC = candidate.cooling;
      break;
  }
  return model;
}

/**
 * Fit one signature model. Returns null when no candidate change point leaves enough points on
 * each side or gives slopes of the physical sign (heating slope ≥ 0 for 3PH and 5P, cooling
 * slope ≥ 0 for 3PC and 5P; 4P slopes are free).
 */
export function fitChangePointModel(
  points: readonly TemperatureEnergyPoint[],
  type: ChangePointModelType,
  options: ChangePointSearchOptions = {},
): ChangePointModel | null {
  points.forEach((point, index) => {
    if (!Number.isFinite(point.temperatureC) || !Number.isFinite(point.energy)) {
      throw new RangeError(`Point ${index} has a non-finite temperature or energy`);
    }
  });
  if (points.length === 0) return null;
  const minPoints = options.minPointsPerSegment ?? Math.max(3, Math.ceil(0.05 * points.length));

  if (type === '2P') {
    const regression = fitAt(type, points, { heating: null, cooling: null });
    return regression ? toModel(type, { heating: null, cooling: null }, regression) : null;
  }

  const step = options.stepC ?? 0.5;
  if (!(step > 0)) throw new RangeError(`Change-point step must be > 0 °C; got ${step}`);
  const temperatures = points.map((point) => point.temperatureC);
  const low = options.minChangePointC ?? Math.min(...temperatures);
  const high = options.maxChangePointC ?? Math.max(...temperatures);

  type Best = { candidate: Candidate; sse: number } | null;
  const consider = (best: Best, candidates: readonly Candidate[]): Best => {
    let current = best;
    for (const candidate of candidates) {
      const sse = candidateSse(type, points, candidate, minPoints);
      if (sse !== null && (current === null || sse < current.sse)) current = { candidate, sse };
    }
    return current;
  };
  let best = consider(null, candidatesFor(type, gridValues(low, high, step)));

  let currentStep = step;
  for (let pass = 0; pass < (options.refinements ?? 2) && best !== null; pass += 1) {
    const finerStep = currentStep / 10;
    const around = (center: number) =>
      gridValues(Math.max(low, center - currentStep), Math.min(high, center + currentStep), finerStep);
    const heatingValues = best.candidate.heating === null ? [] : around(best.candidate.heating);
    const coolingValues = best.candidate.cooling === null ? [] : around(best.candidate.cooling);
    if (type === '3PC') best = consider(best, candidatesFor(type, coolingValues));
    else if (type === '5P') best = consider(best, candidatesFor(type, heatingValues, coolingValues));
    else best = consider(best, candidatesFor(type, heatingValues));
    currentStep = finerStep;
  }

  if (!best) return null;
  const regression = fitAt(type, points, best.candidate);
  return regression ? toModel(type, best.candidate, regression) : null;
}

/** Predict the energy at a temperature, in the unit of the fitted `energy`. */
export function predictChangePointModel(model: ChangePointModel, temperatureC: number): number {
  const row = regressorRow(model.type, temperatureC, {
    heating: model.heatingChangePointC,
    cooling: model.coolingChangePointC,
  });
  return row.reduce(
    (total, value, index) => total + value * (model.regression.coefficients[index + 1] ?? 0),
    model.baseLoad,
  );
}

/**
 * Fit several model types and pick the one with the highest adjusted R² (the CalTRACK selection
 * rule, which penalises the extra parameters of 4P and 5P). `best` is null when no type fits.
 */
export function selectChangePointModel(
  points: readonly TemperatureEnergyPoint[],
  types: readonly ChangePointModelType[] = ['2P', '3PH', '3PC', '4P', '5P'],
  options: ChangePointSearchOptions = {},
): { models: ChangePointModel[]; best: ChangePointModel | null } {
  const models = types
    .map((type) => fitChangePointModel(points, type, options))
    .filter((model): model is ChangePointModel => model !== null);
  let best: ChangePointModel | null = null;
  for (const model of models) {
    if (best === null || model.regression.adjustedR2 > best.regression.adjustedR2) best = model;
  }
  return { models, best };
}
