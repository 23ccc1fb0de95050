import { addDays, addMonths, monthStart } from '../dates';
import type { AnalysisStep } from './api';

/** Quick periods of the analysis page; `to` is always the day after the last one, as the API takes it. */
export const QUICK_PERIODS = [
  'last-7-days',
  'this-month',
  'last-12-months',
  'calendar-year',
  'heating-season',
  'custom',
] as const;
export type QuickPeriod = (typeof QUICK_PERIODS)[number];

export interface DateRange {
  from: string;
  to: string;
}

/**
 * Returns the day the quick periods are counted back from. It is today while readings are current,
 * else the last day with readings (`referenceDay` is the day after it), so no quick period is empty.
 */
export function anchorDay(referenceDay: string, today: string): string {
  return referenceDay >= today ? today : addDays(referenceDay, -1);
}

/** Default calendar year: the last one that ended by the anchor day. */
export function defaultCalendarYear(anchor: string): number {
  return Number(addDays(anchor, 1).slice(0, 4)) - 1;
}

/** Default heating season: the one under way on the anchor day, or the last one before it. */
export function defaultSeasonYear(anchor: string): number {
  const year = Number(anchor.slice(0, 4));
  return Number(anchor.slice(5, 7)) >= 10 ? year : year - 1;
}

/**
 * Computes the range of a quick period. `today` is the anchor day: the last 7 days end with it,
 * and a period under way ends with it. `year` is the calendar year, or the year the heating
 * season starts in: the season runs from 1 October to 20 May of the next year, both included.
 */
export function quickPeriodRange(
  period: Exclude<QuickPeriod, 'custom'>,
  today: string,
  year: number,
): DateRange {
  const whole = wholeQuickPeriod(period, today, year);
  // A period under way stops with the anchor day, so that N compares with the same days of N-1
  // ("à date") rather than with a whole year.
  const end = addDays(today, 1);
  return whole.from < end && whole.to > end ? { from: whole.from, to: end } : whole;
}

function wholeQuickPeriod(period: Exclude<QuickPeriod, 'custom'>, today: string, year: number): DateRange {
  switch (period) {
    case 'last-7-days':
      return { from: addDays(today, -6), to: addDays(today, 1) };
    case 'this-month':
      return { from: monthStart(today), to: addMonths(today, 1) };
    case 'last-12-months':
      return { from: addMonths(today, -11), to: addMonths(today, 1) };
    case 'calendar-year':
      return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
    case 'heating-season':
      return { from: `${year}-10-01`, to: `${year + 1}-05-21` };
  }
}

/** Shifts a range by whole years, for the comparison periods shown beside the chart. */
export function shiftYears(range: DateRange, years: number): DateRange {
  const shift = (date: string) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
  return { from: shift(range.from), to: shift(range.to) };
}

/** Last day included of a range whose `to` is excluded. */
export function lastDay(range: DateRange): string {
  return addDays(range.to, -1);
}

/** Steps that read raw readings and return many points, downsampled past `FINE_STEP_MAX_POINTS`. */
export function isFineStep(step: AnalysisStep): boolean {
  return step === 'PT10M' || step === 'PT1H';
}

/** Largest number of points per series requested for fine steps; the server keeps min and max per point. */
export const FINE_STEP_MAX_POINTS = 2000;
