import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface ConsumptionPoint {
  buildingId: string;
  /** First local day of the period (`YYYY-MM-DD`): the day, or the 1st of the month. */
  period: string;
  energy: string;
  /** Energy allocated to the building, kWh. */
  energyKWh: number | null;
  pointsPresent: number;
  pointsExpected: number;
}

/**
 * Energy of buildings per day or month and per energy, computed from the rollups:
 * Σ over its delivery points of (the point's consumption registers × the allocation key valid
 * on that day), where the key is a fixed fraction, the building's share of floor area among the
 * buildings allocated by surface, or the building's own sub-meters.
 *
 * Monthly figures use the monthly rollups and the key valid on the 1st of the month, so a key
 * that changes mid-month applies from the next month in the monthly view.
 */
export async function getBuildingConsumption(
  db: Db,
  buildingIds: string[],
  range: { from: string; to: string },
  step: 'day' | 'month',
): Promise<ConsumptionPoint[]> {
  if (buildingIds.length === 0) return [];
  const ids = sql`${buildingIds}::bigint[]`;
  const rollup = step === 'day' ? sql.raw('readings_daily') : sql.raw('readings_monthly');
  const periodColumn = step === 'day' ? sql.raw('local_date') : sql.raw('month');
  const fromPeriod = step === 'day' ? range.from : `${range.from.slice(0, 7)}-01`;

  const result = await sql<{
    building_id: string;
    period: string;
    energy: string;
    energy_kwh: number | null;
    points_present: string;
    points_expected: string;
  }>`
    with point_totals as (
      select m.delivery_point_id, d.${periodColumn} as period,
        sum(d.quantity) as quantity, sum(d.points_present) as points_present, sum(d.points_expected) as points_expected
      from ${rollup} d
      join registers reg on reg.id = d.register_id and reg.is_consumption
      join meters m on m.id = reg.meter_id and m.kind = 'operator'
      where m.delivery_point_id in (select delivery_point_id from delivery_point_allocations where building_id = any(${ids}))
        and d.${periodColumn} >= ${fromPeriod}::date and d.${periodColumn} < ${range.to}::date
      group by m.delivery_point_id, d.${periodColumn}
    ),
    -- Every allocation valid in each period, so that the floor-area total of a point counts all
    -- the buildings it serves, requested or not.
    allocated as (
      select a.building_id, a.method, a.fraction, b.floor_area_m2, pt.period, pt.quantity, pt.points_present,
        pt.points_expected, dp.energy,
        sum(b.floor_area_m2) filter (where a.method = 'surface')
          over (partition by pt.delivery_point_id, pt.period) as surface_total_m2
      from point_totals pt
      join delivery_points dp on dp.id = pt.delivery_point_id
      join delivery_point_allocations a on a.delivery_point_id = pt.delivery_point_id
        and a.valid_from <= pt.period and (a.valid_to is null or a.valid_to > pt.period)
      join buildings b on b.id = a.building_id
    ),
    keyed as (
      select building_id, period, energy, points_present, points_expected,
        case method
          when 'fixed' then fraction * quantity
          when 'surface' then quantity * floor_area_m2 / nullif(surface_total_m2, 0)
        end as energy_kwh
      from allocated
      where method <> 'submeter' and building_id = any(${ids})
    ),
    submetered as (
      select m.building_id, d.${periodColumn} as period, m.energy, sum(d.quantity) as energy_kwh,
        sum(d.points_present) as points_present, sum(d.points_expected) as points_expected
      from ${rollup} d
      join registers reg on reg.id = d.register_id and reg.is_consumption
      join meters m on m.id = reg.meter_id and m.kind = 'submeter' and m.building_id = any(${ids})
      where d.${periodColumn} >= ${fromPeriod}::date and d.${periodColumn} < ${range.to}::date
        and exists (
          select 1 from delivery_point_allocations a join delivery_points dp on dp.id = a.delivery_point_id
          where a.building_id = m.building_id and a.method = 'submeter' and dp.energy = m.energy
            and a.valid_from <= d.${periodColumn} and (a.valid_to is null or a.valid_to > d.${periodColumn}))
      group by m.building_id, d.${periodColumn}, m.energy
    )
    select building_id::text as building_id, period::text as period, energy, sum(energy_kwh)::float8 as energy_kwh,
      sum(points_present) as points_present, sum(points_expected) as points_expected
    from (
      select building_id, period, energy, energy_kwh, points_present, points_expected from keyed
      union all
      select building_id, period, energy, energy_kwh, points_present, points_expected from submetered
    ) all_rows
    group by building_id, period, energy
    order by building_id, period, energy`.execute(db);

  return result.rows.map((row) => ({
    buildingId: row.building_id,
    period: row.period,
    energy: row.energy,
    // Rounded to the watt-hour: float sums otherwise show digits such as 135530.30000000002.
    energyKWh: row.energy_kwh === null ? null : Math.round(row.energy_kwh * 1000) / 1000,
    pointsPresent: Number(row.points_present),
    pointsExpected: Number(row.points_expected),
  }));
}
