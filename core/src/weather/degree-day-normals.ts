/**
 * Degree-day normals: the mean of monthly and yearly sums over a reference period, by default the
 * WMO and Météo-France period 1991–2020. OPERAT uses the mean over 2001–2020 for the Décret
 * tertiaire, so the period is a parameter. Only complete months and complete years enter a mean, and
 * the result lists the years it used.
 */

import { formatIsoDate } from './dates.js';
import { monthlyDegreeDays } from './degree-day-sums.js';
import type { DailyDegreeDay } from './degree-days.js';

/** Mean of the sums of one month (1–12) or of whole years, °C·day. */
export interface DegreeDayNormal {
  /** Mean of the complete sums, °C·day; null when no year of the period is complete. */
  value: number | null;
  /** Years whose month (or whole year) was complete and entered the mean, ascending. */
  yearsUsed: number[];
}

export interface DegreeDayNormals {
  firstYear: number;
  lastYear: number;
  /** Years in the reference period (30 for 1991–2020). */
  yearsInPeriod: number;
  /** Mean yearly sum over the years with 12 complete months. */
  annual: DegreeDayNormal;
  /** Index 0 is January; each month uses the years in which that month is complete. */
  monthly: DegreeDayNormal[];
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

/**
 * Compute the monthly and annual normals of a daily degree-day series over `firstYear`–`lastYear` (1991–2020
 * by default). Run it on a series of one station, one method and one base. A month counts only when
 * every day has a value, and a year only when its 12 months do. Check `yearsUsed.length` against
 * the length of the period before publishing a normal; climatologists usually want 27 or more of
 * the 30 years.
 */
export function computeDegreeDayNormals(
  series: readonly DailyDegreeDay[],
  period: { firstYear: number; lastYear: number } = { firstYear: 1991, lastYear: 2020 },
): DegreeDayNormals {
  const { firstYear, lastYear } = period;
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || lastYear < firstYear) {
    throw new RangeError(`Invalid normal period ${firstYear}–${lastYear}`);
  }
  const months = monthlyDegreeDays(series, {
    firstDate: formatIsoDate(firstYear, 1, 1),
    lastDate: formatIsoDate(lastYear, 12, 31),
  });

  const monthlySums: { year: number; sum: number }[][] = Array.from({ length: 12 }, () => []);
  const yearlySums: { year: number; sum: number }[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    let yearSum = 0;
    let completeMonths = 0;
    for (let month = 1; month <= 12; month += 1) {
      const monthSum = months[(year - firstYear) * 12 + month - 1];
      if (monthSum?.completeness !== 1 || monthSum.sum === null) continue;
      monthlySums[month - 1]?.push({ year, sum: monthSum.sum });
      yearSum += monthSum.sum;
      completeMonths += 1;
    }
    if (completeMonths === 12) yearlySums.push({ year, sum: yearSum });
  }

  return {
    firstYear,
    lastYear,
    yearsInPeriod: lastYear - firstYear + 1,
    annual: {
      value: mean(yearlySums.map((entry) => entry.sum)),
      yearsUsed: yearlySums.map((entry) => entry.year),
    },
    monthly: monthlySums.map((entries) => ({
      value: mean(entries.map((entry) => entry.sum)),
      yearsUsed: entries.map((entry) => entry.year),
    })),
  };
}
