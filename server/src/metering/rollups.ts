import type pg from 'pg';

/**
 * SQL that rebuilds the daily and monthly rollups of the (register, Paris day) pairs listed in the
 * temporary table `touched_days`, inside the caller's transaction.
 *
 * Per interval, `quantity` is: the value for ENERGY (kWh) and VOLUME (m3); value × interval hours
 * for POWER (mean kW); for INDEX, the next index minus this one when the next reading is exactly
 * one step later, across a recorded reset or meter replacement (`index_events`) or a counter
 * rollover, and null otherwise, so a gap or an unexplained drop stays a gap. Monthly-step (P1M)
 * registers have no daily rows; their monthly rows come from the readings directly.
 */
const INTERVAL_END_SQL = `case p.step
  when 'PT10M' then p.interval_start + interval '10 minutes'
  when 'PT30M' then p.interval_start + interval '30 minutes'
  when 'PT1H' then p.interval_start + interval '1 hour'
  else ((p.interval_start at time zone 'Europe/Paris') + interval '1 day') at time zone 'Europe/Paris'
end`;

const STEP_SECONDS_SQL = `case reg.step when 'PT10M' then 600 when 'PT30M' then 1800 when 'PT1H' then 3600 else null end`;

const REFRESH_DAILY_SQL = `
with ranges as (
  select register_id, min(local_date) as first_date, max(local_date) as last_date
  from touched_days group by register_id
),
scoped as (
  select reg.id as register_id, reg.kind, reg.step, reg.rollover_kwh,
    (rg.first_date::timestamp at time zone 'Europe/Paris') as from_ts,
    ((rg.last_date + 2)::timestamp at time zone 'Europe/Paris') as to_ts
  from ranges rg join registers reg on reg.id = rg.register_id
  where reg.step <> 'P1M'
),
p as (
  select s.register_id, s.kind, s.step, s.rollover_kwh, r.interval_start, r.value, r.quality,
    lead(r.interval_start) over w as next_start,
    lead(r.value) over w as next_value
  from scoped s
  join readings r on r.register_id = s.register_id and r.interval_start >= s.from_ts and r.interval_start < s.to_ts
  window w as (partition by r.register_id order by r.interval_start)
),
intervals as (
  select p.*, (p.interval_start at time zone 'Europe/Paris')::date as local_date, ${INTERVAL_END_SQL} as interval_end
  from p
),
valued as (
  select i.register_id, i.local_date, i.kind, i.quality, i.value,
    extract(epoch from (i.interval_end - i.interval_start)) / 3600.0 as hours,
    case i.kind
      when 'ENERGY' then i.value
      when 'VOLUME' then i.value
      when 'POWER' then i.value * extract(epoch from (i.interval_end - i.interval_start)) / 3600.0
      when 'INDEX' then case
        when i.value is null or i.next_value is null or i.next_start <> i.interval_end then null
        when ev.value_after is not null then
          case when i.next_value >= ev.value_after
            then greatest(coalesce(ev.value_before - i.value, 0), 0) + (i.next_value - ev.value_after)
          end
        when i.next_value >= i.value then i.next_value - i.value
        when i.rollover_kwh is not null and i.rollover_kwh - i.value + i.next_value < 0.1 * i.rollover_kwh
          then i.rollover_kwh - i.value + i.next_value
      end
    end as quantity
  from intervals i
  left join index_events ev
    on i.kind = 'INDEX' and ev.register_id = i.register_id
   and ev.occurred_at > i.interval_start and ev.occurred_at <= i.next_start
  where (i.register_id, i.local_date) in (select register_id, local_date from touched_days)
)
insert into readings_daily (
  register_id, local_date, quantity, max_power_kw, min_value, max_value, mean_value,
  points_present, points_estimated, points_expected)
select v.register_id, v.local_date,
  case when v.kind = 'TEMPERATURE' then null else sum(v.quantity) end,
  case v.kind
    when 'POWER' then max(v.value)
    when 'ENERGY' then max(v.value / nullif(v.hours, 0))
    when 'INDEX' then max(v.quantity / nullif(v.hours, 0))
  end,
  min(v.value), max(v.value),
  case when v.kind in ('TEMPERATURE', 'POWER') then avg(v.value) end,
  count(*) filter (where (v.kind = 'INDEX' and v.quantity is not null) or (v.kind <> 'INDEX' and v.value is not null)),
  count(*) filter (where v.quality in (2, 3) and v.value is not null),
  coalesce(
    (select extract(epoch from (((v.local_date + 1)::timestamp at time zone 'Europe/Paris')
      - (v.local_date::timestamp at time zone 'Europe/Paris')))::integer / ${STEP_SECONDS_SQL}
     from registers reg where reg.id = v.register_id),
    1)
from valued v
group by v.register_id, v.local_date, v.kind
`;

