import { ENERGIES } from '@openfluides/core';
import type { DateRange } from '../api/endpoints';
import type { ConsumptionItem, ConsumptionStep } from '../api/types';
import { addDays, addMonths, monthStart } from '../dates';

/** Figures of one energy over one period, as the consumption route returns them. */
export interface EnergyFigures {
  energyKWh: number | null;
  pointsPresent: number;
  pointsExpected: number;
}

/**
 * `complete`: every energy of the range has all its expected points. `incomplete`: some points or
 * some energy are missing. `missing`: the API returned nothing for the period.
 */
export type PeriodStatus = 'complete' | 'incomplete' | 'missing';

export interface ConsumptionPeriod {
  /** First local day of the period. */
  period: string;
  byEnergy: Record<string, EnergyFigures | undefined>;
  /** Sum of the energies valued in kWh. Water, counted in m³, is left out. */
  totalKWh: number;
  pointsPresent: number;
  pointsExpected: number;
  status: PeriodStatus;
}

export interface EnergyTotal {
  energy: string;
  /** kWh, or m³ for water. */
  quantity: number;
  pointsPresent: number;
  pointsExpected: number;
  /** Periods of the range that have no figure for this energy. */
  periodsWithout: number;
}

export interface ConsumptionSummary {
  totals: EnergyTotal[];
  /** Sum over the energies counted in kWh. */
  totalKWh: number;
  /** Share of expected points present over the periods that have figures, or null when none has. */
  completeness: number | null;
  incompletePeriods: number;
  missingPeriods: number;
}

/** Energies whose quantity is a volume, not an energy, and so are not added to kWh totals. */
export const VOLUME_ENERGIES: readonly string[] = ['water'];

function energyOrder(energy: string): number {
  const index = (ENERGIES as readonly string[]).indexOf(energy);
  return index === -1 ? ENERGIES.length : index;
}

/** Lists the first day of every period of the step within `[from, to)`. */
export function listPeriods(range: DateRange, step: ConsumptionStep): string[] {
  const periods: string[] = [];
  if (step === 'day') {
    for (let day = range.from; day < range.to; day = addDays(day, 1)) periods.push(day);
  } else {
    for (let month = monthStart(range.from); month < range.to; month = addMonths(month, 1))
      periods.push(month);
  }
  return periods;
}

/** First day that a range covers at this step: monthly figures start on the 1st of the month. */
export function firstCoveredDay(range: DateRange, step: ConsumptionStep): string {
  return step === 'month' ? monthStart(range.from) : range.from;
}

/** Groups the route's rows by period, adding the periods it returned nothing for. */
export function buildPeriods(
  items: ConsumptionItem[],
  range: DateRange,
  step: ConsumptionStep,
): { periods: ConsumptionPeriod[]; energies: string[] } {
  const energies = [...new Set(items.map((item) => item.energy))].sort(
    (a, b) => energyOrder(a) - energyOrder(b) || a.localeCompare(b),
  );
  const byPeriod = new Map<string, ConsumptionItem[]>();
  for (const item of items) {
    const rows = byPeriod.get(item.period) ?? [];
    rows.push(item);
    byPeriod.set(item.period, rows);
  }

  const periods = listPeriods(range, step).map((period): ConsumptionPeriod => {
    const rows = byPeriod.get(period) ?? [];
    const byEnergy: Record<string, EnergyFigures | undefined> = {};
    let totalKWh = 0;
    let pointsPresent = 0;
    let pointsExpected = 0;
    let isComplete = rows.length > 0;
    for (const row of rows) {
      byEnergy[row.energy] = {
        energyKWh: row.energyKWh,
        pointsPresent: row.pointsPresent,
        pointsExpected: row.pointsExpected,
      };
      if (row.energyKWh !== null && !VOLUME_ENERGIES.includes(row.energy)) totalKWh += row.energyKWh;
      pointsPresent += row.pointsPresent;
      pointsExpected += row.pointsExpected;
      if (row.energyKWh === null || row.pointsPresent < row.pointsExpected) isComplete = false;
    }
    if (energies.some((energy) => byEnergy[energy] === undefined)) isComplete = false;
    let status: PeriodStatus = isComplete ? 'complete' : 'incomplete';
    if (rows.length === 0) status = 'missing';
    return { period, byEnergy, totalKWh, pointsPresent, pointsExpected, status };
  });
  return { periods, energies };
}

/** Totals per energy over the periods, with the completeness of the whole range. */
export function summarise(periods: ConsumptionPeriod[], energies: string[]): ConsumptionSummary {
  const totals = energies.map((energy): EnergyTotal => {
    const total: EnergyTotal = {
      energy,
      quantity: 0,
      pointsPresent: 0,
      pointsExpected: 0,
      periodsWithout: 0,
    };
    for (const period of periods) {
      const figures = period.byEnergy[energy];
      if (!figures) {
        total.periodsWithout += 1;
        continue;
      }
      total.quantity += figures.energyKWh ?? 0;
      total.pointsPresent += figures.pointsPresent;
      total.pointsExpected += figures.pointsExpected;
    }
    return total;
  });
  const pointsPresent = periods.reduce((sum, period) => sum + period.pointsPresent, 0);
  const pointsExpected = periods.reduce((sum, period) => sum + period.pointsExpected, 0);
  return {
    totals,
    totalKWh: totals
      .filter((total) => !VOLUME_ENERGIES.includes(total.energy))
      .reduce((sum, total) => sum + total.quantity, 0),
    completeness: pointsExpected > 0 ? pointsPresent / pointsExpected : null,
    incompletePeriods: periods.filter((period) => period.status === 'incomplete').length,
    missingPeriods: periods.filter((period) => period.status === 'missing').length,
  };
}

function hasData(item: { energyKWh: number | null; pointsPresent: number }): boolean {
  return item.energyKWh !== null || item.pointsPresent > 0;
}

/**
 * Share of its expected points below which the last month with data does not end the default
 * window: such a month is still being filled, or was cut by the end of an export.
 * NOTE: one half is a judgment call, not a rule of the field. Users can still pick that month.
 */
const LAST_MONTH_MIN_SHARE = 0.5;

/**
 * Returns the twelve months ending with the last month that has data in monthly rows, or null when
 * no row has data. A last month with less than half of its expected points gives way to the month before.
 */
export function latestTwelveMonths(monthlyItems: ConsumptionItem[]): DateRange | null {
  const pointsByMonth = new Map<string, { present: number; expected: number }>();
  for (const item of monthlyItems.filter(hasData)) {
    const points = pointsByMonth.get(item.period) ?? { present: 0, expected: 0 };
    points.present += item.pointsPresent;
    points.expected += item.pointsExpected;
    pointsByMonth.set(item.period, points);
  }
  const months = [...pointsByMonth.keys()].sort();
  let lastMonth = months.at(-1);
  if (lastMonth === undefined) return null;
  const lastPoints = pointsByMonth.get(lastMonth);
  const previousMonth = months.at(-2);
  if (
    previousMonth !== undefined &&
    lastPoints !== undefined &&
    lastPoints.expected > 0 &&
    lastPoints.present / lastPoints.expected < LAST_MONTH_MIN_SHARE
  ) {
    lastMonth = previousMonth;
  }
  return { from: addMonths(lastMonth, -11), to: addMonths(lastMonth, 1) };
}

/** Civil years that have data in monthly rows, latest first. */
export function yearsWithData(monthlyItems: ConsumptionItem[]): number[] {
  const years = new Set(monthlyItems.filter(hasData).map((item) => Number(item.period.slice(0, 4))));
  return [...years].sort((a, b) => b - a);
}
