/**
 * Reading of the date and time texts found in trend exports, and conversion of a local
 * wall-clock time to UTC in an IANA zone with the daylight-saving cases made explicit.
 */

import { zoneOffsetMinutes } from '../calendar/zoned.js';

/** Order of day, month and year in a numeric date such as `11/19/2021`. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface ClockTime {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** True for `24:00`, which is midnight at the end of the day. */
  endOfDay: boolean;
  /** Offset from UTC given with the time (`UTC`, `CEST`, `+01:00`), in minutes; null when none. */
  offsetMinutes: number | null;
}

/** A wall-clock reading: the local time as milliseconds of a UTC-based calendar, and its offset if given. */
export interface WallTimestamp {
  wallMs: number;
  offsetMinutes: number | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/**
 * Offsets of the zone abbreviations met in trend exports, in minutes. The North American ones
 * come from US exports (Niagara writes the abbreviation of the station's zone).
 */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  Z: 0,
  UTC: 0,
  GMT: 0,
  UT: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MEZ: 60,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** Month names and abbreviations, English and French, without accents or dots. */
const MONTH_NAMES: Record<string, number> = {
  jan: 1,
  january: 1,
  janv: 1,
  janvier: 1,
  feb: 2,
  february: 2,
  fev: 2,
  fevr: 2,
  fevrier: 2,
  mar: 3,
  march: 3,
  mars: 3,
  apr: 4,
  april: 4,
  avr: 4,
  avril: 4,
  may: 5,
  mai: 5,
  jun: 6,
  june: 6,
  juin: 6,
  jul: 7,
  july: 7,
  juil: 7,
  juillet: 7,
  aug: 8,
  august: 8,
  aou: 8,
  aout: 8,
  sep: 9,
  sept: 9,
  september: 9,
  septembre: 9,
  oct: 10,
  october: 10,
  octobre: 10,
  nov: 11,
  november: 11,
  novembre: 11,
  dec: 12,
  december: 12,
  decembre: 12,
};

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s])/;
const YEAR_FIRST_DATE = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?=$|\s)/;
const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[T\s])/;
const NAMED_MONTH_DATE = /^(\d{1,2})[-\s]([\p{L}]{3,9})\.?[-\s](\d{4}|\d{2})(?=$|\s)/u;
const TIME = /^(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([AaPp])\.?\s?[Mm]\.?)?(?:\s*(.*))?$/;
const NUMERIC_OFFSET = /^(?:UTC|GMT)?\s*([+\-−])(\d{1,2})(?::?(\d{2}))?$/i;

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

function fullYear(text: string): number {
  // NOTE: a two-digit year is read as 20yy: trend exports hold no data from before 2000.
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function checkedDate(year: number, month: number, day: number, text: string): Outcome<CalendarDate> {
  if (year < MIN_YEAR || year > MAX_YEAR)
    return { ok: false, reason: `l’année de « ${text} » est hors de ${MIN_YEAR} à ${MAX_YEAR}` };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    month > 12 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return { ok: false, reason: `« ${text} » n’est pas une date du calendrier` };
  }
  return { ok: true, value: { year, month, day } };
}

/**
 * Returns the two leading numbers of a numeric date whose order depends on the locale
 * (`11/19/2021`), used to choose day-month or month-day for a whole file, or null.
 */
export function ambiguousDateParts(text: string): { first: number; second: number } | null {
  const match = NUMERIC_DATE.exec(text.trim());
  if (!match) return null;
  return { first: Number(match[1]), second: Number(match[3]) };
}

/**
 * Reads the date at the start of a text and returns it with the rest of the text. Accepts
 * `aaaa-mm-jj`, `aaaa/mm/jj`, numeric dates in the given order with `/`, `.` or `-`, and
 * `19-Nov-21` or `19 nov. 2021` with an English or French month name.
 */
export function readDatePrefix(
  text: string,
  order: DateOrder | null,
): Outcome<{ date: CalendarDate; rest: string }> {
  const trimmed = text.trim();
  const iso = ISO_DATE.exec(trimmed) ?? YEAR_FIRST_DATE.exec(trimmed);
  if (iso) {
    const date = checkedDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), trimmed);
    return date.ok ? { ok: true, value: { date: date.value, rest: trimmed.slice(iso[0].length) } } : date;
  }
  const numeric = NUMERIC_DATE.exec(trimmed);
  if (numeric) {
    const first = Number(numeric[1]);
    const second = Number(numeric[3]);
    const year = fullYear(numeric[4] as string);
    if (order === 'ymd' || order === null) {
      return {
        ok: false,
        reason: `l’ordre du jour et du mois de « ${trimmed} » n’est pas connu : indiquez l’ordre des dates (jma ou mja) dans la correspondance`,
      };
    }
    const [day, month] = order === 'dmy' ? [first, second] : [second, first];
    const date = checkedDate(year, month, day, trimmed);
    return date.ok ? { ok: true, value: { date: date.value, rest: trimmed.slice(numeric[0].length) } } : date;
  }
  const named = NAMED_MONTH_DATE.exec(trimmed);
  if (named) {
    const month = MONTH_NAMES[stripAccents(named[2] as string).toLowerCase()];
    if (month === undefined) return { ok: false, reason: `« ${named[2]} » n’est pas un nom de mois` };
    const date = checkedDate(fullYear(named[3] as string), month, Number(named[1]), trimmed);
    return date.ok ? { ok: true, value: { date: date.value, rest: trimmed.slice(named[0].length) } } : date;
  }
  return { ok: false, reason: `« ${trimmed} » n’est pas une date reconnue` };
}

