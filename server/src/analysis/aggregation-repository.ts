import type { Energy } from '@openfluides/core';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RegisterKind, RegisterStep } from '../db/schema.js';

/**
 * A consumption register counted in a building's energy (or, in meters mode, in the perimeter)
 * with a weight over a range of local dates. The weight is the allocation key of an operator
 * meter's delivery point, or 1 for a building's own sub-meter or a chosen meter.
 */
export interface Contribution {
  /** Building whose energy the register feeds; in meters mode, the meter's own building or null. */
  buildingId: string | null;
  registerId: string;
  meterId: string;
  energy: Energy;
  weight: number;
  /** Local dates [validFrom, validTo) of the weight; null: unbounded. */
  validFrom: string | null;
  validTo: string | null;
  registerStep: RegisterStep;
  registerKind: RegisterKind;
  installedOn: string | null;
  removedOn: string | null;
}

interface ContributionRow {
  building_id: string | null;
  register_id: string;
  meter_id: string;
  energy: Energy;
  weight: number;
  valid_from: string | null;
  valid_to: string | null;
  step: RegisterStep;
  kind: RegisterKind;
  installed_on: string | null;
  removed_on: string | null;
}

function toContribution(row: ContributionRow): Contribution {
  return {
    buildingId: row.building_id,
    registerId: row.register_id,
    meterId: row.meter_id,
    energy: row.energy,
    weight: Number(row.weight),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    registerStep: row.step,
    registerKind: row.kind,
    installedOn: row.installed_on,
    removedOn: row.removed_on,
  };
}

/**
 * A contribution cut to one weight over dates [from, to), with its group, as the data queries take
 * it. The conversion factors valid over the dates are folded into the weights.
 */
export interface QueryContribution {
  groupKey: string;
  registerId: string;
  energy: Energy;
  /** Weight of the register's kWh; the same times the kWh EP and the kg CO2e per stored kWh (null: no factor). */
  kwhWeight: number;
  primaryWeight: number | null;
  co2eWeight: number | null;
  from: string;
  to: string;
  /** Paris midnight instants of `from` and `to`, ms. */
  fromAt: number;
  toAt: number;
}

/** Sums of one group per period, as parallel arrays: energy, primary energy, emissions, points received. */
export interface GroupSums {
  groupKey: string;
  bucket: string[];
  kwh: (number | null)[];
  kwhEp: (number | null)[];
  kgCo2e: (number | null)[];
  present: number[];
  estimated: number[];
}

/**
 * Raw readings of one register as parallel arrays: interval start in minutes after the range's
 * start, energy (kWh), quality (1 measured, 2 estimated, 3 corrected, 4 missing).
 */
export interface RegisterReadings {
  registerId: string;
  minute: number[];
  kwh: (number | null)[];
  quality: number[];
}

function contributionsTable(contributions: QueryContribution[]): RawBuilder<unknown> {
  return sql`unnest(
      ${contributions.map((item) => item.registerId)}::bigint[],
      ${contributions.map((item) => item.groupKey)}::text[],
      ${contributions.map((item) => item.kwhWeight)}::float8[],
      ${contributions.map((item) => item.primaryWeight)}::float8[],
      ${contributions.map((item) => item.co2eWeight)}::float8[],
      ${contributions.map((item) => item.from)}::date[],
      ${contributions.map((item) => item.to)}::date[]
    ) as c(register_id, group_key, kwh_weight, primary_weight, co2e_weight, valid_from, valid_to)`;
}

function distinctRegisterIds(contributions: QueryContribution[]): string[] {
  return [...new Set(contributions.map((item) => item.registerId))];
}

