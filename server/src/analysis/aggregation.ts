import { ENERGIES, type Energy } from '@openfluides/core';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RegisterStep } from '../db/schema.js';
import { AppError } from '../errors.js';
import {
  AggregationRepository,
  type Contribution,
  type GroupSums,
  type QueryContribution,
} from './aggregation-repository.js';
import {
  type AnalysisStep,
  addDays,
  type Bucket,
  daysBetween,
  earlierDate,
  enumerateBuckets,
  FINE_STEP_SECONDS,
  type FineStep,
  isFineStep,
  laterDate,
  monthStartOnOrAfter,
  parisDateOf,
  parisMidnight,
} from './calendar.js';
import { factorSegments } from './conversions.js';
import type { ResolvedPerimeter } from './perimeter.js';
import type { PerimeterBuilding } from './perimeter-repository.js';

/** Grouping dimension of a series. `use` is the building's activity (teaching, research, …). */
export type Dimension = 'energy' | 'building' | 'site' | 'use' | 'meter';

export type DataSource = 'readings' | 'readings_daily' | 'readings_monthly';

/** Sums of one group over one period. Energies are null when nothing was received. */
export interface BucketTotals {
  kwh: number | null;
  kwhEp: number | null;
  kgCo2e: number | null;
  /** Points received, of which estimated or corrected, and points owed by the registers. */
  present: number;
  estimated: number;
  expected: number;
}

export interface AggregateGroup {
  key: string;
  /** Value of each grouping dimension: energy, building id, site id, activity (or `unknown`), meter id. */
  parts: Partial<Record<Dimension, string>>;
  /** Totals per period, in the order of `AggregateResult.buckets`. */
  totals: BucketTotals[];
}

export interface AggregateResult {
  buckets: Bucket[];
  source: DataSource;
  groups: AggregateGroup[];
  /** Consumption registers left out because their step is coarser than the data the step needs. */
  coarseRegisters: { registerId: string; meterId: string; step: RegisterStep }[];
  /** Buildings left out because they have no floor area (only when `onlyBuildingsWithArea`). */
  buildingsWithoutArea: string[];
  energies: Energy[];
}

export interface AggregateRequest {
  perimeter: ResolvedPerimeter;
  from: string;
  to: string;
  step: AnalysisStep;
  groupBy: readonly Dimension[];
  /** Leaves out buildings without a floor area, for figures per m². */
  onlyBuildingsWithArea?: boolean;
  /** Largest number of raw readings a 10-minute or hourly request may read; larger requests are rejected. */
  maxReadings?: number;
  now: Date;
}

const STEP_ORDER: Record<RegisterStep, number> = { PT10M: 1, PT30M: 2, PT1H: 3, P1D: 4, P1M: 5 };
const REGISTER_STEP_MS: Partial<Record<RegisterStep, number>> = {
  PT10M: 600_000,
  PT30M: 1_800_000,
  PT1H: 3_600_000,
};
const FAR_FUTURE = '9999-12-31';

/** Source of each step: raw readings below a day, daily rollups, or monthly rollups for whole months. */
export function dataSourceOf(step: AnalysisStep, from: string, to: string): DataSource {
  if (isFineStep(step)) return 'readings';
  if ((step === 'P1M' || step === 'P1Y') && from.endsWith('-01') && to.endsWith('-01'))
    return 'readings_monthly';
  return 'readings_daily';
}

/** Coarsest register step each source can use: a register must be at least as fine as its points. */
function finestStepAllowed(step: AnalysisStep, source: DataSource): RegisterStep {
  if (source === 'readings') return step === 'PT10M' ? 'PT10M' : 'PT1H';
  return source === 'readings_daily' ? 'P1D' : 'P1M';
}

interface Segment {
  from: string;
  to: string;
  weight: number;
}

/**
 * Cuts overlapping weighted ranges at every bound and adds the weights of each part, so a register
 * meets each reading once per group (a site's buildings sharing one delivery point, a key that
 * changes mid-period).
 */
