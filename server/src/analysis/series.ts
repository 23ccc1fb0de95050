import { ENERGIES, type Energy } from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import { AppError } from '../errors.js';
import type {
  AggregateGroup,
  AggregateResult,
  AggregationEngine,
  DataSource,
  Dimension,
} from './aggregation.js';
import { type AnalysisStep, type Bucket, daysBetween, FINE_STEP_SECONDS, isFineStep } from './calendar.js';
import { alignBuckets, type ComparisonSpec, comparisonRange } from './comparison.js';
import { type AppliedFactor, appliedFactors } from './conversions.js';
import { meanFloorArea } from './floor-area.js';
import { ENERGY_LABELS, frenchDate, STEP_LABELS, USE_LABELS } from './labels.js';
import type { PerimeterInput, PerimeterService, ResolvedPerimeter } from './perimeter.js';
import type { PerimeterBuilding } from './perimeter-repository.js';
import {
  bucketHours,
  pointOf,
  type SeriesPoint,
  type SeriesTotals,
  type SeriesUnit,
  type StepEntry,
  totalsOf,
  valueInUnit,
} from './series-values.js';

export const BREAKDOWNS = ['none', 'energy', 'building', 'site', 'use', 'meter'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export type CompareInput =
  | { mode: 'calendar' | 'weekday'; years: number[] }
  | { periods: { from: string; to: string }[] };

export interface SeriesRequest {
  perimeter: PerimeterInput;
  from: string;
  to: string;
  step: AnalysisStep;
  unit: SeriesUnit;
  breakdown: Breakdown;
  compare?: CompareInput;
  maxPoints?: number;
}

export interface Warning {
  code: string;
  message: string;
  ids?: string[];
}

export interface Series {
  /** Unique in the response: the group key, with `@N-1`, `@S-1` (weekday) or `@P1` for comparisons. */
  id: string;
  /** Group: `total`, an energy code, a building, site or meter id, or an activity code. */
  key: string;
  label: string;
  role: 'base' | 'comparison';
  comparison: {
    mode: 'calendar' | 'weekday' | 'period';
    years: number | null;
    from: string;
    to: string;
  } | null;
  /** Floor area divided into the energy for kWh/m²; null for other units. */
  areaM2: number | null;
  points: SeriesPoint[];
  /** Comparison points facing no base point (29 February, ISO week 53, a longer period). */
  unalignedPoints: SeriesPoint[];
  totals: SeriesTotals;
}

export interface SeriesResponse {
  from: string;
  to: string;
  step: AnalysisStep;
  unit: SeriesUnit;
  breakdown: Breakdown;
  mode: 'buildings' | 'meters';
  source: DataSource;
  /** Points of each series before downsampling. */
  stepCount: number;
  downsampled: boolean;
  /** Length of a downsampled point, s; null when not downsampled. */
  bucketSeconds: number | null;
  factors: AppliedFactor[];
  warnings: Warning[];
  series: Series[];
}

/** Largest number of points of one response, all series together. */
export const MAX_RESPONSE_POINTS = 200_000;
/** Largest number of raw readings one 10-minute or hourly request reads (about 1–2 s on 2 cores). */
export const MAX_FINE_READINGS = 3_000_000;
const MAX_RANGE_DAYS = 366 * 20;

export interface Comparison {
  spec: ComparisonSpec;
  range: { from: string; to: string };
  result: AggregateResult;
}

function comparisonSpecs(compare: CompareInput | undefined): ComparisonSpec[] {
  if (!compare) return [];
  if ('periods' in compare) return compare.periods.map((period) => ({ kind: 'period', ...period }));
  return compare.years.map((years) => ({ kind: compare.mode, years }));
}

function comparisonSuffix(spec: ComparisonSpec, index: number): { id: string; label: string } {
  if (spec.kind === 'calendar') return { id: `N-${spec.years}`, label: `N-${spec.years}` };
  if (spec.kind === 'weekday')
    return { id: `S-${spec.years}`, label: `N-${spec.years}, jours de semaine alignés` };
  return { id: `P${index + 1}`, label: `du ${frenchDate(spec.from)} au ${frenchDate(spec.to)} exclu` };
}

/** Rejects requests whose fields do not fit together, naming the field and what to change. */
export function validateSeriesRequest(
  request: Omit<SeriesRequest, 'perimeter' | 'unit' | 'breakdown'>,
): void {
  const fail = (field: string, message: string): never => {
    throw new AppError('validation-failed', {}, { [field]: message });
  };
  const ranges = [
    { field: '', from: request.from, to: request.to },
    ...(request.compare && 'periods' in request.compare
      ? request.compare.periods.map((period, index) => ({ field: `compare.periods.${index}.`, ...period }))
      : []),
  ];
  for (const range of ranges) {
    if (range.from >= range.to) fail(`${range.field}to`, 'la date de fin doit suivre la date de début');
    if (daysBetween(range.from, range.to) > MAX_RANGE_DAYS)
      fail(`${range.field}to`, `période trop longue : ${MAX_RANGE_DAYS} jours au plus`);
  }
  const compare = request.compare;
  if (
    compare &&
    'mode' in compare &&
    compare.mode === 'weekday' &&
    (request.step === 'P1M' || request.step === 'P1Y')
  ) {
    fail(
      'compare.mode',
      'l’alignement par jour de semaine vaut pour les pas de 10 minutes à une semaine ; pour un pas mensuel ou annuel, choisissez « calendar »',
    );
  }
}

/** Consumption series of a perimeter: steps, units, breakdowns, comparisons, downsampling. */
export class SeriesService {
  constructor(
    private readonly perimeters: PerimeterService,
    private readonly engine: AggregationEngine,
    private readonly clock: () => Date,
  ) {}

  async series(scope: Scope, request: SeriesRequest): Promise<SeriesResponse> {
    validateSeriesRequest(request);
    const perimeter = await this.perimeters.resolve(scope, request.perimeter, 'perimeter.');
    assertBreakdownFits(perimeter, request);

    const groupBy: Dimension[] = request.breakdown === 'none' ? [] : [request.breakdown];
    const now = this.clock();
    const aggregate = (range: { from: string; to: string }) =>
      this.engine.aggregate({
        perimeter,
        from: range.from,
        to: range.to,
        step: request.step,
        groupBy,
        onlyBuildingsWithArea: request.unit === 'kWh/m2',
        maxReadings: MAX_FINE_READINGS,
        now,
      });
    const base = await aggregate(request);
    const comparisons: Comparison[] = [];
    for (const spec of comparisonSpecs(request.compare)) {
      const range = comparisonRange(spec, request.from, request.to);
      comparisons.push({ spec, range, result: await aggregate(range) });
    }
    return buildSeriesResponse(request, perimeter, base, comparisons);
  }
}

function assertBreakdownFits(perimeter: ResolvedPerimeter, request: SeriesRequest): void {
  if (perimeter.mode === 'meters' && ['building', 'site', 'use'].includes(request.breakdown)) {
    throw new AppError(
      'validation-failed',
      {},
      {
        breakdown:
          'la ventilation par bâtiment, site ou usage porte sur un périmètre de bâtiments ; pour des compteurs choisis, choisissez « none », « energy » ou « meter »',
      },
    );
  }
  if (perimeter.mode === 'buildings' && request.breakdown === 'meter') {
    throw new AppError(
      'validation-failed',
      {},
      {
        breakdown:
          'la ventilation par compteur porte sur des compteurs choisis : indiquez des compteurs (meterIds) ou des points de livraison (deliveryPointIds)',
      },
    );
  }
  if (perimeter.mode === 'meters' && request.unit === 'kWh/m2') {
    throw new AppError(
      'validation-failed',
      {},
      {
        unit: 'les kWh/m² se calculent sur un périmètre de bâtiments : retirez les compteurs et points de livraison',
      },
    );
  }
}

/** Name of a group, from the perimeter's buildings, sites and meters. */
function groupLabel(group: AggregateGroup, perimeter: ResolvedPerimeter): string {
  const { parts } = group;
  if (parts.energy) return ENERGY_LABELS[parts.energy as Energy] ?? parts.energy;
  if (parts.building !== undefined)
    return perimeter.buildings.find((building) => building.id === parts.building)?.name ?? 'Sans bâtiment';
  if (parts.site !== undefined)
    return perimeter.buildings.find((building) => building.siteId === parts.site)?.siteName ?? 'Sans site';
  if (parts.use) return USE_LABELS[parts.use] ?? parts.use;
  if (parts.meter) {
    const meter = perimeter.meters.find((candidate) => candidate.id === parts.meter);
    return meter ? meter.name || meter.code : parts.meter;
  }
  return 'Total';
}

/** Buildings of the perimeter that a group covers. */
function groupBuildings(group: AggregateGroup, perimeter: ResolvedPerimeter): PerimeterBuilding[] {
  const { parts } = group;
  return perimeter.buildings.filter(
    (building) =>
      (parts.building === undefined || building.id === parts.building) &&
      (parts.site === undefined || building.siteId === parts.site) &&
      (parts.use === undefined || (building.activity ?? 'unknown') === parts.use),
  );
}

/**
 * Floor area of a group's buildings over the Paris days [from, to): the sum of each building's
 * day-weighted mean area, so a building extended mid-period weighs its area of each day. Buildings
 * without an area count for nothing (their kWh are left out of kWh/m² too).
 */
function groupArea(buildings: PerimeterBuilding[], from: string, to: string): number {
  return buildings.reduce((sum, building) => sum + (meanFloorArea(building, from, to) ?? 0), 0);
}

function groupOrder(group: AggregateGroup, label: string): string {
  if (group.parts.energy) return String(ENERGIES.indexOf(group.parts.energy as Energy)).padStart(2, '0');
  return label.toLocaleLowerCase('fr');
}

function stepEntries(
  group: AggregateGroup,
  buckets: Bucket[],
  unit: SeriesUnit,
  buildings: PerimeterBuilding[] | null,
): StepEntry[] {
  const isDated = buildings?.some((building) => building.floorAreaChanges.length > 0) ?? false;
  const constantArea =
    buildings && !isDated ? buildings.reduce((sum, building) => sum + (building.floorAreaM2 ?? 0), 0) : null;
  return buckets.map((bucket, index) => {
    const totals = group.totals[index] as AggregateGroup['totals'][number];
    const areaM2 =
      buildings && isDated ? groupArea(buildings, bucket.startDate, bucket.endDate) : constantArea;
    return { bucket, totals, value: valueInUnit(totals, unit, bucketHours(bucket), areaM2) };
  });
}

/** Area of a group over the Paris days [from, to) of a series, for its totals; null outside kWh/m². */
function rangeArea(buildings: PerimeterBuilding[] | null, from: string, to: string): number | null {
  return buildings ? groupArea(buildings, from, to) : null;
}

/** Groups consecutive entries into points of `size` steps (1: no downsampling). */
function chunkPoints(entries: StepEntry[], size: number): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let start = 0; start < entries.length; start += size)
    points.push(pointOf(entries, start, Math.min(start + size, entries.length)));
  return points;
}

