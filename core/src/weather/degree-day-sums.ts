/**
 * Sums of daily degree days over months, years, heating seasons or any date range. A missing day
 * is never counted as zero. Each sum reports how many days it contains and which share of the
 * period that is, and a sum with no day at all is null.
 */

import { addDays, countDaysInclusive, daysInMonth, formatIsoDate, parseIsoDate } from './dates.js';
import type { DailyDegreeDay } from './degree-days.js';

/** Degree days summed over one period, °C·day. */
export interface DegreeDaySum {
  /** `YYYY-MM` for a month, `YYYY` for a year, `YYYY-YYYY` for a heating season across two years. */
  label: string;
  /** First day of the period, `YYYY-MM-DD`, included. */
  firstDate: string;
  /** Last day of the period, `YYYY-MM-DD`, included. */
  lastDate: string;
  /** Sum of the days present, °C·day; null when no day of the period has a value. */
  sum: number | null;
  daysPresent: number;
  /** Calendar days of the period (those kept by `includeDate` when one is given). */
  daysInPeriod: number;
  /** `daysPresent / daysInPeriod`, 0 to 1. A sum is complete only when this is exactly 1. */
  completeness: number;
}

/** Dates of a heating season, such as 1 October to 20 May. */
export interface HeatingSeason {
  startMonth: number;
  startDay: number;
  endMonth: number;
  endDay: number;
}

/**
 * 1 October to 20 May: the default heating season of a public French tool. It is a convention, not
 * a regulation, so let users change it.
 */
export const DEFAULT_HEATING_SEASON: HeatingSeason = { startMonth: 10, startDay: 1, endMonth: 5, endDay: 20 };

type ValuesByDate = ReadonlyMap<string, number | null>;

function indexByDate(series: readonly DailyDegreeDay[]): ValuesByDate {
  const byDate = new Map<string, number | null>();
  for (const day of series) {
    parseIsoDate(day.date);
    if (byDate.has(day.date)) throw new RangeError(`Duplicate date ${day.date} in the degree-day series`);
    byDate.set(day.date, day.value);
  }
  return byDate;
}

function sumOverRange(
  byDate: ValuesByDate,
  label: string,
  firstDate: string,
  lastDate: string,
  includeDate?: (date: string) => boolean,
): DegreeDaySum {
  const totalDays = countDaysInclusive(firstDate, lastDate);
  let sum = 0;
  let daysPresent = 0;
  let daysInPeriod = 0;
  for (let offset = 0; offset < totalDays; offset += 1) {
    const date = addDays(firstDate, offset);
    if (includeDate && !includeDate(date)) continue;
    daysInPeriod += 1;
    const value = byDate.get(date);
    if (value === undefined || value === null) continue;
    sum += value;
    daysPresent += 1;
  }
  return {
    label,
    firstDate,
    lastDate,
    sum: daysPresent === 0 ? null : sum,
    daysPresent,
    daysInPeriod,
    completeness: daysInPeriod === 0 ? 0 : daysPresent / daysInPeriod,
  };
}

/**
 * Sum the degree days from `firstDate` to `lastDate`, both included. `includeDate` keeps only
 * some days, for example the SDES heating months (January–May and October–December) of a year.
 */
export function sumDegreeDays(
  series: readonly DailyDegreeDay[],
  firstDate: string,
  lastDate: string,
  options: { label?: string; includeDate?: (date: string) => boolean } = {},
): DegreeDaySum {
  parseIsoDate(firstDate);
  parseIsoDate(lastDate);
  return sumOverRange(
    indexByDate(series),
    options.label ?? `${firstDate}/${lastDate}`,
    firstDate,
    lastDate,
    options.includeDate,
  );
}

function seriesBounds(series: readonly DailyDegreeDay[]): { first: string; last: string } | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const day of series) {
    if (first === null || day.date < first) first = day.date;
    if (last === null || day.date > last) last = day.date;
  }
  return first === null || last === null ? null : { first, last };
}

