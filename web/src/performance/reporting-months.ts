import type { IpmvpResult } from '../api/types';

type ReportingPeriod = IpmvpResult['reportingPeriods'][number];

/** Totals of the reporting days of one month, for the table of a daily IPMVP calculation. */
export interface ReportingMonth {
  /** First day of the month, `YYYY-MM-01`. */
  month: string;
  days: number;
  /** Days left out of the calculation (incomplete consumption or weather). */
  excludedDays: number;
  degreeDays: number | null;
  /** Sums over the days that entered the calculation; null when none did. */
  adjustedBaselineKwh: number | null;
  energyKwh: number | null;
  avoidedKwh: number | null;
}

function add(total: number | null, value: number | null): number | null {
  if (value === null) return total;
  return (total ?? 0) + value;
}

/**
 * Sums daily reporting periods per month. Only the days that entered the calculation count in the
 * energies, so that each month's avoided energy adds up to the calculation's total.
 */
export function reportingMonths(periods: readonly ReportingPeriod[]): ReportingMonth[] {
  const months = new Map<string, ReportingMonth>();
  for (const period of periods) {
    const month = `${period.firstDate.slice(0, 7)}-01`;
    const row = months.get(month) ?? {
      month,
      days: 0,
      excludedDays: 0,
      degreeDays: null,
      adjustedBaselineKwh: null,
      energyKwh: null,
      avoidedKwh: null,
    };
    row.days += period.days;
    row.degreeDays = add(row.degreeDays, period.degreeDays);
    if (period.included) {
      row.adjustedBaselineKwh = add(row.adjustedBaselineKwh, period.adjustedBaselineKwh);
      row.energyKwh = add(row.energyKwh, period.energyKwh);
      row.avoidedKwh = add(row.avoidedKwh, period.avoidedKwh);
    } else {
      row.excludedDays += period.days;
    }
    months.set(month, row);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