function mergeSegments(parts: Segment[]): Segment[] {
  const bounds = [...new Set(parts.flatMap((part) => [part.from, part.to]))].sort();
  const merged: Segment[] = [];
  for (let index = 0; index + 1 < bounds.length; index += 1) {
    const from = bounds[index] as string;
    const to = bounds[index + 1] as string;
    let weight = 0;
    let covered = false;
    for (const part of parts) {
      if (part.from <= from && part.to >= to) {
        weight += part.weight;
        covered = true;
      }
    }
    if (!covered) continue;
    const previous = merged.at(-1);
    if (previous && previous.to === from && previous.weight === weight) previous.to = to;
    else merged.push({ from, to, weight });
  }
  return merged;
}

function bucketSql(step: AnalysisStep, source: DataSource) {
  if (step === 'P1D') return sql<string>`r.period`;
  if (step === 'P1W') return sql<string>`date_trunc('week', r.period::timestamp)::date`;
  if (step === 'P1M' && source === 'readings_monthly') return sql<string>`r.period`;
  if (step === 'P1M') return sql<string>`date_trunc('month', r.period::timestamp)::date`;
  return sql<string>`date_trunc('year', r.period::timestamp)::date`;
}

/** Owed date ranges of a register: where it counts, while installed, within the range, up to today. */
function owedDateRanges(
  segments: Segment[],
  contribution: Contribution,
  from: string,
  until: string,
  monthly: boolean,
): { from: string; to: string }[] {
  const lower = laterDate(from, contribution.installedOn ?? from);
  const upper = earlierDate(until, contribution.removedOn ?? FAR_FUTURE);
  const ranges: { from: string; to: string }[] = [];
  for (const segment of segments) {
    // A monthly row counts with the key valid on the 1st, so a key owes whole months from the next 1st.
    const segmentFrom = monthly ? monthStartOnOrAfter(segment.from) : segment.from;
    const segmentTo = monthly ? monthStartOnOrAfter(segment.to) : segment.to;
    const start = laterDate(segmentFrom, lower);
    const end = earlierDate(segmentTo, upper);
    if (start < end) ranges.push({ from: start, to: end });
  }
  return ranges;
}

/** Points a register of `step` owes over the local dates [from, to). */
function pointsOwedInDates(step: RegisterStep, from: string, to: string): number {
  if (step === 'P1D') return daysBetween(from, to);
  if (step === 'P1M') {
    let count = 0;
    for (let month = monthStartOnOrAfter(from); month < to; month = monthStartOnOrAfter(addDays(month, 1)))
      count += 1;
    return count;
  }
  const stepMs = REGISTER_STEP_MS[step] ?? 3_600_000;
  return Math.round((parisMidnight(to) - parisMidnight(from)) / stepMs);
}