function monthSums(byDate: ValuesByDate, first: string, last: string): DegreeDaySum[] {
  const start = parseIsoDate(first);
  const end = parseIsoDate(last);
  const sums: DegreeDaySum[] = [];
  let year = start.year;
  let month = start.month;
  while (year * 12 + month <= end.year * 12 + end.month) {
    const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    sums.push(
      sumOverRange(
        byDate,
        label,
        formatIsoDate(year, month, 1),
        formatIsoDate(year, month, daysInMonth(year, month)),
      ),
    );
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return sums;
}

/**
 * Sum the degree days of every calendar month from the first to the last month of the series, or of the
 * months between `range.firstDate` and `range.lastDate`. A month the series only partly covers is
 * still a whole calendar month, so its completeness is below 1.
 */
export function monthlyDegreeDays(
  series: readonly DailyDegreeDay[],
  range?: { firstDate: string; lastDate: string },
): DegreeDaySum[] {
  const byDate = indexByDate(series);
  const bounds = range ? { first: range.firstDate, last: range.lastDate } : seriesBounds(series);
  return bounds ? monthSums(byDate, bounds.first, bounds.last) : [];
}

/** Sum the degree days of every calendar year the series (or the range) touches; see `monthlyDegreeDays`. */
export function yearlyDegreeDays(
  series: readonly DailyDegreeDay[],
  range?: { firstDate: string; lastDate: string },
): DegreeDaySum[] {
  const byDate = indexByDate(series);
  const bounds = range ? { first: range.firstDate, last: range.lastDate } : seriesBounds(series);
  if (!bounds) return [];
  const sums: DegreeDaySum[] = [];
  for (let year = parseIsoDate(bounds.first).year; year <= parseIsoDate(bounds.last).year; year += 1) {
    sums.push(
      sumOverRange(
        byDate,
        String(year).padStart(4, '0'),
        formatIsoDate(year, 1, 1),
        formatIsoDate(year, 12, 31),
      ),
    );
  }
  return sums;
}

function seasonDate(year: number, month: number, day: number): string {
  // A season bound on 29 February falls back to the 28th in common years.
  return formatIsoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

function crossesYearEnd(season: HeatingSeason): boolean {
  return season.endMonth * 100 + season.endDay < season.startMonth * 100 + season.startDay;
}

/**
 * First and last day of the heating season that starts in `startYear`. A season that ends before
 * it starts in the calendar (October to May) ends in the next year and is labelled `2023-2024`.
 */
export function heatingSeasonBounds(
  startYear: number,
  season: HeatingSeason = DEFAULT_HEATING_SEASON,
): { label: string; firstDate: string; lastDate: string } {
  const crosses = crossesYearEnd(season);
  const endYear = crosses ? startYear + 1 : startYear;
  return {
    label: crosses ? `${startYear}-${endYear}` : String(startYear),
    firstDate: seasonDate(startYear, season.startMonth, season.startDay),
    lastDate: seasonDate(endYear, season.endMonth, season.endDay),
  };
}

/** Find the start year of the heating season that contains `date`, or null outside every season. */
export function heatingSeasonStartYear(
  date: string,
  season: HeatingSeason = DEFAULT_HEATING_SEASON,
): number | null {
  const { year } = parseIsoDate(date);
  for (const startYear of [year - 1, year]) {
    const bounds = heatingSeasonBounds(startYear, season);
    if (date >= bounds.firstDate && date <= bounds.lastDate) return startYear;
  }
  return null;
}

/** Sum the degree days of the heating season that starts in `startYear`. */
export function heatingSeasonDegreeDays(
  series: readonly DailyDegreeDay[],
  startYear: number,
  season: HeatingSeason = DEFAULT_HEATING_SEASON,
): DegreeDaySum {
  const bounds = heatingSeasonBounds(startYear, season);
  return sumOverRange(indexByDate(series), bounds.label, bounds.firstDate, bounds.lastDate);
}
