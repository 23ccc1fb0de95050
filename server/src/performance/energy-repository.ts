import type { Db } from '../db/database.js';
import { getBuildingConsumption } from '../metering/consumption.js';
import { addDays, type Period, periodIndexOf } from '../weather/periods.js';

/** Energy of one building, energy and period, with the points behind it. */
export interface EnergyTotal {
  /** kWh as stored (gas in kWh PCS); null when registers owe points but no value arrived. */
  kwh: number | null;
  pointsPresent: number;
  pointsExpected: number;
}

/** Energies of one period, by energy name (`electricity`, `gas`…). */
export type PeriodEnergies = Map<string, EnergyTotal>;

/** Completeness of a total: present / expected, or null when nothing was owed (no register). */
export function completenessOf(total: Pick<EnergyTotal, 'pointsPresent' | 'pointsExpected'>): number | null {
  return total.pointsExpected > 0 ? Math.min(1, total.pointsPresent / total.pointsExpected) : null;
}

/** Adds `addition` into `sum`; a null kWh adds nothing, so a sum is null only when every part is. */
export function addTotal(sum: EnergyTotal, addition: EnergyTotal, factor = 1): void {
  if (addition.kwh !== null) sum.kwh = (sum.kwh ?? 0) + addition.kwh * factor;
  sum.pointsPresent += addition.pointsPresent;
  sum.pointsExpected += addition.pointsExpected;
}

export function emptyTotal(): EnergyTotal {
  return { kwh: null, pointsPresent: 0, pointsExpected: 0 };
}

/**
 * Loads the energy of buildings per period and energy through their allocation keys, with
 * `getBuildingConsumption` (so the keys and the completeness rules are those of the metering
 * capability). `source: 'month'` reads the monthly rollups and needs periods made of whole months;
 * it is the only view that contains monthly-step registers. `source: 'day'` reads the daily rollups.
 */
export async function loadEnergyByPeriod(
  db: Db,
  buildingIds: readonly string[],
  periods: readonly Period[],
  source: 'day' | 'month',
): Promise<Map<string, PeriodEnergies[]>> {
  const byBuilding = new Map<string, PeriodEnergies[]>();
  for (const id of buildingIds)
    byBuilding.set(
      id,
      periods.map(() => new Map()),
    );
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (!first || !last || buildingIds.length === 0) return byBuilding;

  const points = await getBuildingConsumption(
    db,
    [...buildingIds],
    { from: first.firstDate, to: addDays(last.lastDate, 1) },
    source,
  );
  for (const point of points) {
    const index = periodIndexOf(periods, point.period);
    const energies = byBuilding.get(point.buildingId)?.[index];
    if (!energies) continue;
    const total = energies.get(point.energy) ?? emptyTotal();
    addTotal(total, {
      kwh: point.energyKWh,
      pointsPresent: point.pointsPresent,
      pointsExpected: point.pointsExpected,
    });
    energies.set(point.energy, total);
  }
  return byBuilding;
}
