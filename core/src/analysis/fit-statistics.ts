/**
 * Goodness-of-fit statistics as ASHRAE Guideline 14 defines them, with p the number of model
 * parameters (change points included) and n − p degrees of freedom in CV(RMSE) and NMBE:
 *
 *   R²       = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)²
 *   adj. R²  = 1 − [Σ(yᵢ − ŷᵢ)² / (n − p)] / [Σ(yᵢ − ȳ)² / (n − 1)]
 *   CV(RMSE) = 100 · √(Σ(yᵢ − ŷᵢ)² / (n − p)) / ȳ                 [%]
 *   NMBE     = 100 · Σ(yᵢ − ŷᵢ) / ((n − p) · ȳ)                    [%]
 *   NDB      = 100 · Σ(ŷᵢ − yᵢ) / Σyᵢ                              [%]
 *
 * Sign convention: NMBE > 0 when the model under-predicts the measurements; NDB > 0 when it
 * over-predicts. Some summaries divide by n instead of n − p; these functions do not.
 */

/** Statistics of measured values y against model values ŷ; percentages are in %, not fractions. */
export interface GoodnessOfFit {
  n: number;
  /** p: parameters of the model, change points included. */
  parameterCount: number;
  /** n − p. */
  degreesOfFreedom: number;
  /** Mean of the measured values ȳ (weighted when weights are given), in the unit of y. */
  meanMeasured: number;
  /** Σ(yᵢ − ŷᵢ)², in the unit of y squared. */
  sse: number;
  /** Σ(yᵢ − ȳ)². */
  sst: number;
  r2: number;
  adjustedR2: number;
  /** √(SSE/(n − p)), in the unit of y. */
  rmse: number;
  cvRmse: number;
  nmbe: number;
  ndb: number;
}

function checkFinite(values: readonly number[], name: string): void {
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new RangeError(`${name}[${index}] is not a finite number: ${value}`);
  });
}

/**
 * Compute the goodness of fit of `predicted` against `measured`. With `weights` (days of each billing period,
 * for instance) every sum is weighted by wᵢ/w̄, so equal weights give the unweighted statistics and
 * n stays the number of points. Throws a RangeError unless n > p.
 */
export function computeGoodnessOfFit(
  measured: readonly number[],
  predicted: readonly number[],
  parameterCount: number,
  weights?: readonly number[],
): GoodnessOfFit {
  const n = measured.length;
  if (predicted.length !== n)
    throw new RangeError(`${n} measured values but ${predicted.length} predicted values`);
  if (weights && weights.length !== n) throw new RangeError(`${n} values but ${weights.length} weights`);
  if (!Number.isInteger(parameterCount) || parameterCount < 1) {
    throw new RangeError(`Parameter count must be a positive integer; got ${parameterCount}`);
  }
  if (n <= parameterCount)
    throw new RangeError(`Need more points (${n}) than parameters (${parameterCount})`);
  checkFinite(measured, 'measured');
  checkFinite(predicted, 'predicted');

  const meanWeight = weights ? weights.reduce((total, weight) => total + weight, 0) / n : 1;
  const weightAt = (index: number) => (weights ? (weights[index] ?? 0) / meanWeight : 1);

  let weightedSum = 0;
  for (let i = 0; i < n; i += 1) weightedSum += weightAt(i) * (measured[i] ?? 0);
  const meanMeasured = weightedSum / n;

  let sse = 0;
  let sst = 0;
  let residualSum = 0;
  for (let i = 0; i < n; i += 1) {
    const residual = (measured[i] ?? 0) - (predicted[i] ?? 0);
    sse += weightAt(i) * residual * residual;
    sst += weightAt(i) * ((measured[i] ?? 0) - meanMeasured) ** 2;
    residualSum += weightAt(i) * residual;
  }
  const degreesOfFreedom = n - parameterCount;
  const rmse = Math.sqrt(sse / degreesOfFreedom);

  return {
    n,
    parameterCount,
    degreesOfFreedom,
    meanMeasured,
    sse,
    sst,
    r2: 1 - sse / sst,
    adjustedR2: 1 - sse / degreesOfFreedom / (sst / (n - 1)),
    rmse,
    cvRmse: (100 * rmse) / meanMeasured,
    nmbe: (100 * residualSum) / (degreesOfFreedom * meanMeasured),
    ndb: (-100 * residualSum) / weightedSum,
  };
}

/** Compute the lag-1 autocorrelation of residuals: the Pearson correlation of eᵢ with eᵢ₋₁. */
export function lagOneAutocorrelation(residuals: readonly number[]): number {
  const current = residuals.slice(1);
  const previous = residuals.slice(0, -1);
  const count = current.length;
  if (count < 2) return Number.NaN;
  const meanCurrent = current.reduce((total, value) => total + value, 0) / count;
  const meanPrevious = previous.reduce((total, value) => total + value, 0) / count;
  let covariance = 0;
  let varianceCurrent = 0;
  let variancePrevious = 0;
  for (let i = 0; i < count; i += 1) {
    const a = (current[i] ?? 0) - meanCurrent;
    const b = (previous[i] ?? 0) - meanPrevious;
    covariance += a * b;
    varianceCurrent += a * a;
    variancePrevious += b * b;
  }
  return covariance / Math.sqrt(varianceCurrent * variancePrevious);
}