/** SQL of the consumption analysis: allocation keys, and sums of rollups or readings per group and period. */
export class AggregationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Finds the consumption registers feeding the buildings, with their weight over time:
   * - an operator meter's register weighs, for each building its delivery point serves, the key
   *   valid over each part of time. That key is the fixed fraction, or the building's share of the
   *   floor area of the buildings allocated by surface at the same time, in scope or not, as in
   *   `getBuildingConsumption`. Dated floor areas cut time too, and each part uses the areas of its
   *   first day;
   * - a building allocated by sub-meter counts its own sub-meters of that energy with weight 1
   *   while such an allocation is valid, and the point's own register not at all.
   * Time is cut at every date where an allocation of the point starts or ends.
   */
  async buildingContributions(buildingIds: string[], energies: Energy[] | null): Promise<Contribution[]> {
    if (buildingIds.length === 0) return [];
    const energyFilter = energies ? sql`and dp.energy = any(${energies}::text[])` : sql``;
    const result = await sql<ContributionRow>`
      with target as (select unnest(${buildingIds}::bigint[]) as building_id),
      points as (
        select distinct delivery_point_id from delivery_point_allocations
        where building_id in (select building_id from target)
      ),
      bounds as (
        select delivery_point_id, valid_from as bound from delivery_point_allocations
        where delivery_point_id in (select delivery_point_id from points)
        union
        select delivery_point_id, valid_to from delivery_point_allocations
        where delivery_point_id in (select delivery_point_id from points) and valid_to is not null
        union
        select a.delivery_point_id, c.changed_on from delivery_point_allocations a
        join building_floor_area_changes c on c.building_id = a.building_id
        where a.delivery_point_id in (select delivery_point_id from points) and a.method = 'surface'
      ),
      segments as (
        select delivery_point_id, bound as valid_from,
          lead(bound) over (partition by delivery_point_id order by bound) as valid_to
        from bounds
      ),
      keyed as (
        select a.delivery_point_id, a.building_id, a.method, s.valid_from, s.valid_to,
          case a.method
            when 'fixed' then a.fraction::float8
            when 'surface' then building_floor_area_on(b.id, s.valid_from)::float8 / nullif(
              sum(building_floor_area_on(b.id, s.valid_from)::float8) filter (where a.method = 'surface')
                over (partition by a.delivery_point_id, s.valid_from), 0)
          end as weight
        from segments s
        join delivery_point_allocations a on a.delivery_point_id = s.delivery_point_id
          and a.valid_from <= s.valid_from
          and (a.valid_to is null or (s.valid_to is not null and a.valid_to >= s.valid_to))
        join buildings b on b.id = a.building_id
      ),
      submetered as (
        select a.building_id, dp.energy, unnest(range_agg(daterange(a.valid_from, a.valid_to))) as validity
        from delivery_point_allocations a
        join delivery_points dp on dp.id = a.delivery_point_id
        where a.method = 'submeter' and a.building_id in (select building_id from target) ${energyFilter}
        group by a.building_id, dp.energy
      )
      select k.building_id::text as building_id, reg.id::text as register_id, m.id::text as meter_id, dp.energy,
        k.weight, k.valid_from::text as valid_from, k.valid_to::text as valid_to, reg.step, reg.kind,
        m.installed_on::text as installed_on, m.removed_on::text as removed_on
      from keyed k
      join delivery_points dp on dp.id = k.delivery_point_id
      join meters m on m.delivery_point_id = k.delivery_point_id and m.kind = 'operator'
      join registers reg on reg.meter_id = m.id and reg.is_consumption
      where k.method <> 'submeter' and k.weight is not null
        and k.building_id in (select building_id from target) ${energyFilter}
      union all
      select sub.building_id::text, reg.id::text, m.id::text, m.energy, 1.0::float8,
        lower(sub.validity)::text, upper(sub.validity)::text, reg.step, reg.kind,
        m.installed_on::text, m.removed_on::text
      from submetered sub
      join meters m on m.kind = 'submeter' and m.building_id = sub.building_id and m.energy = sub.energy
      join registers reg on reg.meter_id = m.id and reg.is_consumption`.execute(this.db);
    return result.rows.map(toContribution);
  }

  /** Consumption registers of chosen meters, each counted whole (weight 1) at all times. */
  async meterContributions(meterIds: string[]): Promise<Contribution[]> {
    if (meterIds.length === 0) return [];
    const result = await sql<ContributionRow>`
      select m.building_id::text as building_id, reg.id::text as register_id, m.id::text as meter_id, m.energy,
        1.0::float8 as weight, null::text as valid_from, null::text as valid_to, reg.step, reg.kind,
        m.installed_on::text as installed_on, m.removed_on::text as removed_on
      from meters m
      join registers reg on reg.meter_id = m.id and reg.is_consumption
      where m.id = any(${meterIds}::bigint[])`.execute(this.db);
    return result.rows.map(toContribution);
  }

  /**
   * Sums of daily (`readings_daily`) or monthly (`readings_monthly`) rollups per group and period.
   * `bucket` is the SQL of the period's first date from the rollup date `r.period`. A monthly row
   * counts with the weight valid on the 1st of its month. Each group comes back as one row of JSON
   * arrays, which the driver parses much faster than one row per period.
   */
  async sumRollups(options: {
    table: 'readings_daily' | 'readings_monthly';
    bucket: RawBuilder<string>;
    from: string;
    to: string;
    contributions: QueryContribution[];
  }): Promise<GroupSums[]> {
    const { contributions } = options;
    if (contributions.length === 0) return [];
    const table = sql.raw(options.table);
    const dateColumn = sql.raw(options.table === 'readings_daily' ? 'local_date' : 'month');
    const result = await sql<{ group_key: string; data: string }>`
      with c as (select * from ${contributionsTable(contributions)}),
      r as (
        select register_id, ${dateColumn} as period, quantity, points_present, points_estimated
        from ${table}
        where register_id = any(${distinctRegisterIds(contributions)}::bigint[])
          and ${dateColumn} >= ${options.from}::date and ${dateColumn} < ${options.to}::date
      ),
      sums as (
        select c.group_key, (${options.bucket})::text as bucket,
          sum(r.quantity * c.kwh_weight) as kwh,
          sum(r.quantity * c.primary_weight) as kwh_ep,
          sum(r.quantity * c.co2e_weight) as kg_co2e,
          sum(r.points_present) as present,
          sum(r.points_estimated) as estimated
        from r
        join c on c.register_id = r.register_id and r.period >= c.valid_from and r.period < c.valid_to
        group by c.group_key, 2
      )
      select group_key, json_build_object(
          'bucket', array_agg(bucket), 'kwh', array_agg(kwh), 'kwhEp', array_agg(kwh_ep),
          'kgCo2e', array_agg(kg_co2e), 'present', array_agg(present), 'estimated', array_agg(estimated))::text as data
      from sums
      group by group_key`.execute(this.db);
    return result.rows.map((row) => ({
      groupKey: row.group_key,
      ...(JSON.parse(row.data) as Omit<GroupSums, 'groupKey'>),
    }));
  }

  /**
   * Raw readings of registers over [fromAt, toAt), each register as one row of compact JSON arrays
   * (about twice as fast to build and read as one row per reading on the embedded server). The
   * energy of an interval is the value of an ENERGY register, or the value × the interval hours of
   * a POWER register (mean kW). For an INDEX register it is the next index minus this one when the
   * next reading is exactly one step later, across a recorded reset or meter change or a counter
   * rollover, as the daily rollups count it, and null otherwise.
   */
  async readings(options: {
    registerIds: string[];
    fromAt: number;
    toAt: number;
  }): Promise<RegisterReadings[]> {
    if (options.registerIds.length === 0) return [];
    const fromAt = new Date(options.fromAt).toISOString();
    const toAt = new Date(options.toAt).toISOString();
    const result = await sql<{ register_id: string; data: string }>`
      with regs as (
        select id, kind, step, rollover_kwh,
          case step when 'PT10M' then interval '10 minutes' when 'PT30M' then interval '30 minutes'
            else interval '1 hour' end as step_length,
          case step when 'PT10M' then 1.0 / 6 when 'PT30M' then 0.5 else 1.0 end as step_hours
        from registers where id = any(${options.registerIds}::bigint[])
      ),
      plain as (
        select r.register_id, r.interval_start, r.quality,
          case g.kind when 'POWER' then r.value * g.step_hours else r.value end as quantity
        from regs g
        join readings r on r.register_id = g.id
        where g.kind <> 'INDEX' and r.interval_start >= ${fromAt}::timestamptz and r.interval_start < ${toAt}::timestamptz
      ),
      index_steps as (
        select x.register_id, x.interval_start, x.value, x.quality, g.rollover_kwh, g.step_length,
          lead(x.interval_start) over w as next_start,
          lead(x.value) over w as next_value
        from regs g
        join readings x on x.register_id = g.id
        where g.kind = 'INDEX' and x.interval_start >= ${fromAt}::timestamptz
          and x.interval_start < ${toAt}::timestamptz + interval '1 hour'
        window w as (partition by x.register_id order by x.interval_start)
      ),
      indexed as (
        select i.register_id, i.interval_start, i.quality,
          case
            when i.value is null or i.next_value is null or i.next_start <> i.interval_start + i.step_length then null
            when ev.value_after is not null then
              case when i.next_value >= ev.value_after
                then greatest(coalesce(ev.value_before - i.value, 0), 0) + (i.next_value - ev.value_after)
              end
            when i.next_value >= i.value then i.next_value - i.value
            when i.rollover_kwh is not null and i.rollover_kwh - i.value + i.next_value < 0.1 * i.rollover_kwh
              then i.rollover_kwh - i.value + i.next_value
          end as quantity
        from index_steps i
        left join index_events ev on ev.register_id = i.register_id
          and ev.occurred_at > i.interval_start and ev.occurred_at <= i.next_start
        where i.interval_start < ${toAt}::timestamptz
      ),
      q as (
        select register_id, interval_start, quality, quantity from plain
        union all
        select register_id, interval_start, quality, quantity from indexed
      )
      select register_id::text as register_id, json_build_object(
          'minute', array_agg((extract(epoch from interval_start)::int8 - ${Math.floor(options.fromAt / 1000)}::int8) / 60),
          'kwh', array_agg(quantity),
          'quality', array_agg(quality))::text as data
      from q
      group by register_id`.execute(this.db);
    return result.rows.map((row) => ({
      registerId: row.register_id,
      ...(JSON.parse(row.data) as Omit<RegisterReadings, 'registerId'>),
    }));
  }
}
