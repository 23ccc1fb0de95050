/**
 * Timestamps of Enedis files: ISO-like stamps with or without an offset (`2023-03-26 01:30:00`,
 * `2022-01-18T00:30:00+01:00`), French portal stamps (`18/03/2024 00:30:00`) and ISO 8601
 * durations (`PT30M`). Stamps without an offset are Paris legal time. The order of the points in the
 * file distinguishes the two occurrences of the repeated autumn hour, because Enedis publishes
 * points in time order.
 */

import { zoneOffsetMinutes } from '../../calendar/zoned.js';

/** A stamp as written: the wall-clock time as milliseconds of a UTC-based calendar, and its offset. */
export interface StampParts {
  wallMs: number;
  /** Offset from UTC in minutes when the text carries one (`+02:00`, `Z`), else null. */
  offsetMinutes: number | null;
  /** False for a date alone (`2026-09-29`). */
  hasTime: boolean;
}

const PARIS_ZONE = 'Europe/Paris';
const EARLIEST_WALL_MS = Date.UTC(1900, 0, 1);
const LATEST_WALL_MS = Date.UTC(2201, 0, 1);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Reads `count` decimal digits at `start`, or returns -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const code = text.charCodeAt(index) - 48;
    // charCodeAt past the end is NaN, which fails this test too.
    if (!(code >= 0 && code <= 9)) return -1;
    value = value * 10 + code;
  }
  return value;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const length = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= length;
}

/**
 * Reads `HH:MM[:SS[.fff]]` then an optional offset (`Z`, `+01:00`, `+0100`, `+01`) from `start` to
 * the end of the text. Returns the milliseconds since midnight and the offset, or null.
 */
function readClock(text: string, start: number): { ms: number; offsetMinutes: number | null } | null {
  const hour = digitsAt(text, start, 2);
  const minute = digitsAt(text, start + 3, 2);
  if (hour < 0 || minute < 0 || text[start + 2] !== ':' || hour > 23 || minute > 59) return null;
  let index = start + 5;
  let second = 0;
  if (text[index] === ':') {
    second = digitsAt(text, index + 1, 2);
    if (second < 0 || second > 59) return null;
    index += 3;
    if (text[index] === '.' || text[index] === ',') {
      index += 1;
      const fractionStart = index;
      while (index < text.length && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57) index += 1;
      if (index === fractionStart) return null;
    }
  }
  const ms = ((hour * 60 + minute) * 60 + second) * 1000;
  if (index === text.length) return { ms, offsetMinutes: null };

  const sign = text[index];
  if ((sign === 'Z' || sign === 'z') && index + 1 === text.length) return { ms, offsetMinutes: 0 };
  if (sign !== '+' && sign !== '-') return null;
  const offsetHours = digitsAt(text, index + 1, 2);
  if (offsetHours < 0 || offsetHours > 14) return null;
  let rest = index + 3;
  if (text[rest] === ':') rest += 1;
  let offsetMinutes = 0;
  if (rest < text.length) {
    offsetMinutes = digitsAt(text, rest, 2);
    if (offsetMinutes < 0 || offsetMinutes > 59 || rest + 2 !== text.length) return null;
  } else if (rest !== text.length) {
    return null;
  }
  const total = offsetHours * 60 + offsetMinutes;
  return { ms, offsetMinutes: sign === '-' ? -total : total };
}

/**
 * Reads `YYYY-MM-DD`, optionally followed by a space or `T` and a time with an optional offset.
 * Returns null for any other text. Written without regular expressions: it runs once per point.
 */
export function readIsoStamp(input: string): StampParts | null {
  const text = input.trim();
  if (text.length < 10 || text[4] !== '-' || text[7] !== '-') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (!isCalendarDate(year, month, day)) return null;
  const dayMs = Date.UTC(year, month - 1, day);
  if (text.length === 10) return { wallMs: dayMs, offsetMinutes: null, hasTime: false };
  if (text[10] !== ' ' && text[10] !== 'T') return null;
  const clock = readClock(text, 11);
  if (!clock) return null;
  return { wallMs: dayMs + clock.ms, offsetMinutes: clock.offsetMinutes, hasTime: true };
}

/** Reads the portal's `DD/MM/YYYY` with an optional `HH:MM[:SS]`. Returns null for any other text. */
export function readFrenchStamp(input: string): StampParts | null {
  const text = input.trim();
  if (text.length < 10 || text[2] !== '/' || text[5] !== '/') return null;
  const day = digitsAt(text, 0, 2);
  const month = digitsAt(text, 3, 2);
  const year = digitsAt(text, 6, 4);
  if (!isCalendarDate(year, month, day)) return null;
  const dayMs = Date.UTC(year, month - 1, day);
  if (text.length === 10) return { wallMs: dayMs, offsetMinutes: null, hasTime: false };
  if (text[10] !== ' ') return null;
  const clock = readClock(text, 11);
  if (!clock || clock.offsetMinutes !== null) return null;
  return { wallMs: dayMs + clock.ms, offsetMinutes: null, hasTime: true };
}

/** Returns whether a wall-clock time lies in the years 1900 to 2200 that the readers accept. */
export function isPlausibleWall(wallMs: number): boolean {
  return wallMs >= EARLIEST_WALL_MS && wallMs < LATEST_WALL_MS;
}

