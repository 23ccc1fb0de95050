/**
 * Gas-day arithmetic. GRDF counts consumption per gas day ("journée gazière"), which runs from
 * 06:00 to 06:00 Paris local time, so the day's UTC start moves with daylight saving time:
 * 05:00 UTC in winter, 04:00 UTC in summer.
 */

import { addLocalDays, instantOfLocalTime, PARIS, zoneOffsetMinutes } from '../../calendar/zoned.js';

/** Local hour at which a gas day starts and ends. */
export const GAS_DAY_START_HOUR = 6;

const DAY_MS = 86_400_000;
const BOUNDARY =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A gas-day boundary read from a timestamp: the gas day that starts at it. */
export type BoundaryOutcome =
  | { ok: true; day: string; offsetDisagrees: boolean }
  | { ok: false; reason: string };

/** Returns whether `YYYY-MM-DD` numbers form a real calendar date. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 2200 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** Returns the `YYYY-MM-DD` text when it is a real calendar date, else null. */
export function readIsoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ? match[0] : null;
}

function offsetMinutesOf(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * Reads a gas-day boundary such as `2021-08-16T06:00:00+02:00` and returns the gas day that
 * starts at it. A date alone stands for the gas day of that date.
 *
 * GRDF writes boundaries at 06:00 local time, but the customer-portal JSON stamps every one of
 * them `+00:00`, in winter and in summer alike, so its offset cannot be trusted. A boundary whose
 * wall-clock time is 06:00 is therefore read as 06:00 Paris time on its date, whatever its
 * offset. `offsetDisagrees` is true when the offset named another instant. A boundary written in
 * another zone (`2021-08-16T04:00:00Z`) is accepted when its instant is 06:00 in Paris.
 */
export function readGasDayBoundary(text: string): BoundaryOutcome {
  const trimmed = text.trim();
  const match = BOUNDARY.exec(trimmed);
  if (!match)
    return { ok: false, reason: `« ${trimmed} » n’est pas un horodatage AAAA-MM-JJThh:mm:ss±hh:mm` };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!isCalendarDate(year, month, day)) {
    return { ok: false, reason: `« ${trimmed} » n’est pas une date du calendrier` };
  }
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  if (match[4] === undefined) return { ok: true, day: date, offsetDisagrees: false };

  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? '0');
  const zone = match[7];
  if (hour === GAS_DAY_START_HOUR && minute === 0 && second === 0) {
    if (zone === undefined) return { ok: true, day: date, offsetDisagrees: false };
    // Paris offset at the gas day's start, from the cached start instant: no Intl call per record.
    const parisOffset =
      (Date.UTC(year, month - 1, day, GAS_DAY_START_HOUR) - gasDayStart(date).getTime()) / 60_000;
    return { ok: true, day: date, offsetDisagrees: offsetMinutesOf(zone) !== parisOffset };
  }
  if (zone !== undefined && hour <= 23 && minute <= 59 && second <= 59) {
    const instant = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutesOf(zone) * 60_000;
    const parisWall = instant + zoneOffsetMinutes(new Date(instant), PARIS) * 60_000;
    const wall = new Date(parisWall);
    if (
      wall.getUTCHours() === GAS_DAY_START_HOUR &&
      wall.getUTCMinutes() === 0 &&
      wall.getUTCSeconds() === 0
    ) {
      return { ok: true, day: wall.toISOString().slice(0, 10), offsetDisagrees: false };
    }
  }
  return {
    ok: false,
    reason: `« ${trimmed} » ne tombe pas à 06:00 heure de Paris, l’heure où commence une journée gazière`,
  };
}

/** Names of the fields that hold a period's boundaries and gas day, for messages. */
export interface PeriodFields {
  start: string;
  end: string;
  gasDay: string;
}

export type PeriodOutcome =
  | { ok: true; firstDay: string; endDay: string; offsetMismatches: string[] }
  | { ok: false; field: string; reason: string };

/**
 * Reads the gas days of a consumption period from its start and end boundaries and its gas day
 * (`journee_gaziere`), any of which may be missing: a gas day alone is a one-day period. A gas
 * day that is not the start of the period is an error. `offsetMismatches` lists the boundaries
 * whose offset was ignored (see {@link readGasDayBoundary}).
 */
export function readGasPeriod(
  texts: { start: string | null; end: string | null; gasDay: string | null },
  fields: PeriodFields,
): PeriodOutcome {
  const offsetMismatches: string[] = [];
  const gasDayText = texts.gasDay?.trim() || null;
  const gasDay = gasDayText === null ? null : readIsoDate(gasDayText);
  if (gasDayText !== null && gasDay === null) {
    return { ok: false, field: fields.gasDay, reason: `« ${gasDayText} » n’est pas une date AAAA-MM-JJ` };
  }

  let firstDay = gasDay;
  const startText = texts.start?.trim() || null;
  if (startText !== null) {
    const start = readGasDayBoundary(startText);
    if (!start.ok) return { ok: false, field: fields.start, reason: start.reason };
    if (start.offsetDisagrees) offsetMismatches.push(startText);
    if (gasDay !== null && gasDay !== start.day) {
      return {
        ok: false,
        field: fields.gasDay,
        reason: `la journée gazière ${gasDay} ne correspond pas au début de la période (${startText})`,
      };
    }
    firstDay = start.day;
  }
  if (firstDay === null) {
    return { ok: false, field: fields.start, reason: 'la période n’a ni date de début ni journée gazière' };
  }

  const endText = texts.end?.trim() || null;
  if (endText === null) {
    if (gasDay === null) return { ok: false, field: fields.end, reason: 'la période n’a pas de date de fin' };
    return { ok: true, firstDay, endDay: addLocalDays(firstDay, 1), offsetMismatches };
  }
  const end = readGasDayBoundary(endText);
  if (!end.ok) return { ok: false, field: fields.end, reason: end.reason };
  if (end.offsetDisagrees) offsetMismatches.push(endText);
  return { ok: true, firstDay, endDay: end.day, offsetMismatches };
}

const startCache = new Map<string, Date>();

/** UTC instant at which a gas day starts: 06:00 Paris local time on that date. */
export function gasDayStart(day: string): Date {
  let start = startCache.get(day);
  if (start === undefined) {
    start = instantOfLocalTime(day, GAS_DAY_START_HOUR, 0, PARIS);
    // The cache only avoids repeated Intl calls; a bounded size keeps a long-running server lean.
    if (startCache.size > 50_000) startCache.clear();
    startCache.set(day, start);
  }
  return new Date(start.getTime());
}

/** Whole calendar days from one `YYYY-MM-DD` date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Returns whether [first, end) is exactly one calendar month of gas days: the 1st to the next 1st. */
export function isCalendarMonth(firstDay: string, endDay: string): boolean {
  if (!firstDay.endsWith('-01') || !endDay.endsWith('-01')) return false;
  const year = Number(firstDay.slice(0, 4));
  const month = Number(firstDay.slice(5, 7));
  const next = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return next === endDay;
}

/** Returns the last gas day of a period that ends at the 06:00 boundary of `endDay`. */
export function lastGasDay(endDay: string): string {
  return addLocalDays(endDay, -1);
}

/** `JJ/MM/AAAA` of a `YYYY-MM-DD` date, for messages. */
export function frenchDate(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
