/**
 * Calendar periods of the weather and performance routes. Dates are `YYYY-MM-DD` strings; a range
 * runs from `from` (included) to `to` (excluded), and every period is clipped to it.
 */

export const PERIOD_STEPS = ['day', 'week', 'month', 'year'] as const;
export type PeriodStep = (typeof PERIOD_STEPS)[number];

/** One period of a range. */
export interface Period {
  /** `2024-03-01` (day), `2024-W09` (ISO week), `2024-03` (month), `2024` (year). */
  label: string;
  /** First day, included. */
  firstDate: string;
  /** Last day, included. */
  lastDate: string;
  /** Days from `firstDate` to `lastDate`, both included. */
  days: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01; parsing the ISO text keeps years 0–99 as they are, which `Date.UTC` would not. */
function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Adds days to a date (negative to go back). */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Days from `from` (included) to `to` (excluded); 0 when `to` is not after `from`. */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, dayNumber(to) - dayNumber(from));
}

/** Adds whole months to the first day of a month. */
export function addMonths(monthStart: string, months: number): string {
  const index = Number(monthStart.slice(0, 4)) * 12 + Number(monthStart.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** Shifts a date by whole calendar months, keeping the day or the last day of a shorter month. */
export function shiftMonths(date: string, months: number): string {
  const start = addMonths(`${date.slice(0, 7)}-01`, months);
  const lastDay = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), 0)).getUTCDate();
  return `${start.slice(0, 8)}${String(Math.min(Number(date.slice(8, 10)), lastDay)).padStart(2, '0')}`;
}

/** Returns the earlier of two `YYYY-MM-DD` dates. */
export function earlierDate(left: string, right: string): string {
  return left.localeCompare(right) <= 0 ? left : right;
}

/** First day of the month of a date. */
export function monthStartOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** Widens a range to whole calendar months: from the 1st of `from`'s month to the 1st after `to − 1 day`. */
export function wholeMonths(range: { from: string; to: string }): { from: string; to: string } {
  return { from: monthStartOf(range.from), to: addMonths(monthStartOf(addDays(range.to, -1)), 1) };
}

/** ISO 8601 weekday, 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week label of a date, such as `2024-W09`; the year is the year of the week's Thursday. */
export function isoWeekLabel(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = thursday.slice(0, 4);
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function periodStartOf(date: string, step: PeriodStep): string {
  switch (step) {
    case 'day':
      return date;
    case 'week':
      return addDays(date, 1 - isoWeekday(date));
    case 'month':
      return monthStartOf(date);
    case 'year':
      return `${date.slice(0, 4)}-01-01`;
  }
}

function nextPeriodStart(start: string, step: PeriodStep): string {
  switch (step) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return addMonths(start, 1);
    case 'year':
      return addMonths(start, 12);
  }
}

function labelOf(start: string, step: PeriodStep): string {
  switch (step) {
    case 'day':
      return start;
    case 'week':
      return isoWeekLabel(start);
    case 'month':
      return start.slice(0, 7);
    case 'year':
      return start.slice(0, 4);
  }
}

/** Splits [from, to) into calendar periods of the step, the first and last clipped to the range. */
export function buildPeriods(from: string, to: string, step: PeriodStep): Period[] {
  const periods: Period[] = [];
  for (let start = periodStartOf(from, step); start < to; start = nextPeriodStart(start, step)) {
    const firstDate = start < from ? from : start;
    const end = nextPeriodStart(start, step);
    const lastDate = addDays(end < to ? end : to, -1);
    periods.push({
      label: labelOf(start, step),
      firstDate,
      lastDate,
      days: daysBetween(firstDate, end < to ? end : to),
    });
  }
  return periods;
}

/**
 * Index of the period containing a date in periods sorted by date, or -1. Binary search, because
 * a daily series is matched against thousands of periods.
 */
export function periodIndexOf(periods: readonly Period[], date: string): number {
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const period = periods[middle] as Period;
    if (date < period.firstDate) high = middle - 1;
    else if (date > period.lastDate) low = middle + 1;
    else return middle;
  }
  return -1;
}
