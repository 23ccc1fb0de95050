import {
  type AnalysisStep,
  addDays,
  type Bucket,
  isFineStep,
  isoWeek,
  parisWallClock,
  shiftYears,
} from './calendar.js';

/**
 * How a comparison series lines up with the base series.
 *
 * - `calendar`: the same calendar date k years earlier. The range is [from, to) shifted back k
 *   years, 29 February moving to 28 February in a common year. A point is matched by its date with
 *   the year moved forward by k. Days match by month and day, weeks by ISO week number, months by
 *   month, and 10-minute or hourly points by local date and wall-clock time. So 29 February 2024 has
 *   no match in 2023 (its comparison value is null), and 29 February 2024 compared from 2025 has no
 *   base point: it goes to `unalignedPoints` and still counts in the comparison's totals. The same
 *   holds for ISO week 53 and for the hours that the change to or from summer time removes or
 *   repeats (the repeated hour is matched occurrence by occurrence).
 * - `weekday`: 364 × k days earlier, so that Mondays face Mondays; matched by date shifted
 *   forward by 364 × k days (and wall-clock time). Only for steps up to a week.
 * - `periods`: another range of the caller's choice, matched by position: the n-th point of the
 *   period faces the n-th point of the base range.
 */
export type ComparisonSpec =
  | { kind: 'calendar'; years: number }
  | { kind: 'weekday'; years: number }
  | { kind: 'period'; from: string; to: string };

const WEEKDAY_SHIFT_DAYS = 364;

/** Range of the comparison for a base range. */
export function comparisonRange(
  spec: ComparisonSpec,
  from: string,
  to: string,
): { from: string; to: string } {
  if (spec.kind === 'calendar')
    return { from: shiftYears(from, -spec.years), to: shiftYears(to, -spec.years) };
  if (spec.kind === 'weekday') {
    const days = WEEKDAY_SHIFT_DAYS * spec.years;
    return { from: addDays(from, -days), to: addDays(to, -days) };
  }
  return { from: spec.from, to: spec.to };
}

/** Moves the year of a `YYYY-…` text forward without checking the date, so 2024-02-29 + 1 gives `2025-02-29`. */
function withYearShift(text: string, years: number): string {
  return `${String(Number(text.slice(0, 4)) + years).padStart(4, '0')}${text.slice(4)}`;
}

/**
 * Keys matching points across years: a base point (shift 0) and a comparison point (shift k)
 * meet when their keys are equal. Repeated wall-clock times get an occurrence number.
 */
function alignmentKeys(
  buckets: Bucket[],
  step: AnalysisStep,
  kind: 'calendar' | 'weekday',
  years: number,
): string[] {
  const shiftDate = (date: string) =>
    kind === 'calendar' ? withYearShift(date, years) : addDays(date, WEEKDAY_SHIFT_DAYS * years);
  if (isFineStep(step)) {
    const seen = new Map<string, number>();
    return buckets.map((bucket) => {
      const clock = parisWallClock(bucket.start);
      const wallClock = `${clock.date} ${clock.hour}:${clock.minute}`;
      const occurrence = seen.get(wallClock) ?? 0;
      seen.set(wallClock, occurrence + 1);
      return `${shiftDate(clock.date)} ${clock.hour}:${clock.minute}#${occurrence}`;
    });
  }
  return buckets.map((bucket) => {
    if (kind === 'weekday') return shiftDate(bucket.key);
    if (step === 'P1W') {
      const week = isoWeek(bucket.key);
      return `${week.year + years}-W${week.week}`;
    }
    if (step === 'P1M') return withYearShift(bucket.key.slice(0, 7), years);
    if (step === 'P1Y') return String(Number(bucket.key.slice(0, 4)) + years);
    return shiftDate(bucket.key);
  });
}

/**
 * For each base point, the index of the comparison point facing it (or -1), and the comparison
 * points that face no base point.
 */
export function alignBuckets(
  spec: ComparisonSpec,
  step: AnalysisStep,
  base: Bucket[],
  comparison: Bucket[],
): { matches: number[]; unaligned: number[] } {
  if (spec.kind === 'period') {
    const matches = base.map((_, index) => (index < comparison.length ? index : -1));
    const unaligned = comparison.map((_, index) => index).filter((index) => index >= base.length);
    return { matches, unaligned };
  }
  const baseKeys = alignmentKeys(base, step, spec.kind, 0);
  const comparisonKeys = alignmentKeys(comparison, step, spec.kind, spec.years);
  const comparisonIndex = new Map(comparisonKeys.map((key, index) => [key, index]));
  const matches = baseKeys.map((key) => comparisonIndex.get(key) ?? -1);
  const matched = new Set(matches);
  const unaligned = comparisonKeys.map((_, index) => index).filter((index) => !matched.has(index));
  return { matches, unaligned };
}
