import { describe, expect, it } from 'vitest';
import { solveLeastSquares, solveNormalEquations } from './least-squares.js';

describe('solveNormalEquations', () => {
  it('solves a 2 × 2 system by hand', () => {
    // [[4, 2], [2, 3]]·β = [2, 5]: det = 8, β = [[3, −2], [−2, 4]]·[2, 5]/8 = [−0.5, 2].
    const beta = solveNormalEquations(
      [
        [4, 2],
        [2, 3],
      ],
      [2, 5],
    );
    expect(beta?.[0]).toBeCloseTo(-0.5, 12);
    expect(beta?.[1]).toBeCloseTo(2, 12);
  });

  it('returns null for a singular matrix', () => {
    expect(
      solveNormalEquations(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
  });
});

describe('solveLeastSquares', () => {
  it('returns (XᵀX)⁻¹ for the standard errors', () => {
    // X = [[1, 0], [1, 1], [1, 2]]: XᵀX = [[3, 3], [3, 5]], det 6, inverse [[5, −3], [−3, 3]]/6.
    const solution = solveLeastSquares(
      [
        [1, 0],
        [1, 1],
        [1, 2],
      ],
      [1, 3, 5],
    );
    expect(solution?.coefficients[0]).toBeCloseTo(1, 12);
    expect(solution?.coefficients[1]).toBeCloseTo(2, 12);
    expect(solution?.inverseGram[0]?.[0]).toBeCloseTo(5 / 6, 12);
    expect(solution?.inverseGram[0]?.[1]).toBeCloseTo(-3 / 6, 12);
    expect(solution?.inverseGram[1]?.[1]).toBeCloseTo(3 / 6, 12);
  });
});