function collectWarnings(
  request: SeriesRequest,
  perimeter: ResolvedPerimeter,
  results: AggregateResult[],
  energiesWithoutFactor: Energy[],
): Warning[] {
  const warnings: Warning[] = [];
  const coarse = new Map(
    results.flatMap((result) => result.coarseRegisters).map((item) => [item.registerId, item]),
  );
  if (coarse.size > 0) {
    warnings.push({
      code: 'coarse-registers',
      message: `${coarse.size === 1 ? 'Un registre relevé' : `${coarse.size} registres relevés`} à un pas plus long que ${STEP_LABELS[request.step]} ne ${coarse.size === 1 ? 'compte' : 'comptent'} pas dans ces séries : choisissez un pas plus long pour ${coarse.size === 1 ? 'l’inclure' : 'les inclure'}.`,
      ids: [...coarse.keys()],
    });
  }
  const withoutArea = results[0]?.buildingsWithoutArea ?? [];
  if (withoutArea.length > 0) {
    const codes = perimeter.buildings
      .filter((building) => withoutArea.includes(building.id))
      .map((building) => building.code);
    warnings.push({
      code: 'buildings-without-area',
      message: `${withoutArea.length} bâtiment(s) sans surface de plancher sont exclus du calcul par m² : ${codes.join(', ')}. Renseignez leur surface pour les inclure.`,
      ids: withoutArea,
    });
  }
  if (energiesWithoutFactor.length > 0) {
    const factorKind = request.unit === 'kWhEP' ? 'd’énergie primaire' : 'd’émission';
    warnings.push({
      code: 'energies-without-factor',
      message: `Aucun facteur ${factorKind} connu pour : ${energiesWithoutFactor.map((energy) => ENERGY_LABELS[energy]).join(', ')}. Ces énergies ne comptent pas dans les valeurs converties.`,
      ids: energiesWithoutFactor,
    });
  }
  if (perimeter.mode === 'meters') {
    const withRegister = new Set(
      perimeter.registers.filter((register) => register.isConsumption).map((register) => register.meterId),
    );
    const silent = perimeter.meters.filter((meter) => !withRegister.has(meter.id));
    if (silent.length > 0) {
      warnings.push({
        code: 'meters-without-consumption-register',
        message: `${silent.length} compteur(s) sans registre de consommation ne comptent pas : ${silent.map((meter) => meter.code).join(', ')}. Désignez leur registre de consommation pour les inclure.`,
        ids: silent.map((meter) => meter.id),
      });
    }
  }
  return warnings;
}

