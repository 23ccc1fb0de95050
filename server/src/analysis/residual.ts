import type { Energy } from '@openfluides/core';
import { sql } from 'kysely';
import { type Scope, visibleMeterIds } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { AggregateGroup, AggregationEngine, BucketTotals } from './aggregation.js';
import type { AnalysisStep } from './calendar.js';
import type { PerimeterRepository } from './perimeter-repository.js';
import { MAX_FINE_READINGS, MAX_RESPONSE_POINTS, validateSeriesRequest } from './series.js';
import { type Completeness, completenessOf, roundOrNull } from './series-values.js';

/** Residual of a main meter against its direct sub-meters over one period or the whole range. */
export interface ResidualFigures {
  mainKWh: number | null;
  childrenKWh: number | null;
  /** Main − Σ children, kWh: losses and unmetered uses. */
  residualKWh: number | null;
  /** Residual / main × 100. */
  residualPct: number | null;
  /** |residualPct| > bandPct. */
  flagged: boolean;
  mainCompleteness: Completeness;
  childrenCompleteness: Completeness;
}

export interface ResidualPoint extends ResidualFigures {
  start: string;
  end: string;
  label: string;
}

export interface ResidualResponse {
  meter: { id: string; code: string; name: string; energy: Energy; lossesSharePercent: number | null };
  children: { id: string; code: string; name: string; totalKWh: number | null }[];
  /** Direct sub-meters the caller cannot read: they are left out of Σ children. */
  childrenOutsideScope: number;
  from: string;
  to: string;
  step: AnalysisStep;
  bandPct: number;
  points: ResidualPoint[];
  totals: ResidualFigures;
  warnings: { code: string; message: string }[];
}

function sumTotals(items: BucketTotals[]): BucketTotals {
  const sum: BucketTotals = { kwh: 0, kwhEp: null, kgCo2e: null, present: 0, estimated: 0, expected: 0 };
  for (const item of items) {
    // A child without any reading for the period makes Σ children unknown, not smaller.
    sum.kwh = sum.kwh === null || item.kwh === null ? null : sum.kwh + item.kwh;
    sum.present += item.present;
    sum.estimated += item.estimated;
    sum.expected += item.expected;
  }
  return sum;
}

function figuresOf(main: BucketTotals, children: BucketTotals | null, bandPct: number): ResidualFigures {
  const childrenKWh = children ? children.kwh : null;
  const residualKWh = main.kwh !== null && childrenKWh !== null ? main.kwh - childrenKWh : null;
  const residualPct = residualKWh !== null && main.kwh ? (residualKWh / main.kwh) * 100 : null;
  return {
    mainKWh: roundOrNull(main.kwh),
    childrenKWh: roundOrNull(childrenKWh),
    residualKWh: roundOrNull(residualKWh),
    residualPct: roundOrNull(residualPct),
    flagged: residualPct !== null && Math.abs(residualPct) > bandPct,
    mainCompleteness: completenessOf(main.present, main.estimated, main.expected),
    childrenCompleteness: children
      ? completenessOf(children.present, children.estimated, children.expected)
      : completenessOf(0, 0, 0),
  };
}

function rangeTotals(group: AggregateGroup | undefined): BucketTotals {
  const totals: BucketTotals = {
    kwh: null,
    kwhEp: null,
    kgCo2e: null,
    present: 0,
    estimated: 0,
    expected: 0,
  };
  if (!group) return totals;
  for (const item of group.totals) {
    if (item.kwh !== null) totals.kwh = (totals.kwh ?? 0) + item.kwh;
    totals.present += item.present;
    totals.estimated += item.estimated;
    totals.expected += item.expected;
  }
  return totals;
}

/** Main meter against the sum of its direct sub-meters (meter tree). */
export class ResidualService {
  constructor(
    private readonly db: Db,
    private readonly perimeters: PerimeterRepository,
    private readonly engine: AggregationEngine,
    private readonly clock: () => Date,
  ) {}

