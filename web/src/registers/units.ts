import { instantOfLocalTime, PARIS } from '@openfluides/core';
import type { RegisterStep } from '../api/types';
import { addDays } from '../dates';

/** Display symbol of a unit code that the metering routes return. */
export function unitSymbol(unit: string): string {
  if (unit === 'm3') return 'm³';
  if (unit === 'degC') return '°C';
  return unit;
}

const STEP_SECONDS: Partial<Record<RegisterStep, number>> = { PT10M: 600, PT30M: 1800, PT1H: 3600 };

/**
 * Starts (ISO instants) of every interval a register of this step should have within the Paris
 * days `[from, to)`, or null for daily and monthly steps, whose interval starts this page does
 * not need to enumerate. Daylight saving days get 23 or 25 hourly intervals.
 */
export function expectedIntervalStarts(from: string, to: string, step: RegisterStep): string[] | null {
  const seconds = STEP_SECONDS[step];
  if (seconds === undefined) return null;
  const start = instantOfLocalTime(from, 0, 0, PARIS).getTime();
  const end = instantOfLocalTime(to, 0, 0, PARIS).getTime();
  const starts: string[] = [];
  for (let instant = start; instant < end; instant += seconds * 1000)
    starts.push(new Date(instant).toISOString());
  return starts;
}

/** Number of Paris days in `[from, to)`. */
export function dayCount(from: string, to: string): number {
  let count = 0;
  for (let day = from; day < to; day = addDays(day, 1)) count += 1;
  return count;
}
