import type { BucketTotals } from './aggregation.js';
import { type Bucket, isoInstant } from './calendar.js';

export const SERIES_UNITS = ['kWh', 'MWh', 'kW', 'kWhEP', 'kgCO2e', 'kWh/m2'] as const;
export type SeriesUnit = (typeof SERIES_UNITS)[number];

/**
 * Shares of the points owed: received as measured, received as estimated or corrected, missing.
 * All three are 0 when nothing was owed (`expectedPoints` 0: before installation, in the future).
 */
export interface Completeness {
  measured: number;
  estimated: number;
  missing: number;
  expectedPoints: number;
}

/**
 * One point. For a comparison point facing no period, `start`, `end` and `label` are null. `min`
 * and `max` are set on downsampled points only: the extremes of the step values the point covers,
 * while `value` is their mean.
 */
export interface SeriesPoint {
  start: string | null;
  end: string | null;
  label: string | null;
  value: number | null;
  min: number | null;
  max: number | null;
  completeness: Completeness;
}

export interface SeriesTotals {
  /** Whole range in the unit: a sum, or for kW the mean power, for kWh/m² the energy per m². */
  value: number | null;
  /** Final energy, kWh (gas in kWh PCS). */
  kWh: number | null;
  /** Largest step value and its point, before any downsampling. */
  max: { value: number; start: string; label: string } | null;
  completeness: Completeness;
}

function round(value: number, decimals = 6): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function roundOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : round(value);
}

export function completenessOf(present: number, estimated: number, expected: number): Completeness {
  if (expected <= 0) return { measured: 0, estimated: 0, missing: 0, expectedPoints: 0 };
  return {
    measured: round((present - estimated) / expected),
    estimated: round(estimated / expected),
    missing: round((expected - present) / expected),
    expectedPoints: expected,
  };
}

/** Value of a period in the unit; `areaM2` serves kWh/m² only. */
export function valueInUnit(
  totals: BucketTotals,
  unit: SeriesUnit,
  hours: number,
  areaM2: number | null,
): number | null {
  switch (unit) {
    case 'kWh':
      return totals.kwh;
    case 'MWh':
      return totals.kwh === null ? null : totals.kwh / 1000;
    case 'kWhEP':
      return totals.kwhEp;
    case 'kgCO2e':
      return totals.kgCo2e;
    case 'kW':
      return totals.kwh === null || hours <= 0 ? null : totals.kwh / hours;
    case 'kWh/m2':
      return totals.kwh === null || !areaM2 ? null : totals.kwh / areaM2;
  }
}

export function bucketHours(bucket: Bucket): number {
  return (bucket.end - bucket.start) / 3_600_000;
}

/** A step of a series: its period (null when a comparison has no counterpart), sums and value. */
export interface StepEntry {
  bucket: Bucket | null;
  totals: BucketTotals | null;
  value: number | null;
}

/**
 * Builds one point from the consecutive steps [first, last) of `entries`. A single step keeps its
 * value. Several steps (a downsampled point) give the mean of their values with their minimum and
 * maximum, so a peak always shows in `max`. Indexes rather than slices keep a year of 10-minute
 * steps from allocating 52 704 arrays.
 */
export function pointOf(entries: StepEntry[], first = 0, last = entries.length): SeriesPoint {
  let present = 0;
  let estimated = 0;
  let expected = 0;
  let sum = 0;
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let firstBucket: Bucket | null = null;
  let lastBucket: Bucket | null = null;
  for (let index = first; index < last; index += 1) {
    const entry = entries[index] as StepEntry;
    if (entry.bucket) {
      firstBucket ??= entry.bucket;
      lastBucket = entry.bucket;
    }
    if (entry.totals) {
      present += entry.totals.present;
      estimated += entry.totals.estimated;
      expected += entry.totals.expected;
    }
    if (entry.value !== null) {
      sum += entry.value;
      count += 1;
      if (entry.value < min) min = entry.value;
      if (entry.value > max) max = entry.value;
    }
  }
  const isDownsampled = last - first > 1;
  return {
    start: firstBucket ? isoInstant(firstBucket.start) : null,
    end: lastBucket ? isoInstant(lastBucket.end) : null,
    label: firstBucket ? firstBucket.label : null,
    value: count > 0 ? roundOrNull(sum / count) : null,
    min: isDownsampled && count > 0 ? roundOrNull(min) : null,
    max: isDownsampled && count > 0 ? roundOrNull(max) : null,
    completeness: completenessOf(present, estimated, expected),
  };
}

/** Totals of a series over all its steps, aligned or not. */
export function totalsOf(entries: StepEntry[], unit: SeriesUnit, areaM2: number | null): SeriesTotals {
  const sums: BucketTotals = { kwh: null, kwhEp: null, kgCo2e: null, present: 0, estimated: 0, expected: 0 };
  let hours = 0;
  let max: SeriesTotals['max'] = null;
  for (const entry of entries) {
    if (!entry.bucket || !entry.totals) continue;
    hours += bucketHours(entry.bucket);
    const totals = entry.totals;
    if (totals.kwh !== null) sums.kwh = (sums.kwh ?? 0) + totals.kwh;
    if (totals.kwhEp !== null) sums.kwhEp = (sums.kwhEp ?? 0) + totals.kwhEp;
    if (totals.kgCo2e !== null) sums.kgCo2e = (sums.kgCo2e ?? 0) + totals.kgCo2e;
    sums.present += totals.present;
    sums.estimated += totals.estimated;
    sums.expected += totals.expected;
    if (entry.value !== null && (max === null || entry.value > max.value)) {
      max = {
        value: entry.value,
        start: new Date(entry.bucket.start).toISOString(),
        label: entry.bucket.label,
      };
    }
  }
  return {
    value: roundOrNull(valueInUnit(sums, unit, hours, areaM2)),
    kWh: roundOrNull(sums.kwh),
    max: max ? { ...max, value: round(max.value) } : null,
    completeness: completenessOf(sums.present, sums.estimated, sums.expected),
  };
}
