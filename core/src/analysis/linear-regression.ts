/**
 * Ordinary (or weighted) least-squares regression with an intercept, coefficient standard errors,
 * t statistics and the Guideline 14 goodness-of-fit statistics.
 */

import { computeGoodnessOfFit, type GoodnessOfFit } from './fit-statistics.js';
import { solveLeastSquares } from './least-squares.js';
import { studentTTwoSidedPValue } from './student-t.js';

export interface LinearRegressionOptions {
  /** Adds a column of ones as the first regressor; true by default. */
  intercept?: boolean;
  /** Non-negative weight of each point, such as the days of a billing period (weighted least squares). */
  weights?: readonly number[];
  /**
   * Parameters estimated outside the least squares, such as the change points of a signature
   * model. They count in p for the statistics and the standard errors.
   */
  extraParameters?: number;
}

/** A fitted linear model y = β₀ + β₁·x₁ + … and its statistics. */
export interface LinearRegression extends GoodnessOfFit {
  /** β, intercept first when there is one, in the unit of y per unit of each regressor. */
  coefficients: number[];
  /** Standard error of each coefficient, √(MSE · (XᵀWX)⁻¹ⱼⱼ) with MSE = SSE/(n − p). */
  standardErrors: number[];
  /** βⱼ / standard error. */
  tStatistics: number[];
  /** Two-sided p-value of each t statistic with n − p degrees of freedom. */
  pValues: number[];
  fitted: number[];
  /** yᵢ − ŷᵢ. */
  residuals: number[];
}

function checkInputs(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  weights?: readonly number[],
): void {
  if (rows.length !== y.length)
    throw new RangeError(`${rows.length} rows of regressors but ${y.length} values of y`);
  y.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new RangeError(`y[${index}] is not a finite number: ${value}`);
  });
  rows.forEach((row, index) => {
    if (row.some((value) => !Number.isFinite(value)))
      throw new RangeError(`Regressor row ${index} has a non-finite value`);
  });
  if (weights) {
    if (weights.length !== y.length) throw new RangeError(`${y.length} values but ${weights.length} weights`);
    weights.forEach((weight, index) => {
      if (!(weight >= 0) || !Number.isFinite(weight))
        throw new RangeError(`Weight ${index} must be ≥ 0; got ${weight}`);
    });
  }
}

/**
 * Fit y on the regressor rows by least squares (one row per observation). Returns null when the
 * regressors are collinear or there are not more points than parameters; throws a RangeError on
 * inconsistent or non-finite input.
 */
export function tryFitLinearRegression(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: LinearRegressionOptions = {},
): LinearRegression | null {
  const { intercept = true, weights, extraParameters = 0 } = options;
  checkInputs(rows, y, weights);
  const design = intercept ? rows.map((row) => [1, ...row]) : rows.map((row) => [...row]);
  const linearCount = design[0]?.length ?? 0;
  const parameterCount = linearCount + extraParameters;
  if (y.length <= parameterCount || linearCount === 0) return null;

  const roots = weights?.map((weight) => Math.sqrt(weight));
  const weightedDesign = roots ? design.map((row, i) => row.map((value) => value * (roots[i] ?? 0))) : design;
  const weightedY = roots ? y.map((value, i) => value * (roots[i] ?? 0)) : y;
  const solution = solveLeastSquares(weightedDesign, weightedY);
  if (!solution) return null;

  const { coefficients, inverseGram } = solution;
  const fitted = design.map((row) =>
    row.reduce((total, value, j) => total + value * (coefficients[j] ?? 0), 0),
  );
  const residuals = y.map((value, i) => value - (fitted[i] ?? 0));
  const statistics = computeGoodnessOfFit(y, fitted, parameterCount, weights);

  // MSE of the weighted problem: Σ wᵢ·eᵢ² / (n − p), so that Var(β) = MSE · (XᵀWX)⁻¹.
  let weightedSse = 0;
  residuals.forEach((residual, i) => {
    weightedSse += (weights ? (weights[i] ?? 0) : 1) * residual * residual;
  });
  const mse = weightedSse / statistics.degreesOfFreedom;
  const standardErrors = coefficients.map((_, j) => Math.sqrt(mse * ((inverseGram[j] as number[])[j] ?? 0)));
  const tStatistics = coefficients.map((coefficient, j) => coefficient / (standardErrors[j] ?? 0));
  const pValues = tStatistics.map((t) => studentTTwoSidedPValue(t, statistics.degreesOfFreedom));

  return { ...statistics, coefficients, standardErrors, tStatistics, pValues, fitted, residuals };
}

/** Like `tryFitLinearRegression`, but throws a RangeError when the model cannot be fitted. */
export function fitLinearRegression(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: LinearRegressionOptions = {},
): LinearRegression {
  const fit = tryFitLinearRegression(rows, y, options);
  if (!fit) {
    throw new RangeError(
      `Cannot fit ${rows[0]?.length ?? 0} regressors on ${y.length} points: the regressors are collinear or there are too few points`,
    );
  }
  return fit;
}

/** Fit the simple regression y = β₀ + β₁·x; see `fitLinearRegression`. */
export function fitSimpleLinearRegression(
  x: readonly number[],
  y: readonly number[],
  options: Omit<LinearRegressionOptions, 'intercept'> = {},
): LinearRegression {
  return fitLinearRegression(
    x.map((value) => [value]),
    y,
    options,
  );
}