/** `YYYY-MM-DD` of a wall-clock time, as written in the file (no time-zone shift). */
export function wallDate(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

const MINUTE = 60_000;
const HALF_YEAR_MS = 182 * 86_400_000;

/** Offset changes of one UTC year: the instants at which they happen and the offset after each. */
interface YearOffsets {
  /** Offset in force at the start of the year, in minutes. */
  initial: number;
  changes: Array<{ at: number; offset: number }>;
}

/**
 * Offsets of Paris by UTC year. Each year is read once from Intl, with a binary search for each
 * change, so converting a point costs a few comparisons instead of an Intl call. The search
 * looks at the two half-years apart, which finds one change in each: Paris has changed its
 * offset at most twice a year, in spring and in autumn, since 1945.
 */
class ParisOffsets {
  private readonly years = new Map<number, YearOffsets>();

  private offsetAtMinute(minute: number): number {
    return zoneOffsetMinutes(new Date(minute * MINUTE), PARIS_ZONE);
  }

  /** First minute in (from, to] whose offset differs from the offset at `from`, or null. */
  private changeBetween(from: number, to: number): number | null {
    const before = this.offsetAtMinute(from);
    if (this.offsetAtMinute(to) === before) return null;
    let low = from;
    let high = to;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetAtMinute(middle) === before) low = middle;
      else high = middle;
    }
    return high;
  }

  private yearOffsets(year: number): YearOffsets {
    let entry = this.years.get(year);
    if (!entry) {
      const start = Date.UTC(year, 0, 1) / MINUTE;
      const middle = (Date.UTC(year, 0, 1) + HALF_YEAR_MS) / MINUTE;
      const end = Date.UTC(year + 1, 0, 1) / MINUTE;
      const changes: Array<{ at: number; offset: number }> = [];
      for (const [from, to] of [
        [start, middle],
        [middle, end - 1],
      ] as const) {
        const minute = this.changeBetween(from, to);
        if (minute !== null) changes.push({ at: minute * MINUTE, offset: this.offsetAtMinute(minute) });
      }
      entry = { initial: this.offsetAtMinute(start), changes };
      this.years.set(year, entry);
    }
    return entry;
  }

  /** Offset of Paris from UTC at an instant, in minutes. */
  offsetAt(instantMs: number): number {
    const offsets = this.yearOffsets(new Date(instantMs).getUTCFullYear());
    let offset = offsets.initial;
    for (const change of offsets.changes) if (instantMs >= change.at) offset = change.offset;
    return offset;
  }

  /**
   * UTC instants at which a Paris wall-clock time occurs, earliest first: none inside the spring
   * gap, two in the hour repeated in autumn, one otherwise.
   */
  instantsOf(wallMs: number): number[] {
    const before = this.offsetAt(wallMs - 86_400_000);
    const after = this.offsetAt(wallMs + 86_400_000);
    const instants: number[] = [];
    for (const offset of before === after ? [before] : [before, after]) {
      const instant = wallMs - offset * MINUTE;
      if (this.offsetAt(instant) === offset) instants.push(instant);
    }
    return instants.sort((a, b) => a - b);
  }
}

const PARIS = new ParisOffsets();

/** UTC instant of Paris midnight on the calendar day of a wall-clock time. */
export function parisMidnight(wallMs: number): number {
  const midnight = wallMs - (((wallMs % 86_400_000) + 86_400_000) % 86_400_000);
  // EU rules change the offset at 01:00 UTC (02:00 or 03:00 in Paris), so local midnight exists
  // exactly once. Should an older rule have skipped a midnight, 23:00 UTC stands in for it.
  return PARIS.instantsOf(midnight)[0] ?? midnight - 3_600_000;
}

/**
 * Converts the stamps of one series to UTC, in file order. A stamp with an offset is exact. A
 * Paris time without offset that occurs twice (the autumn hour) is the summer-time instant unless
 * that instant is not after the previous point, in which case it is the winter-time one.
 */
export class ParisSequence {
  private last = Number.NEGATIVE_INFINITY;

  /** Returns the UTC milliseconds of a stamp, or null for a Paris time skipped by the spring change. */
  instantOf(stamp: StampParts): number | null {
    if (stamp.offsetMinutes !== null) {
      this.last = stamp.wallMs - stamp.offsetMinutes * MINUTE;
      return this.last;
    }
    const instants = PARIS.instantsOf(stamp.wallMs);
    if (instants.length === 0) return null;
    const first = instants[0] as number;
    const chosen = instants.length > 1 && first <= this.last ? (instants[1] as number) : first;
    this.last = chosen;
    return chosen;
  }
}

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const durationCache = new Map<string, number | null>();

/** Seconds of an ISO 8601 duration without years or months (`PT10M`, `PT1H`, `P1D`), or null. */
export function durationSeconds(text: string): number | null {
  const cached = durationCache.get(text);
  if (cached !== undefined) return cached;
  const match = ISO_DURATION.exec(text.trim().toUpperCase());
  let seconds: number | null = null;
  if (match && match[0] !== 'P' && !match[0].endsWith('T')) {
    seconds =
      Number(match[1] ?? 0) * 86_400 +
      Number(match[2] ?? 0) * 3600 +
      Number(match[3] ?? 0) * 60 +
      Number(match[4] ?? 0);
    if (seconds === 0) seconds = null;
  }
  // The distinct texts of a file are a handful of steps, so the cache stays small.
  if (durationCache.size < 1000) durationCache.set(text, seconds);
  return seconds;
}

/** `JJ/MM/AAAA HH:MM` of a wall-clock time, for messages. */
export function formatWall(wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
