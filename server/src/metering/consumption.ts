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
  const stepInterval = step === 'day' ? sql`interval '1 day'` : sql`interval '1 month'`;
  // Points a register of each step owes a period of Paris time: whole intervals for sub-daily
  // steps, one per day for daily ones, one per month for monthly ones (none in a daily view).
  const expectedSql = sql`case r.step
    when 'PT10M' then p.period_seconds / 600
    when 'PT30M' then p.period_seconds / 1800
    when 'PT1H' then p.period_seconds / 3600
    when 'P1D' then p.period_end - p.period
    else ${step === 'day' ? sql`0` : sql`1`}
  end`;

  const result = await sql<{
    building_id: string;
    period: string;
    energy: string;
    energy_kwh: number | null;
    points_present: string;
    points_expected: string;
  }>`
    with periods as (
      -- Periods of the range up to today: expected points of the future would read as missing.
      select bounds.period, bounds.period_end,
        extract(epoch from (paris_midnight(bounds.period_end) - paris_midnight(bounds.period)))::integer as period_seconds
      from (
        select period::date as period, (period + ${stepInterval})::date as period_end
        from generate_series(${fromPeriod}::date, least(${range.to}::date, current_date + 1) - 1, ${stepInterval}) as period
      ) bounds
    ),
    -- Consumption registers of the requested buildings: operator meters of their delivery
    -- points, and their own sub-meters.
    consumption_registers as (
      select reg.id as register_id, reg.step, m.kind, m.energy, m.delivery_point_id, m.building_id, m.installed_on, m.removed_on
      from registers reg
      join meters m on m.id = reg.meter_id
      where reg.is_consumption
        and ((m.kind = 'operator' and m.delivery_point_id in (select delivery_point_id from delivery_point_allocations where building_id = any(${ids})))
          or (m.kind = 'submeter' and m.building_id = any(${ids})))
    ),
    -- Read through the primary key: only the rows of these registers within the range.
    rollup_rows as (
      select register_id, ${periodColumn} as period, quantity, points_present, points_expected
      from ${rollup}
      where register_id = any(array(select register_id from consumption_registers))
        and ${periodColumn} >= ${fromPeriod}::date and ${periodColumn} < ${range.to}::date
    ),
    -- One row per register and period while the meter is in place, with the points expected
    -- whether or not a reading arrived, so a silent meter lowers completeness.
    register_periods as (
      select r.register_id, r.kind, r.energy, r.delivery_point_id, r.building_id, p.period,
        d.quantity, coalesce(d.points_present, 0) as points_present,
        coalesce(d.points_expected, ${expectedSql}) as points_expected
      from consumption_registers r
      cross join periods p
      left join rollup_rows d on d.register_id = r.register_id and d.period = p.period
      where (r.installed_on is null or r.installed_on < p.period_end)
        and (r.removed_on is null or r.removed_on > p.period)
    ),
    point_totals as (
      select delivery_point_id, period, sum(quantity) as quantity,
        sum(points_present) as points_present, sum(points_expected) as points_expected
      from register_periods
      where kind = 'operator'
      group by delivery_point_id, period
    ),
    -- Every allocation valid in each period, so that the floor-area total of a point counts all
    -- the buildings it serves, requested or not.
    allocated as (
      select a.building_id, a.method, a.fraction, building_floor_area_on(b.id, pt.period) as floor_area_m2,
        pt.period, pt.quantity, pt.points_present, pt.points_expected, dp.energy,
        sum(building_floor_area_on(b.id, pt.period)) filter (where a.method = 'surface')
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
      select rp.building_id, rp.period, rp.energy, sum(rp.quantity) as energy_kwh,
        sum(rp.points_present) as points_present, sum(rp.points_expected) as points_expected
      from register_periods rp
      where rp.kind = 'submeter'
        and exists (
          select 1 from delivery_point_allocations a join delivery_points dp on dp.id = a.delivery_point_id
          where a.building_id = rp.building_id and a.method = 'submeter' and dp.energy = rp.energy
            and a.valid_from <= rp.period and (a.valid_to is null or a.valid_to > rp.period))
      group by rp.building_id, rp.period, rp.energy
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
