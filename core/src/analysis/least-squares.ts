/**
 * Least squares by Householder QR. QR works on the design matrix itself instead of forming XᵀX, so
 * it loses about half as many digits as the normal equations on badly scaled regressors (degree
 * days in the hundreds next to a column of ones).
 */

/** Solution of min ‖X·β − y‖² and the matrix (XᵀX)⁻¹ needed for standard errors. */
export interface LeastSquaresSolution {
  coefficients: number[];
  /** (XᵀX)⁻¹ = R⁻¹·R⁻ᵀ, p × p. */
  inverseGram: number[][];
}

/**
 * A column whose remaining norm after the previous reflections is below this share of its own norm
 * is taken as a linear combination of the previous columns.
 */
const RANK_TOLERANCE = 1e-10;

/**
 * Solve min ‖X·β − y‖² for an n × p design (rows are observations). Returns null when X has rank
 * below p, for example a change-point regressor that is zero on every row.
 */
export function solveLeastSquares(
  design: readonly (readonly number[])[],
  y: readonly number[],
): LeastSquaresSolution | null {
  const n = design.length;
  const p = design[0]?.length ?? 0;
  if (n !== y.length) throw new RangeError(`Design has ${n} rows but y has ${y.length} values`);
  if (p === 0 || n < p) return null;

  // Columns of X, transformed in place into R (upper part) by the reflections.
  const columns: Float64Array[] = [];
  const columnNorms: number[] = [];
  for (let j = 0; j < p; j += 1) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      const row = design[i];
      if (!row || row.length !== p) throw new RangeError(`Design row ${i} does not have ${p} columns`);
      column[i] = row[j] ?? 0;
    }
    columns.push(column);
    let sumOfSquares = 0;
    for (const value of column) sumOfSquares += value * value;
    columnNorms.push(Math.sqrt(sumOfSquares));
  }
  const rhs = Float64Array.from(y);

  for (let k = 0; k < p; k += 1) {
    const pivot = columns[k] as Float64Array;
    let normSquared = 0;
    for (let i = k; i < n; i += 1) normSquared += (pivot[i] ?? 0) ** 2;
    const norm = Math.sqrt(normSquared);
    if (norm === 0 || norm <= RANK_TOLERANCE * (columnNorms[k] ?? 0)) return null;

    // Reflection H = I − 2·v·vᵀ/(vᵀv) that maps pivot[k..] onto alpha·e₁.
    const alpha = (pivot[k] ?? 0) > 0 ? -norm : norm;
    const v = new Float64Array(n - k);
    for (let i = k; i < n; i += 1) v[i - k] = pivot[i] ?? 0;
    v[0] = (v[0] ?? 0) - alpha;
    let vNormSquared = 0;
    for (const value of v) vNormSquared += value * value;

    const reflect = (target: Float64Array) => {
      let dot = 0;
      for (let i = k; i < n; i += 1) dot += (v[i - k] ?? 0) * (target[i] ?? 0);
      const factor = (2 * dot) / vNormSquared;
      for (let i = k; i < n; i += 1) target[i] = (target[i] ?? 0) - factor * (v[i - k] ?? 0);
    };
    for (let j = k + 1; j < p; j += 1) reflect(columns[j] as Float64Array);
    reflect(rhs);
    pivot[k] = alpha;
    for (let i = k + 1; i < n; i += 1) pivot[i] = 0;
  }

  const r = (row: number, column: number) => (columns[column] as Float64Array)[row] ?? 0;

  // Back substitution R·β = (Qᵀy)[0..p−1].
  const coefficients = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i -= 1) {
    let value = rhs[i] ?? 0;
    for (let j = i + 1; j < p; j += 1) value -= r(i, j) * (coefficients[j] ?? 0);
    coefficients[i] = value / r(i, i);
  }

  // R⁻¹ (upper triangular), then (XᵀX)⁻¹ = R⁻¹·R⁻ᵀ.
  const rInverse: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j += 1) {
    (rInverse[j] as number[])[j] = 1 / r(j, j);
    for (let i = j - 1; i >= 0; i -= 1) {
      let value = 0;
      for (let k = i + 1; k <= j; k += 1) value += r(i, k) * ((rInverse[k] as number[])[j] ?? 0);
      (rInverse[i] as number[])[j] = -value / r(i, i);
    }
  }
  const inverseGram: number[][] = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let value = 0;
      for (let k = Math.max(i, j); k < p; k += 1)
        value += ((rInverse[i] as number[])[k] ?? 0) * ((rInverse[j] as number[])[k] ?? 0);
      return value;
    }),
  );

  return { coefficients, inverseGram };
}

/**
 * Solve the normal equations (XᵀX)·β = Xᵀy by Cholesky factorisation, for small p. Faster than QR
 * when XᵀX is accumulated in one pass, but it squares the condition number, so use it for
 * well-scaled problems such as the change-point search. Returns null when XᵀX is not positive
 * definite (collinear regressors).
 */
export function solveNormalEquations(
  gram: readonly (readonly number[])[],
  xty: readonly number[],
): number[] | null {
  const p = xty.length;
  const lower: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = gram[i]?.[j] ?? 0;
      for (let k = 0; k < j; k += 1) sum -= (lower[i]?.[k] ?? 0) * (lower[j]?.[k] ?? 0);
      if (i === j) {
        if (!(sum > RANK_TOLERANCE * Math.abs(gram[i]?.[i] ?? 0))) return null;
        (lower[i] as number[])[i] = Math.sqrt(sum);
      } else {
        (lower[i] as number[])[j] = sum / (lower[j]?.[j] ?? 1);
      }
    }
  }
  // Forward substitution L·z = Xᵀy, then back substitution Lᵀ·β = z.
  const z = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i += 1) {
    let sum = xty[i] ?? 0;
    for (let k = 0; k < i; k += 1) sum -= (lower[i]?.[k] ?? 0) * (z[k] ?? 0);
    z[i] = sum / (lower[i]?.[i] ?? 1);
  }
  const beta = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i -= 1) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < p; k += 1) sum -= (lower[k]?.[i] ?? 0) * (beta[k] ?? 0);
    beta[i] = sum / (lower[i]?.[i] ?? 1);
  }
  return beta;
}
