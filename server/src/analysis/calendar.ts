import { addLocalDays, instantOfLocalTime, PARIS, zoneOffsetMinutes } from '@openfluides/core';

/**
 * Paris calendar of the analysis: steps, periods and their labels. Local dates are `YYYY-MM-DD`
 * strings, instants are epoch milliseconds.
 */

export const ANALYSIS_STEPS = ['PT10M', 'PT1H', 'P1D', 'P1W', 'P1M', 'P1Y'] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];
export type FineStep = 'PT10M' | 'PT1H';

export const FINE_STEP_SECONDS: Record<FineStep, number> = { PT10M: 600, PT1H: 3600 };

export function isFineStep(step: AnalysisStep): step is FineStep {
  return step === 'PT10M' || step === 'PT1H';
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Paris offsets by UTC day and, on the days the offset changes, by UTC hour. Paris changes offset
 * at 01:00 UTC, on a whole hour, so the offset of an instant is the offset of its UTC hour. Asking
 * Intl once per hour costs about 60 ms per year of 10-minute steps, once per day about 3 ms.
 */
const offsetByDay = new Map<number, number | null>();
const offsetByHour = new Map<number, number>();
const midnightByDate = new Map<string, number>();
const CACHE_LIMIT = 500_000;

function offsetOfHour(hour: number): number {
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size > CACHE_LIMIT) offsetByHour.clear();
    offset = zoneOffsetMinutes(new Date(hour * HOUR_MS), PARIS);
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** Offset of Paris from UTC at an instant, minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(time: number): number {
  const day = Math.floor(time / DAY_MS);
  let dayOffset = offsetByDay.get(day);
  if (dayOffset === undefined) {
    if (offsetByDay.size > CACHE_LIMIT) offsetByDay.clear();
    // The same offset at both ends of the UTC day means no change inside it (changes are months apart).
    const first = offsetOfHour(day * 24);
    dayOffset = first === offsetOfHour(day * 24 + 24) ? first : null;
    offsetByDay.set(day, dayOffset);
  }
  return dayOffset ?? offsetOfHour(Math.floor(time / HOUR_MS));
}

/** Instant of midnight in Paris at the start of a local date. */
export function parisMidnight(localDate: string): number {
  let instant = midnightByDate.get(localDate);
  if (instant === undefined) {
    if (midnightByDate.size > CACHE_LIMIT) midnightByDate.clear();
    instant = instantOfLocalTime(localDate, 0, 0, PARIS).getTime();
    midnightByDate.set(localDate, instant);
  }
  return instant;
}

export interface WallClock {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  hour: number;
  minute: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  offsetMinutes: number;
}

const dateByDayNumber = new Map<number, string>();

/** Local date of a day counted from 1970-01-01. */
function dateOfDayNumber(dayNumber: number): string {
  let date = dateByDayNumber.get(dayNumber);
  if (date === undefined) {
    if (dateByDayNumber.size > CACHE_LIMIT) dateByDayNumber.clear();
    date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dateByDayNumber.set(dayNumber, date);
  }
  return date;
}

/** Paris wall-clock time of an instant. Arithmetic on the cached offset: series call it once per step. */
export function parisWallClock(time: number): WallClock {
  const offsetMinutes = parisOffsetMinutes(time);
  const local = time + offsetMinutes * 60_000;
  const dayNumber = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - dayNumber * DAY_MS) / 60_000);
  return {
    date: dateOfDayNumber(dayNumber),
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    // 1 January 1970 was a Thursday (ISO weekday 4).
    weekday: ((((dayNumber + 3) % 7) + 7) % 7) + 1,
    offsetMinutes,
  };
}

/** ISO 8601 text of a UTC instant, as `Date.toISOString` writes it; faster for series of whole minutes. */
export function isoInstant(time: number): string {
  if (time % 60_000 !== 0) return new Date(time).toISOString();
  const dayNumber = Math.floor(time / DAY_MS);
  const minuteOfDay = (time - dayNumber * DAY_MS) / 60_000;
  return `${dateOfDayNumber(dayNumber)}T${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}:00.000Z`;
}