const REFRESH_MONTHLY_SQL = `
with months as (
  select distinct register_id, date_trunc('month', local_date)::date as month from touched_days
)
insert into readings_monthly (
  register_id, month, quantity, max_power_kw, min_value, max_value, mean_value,
  points_present, points_estimated, points_expected)
select m.register_id, m.month,
  case when reg.kind = 'TEMPERATURE' then null else sum(d.quantity) end,
  max(d.max_power_kw), min(d.min_value), max(d.max_value),
  sum(d.mean_value * d.points_present) / nullif(sum(d.points_present) filter (where d.mean_value is not null), 0),
  coalesce(sum(d.points_present), 0), coalesce(sum(d.points_estimated), 0),
  extract(epoch from (((m.month + interval '1 month')::timestamp at time zone 'Europe/Paris')
    - (m.month::timestamp at time zone 'Europe/Paris')))::integer / ${STEP_SECONDS_SQL.replace('else null', "when 'P1D' then 86400 else null")}
from months m
join registers reg on reg.id = m.register_id and reg.step <> 'P1M'
join readings_daily d on d.register_id = m.register_id and d.local_date >= m.month and d.local_date < (m.month + interval '1 month')::date
group by m.register_id, m.month, reg.kind, reg.step
union all
select m.register_id, m.month,
  case when reg.kind in ('ENERGY', 'VOLUME') then sum(r.value) end,
  null, min(r.value), max(r.value), null,
  count(r.value), count(r.value) filter (where r.quality in (2, 3)), 1
from months m
join registers reg on reg.id = m.register_id and reg.step = 'P1M'
join readings r on r.register_id = m.register_id
  and r.interval_start >= (m.month::timestamp at time zone 'Europe/Paris')
  and r.interval_start < ((m.month + interval '1 month')::timestamp at time zone 'Europe/Paris')
group by m.register_id, m.month, reg.kind
`;

/**
 * Rebuilds the rollups for the days in `touched_days` (columns register_id, local_date). The
 * caller fills that temporary table and owns the transaction.
 */
export async function refreshRollups(client: pg.ClientBase): Promise<void> {
  // An INDEX reading closes the previous interval, so the day before each touched day changes too.
  await client.query(`
    insert into touched_days (register_id, local_date)
    select t.register_id, t.local_date - 1 from touched_days t
    join registers reg on reg.id = t.register_id and reg.kind = 'INDEX'
    on conflict do nothing`);
  await client.query(`delete from readings_daily d using touched_days t
    where d.register_id = t.register_id and d.local_date = t.local_date`);
  await client.query(REFRESH_DAILY_SQL);
  await client.query(`delete from readings_monthly m using (select distinct register_id, date_trunc('month', local_date)::date as month from touched_days) t
    where m.register_id = t.register_id and m.month = t.month`);
  await client.query(REFRESH_MONTHLY_SQL);
}

/** Creates the empty `touched_days` table for this transaction. */
export async function createTouchedDays(client: pg.ClientBase): Promise<void> {
  await client.query(`create temporary table if not exists touched_days (
      register_id bigint not null, local_date date not null, primary key (register_id, local_date)
    ) on commit drop`);
}