/** Turns the sums of the base range and of each comparison into the response's series. */
export function buildSeriesResponse(
  request: SeriesRequest,
  perimeter: ResolvedPerimeter,
  base: AggregateResult,
  comparisons: Comparison[],
): SeriesResponse {
  const { unit, step } = request;
  const stepCount = base.buckets.length;
  const chunkSize =
    isFineStep(step) && request.maxPoints !== undefined && stepCount > request.maxPoints
      ? Math.ceil(stepCount / request.maxPoints)
      : 1;
  const buildingsOf = (group: AggregateGroup) =>
    unit === 'kWh/m2' ? groupBuildings(group, perimeter) : null;

  const labelled = base.groups
    .map((group) => ({ group, label: groupLabel(group, perimeter) }))
    .sort((a, b) => groupOrder(a.group, a.label).localeCompare(groupOrder(b.group, b.label)));
  const series: Series[] = labelled.map(({ group, label }) => {
    const buildings = buildingsOf(group);
    const areaM2 = rangeArea(buildings, request.from, request.to);
    const entries = stepEntries(group, base.buckets, unit, buildings);
    return {
      id: group.key,
      key: group.key,
      label,
      role: 'base',
      comparison: null,
      areaM2,
      points: chunkPoints(entries, chunkSize),
      unalignedPoints: [],
      totals: totalsOf(entries, unit, areaM2),
    };
  });

  for (const [index, comparison] of comparisons.entries()) {
    const { spec, result, range } = comparison;
    const suffix = comparisonSuffix(spec, index);
    const { matches, unaligned } = alignBuckets(spec, step, base.buckets, result.buckets);
    const groups = result.groups
      .map((group) => ({ group, label: groupLabel(group, perimeter) }))
      .sort((a, b) => groupOrder(a.group, a.label).localeCompare(groupOrder(b.group, b.label)));
    for (const { group, label } of groups) {
      const buildings = buildingsOf(group);
      const areaM2 = rangeArea(buildings, range.from, range.to);
      const entries = stepEntries(group, result.buckets, unit, buildings);
      const aligned = matches.map((match) =>
        match >= 0 ? (entries[match] as StepEntry) : { bucket: null, totals: null, value: null },
      );
      series.push({
        id: `${group.key}@${suffix.id}`,
        key: group.key,
        label: `${label} (${suffix.label})`,
        role: 'comparison',
        comparison: {
          mode: spec.kind === 'period' ? 'period' : spec.kind,
          years: spec.kind === 'period' ? null : spec.years,
          from: range.from,
          to: range.to,
        },
        areaM2,
        points: chunkPoints(aligned, chunkSize),
        unalignedPoints: unaligned.map((position) => pointOf(entries, position, position + 1)),
        totals: totalsOf(entries, unit, areaM2),
      });
    }
  }

  const pointCount = series.reduce((sum, item) => sum + item.points.length + item.unalignedPoints.length, 0);
  if (pointCount > MAX_RESPONSE_POINTS) {
    throw new AppError(
      'validation-failed',
      {},
      {
        step: `réponse trop grande : ${pointCount} points (${MAX_RESPONSE_POINTS} au plus). Choisissez un pas plus long, une période plus courte, moins de séries, ou maxPoints pour un pas de 10 minutes ou d’une heure.`,
      },
    );
  }

  const allResults = [base, ...comparisons.map((comparison) => comparison.result)];
  const energies = ENERGIES.filter((energy) => allResults.some((result) => result.energies.includes(energy)));
  const earliest = [
    request.from,
    ...comparisons.map((comparison) => comparison.range.from),
  ].sort()[0] as string;
  const latest = [request.to, ...comparisons.map((comparison) => comparison.range.to)]
    .sort()
    .at(-1) as string;
  const conversion =
    unit === 'kWhEP' || unit === 'kgCO2e'
      ? appliedFactors(energies, unit === 'kWhEP' ? 'primary-energy' : 'emission', earliest, latest)
      : { factors: [], energiesWithoutFactor: [] };

  return {
    from: request.from,
    to: request.to,
    step,
    unit,
    breakdown: request.breakdown,
    mode: perimeter.mode,
    source: base.source,
    stepCount,
    downsampled: chunkSize > 1,
    bucketSeconds: chunkSize > 1 ? chunkSize * FINE_STEP_SECONDS[step as 'PT10M' | 'PT1H'] : null,
    factors: conversion.factors,
    warnings: collectWarnings(request, perimeter, allResults, conversion.energiesWithoutFactor),
    series,
  };
}
