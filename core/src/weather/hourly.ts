/**
 * Daily values from hourly (or finer) temperature readings: Tn and Tx over the Météo-France
 * observation windows, and degree hours.
 */

import { formatIsoDate } from './dates.js';
import { type DailyTemperature, DEFAULT_DEGREE_DAY_BASE_C, type DegreeDayKind } from './degree-days.js';

/** One temperature reading at an instant, °C; null when missing. */
export interface TemperatureReading {
  time: Date;
  temperatureC: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function utcDate(ms: number): string {
  const date = new Date(ms);
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function utcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Derive Tn and Tx of each climatological day with the Météo-France windows: Tn of day D is the minimum
 * over D−1 18:00 → D 18:00 UTC and Tx the maximum over D 06:00 → D+1 06:00 UTC. A reading at an
 * instant t belongs to the windows with start < t ≤ end, so the 18:00 reading closes the Tn window
 * of D rather than opening the one of D+1.
 *
 * A window with fewer than `minReadingsPerWindow` readings (24 by default, one per hour) gives a
 * null value. Days run from the first to the last UTC day of the readings. Readings are instantaneous
 * values, so the result can miss an extreme that fell between two readings and differ from a
 * station's own Tn/Tx.
 */
export function dailyExtremesFromReadings(
  readings: readonly TemperatureReading[],
  options: { minReadingsPerWindow?: number } = {},
): DailyTemperature[] {
  const minReadings = options.minReadingsPerWindow ?? 24;
  const valid = readings
    .filter((reading) => reading.temperatureC !== null && Number.isFinite(reading.temperatureC))
    .map((reading) => ({ ms: reading.time.getTime(), value: reading.temperatureC as number }))
    .sort((left, right) => left.ms - right.ms);
  if (valid.length === 0) return [];

  const firstDay = utcMidnight(valid[0]?.ms ?? 0);
  const lastDay = utcMidnight(valid[valid.length - 1]?.ms ?? 0);
  const days: DailyTemperature[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    days.push({
      date: utcDate(day),
      tnC: extremeInWindow(valid, day - 6 * HOUR_MS, day + 18 * HOUR_MS, minReadings, Math.min),
      txC: extremeInWindow(valid, day + 6 * HOUR_MS, day + 30 * HOUR_MS, minReadings, Math.max),
    });
  }
  return days;
}

function extremeInWindow(
  sorted: readonly { ms: number; value: number }[],
  startMs: number,
  endMs: number,
  minReadings: number,
  pick: (a: number, b: number) => number,
): number | null {
  let count = 0;
  let extreme = 0;
  for (const reading of sorted) {
    if (reading.ms <= startMs) continue;
    if (reading.ms > endMs) break;
    extreme = count === 0 ? reading.value : pick(extreme, reading.value);
    count += 1;
  }
  return count >= minReadings ? extreme : null;
}

/** Degree hours of one UTC day expressed in °C·day, with the number of readings behind it. */
export interface DailyDegreeHours {
  date: string;
  /**
   * Σ max(0, S − T) · step / 24 h for heating (T − S for cooling), °C·day; null unless every
   * reading of the day is present.
   */
  value: number | null;
  readings: number;
}

/**
 * Sum degree hours per UTC day, converted to °C·day so they compare with DJU: each reading weighs its
 * step (1 h by default) divided by 24 h. A day is null unless it has 24 h / step readings, because a
 * missing hour is not a zero. Readings are grouped by the UTC date of their timestamp.
 */
export function dailyDegreeHours(
  readings: readonly TemperatureReading[],
  options: { kind: DegreeDayKind; baseC?: number; stepHours?: number },
): DailyDegreeHours[] {
  const baseC = options.baseC ?? DEFAULT_DEGREE_DAY_BASE_C;
  const stepHours = options.stepHours ?? 1;
  const expected = Math.round(24 / stepHours);
  const byDate = new Map<string, { sum: number; readings: number }>();
  for (const reading of readings) {
    const date = utcDate(reading.time.getTime());
    const entry = byDate.get(date) ?? { sum: 0, readings: 0 };
    byDate.set(date, entry);
    if (reading.temperatureC === null || !Number.isFinite(reading.temperatureC)) continue;
    const difference =
      options.kind === 'heating' ? baseC - reading.temperatureC : reading.temperatureC - baseC;
    entry.sum += (Math.max(0, difference) * stepHours) / 24;
    entry.readings += 1;
  }
  return [...byDate.entries()]
    .sort(([left], [right]) => (left < right ? -1 : 1))
    .map(([date, entry]) => ({
      date,
      value: entry.readings === expected ? entry.sum : null,
      readings: entry.readings,
    }));
}
