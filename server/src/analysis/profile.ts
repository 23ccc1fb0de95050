import type { Scope } from '../access/scope.js';
import type { AggregateResult, AggregationEngine, BucketTotals } from './aggregation.js';
import { FINE_STEP_SECONDS, type FineStep, parisWallClock } from './calendar.js';
import { ENERGY_LABELS, STEP_LABELS } from './labels.js';
import type { PerimeterInput, PerimeterService } from './perimeter.js';
import { MAX_FINE_READINGS, validateSeriesRequest, type Warning } from './series.js';
import { type Completeness, completenessOf, roundOrNull } from './series-values.js';

export interface ProfileRequest {
  perimeter: PerimeterInput;
  from: string;
  to: string;
  resolution: FineStep;
  /** Local wall-clock times `HH:MM` of the night window; it may cross midnight. */
  nightStart: string;
  nightEnd: string;
  baseLoadPercentile: number;
}

interface SlotStats {
  meanKW: number | null;
  minKW: number | null;
  maxKW: number | null;
  /** Steps averaged. */
  count: number;
}

export interface ProfileResponse {
  from: string;
  to: string;
  resolution: FineStep;
  mode: 'buildings' | 'meters';
  /** Steps of the range, and those complete enough to count (every owed point received). */
  stepCount: number;
  completeStepCount: number;
  /** Local times of the slots, `HH:MM`. */
  times: string[];
  dailyProfile: ({ time: string } & SlotStats)[];
  weeklyProfile: ({ weekday: number; time: string } & SlotStats)[];
  carpet: { date: string; values: (number | null)[] }[];
  baseLoad: {
    kW: number | null;
    percentile: number;
    nightStart: string;
    nightEnd: string;
    sampleCount: number;
  };
  nightShare: number | null;
  weekendShare: number | null;
  monthlyMaxPower: { month: string; kW: number | null; start: string | null; label: string | null }[];
  totalKWh: number | null;
  completeness: Completeness;
  warnings: Warning[];
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Nearest-rank percentile of values sorted in ascending order. */
function nearestRank(sorted: number[], percentile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

class Accumulator {
  sum = 0;
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(value: number): void {
    this.sum += value;
    this.count += 1;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  stats(): SlotStats {
    if (this.count === 0) return { meanKW: null, minKW: null, maxKW: null, count: 0 };
    return {
      meanKW: roundOrNull(this.sum / this.count),
      minKW: roundOrNull(this.min),
      maxKW: roundOrNull(this.max),
      count: this.count,
    };
  }
}

/**
 * Load profile of a perimeter from 10-minute or hourly data, in mean kW per step. Only complete
 * steps count (every point the registers owe was received), so a missing sub-meter never shows as
 * a dip. Definitions:
 * - daily profile: mean, minimum and maximum per local time of day over the range. A 25-hour day
 *   adds two values to the 02:00 slots, and a 23-hour day none;
 * - weekly profile: the same per ISO weekday (1 Monday … 7 Sunday) and time of day;
 * - carpet: one row per local day, one column per time of day (mean of the slot's steps);
 * - base load: the `baseLoadPercentile` (nearest rank) of the step powers whose local start time
 *   lies in the night window;
 * - night share and weekend share: energy of the steps in the night window, or on Saturday and
 *   Sunday, divided by the energy of all complete steps;
 * - maximum power per month: largest step power of each local month, and its step.
 */
export class ProfileService {
  constructor(
    private readonly perimeters: PerimeterService,
    private readonly engine: AggregationEngine,
    private readonly clock: () => Date,
  ) {}

  async profile(scope: Scope, request: ProfileRequest): Promise<ProfileResponse> {
    validateSeriesRequest({ from: request.from, to: request.to, step: request.resolution });
    const perimeter = await this.perimeters.resolve(scope, request.perimeter, 'perimeter.');
    const result = await this.engine.aggregate({
      perimeter,
      from: request.from,
      to: request.to,
      step: request.resolution,
      groupBy: [],
      maxReadings: MAX_FINE_READINGS,
      now: this.clock(),
    });
    return buildProfile(request, perimeter.mode, result);
  }
}

/** Computes the profile statistics from the steps of an ungrouped aggregate. */
function buildProfile(
  request: ProfileRequest,
  mode: ProfileResponse['mode'],
  result: AggregateResult,
): ProfileResponse {
  const group = result.groups[0];
  const stepHours = FINE_STEP_SECONDS[request.resolution] / 3600;
  const slotMinutes = FINE_STEP_SECONDS[request.resolution] / 60;
  const times = Array.from({ length: (24 * 60) / slotMinutes }, (_, index) => {
    const minutes = index * slotMinutes;
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });
  const nightStart = minutesOf(request.nightStart);
  const nightEnd = minutesOf(request.nightEnd);
  const isNight = (minutes: number) =>
    nightStart <= nightEnd
      ? minutes >= nightStart && minutes < nightEnd
      : minutes >= nightStart || minutes < nightEnd;

  const daily = times.map(() => new Accumulator());
  const weekly = Array.from({ length: 7 }, () => times.map(() => new Accumulator()));
  const carpetRows = new Map<string, Accumulator[]>();
  const nightValues: number[] = [];
  const monthlyMax = new Map<string, { kW: number; start: number; label: string }>();
  let totalKWh: number | null = null;
  let completeKWh = 0;
  let nightKWh = 0;
  let weekendKWh = 0;
  let completeSteps = 0;
  const sums = { present: 0, estimated: 0, expected: 0 };

  for (const [index, bucket] of result.buckets.entries()) {
    const clock = parisWallClock(bucket.start);
    if (!carpetRows.has(clock.date))
      carpetRows.set(
        clock.date,
        times.map(() => new Accumulator()),
      );
    const totals = group?.totals[index] as BucketTotals | undefined;
    if (!totals) continue;
    sums.present += totals.present;
    sums.estimated += totals.estimated;
    sums.expected += totals.expected;
    if (totals.kwh !== null) totalKWh = (totalKWh ?? 0) + totals.kwh;
    const isComplete = totals.expected > 0 && totals.present === totals.expected && totals.kwh !== null;
    if (!isComplete || totals.kwh === null) continue;

    completeSteps += 1;
    const kW = totals.kwh / stepHours;
    const minutes = clock.hour * 60 + clock.minute;
    const slot = Math.floor(minutes / slotMinutes);
    daily[slot]?.add(kW);
    weekly[clock.weekday - 1]?.[slot]?.add(kW);
    carpetRows.get(clock.date)?.[slot]?.add(kW);
    completeKWh += totals.kwh;
    if (isNight(minutes)) {
      nightValues.push(kW);
      nightKWh += totals.kwh;
    }
    if (clock.weekday >= 6) weekendKWh += totals.kwh;
    const month = clock.date.slice(0, 7);
    const best = monthlyMax.get(month);
    if (!best || kW > best.kW) monthlyMax.set(month, { kW, start: bucket.start, label: bucket.label });
  }

  nightValues.sort((a, b) => a - b);
  const months = [...new Set(result.buckets.map((bucket) => parisWallClock(bucket.start).date.slice(0, 7)))];
  const warnings: Warning[] = [];
  if (result.coarseRegisters.length > 0)
    warnings.push({
      code: 'coarse-registers',
      message: `Registres relevés à un pas plus long que ${STEP_LABELS[request.resolution]}, absents du profil : ${result.coarseRegisters.length}. Un profil de charge demande des données au pas de 10 minutes ou d’une heure.`,
      ids: result.coarseRegisters.map((item) => item.registerId),
    });
  if (result.energies.length > 1)
    warnings.push({
      code: 'several-energies',
      message: `Le profil additionne les puissances de plusieurs énergies (${result.energies.map((energy) => ENERGY_LABELS[energy]).join(', ')}) : choisissez une seule énergie dans le périmètre pour lire la puissance appelée de chacune.`,
      ids: result.energies,
    });
  return {
    from: request.from,
    to: request.to,
    resolution: request.resolution,
    mode,
    stepCount: result.buckets.length,
    completeStepCount: completeSteps,
    times,
    dailyProfile: times.map((time, slot) => ({ time, ...(daily[slot] as Accumulator).stats() })),
    weeklyProfile: weekly.flatMap((slots, day) =>
      times.map((time, slot) => ({ weekday: day + 1, time, ...(slots[slot] as Accumulator).stats() })),
    ),
    carpet: [...carpetRows.entries()].map(([date, slots]) => ({
      date,
      values: slots.map((slot) => slot.stats().meanKW),
    })),
    baseLoad: {
      kW: roundOrNull(nearestRank(nightValues, request.baseLoadPercentile)),
      percentile: request.baseLoadPercentile,
      nightStart: request.nightStart,
      nightEnd: request.nightEnd,
      sampleCount: nightValues.length,
    },
    nightShare: completeKWh > 0 ? roundOrNull(nightKWh / completeKWh) : null,
    weekendShare: completeKWh > 0 ? roundOrNull(weekendKWh / completeKWh) : null,
    monthlyMaxPower: months.map((month) => {
      const best = monthlyMax.get(month);
      return {
        month,
        kW: best ? roundOrNull(best.kW) : null,
        start: best ? new Date(best.start).toISOString() : null,
        label: best ? best.label : null,
      };
    }),
    totalKWh: roundOrNull(totalKWh),
    completeness: completenessOf(sums.present, sums.estimated, sums.expected),
    warnings,
  };
}
