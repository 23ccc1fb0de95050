import { describe, expect, it } from 'vitest';
import { computeGoodnessOfFit, lagOneAutocorrelation } from './fit-statistics.js';
import {
  fitLinearRegression,
  fitSimpleLinearRegression,
  tryFitLinearRegression,
} from './linear-regression.js';

describe('fitSimpleLinearRegression', () => {
  // x = 1..5, y = 2, 4, 5, 4, 5. Closed-form sums: n = 5, Σx = 15, Σy = 20, Σxy = 66, Σx² = 55,
  // Sxx = 55 − 15²/5 = 10, Sxy = 66 − 15·20/5 = 6 → b = 6/10 = 0.6, a = 20/5 − 0.6·3 = 2.2.
  // Fitted 2.8, 3.4, 4.0, 4.6, 5.2; residuals −0.8, 0.6, 1.0, −0.6, −0.2; SSE = 2.4; SST = 6.
  const fit = fitSimpleLinearRegression([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);

  it('recovers the hand-computed coefficients', () => {
    expect(fit.coefficients[0]).toBeCloseTo(2.2, 12);
    expect(fit.coefficients[1]).toBeCloseTo(0.6, 12);
    expect(fit.residuals.map((value) => Number(value.toFixed(10)))).toEqual([-0.8, 0.6, 1, -0.6, -0.2]);
  });

  it('computes the Guideline 14 statistics with n − p', () => {
    expect(fit.n).toBe(5);
    expect(fit.parameterCount).toBe(2);
    expect(fit.degreesOfFreedom).toBe(3);
    expect(fit.sse).toBeCloseTo(2.4, 12);
    expect(fit.sst).toBeCloseTo(6, 12);
    expect(fit.r2).toBeCloseTo(1 - 2.4 / 6, 12);
    expect(fit.adjustedR2).toBeCloseTo(1 - 2.4 / 3 / (6 / 4), 12);
    // RMSE = √(2.4/3) = √0.8; CV(RMSE) = 100·√0.8/4 ≈ 22.3607 %.
    expect(fit.rmse).toBeCloseTo(Math.sqrt(0.8), 12);
    expect(fit.cvRmse).toBeCloseTo((100 * Math.sqrt(0.8)) / 4, 10);
    expect(fit.nmbe).toBeCloseTo(0, 10);
  });

  it('computes standard errors and t statistics', () => {
    // MSE = 0.8; SE(b) = √(0.8/10); SE(a) = √(0.8·(1/5 + 3²/10)) = √0.88.
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(fit.standardErrors[0]).toBeCloseTo(Math.sqrt(0.88), 12);
    expect(fit.tStatistics[1]).toBeCloseTo(0.6 / Math.sqrt(0.08), 10);
    expect(fit.tStatistics[0]).toBeCloseTo(2.2 / Math.sqrt(0.88), 10);
    // Two-sided p-value with 3 df from the closed form of the t(3) CDF.
    const t = 0.6 / Math.sqrt(0.08);
    const cdf3 = 0.5 + (t / (Math.sqrt(3) * (1 + (t * t) / 3)) + Math.atan(t / Math.sqrt(3))) / Math.PI;
    expect(fit.pValues[1]).toBeCloseTo(2 * (1 - cdf3), 10);
  });

  it('stays exact with a large offset in x', () => {
    // Same data with x shifted by 10⁶: slope unchanged, intercept 4 − 0.6·(10⁶ + 3).
    const shifted = fitSimpleLinearRegression(
      [1, 2, 3, 4, 5].map((x) => x + 1e6),
      [2, 4, 5, 4, 5],
    );
    expect(shifted.coefficients[1]).toBeCloseTo(0.6, 7);
    expect(shifted.coefficients[0]).toBeCloseTo(4 - 0.6 * (1e6 + 3), 2);
  });
});

describe('fitLinearRegression', () => {
  it('solves a 2 × 2 factorial design by hand', () => {
    // Coded levels ±1 make the columns orthogonal with XᵀX = 4·I, so β₀ = mean(y) = 44/4 = 11,
    // β₁ = Σx₁y/4 = (−10 + 14 − 7 + 13)/4 = 2.5, β₂ = Σx₂y/4 = (−10 − 14 + 7 + 13)/4 = −1.
    // Residuals ±0.5, SSE = 1, one degree of freedom, MSE = 1, SE = √(1/4) = 0.5.
    const fit = fitLinearRegression(
      [
        [-1, -1],
        [1, -1],
        [-1, 1],
        [1, 1],
      ],
      [10, 14, 7, 13],
    );
    expect(fit.coefficients.map((value) => Number(value.toFixed(10)))).toEqual([11, 2.5, -1]);
    expect(fit.sse).toBeCloseTo(1, 12);
    expect(fit.standardErrors.map((value) => Number(value.toFixed(10)))).toEqual([0.5, 0.5, 0.5]);
    expect(fit.tStatistics.map((value) => Number(value.toFixed(10)))).toEqual([22, 5, -2]);
  });

  it('weights points as weighted least squares', () => {
    // x = 0, 1, 2; y = 1, 2, 4; w = 1, 1, 2. Weighted means x̄ = 5/4, ȳ = 11/4;
    // Sxy = 4.25, Sxx = 2.75 → b = 17/11, a = 11/4 − (17/11)(5/4) = 9/11.
    const fit = fitSimpleLinearRegression([0, 1, 2], [1, 2, 4], { weights: [1, 1, 2] });
    expect(fit.coefficients[1]).toBeCloseTo(17 / 11, 12);
    expect(fit.coefficients[0]).toBeCloseTo(9 / 11, 12);
  });

  it('returns null for collinear regressors', () => {
    expect(
      tryFitLinearRegression(
        [
          [1, 2],
          [2, 4],
          [3, 6],
          [4, 8],
        ],
        [1, 2, 3, 5],
      ),
    ).toBeNull();
    expect(() => fitSimpleLinearRegression([3, 3, 3, 3], [1, 2, 3, 4])).toThrow(/collinear/);
  });

  it('rejects non-finite values and mismatched lengths', () => {
    expect(() => fitSimpleLinearRegression([1, 2, 3], [1, Number.NaN, 3])).toThrow(RangeError);
    expect(() => fitSimpleLinearRegression([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe('computeGoodnessOfFit', () => {
  it('computes NMBE, CV(RMSE) and NDB by hand', () => {
    // y = 10, 12, 14, 16; ŷ = 9, 11, 13, 15; p = 2. Residuals all +1: Σ = 4, SSE = 4; ȳ = 13;
    // SST = 9 + 1 + 1 + 9 = 20. NMBE = 100·4/(2·13); CV = 100·√(4/2)/13; NDB = 100·(−4)/52.
    const fit = computeGoodnessOfFit([10, 12, 14, 16], [9, 11, 13, 15], 2);
    expect(fit.nmbe).toBeCloseTo(400 / 26, 12);
    expect(fit.cvRmse).toBeCloseTo((100 * Math.sqrt(2)) / 13, 12);
    expect(fit.ndb).toBeCloseTo(-400 / 52, 12);
    expect(fit.r2).toBeCloseTo(0.8, 12);
    expect(fit.adjustedR2).toBeCloseTo(1 - 2 / (20 / 3), 12);
  });

  it('needs more points than parameters', () => {
    expect(() => computeGoodnessOfFit([1, 2], [1, 2], 2)).toThrow(RangeError);
  });
});

describe('lagOneAutocorrelation', () => {
  it('computes the Pearson correlation of consecutive residuals', () => {
    // Pairs (eᵢ₋₁, eᵢ): (1, 2), (2, 3), (3, 2), (2, 1). Means 2 and 2; Σ products of deviations
    // = (−1)(0) + (0)(1) + (1)(0) + (0)(−1) = 0 → ρ = 0.
    expect(lagOneAutocorrelation([1, 2, 3, 2, 1])).toBeCloseTo(0, 12);
    // A straight line has ρ = 1.
    expect(lagOneAutocorrelation([1, 2, 3, 4, 5])).toBeCloseTo(1, 12);
  });
});