function readZone(text: string): Outcome<number | null> {
  const zone = text.trim();
  if (zone === '') return { ok: true, value: null };
  const abbreviation = ZONE_ABBREVIATIONS[zone.toUpperCase()];
  if (abbreviation !== undefined) return { ok: true, value: abbreviation };
  const numeric = NUMERIC_OFFSET.exec(zone);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours <= 14 && minutes < 60) {
      const sign = numeric[1] === '+' ? 1 : -1;
      return { ok: true, value: sign * (hours * 60 + minutes) };
    }
  }
  return { ok: false, reason: `« ${zone} » n’est pas un fuseau horaire reconnu (UTC, CET, CEST, +01:00…)` };
}

/**
 * Reads a time of day: `0:05`, `06:15:00`, `9:00:01 AM`, `14h30`, with optional fractions of a
 * second and a trailing zone (`UTC`, `CEST`, `Z`, `+02:00`). `24:00` is accepted as the end of
 * the day.
 */
export function readTime(text: string): Outcome<ClockTime> {
  const trimmed = text.trim();
  const match = TIME.exec(trimmed);
  if (!match) return { ok: false, reason: `« ${trimmed} » n’est pas une heure reconnue` };
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3] ?? '0');
  const fraction = match[4] ?? '';
  const millisecond = fraction === '' ? 0 : Math.min(999, Math.round(Number(`0.${fraction}`) * 1000));
  const meridiem = match[5]?.toUpperCase() ?? null;
  const zone = readZone(match[6] ?? '');
  if (!zone.ok) return zone;

  if (meridiem !== null) {
    if (hour < 1 || hour > 12)
      return { ok: false, reason: `« ${trimmed} » : l’heure doit aller de 1 à 12 avec AM ou PM` };
    if (meridiem === 'A' && hour === 12) hour = 0;
    if (meridiem === 'P' && hour !== 12) hour += 12;
  }
  const endOfDay = hour === 24 && minute === 0 && second === 0 && millisecond === 0;
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59)
    return { ok: false, reason: `« ${trimmed} » n’est pas une heure valide` };
  return {
    ok: true,
    value: { hour: endOfDay ? 0 : hour, minute, second, millisecond, endOfDay, offsetMinutes: zone.value },
  };
}

/** Combines a date and a time into a wall-clock timestamp. */
export function wallTimestamp(date: CalendarDate, time: ClockTime): WallTimestamp {
  const dayShift = time.endOfDay ? 1 : 0;
  return {
    wallMs: Date.UTC(
      date.year,
      date.month - 1,
      date.day + dayShift,
      time.hour,
      time.minute,
      time.second,
      time.millisecond,
    ),
    offsetMinutes: time.offsetMinutes,
  };
}

/**
 * Reads a date and time in one text (`2021-11-19T00:00`, `11/19/2021 0:00`,
 * `22-Sep-26 09:00:01 AM UTC`). A date alone stands for midnight.
 */
export function readDateTime(text: string, order: DateOrder | null): Outcome<WallTimestamp> {
  const date = readDatePrefix(text, order);
  if (!date.ok) return date;
  const rest = date.value.rest.replace(/^T/, '').trim();
  if (rest === '') return { ok: true, value: wallTimestamp(date.value.date, midnight()) };
  const time = readTime(rest);
  if (!time.ok) return time;
  return { ok: true, value: wallTimestamp(date.value.date, time.value) };
}

function midnight(): ClockTime {
  return { hour: 0, minute: 0, second: 0, millisecond: 0, endOfDay: false, offsetMinutes: null };
}

/** Checks that a time zone is an IANA name that the runtime supports. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR_MS = 900_000;
const DAY_MS = 86_400_000;
const UTC_ZONES = new Set(['UTC', 'ETC/UTC', 'GMT', 'ETC/GMT', 'ETC/UCT', 'UCT', 'ZULU', 'ETC/ZULU']);

/**
 * Converts local wall-clock times of one zone to UTC. Offsets are cached per quarter-hour of UTC,
 * because zone rules change offsets only at quarter-hour instants since the end of local mean time.
 */
export class ZoneResolver {
  private readonly offsets = new Map<number, number>();
  private readonly isUtc: boolean;

  constructor(readonly timeZone: string) {
    this.isUtc = UTC_ZONES.has(timeZone.toUpperCase());
  }

  private offsetAt(instantMs: number): number {
    const bucket = Math.floor(instantMs / QUARTER_HOUR_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(new Date(bucket * QUARTER_HOUR_MS), this.timeZone);
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /**
   * UTC instants at which a wall-clock time occurs, earliest first: none inside the spring gap,
   * two in the hour repeated in autumn, one otherwise.
   */
  instantsOf(wallMs: number): number[] {
    if (this.isUtc) return [wallMs];
    const candidates = new Set([
      this.offsetAt(wallMs - DAY_MS),
      this.offsetAt(wallMs + DAY_MS),
      this.offsetAt(wallMs),
    ]);
    const instants: number[] = [];
    for (const offset of candidates) {
      const instant = wallMs - offset * 60_000;
      if (this.offsetAt(instant) === offset && !instants.includes(instant)) instants.push(instant);
    }
    return instants.sort((a, b) => a - b);
  }
}

/** `JJ/MM/AAAA HH:MM` of a wall-clock time, for messages. */
export function formatWallTime(wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
