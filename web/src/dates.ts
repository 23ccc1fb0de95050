import { addLocalDays, instantOfLocalTime, localDateOf, PARIS, zoneOffsetMinutes } from '@openfluides/core';

// Local dates are `YYYY-MM-DD` strings naming days in Paris, as the metering routes take them.

/** Returns today's date in Paris. */
export function todayInParis(now: Date = new Date()): string {
  return localDateOf(now, PARIS);
}

/** First day of the month of a local date. */
export function monthStart(localDate: string): string {
  return `${localDate.slice(0, 7)}-01`;
}

/** First day of the month `months` months after (or before, when negative) the month of a local date. */
export function addMonths(localDate: string, months: number): string {
  const year = Number(localDate.slice(0, 4));
  const month = Number(localDate.slice(5, 7)) - 1 + months;
  const shifted = new Date(Date.UTC(year, month, 1));
  return shifted.toISOString().slice(0, 10);
}

export { addLocalDays as addDays };

/** Checks whether a text is a valid local date `YYYY-MM-DD`. */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return addLocalDays(text, 0) === text;
}

/**
 * Converts a Paris date and `HH:MM` time to ISO 8601 with the offset in force then, such as
 * `2025-03-30T01:30:00+01:00`. A time skipped by the spring change moves past the gap.
 */
export function parisDateTimeWithOffset(localDate: string, time: string): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const instant = instantOfLocalTime(localDate, hour, minute, PARIS);
  const offsetMinutes = zoneOffsetMinutes(instant, PARIS);
  const wallClock = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${wallClock}${sign}${hours}:${minutes}`;
}
