/**
 * Energy signature against degree days ("signature énergétique"): consumption of each period
 * against the DJU of the same period, fitted by least squares.
 *
 * Per-day form, used when the periods have lengths: E/days = a · DJU/days + b, weighted by the days
 * of each period (the CalTRACK rule for billing periods of unequal length). `a` is the thermal
 * sensitivity in kWh per DJU and `b` the base load in kWh per day. Without lengths: E = a · DJU + b
 * with b in kWh per period.
 */

import { fitLinearRegression, type LinearRegression } from './linear-regression.js';

/** Consumption and degree days of one period (a month, a week, a billing period). */
export interface DegreeDayPeriod {
  /** Consumption of the period, kWh (final energy; gas in the basis you report, PCS or PCI). */
  energyKwh: number;
  /** Heating degree days of the period, °C·day, same station, method and base throughout. */
  degreeDays: number;
  /** Length of the period in days; give it for every period or for none. */
  days?: number;
}

/** A fitted signature. */
export interface DegreeDaySignature {
  /** `per-day` when the periods have lengths, else `per-period`. */
  form: 'per-day' | 'per-period';
  /** a: kWh per DJU. */
  slopeKwhPerDegreeDay: number;
  /** b in kWh per day (per-day form) or kWh per period (per-period form). */
  baseLoadKwh: number;
  /** The least-squares fit: coefficients [b, a], t statistics, R², CV(RMSE), NMBE with p = 2. */
  regression: LinearRegression;
}

/** Fit E = a·DJU + b on the periods; throws a RangeError with fewer than 3 periods or constant DJU. */
export function fitDegreeDaySignature(periods: readonly DegreeDayPeriod[]): DegreeDaySignature {
  const withDays = periods.filter((period) => period.days !== undefined).length;
  if (withDays !== 0 && withDays !== periods.length) {
    throw new RangeError(
      `Give the length of every period or of none; ${withDays} of ${periods.length} have one`,
    );
  }
  if (periods.length < 3) throw new RangeError(`A signature needs at least 3 periods; got ${periods.length}`);

  if (withDays === 0) {
    const regression = fitLinearRegression(
      periods.map((period) => [period.degreeDays]),
      periods.map((period) => period.energyKwh),
    );
    return {
      form: 'per-period',
      slopeKwhPerDegreeDay: regression.coefficients[1] ?? 0,
      baseLoadKwh: regression.coefficients[0] ?? 0,
      regression,
    };
  }

  periods.forEach((period, index) => {
    if (!((period.days ?? 0) > 0))
      throw new RangeError(`Period ${index} must last more than 0 days; got ${period.days}`);
  });
  const regression = fitLinearRegression(
    periods.map((period) => [period.degreeDays / (period.days ?? 1)]),
    periods.map((period) => period.energyKwh / (period.days ?? 1)),
    { weights: periods.map((period) => period.days ?? 1) },
  );
  return {
    form: 'per-day',
    slopeKwhPerDegreeDay: regression.coefficients[1] ?? 0,
    baseLoadKwh: regression.coefficients[0] ?? 0,
    regression,
  };
}

/**
 * Compute the climate-normalised yearly consumption from a per-day signature, kWh:
 * `days · b + a · DJU_normal`, with DJU_normal the normal yearly degree days of the same station,
 * method and base, and `days` 365 by default.
 */
export function normaliseYearlyConsumption(
  signature: DegreeDaySignature,
  normalYearlyDegreeDays: number,
  days = 365,
): number {
  if (signature.form !== 'per-day') {
    throw new RangeError('Yearly normalisation needs a per-day signature: give the length of each period');
  }
  return days * signature.baseLoadKwh + signature.slopeKwhPerDegreeDay * normalYearlyDegreeDays;
}