  async residual(
    scope: Scope,
    meterId: string,
    query: { from: string; to: string; step: AnalysisStep; bandPct: number },
  ): Promise<ResidualResponse> {
    validateSeriesRequest(query);
    const [meter] = await this.perimeters.findMeters(scope, { meterIds: [meterId] });
    if (!meter) throw new AppError('not-found');
    const details = await this.db
      .selectFrom('meters')
      .select('losses_share')
      .where('id', '=', meterId)
      .executeTakeFirstOrThrow();

    const childRows = await this.db
      .selectFrom('meters')
      .select(['id', sql<boolean>`id in ${visibleMeterIds(scope, 'consumption', 'read')}`.as('visible')])
      .where('parent_meter_id', '=', meterId)
      .execute();
    const visibleChildIds = childRows.filter((row) => row.visible).map((row) => row.id);
    const children =
      visibleChildIds.length > 0
        ? await this.perimeters.findMeters(scope, { meterIds: visibleChildIds })
        : [];
    const meters = [meter, ...children];
    const registers = await this.perimeters.findRegisters(meters.map((item) => item.id));
    const result = await this.engine.aggregate({
      perimeter: { mode: 'meters', buildings: [], meters, registers, energies: null },
      from: query.from,
      to: query.to,
      step: query.step,
      groupBy: ['meter'],
      maxReadings: MAX_FINE_READINGS,
      now: this.clock(),
    });
    if (result.buckets.length > MAX_RESPONSE_POINTS) {
      throw new AppError(
        'validation-failed',
        {},
        { step: `trop de périodes : ${MAX_RESPONSE_POINTS} au plus` },
      );
    }

    const groupOf = (id: string) => result.groups.find((group) => group.parts.meter === id);
    const mainGroup = groupOf(meter.id);
    const childGroups = children.map((child) => groupOf(child.id));
    const empty: BucketTotals = {
      kwh: null,
      kwhEp: null,
      kgCo2e: null,
      present: 0,
      estimated: 0,
      expected: 0,
    };
    const points = result.buckets.map((bucket, index) => {
      const main = mainGroup?.totals[index] ?? empty;
      const childTotals =
        children.length > 0 ? sumTotals(childGroups.map((group) => group?.totals[index] ?? empty)) : null;
      return {
        start: new Date(bucket.start).toISOString(),
        end: new Date(bucket.end).toISOString(),
        label: bucket.label,
        ...figuresOf(main, childTotals, query.bandPct),
      };
    });
    const childRangeTotals = childGroups.map((group) => rangeTotals(group));
    const totals = figuresOf(
      rangeTotals(mainGroup),
      children.length > 0 ? sumTotals(childRangeTotals) : null,
      query.bandPct,
    );

    const warnings: ResidualResponse['warnings'] = [];
    if (children.length === 0)
      warnings.push({
        code: 'no-children',
        message:
          'Ce compteur n’a aucun sous-compteur lisible : le résidu ne se calcule pas. Rattachez des sous-compteurs à ce compteur parent pour l’obtenir.',
      });
    const hidden = childRows.length - visibleChildIds.length;
    if (hidden > 0)
      warnings.push({
        code: 'children-outside-scope',
        message: `${hidden} sous-compteur(s) hors de votre périmètre ne comptent pas dans la somme des sous-compteurs : le résidu est surestimé d’autant.`,
      });
    if (result.coarseRegisters.length > 0)
      warnings.push({
        code: 'coarse-registers',
        message: `${result.coarseRegisters.length} registre(s) relevé(s) à un pas plus long que ${query.step} ne comptent pas ; choisissez un pas plus long.`,
      });

    return {
      meter: {
        id: meter.id,
        code: meter.code,
        name: meter.name,
        energy: meter.energy,
        lossesSharePercent: details.losses_share === null ? null : Number(details.losses_share) * 100,
      },
      children: children.map((child, index) => ({
        id: child.id,
        code: child.code,
        name: child.name,
        totalKWh: roundOrNull(childRangeTotals[index]?.kwh ?? null),
      })),
      childrenOutsideScope: hidden,
      from: query.from,
      to: query.to,
      step: query.step,
      bandPct: query.bandPct,
      points,
      totals,
      warnings,
    };
  }
}