/** Paris date of an instant. */
export function parisDateOf(time: number): string {
  return parisWallClock(time).date;
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** RFC 3339 local time with the Paris offset, minutes precision: `2024-10-27T02:00+01:00`. */
export function parisDateTimeLabel(time: number): string {
  const clock = parisWallClock(time);
  const sign = clock.offsetMinutes >= 0 ? '+' : '-';
  const offset = Math.abs(clock.offsetMinutes);
  return `${clock.date}T${pad(clock.hour)}:${pad(clock.minute)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

function dateParts(localDate: string): { year: number; month: number; day: number } {
  return {
    year: Number(localDate.slice(0, 4)),
    month: Number(localDate.slice(5, 7)),
    day: Number(localDate.slice(8, 10)),
  };
}

function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export const addDays = addLocalDays;

/** Returns the later of two `YYYY-MM-DD` dates, which compare as text. */
export function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** Returns the earlier of two `YYYY-MM-DD` dates. */
export function earlierDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 1st of the month of a date. */
export function monthStart(localDate: string): string {
  return `${localDate.slice(0, 7)}-01`;
}

/** Adds whole months to the 1st of a month. */
export function addMonths(firstOfMonth: string, months: number): string {
  const { year, month } = dateParts(firstOfMonth);
  const index = year * 12 + (month - 1) + months;
  return formatDate(Math.floor(index / 12), (index % 12) + 1, 1);
}

/** Returns the date itself when it is a 1st of the month, else the 1st of the next month. */
export function monthStartOnOrAfter(localDate: string): string {
  return localDate.endsWith('-01') ? localDate : addMonths(monthStart(localDate), 1);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Returns the same calendar date `years` later (earlier when negative). 29 February becomes 28 February
 * in a common year.
 */
export function shiftYears(localDate: string, years: number): string {
  const { year, month, day } = dateParts(localDate);
  const target = year + years;
  const targetDay = month === 2 && day === 29 && !isLeapYear(target) ? 28 : day;
  return formatDate(target, month, targetDay);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(localDate: string): number {
  const day = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return ((day + 6) % 7) + 1;
}

/** Monday of the ISO week that contains a date. */
export function mondayOf(localDate: string): string {
  return addDays(localDate, 1 - isoWeekday(localDate));
}

/** ISO 8601 week of a date: the week-numbering year and the week number (weeks start on Monday). */
export function isoWeek(localDate: string): { year: number; week: number } {
  // The Thursday of the same week decides the week-numbering year.
  const thursday = addDays(mondayOf(localDate), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { year, week };
}

/** ISO week label: `2024-W01`. */
export function isoWeekLabel(localDate: string): string {
  const { year, week } = isoWeek(localDate);
  return `${year}-W${pad(week)}`;
}

/**
 * One point of a series: a calendar period of the step, clipped to the requested range. `key` is
 * what the SQL queries return for the period: its first local date for day and longer steps, its
 * start instant in milliseconds for 10-minute and hourly steps.
 */
export interface Bucket {
  readonly key: string;
  /** Clipped start and end instants, ms. */
  readonly start: number;
  readonly end: number;
  /** Clipped local dates [startDate, endDate) of day and longer steps; for fine steps, the local date of `start` twice. */
  readonly startDate: string;
  readonly endDate: string;
  /** Label of the whole calendar period in Paris: `2024-10-27T02:00+01:00`, `2024-03-01`, `2024-W09`, `2024-03`, `2024`. */
  readonly label: string;
}

/**
 * A 10-minute or hourly point. Its texts are computed when read: a year of 10-minute steps has
 * 52 704 of them, and a downsampled series reads a few thousand.
 */
class FineBucket implements Bucket {
  private cachedLabel: string | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  get key(): string {
    return String(this.start);
  }

  get startDate(): string {
    return parisDateOf(this.start);
  }

  get endDate(): string {
    return this.startDate;
  }

  get label(): string {
    this.cachedLabel ??= parisDateTimeLabel(this.start);
    return this.cachedLabel;
  }
}

/** First local date of the calendar period of `step` that contains a date. */
export function periodStart(localDate: string, step: 'P1D' | 'P1W' | 'P1M' | 'P1Y'): string {
  switch (step) {
    case 'P1D':
      return localDate;
    case 'P1W':
      return mondayOf(localDate);
    case 'P1M':
      return monthStart(localDate);
    case 'P1Y':
      return `${localDate.slice(0, 4)}-01-01`;
  }
}

function nextPeriodStart(start: string, step: 'P1D' | 'P1W' | 'P1M' | 'P1Y'): string {
  switch (step) {
    case 'P1D':
      return addDays(start, 1);
    case 'P1W':
      return addDays(start, 7);
    case 'P1M':
      return addMonths(start, 1);
    case 'P1Y':
      return addMonths(start, 12);
  }
}

function periodLabel(start: string, step: 'P1D' | 'P1W' | 'P1M' | 'P1Y'): string {
  switch (step) {
    case 'P1D':
      return start;
    case 'P1W':
      return isoWeekLabel(start);
    case 'P1M':
      return start.slice(0, 7);
    case 'P1Y':
      return start.slice(0, 4);
  }
}

/** Lists the points of [from, to) at a step: Paris days, ISO weeks, months, years, or fixed 10-minute and hourly steps. */
export function enumerateBuckets(from: string, to: string, step: AnalysisStep): Bucket[] {
  const buckets: Bucket[] = [];
  if (isFineStep(step)) {
    const stepMs = FINE_STEP_SECONDS[step] * 1000;
    const end = parisMidnight(to);
    for (let time = parisMidnight(from); time < end; time += stepMs)
      buckets.push(new FineBucket(time, time + stepMs));
    return buckets;
  }
  for (let start = periodStart(from, step); start < to; start = nextPeriodStart(start, step)) {
    const startDate = laterDate(start, from);
    const endDate = earlierDate(nextPeriodStart(start, step), to);
    buckets.push({
      key: start,
      start: parisMidnight(startDate),
      end: parisMidnight(endDate),
      startDate,
      endDate,
      label: periodLabel(start, step),
    });
  }
  return buckets;
}
