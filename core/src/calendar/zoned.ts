/**
 * Calendar arithmetic in an explicit IANA time zone (Europe/Paris for the platform), with Intl
 * only. Local dates are `YYYY-MM-DD` strings; instants are Date objects (UTC inside).
 */
export const PARIS = 'Europe/Paris';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in minutes (Paris: 60 in winter, 120 in summer). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const local = localParts(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** Local calendar date of an instant in the zone, as `YYYY-MM-DD`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseLocalDate(localDate: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!match) throw new RangeError(`Invalid local date ${localDate}; expected YYYY-MM-DD`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * Instant at which a local wall-clock time occurs. A time skipped by the spring change moves
 * forward by the length of the gap (02:30 becomes 03:30); a time repeated in autumn resolves to
 * its first occurrence.
 */
export function instantOfLocalTime(localDate: string, hour: number, minute: number, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(localDate);
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force just before and just after; keep the earliest that maps back.
  const candidates = [
    wallClockAsUtc - zoneOffsetMinutes(new Date(wallClockAsUtc - 86_400_000), timeZone) * 60_000,
    wallClockAsUtc - zoneOffsetMinutes(new Date(wallClockAsUtc + 86_400_000), timeZone) * 60_000,
  ].sort((a, b) => a - b);
  for (const candidate of candidates) {
    const local = localParts(new Date(candidate), timeZone);
    if (Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) === wallClockAsUtc) {
      return new Date(candidate);
    }
  }
  // Inside the spring gap no candidate maps back; the later one is the time moved past the gap.
  return new Date(Math.max(...candidates));
}

/** Adds whole calendar days to a local date. */
export function addLocalDays(localDate: string, days: number): string {
  const { year, month, day } = parseLocalDate(localDate);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** First and end instants of a local day: [start, end). */
export function localDayBounds(localDate: string, timeZone: string): { start: Date; end: Date } {
  return {
    start: instantOfLocalTime(localDate, 0, 0, timeZone),
    end: instantOfLocalTime(addLocalDays(localDate, 1), 0, 0, timeZone),
  };
}

/** Length of a local day in hours: 23 on the spring change, 25 on the autumn change, else 24. */
export function localDayHours(localDate: string, timeZone: string): number {
  const { start, end } = localDayBounds(localDate, timeZone);
  return (end.getTime() - start.getTime()) / 3_600_000;
}
