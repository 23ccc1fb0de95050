/**
 * Calendar-date helpers for daily climate series. Dates are `YYYY-MM-DD` strings of the station's
 * climatological day; the arithmetic runs on UTC midnights so no time zone can shift a day.
 */

const DAY_MS = 86_400_000;

/** Year, month (1–12) and day of a `YYYY-MM-DD` date; throws a RangeError on any other shape. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Invalid date ${date}; expected YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid date ${date}; the day does not exist in the calendar`);
  }
  return { year, month, day };
}

/** `YYYY-MM-DD` of a year, month (1–12) and day. */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Number of days of a month (1–12) in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Number of days of a calendar year (365 or 366). */
export function daysInYear(year: number): number {
  return daysInMonth(year, 2) === 29 ? 366 : 365;
}

function dayNumber(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Add `days` days to `date` (a negative number goes back). */
export function addDays(date: string, days: number): string {
  const shifted = new Date((dayNumber(date) + days) * DAY_MS);
  return formatIsoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Count the days from `firstDate` to `lastDate`, both included; 0 when the range is empty. */
export function countDaysInclusive(firstDate: string, lastDate: string): number {
  return Math.max(0, dayNumber(lastDate) - dayNumber(firstDate) + 1);
}