/** Index of the first bucket whose end lies after `instant`. */
function firstBucketEndingAfter(buckets: Bucket[], instant: number): number {
  let low = 0;
  let high = buckets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((buckets[middle] as Bucket).end <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Rejects a fine-step request that would read more raw readings than `maxReadings`. */
function assertReadingBudget(
  contributions: Contribution[],
  from: string,
  to: string,
  maxReadings: number,
): void {
  const spanMs = parisMidnight(to) - parisMidnight(from);
  const steps = new Map(contributions.map((item) => [item.registerId, item.registerStep]));
  let readings = 0;
  for (const step of steps.values()) readings += spanMs / (REGISTER_STEP_MS[step] ?? 3_600_000);
  if (readings > maxReadings) {
    throw new AppError(
      'validation-failed',
      {},
      {
        to: `période trop longue pour ce pas : environ ${Math.round(readings)} relevés de ${steps.size} registres à lire (${maxReadings} au plus). Raccourcissez la période, réduisez le périmètre ou choisissez un pas d’un jour ou plus.`,
      },
    );
  }
}

function emptyTotals(): BucketTotals {
  return { kwh: null, kwhEp: null, kgCo2e: null, present: 0, estimated: 0, expected: 0 };
}

function addNullable(sum: number | null, value: number | null): number | null {
  if (value === null) return sum;
  return (sum ?? 0) + value;
}

/** A register's disjoint weighted ranges within one group. */
interface RegisterInGroup {
  groupKey: string;
  contribution: Contribution;
  segments: Segment[];
}

/**
 * Keeps the contributions a request can use. Figures per m² keep only buildings with a floor area,
 * and every step keeps only registers at least as fine as the step's data.
 */
function usableContributions(
  contributions: Contribution[],
  request: AggregateRequest,
  source: DataSource,
  buildingById: Map<string, PerimeterBuilding>,
): Pick<AggregateResult, 'coarseRegisters' | 'buildingsWithoutArea'> & { contributions: Contribution[] } {
  let kept = contributions;
  const buildingsWithoutArea: string[] = [];
  if (request.onlyBuildingsWithArea) {
    for (const building of request.perimeter.buildings)
      if (building.floorAreaM2 === null) buildingsWithoutArea.push(building.id);
    kept = kept.filter(
      (item) => item.buildingId !== null && buildingById.get(item.buildingId)?.floorAreaM2 != null,
    );
  }
  const finest = STEP_ORDER[finestStepAllowed(request.step, source)];
  const coarse = new Map<string, AggregateResult['coarseRegisters'][number]>();
  kept = kept.filter((item) => {
    if (STEP_ORDER[item.registerStep] <= finest) return true;
    coarse.set(item.registerId, {
      registerId: item.registerId,
      meterId: item.meterId,
      step: item.registerStep,
    });
    return false;
  });
  return { contributions: kept, coarseRegisters: [...coarse.values()], buildingsWithoutArea };
}

/**
 * Sorts contributions into groups, and cuts each register's contributions to a group into
 * disjoint weighted ranges within [from, to).
 */
function groupContributions(
  contributions: Contribution[],
  request: AggregateRequest,
  buildingById: Map<string, PerimeterBuilding>,
): { groups: Map<string, AggregateGroup>; registers: RegisterInGroup[] } {
  const { from, to, groupBy } = request;
  const partsOf = (item: Contribution): Partial<Record<Dimension, string>> => {
    const building = item.buildingId ? buildingById.get(item.buildingId) : undefined;
    const parts: Partial<Record<Dimension, string>> = {};
    for (const dimension of groupBy) {
      if (dimension === 'energy') parts.energy = item.energy;
      if (dimension === 'building') parts.building = item.buildingId ?? '';
      if (dimension === 'site') parts.site = building?.siteId ?? '';
      if (dimension === 'use') parts.use = building?.activity ?? 'unknown';
      if (dimension === 'meter') parts.meter = item.meterId;
    }
    return parts;
  };

  const groups = new Map<string, AggregateGroup>();
  const pairs = new Map<string, { groupKey: string; contribution: Contribution; parts: Segment[] }>();
  for (const item of contributions) {
    const parts = partsOf(item);
    const groupKey = groupBy.length === 0 ? 'total' : groupBy.map((dimension) => parts[dimension]).join('|');
    const lower = laterDate(item.validFrom ?? from, from);
    const upper = earlierDate(item.validTo ?? to, to);
    if (lower >= upper) continue;
    if (!groups.has(groupKey)) groups.set(groupKey, { key: groupKey, parts, totals: [] });
    const pairKey = `${groupKey}#${item.registerId}`;
    const pair = pairs.get(pairKey) ?? { groupKey, contribution: item, parts: [] };
    pair.parts.push({ from: lower, to: upper, weight: item.weight });
    pairs.set(pairKey, pair);
  }
  // An ungrouped series exists even when nothing feeds it, with nulls and nothing owed.
  if (groupBy.length === 0 && !groups.has('total'))
    groups.set('total', { key: 'total', parts: {}, totals: [] });

  const registers = [...pairs.values()].map((pair) => ({
    groupKey: pair.groupKey,
    contribution: pair.contribution,
    segments: mergeSegments(pair.parts),
  }));
  return { groups, registers };
}

/** Cuts the weighted ranges again where a conversion factor changes, and folds the factors into the weights. */
function queryContributionsOf(registers: RegisterInGroup[], energies: Energy[]): QueryContribution[] {
  const factors = factorSegments(energies);
  const queryContributions: QueryContribution[] = [];
  for (const { groupKey, contribution, segments } of registers) {
    const { registerId, energy } = contribution;
    for (const segment of segments) {
      for (const factor of factors) {
        if (factor.energy !== energy || factor.toDate <= segment.from || factor.fromDate >= segment.to)
          continue;
        const partFrom = laterDate(segment.from, factor.fromDate);
        const partTo = earlierDate(segment.to, factor.toDate);
        queryContributions.push({
          groupKey,
          registerId,
          energy,
          kwhWeight: segment.weight,
          primaryWeight: factor.primaryPerKWh === null ? null : segment.weight * factor.primaryPerKWh,
          co2eWeight: factor.co2ePerKWh === null ? null : segment.weight * factor.co2ePerKWh,
          from: partFrom,
          to: partTo,
          fromAt: parisMidnight(partFrom),
          toAt: parisMidnight(partTo),
        });
      }
    }
  }
  return queryContributions;
}

/** Adds the rollup sums of each group to its periods. */
function addRollupSums(sums: GroupSums[], groups: Map<string, AggregateGroup>, buckets: Bucket[]): void {
  const bucketIndex = new Map(buckets.map((bucket, index) => [bucket.key, index]));
  for (const sum of sums) {
    const group = groups.get(sum.groupKey);
    if (!group) continue;
    for (const [position, key] of sum.bucket.entries()) {
      const index = bucketIndex.get(key);
      if (index === undefined) continue;
      const totals = group.totals[index] as BucketTotals;
      totals.kwh = addNullable(totals.kwh, sum.kwh[position] ?? null);
      totals.kwhEp = addNullable(totals.kwhEp, sum.kwhEp[position] ?? null);
      totals.kgCo2e = addNullable(totals.kgCo2e, sum.kgCo2e[position] ?? null);
      totals.present += sum.present[position] ?? 0;
      totals.estimated += sum.estimated[position] ?? 0;
    }
  }
}

/**
 * Energy of a perimeter per period and group, with the points received and owed. The SQL sums
 * rollups or readings; the points owed are counted here from the registers' validity.
 */
export class AggregationEngine {
  private readonly repository: AggregationRepository;

  constructor(db: Db) {
    this.repository = new AggregationRepository(db);
  }

  /** Registers feeding the perimeter with their weights, before any step or group applies. */
  async contributions(perimeter: ResolvedPerimeter): Promise<Contribution[]> {
    if (perimeter.mode === 'meters') {
      return this.repository.meterContributions(perimeter.meters.map((meter) => meter.id));
    }
    return this.repository.buildingContributions(
      perimeter.buildings.map((building) => building.id),
      perimeter.energies,
    );
  }

  async aggregate(request: AggregateRequest): Promise<AggregateResult> {
    const { perimeter, from, to, step } = request;
    const source = dataSourceOf(step, from, to);
    const buckets = enumerateBuckets(from, to, step);
    const buildingById = new Map(perimeter.buildings.map((building) => [building.id, building]));

    const usable = usableContributions(await this.contributions(perimeter), request, source, buildingById);
    if (source === 'readings' && request.maxReadings !== undefined) {
      assertReadingBudget(usable.contributions, from, to, request.maxReadings);
    }
    const { groups, registers } = groupContributions(usable.contributions, request, buildingById);
    for (const group of groups.values()) group.totals = buckets.map(emptyTotals);
    const energies = ENERGIES.filter((energy) => usable.contributions.some((item) => item.energy === energy));
    const queryContributions = queryContributionsOf(registers, energies);

    if (source === 'readings') {
      await this.addReadings(queryContributions, groups, {
        stepMs: FINE_STEP_SECONDS[step as FineStep] * 1000,
        fromAt: parisMidnight(from),
        toAt: parisMidnight(to),
      });
    } else {
      const sums = await this.repository.sumRollups({
        table: source,
        bucket: bucketSql(step, source),
        from,
        to,
        contributions: queryContributions,
      });
      addRollupSums(sums, groups, buckets);
    }

    this.addOwedPoints(registers, groups, buckets, { from, to, source, now: request.now });
    for (const group of groups.values()) {
      for (const totals of group.totals) {
        // A duplicated or misdated point must not push completeness above 100 %.
        totals.present = Math.min(totals.present, totals.expected);
        totals.estimated = Math.min(totals.estimated, totals.present);
      }
    }

    return {
      buckets,
      source,
      groups: [...groups.values()],
      coarseRegisters: usable.coarseRegisters,
      buildingsWithoutArea: usable.buildingsWithoutArea,
      energies,
    };
  }

  /**
   * Adds raw readings to the groups' fixed steps: each reading counts in every group its register
   * feeds while the contribution's weights are valid. The steps are aligned on UTC hours, hence on
   * Paris hours.
   */
  private async addReadings(
    queryContributions: QueryContribution[],
    groups: Map<string, AggregateGroup>,
    range: { stepMs: number; fromAt: number; toAt: number },
  ): Promise<void> {
    const byRegister = new Map<string, QueryContribution[]>();
    for (const item of queryContributions) {
      const list = byRegister.get(item.registerId) ?? [];
      list.push(item);
      byRegister.set(item.registerId, list);
    }
    const registers = await this.repository.readings({
      registerIds: [...byRegister.keys()],
      fromAt: range.fromAt,
      toAt: range.toAt,
    });
    for (const register of registers) {
      for (const item of byRegister.get(register.registerId) ?? []) {
        const totalsByStep = groups.get(item.groupKey)?.totals;
        if (!totalsByStep) continue;
        for (let position = 0; position < register.minute.length; position += 1) {
          const start = range.fromAt + (register.minute[position] as number) * 60_000;
          if (start < item.fromAt || start >= item.toAt) continue;
          const totals = totalsByStep[Math.floor((start - range.fromAt) / range.stepMs)];
          const kwh = register.kwh[position] ?? null;
          if (!totals || kwh === null) continue;
          totals.kwh = (totals.kwh ?? 0) + kwh * item.kwhWeight;
          if (item.primaryWeight !== null) totals.kwhEp = (totals.kwhEp ?? 0) + kwh * item.primaryWeight;
          if (item.co2eWeight !== null) totals.kgCo2e = (totals.kgCo2e ?? 0) + kwh * item.co2eWeight;
          totals.present += 1;
          const quality = register.quality[position];
          if (quality === 2 || quality === 3) totals.estimated += 1;
        }
      }
    }
  }

  /**
   * Adds to each group and period the points its registers owe. A register owes points while it
   * counts in the group (its key or sub-meter allocation is valid) and its meter is installed, up
   * to today for rollups and up to the last ended interval for readings.
   */
  private addOwedPoints(
    registers: RegisterInGroup[],
    groups: Map<string, AggregateGroup>,
    buckets: Bucket[],
    options: { from: string; to: string; source: DataSource; now: Date },
  ): void {
    const today = parisDateOf(options.now.getTime());
    const until = earlierDate(addDays(today, 1), options.to);
    for (const { groupKey, contribution, segments } of registers) {
      const group = groups.get(groupKey);
      if (!group) continue;
      const ranges = owedDateRanges(
        segments,
        contribution,
        options.from,
        options.source === 'readings' ? options.to : until,
        options.source === 'readings_monthly',
      );
      if (options.source === 'readings') {
        const stepMs = REGISTER_STEP_MS[contribution.registerStep] ?? 3_600_000;
        const lastEnded = Math.floor(options.now.getTime() / stepMs) * stepMs;
        for (const range of ranges) {
          const start = parisMidnight(range.from);
          const end = Math.min(parisMidnight(range.to), lastEnded);
          for (let index = firstBucketEndingAfter(buckets, start); index < buckets.length; index += 1) {
            const bucket = buckets[index] as Bucket;
            if (bucket.start >= end) break;
            const overlap = Math.min(bucket.end, end) - Math.max(bucket.start, start);
            if (overlap > 0) (group.totals[index] as BucketTotals).expected += Math.floor(overlap / stepMs);
          }
        }
        continue;
      }
      for (const range of ranges) {
        for (
          let index = firstBucketEndingAfter(buckets, parisMidnight(range.from));
          index < buckets.length;
          index += 1
        ) {
          const bucket = buckets[index] as Bucket;
          if (bucket.startDate >= range.to) break;
          const start = laterDate(bucket.startDate, range.from);
          const end = earlierDate(bucket.endDate, range.to);
          if (start < end)
            (group.totals[index] as BucketTotals).expected += pointsOwedInDates(
              contribution.registerStep,
              start,
              end,
            );
        }
      }
    }
  }
}
