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
/** Expected points of a register on a Paris day: day length / step, or 1 for daily steps. */
function expectedPointsSql(step: string, localDate: string): string {
  return `coalesce(
  extract(epoch from (((${localDate} + 1)::timestamp at time zone 'Europe/Paris')
    - (${localDate}::timestamp at time zone 'Europe/Paris')))::integer
    / case ${step} when 'PT10M' then 600 when 'PT30M' then 1800 when 'PT1H' then 3600 end,
  1)`;
}

/**
 * Selects the touched days of registers of the given kinds, with their bounds as instants. Joining readings
 * on these bounds walks the primary key day by day, with no time-zone conversion per reading.
 */
function touchedDaysSql(kindFilter: string): string {
  return `
  select b.*,
    case b.step when 'PT10M' then 1.0 / 6 when 'PT30M' then 0.5 when 'PT1H' then 1.0
      else extract(epoch from (b.day_end - b.day_start)) / 3600 end::float8 as hours
  from (
    select t.register_id, t.local_date, reg.kind, reg.step, reg.rollover_kwh,
      (t.local_date::timestamp at time zone 'Europe/Paris') as day_start,
      ((t.local_date + 1)::timestamp at time zone 'Europe/Paris') as day_end
    from touched_days t
    join registers reg on reg.id = t.register_id and reg.step <> 'P1M' and ${kindFilter}
  ) b`;
}

/** Daily rows of ENERGY, POWER, VOLUME and TEMPERATURE registers: one aggregate per day, no window. */
const DAILY_PLAIN_SQL = `
insert into readings_daily (
  register_id, local_date, quantity, max_power_kw, min_value, max_value, mean_value,
  points_present, points_estimated, points_expected)
select d.register_id, d.local_date,
  case d.kind when 'ENERGY' then sum(v.value) when 'VOLUME' then sum(v.value) when 'POWER' then sum(v.value) * d.hours end,
  case d.kind when 'POWER' then max(v.value) when 'ENERGY' then max(v.value) / d.hours end,
  min(v.value), max(v.value),
  case when d.kind in ('TEMPERATURE', 'POWER') then avg(v.value) end,
  count(v.value)::integer,
  (count(*) filter (where v.quality in (2, 3) and v.value is not null))::integer,
  ${expectedPointsSql('d.step', 'd.local_date')}
from (${touchedDaysSql("reg.kind <> 'INDEX'")}) d
cross join lateral (
  select r.value, r.quality
  from readings r
  where r.register_id = d.register_id and r.interval_start >= d.day_start and r.interval_start < d.day_end
) v
group by d.register_id, d.local_date, d.kind, d.step, d.hours`;

/**
 * Daily rows of INDEX registers. Each interval's consumption needs the next reading, one step
 * later, which may fall in the next day: the window runs over the day plus one step.
 */
const DAILY_INDEX_SQL = `
insert into readings_daily (
  register_id, local_date, quantity, max_power_kw, min_value, max_value, mean_value,
  points_present, points_estimated, points_expected)
select c.register_id, c.local_date, sum(c.quantity), max(c.quantity / c.hours), min(c.value), max(c.value), null,
  count(c.quantity)::integer,
  (count(*) filter (where c.quality in (2, 3) and c.quantity is not null))::integer,
  ${expectedPointsSql('c.step', 'c.local_date')}
from (
  select i.register_id, i.local_date, i.step, i.value, i.quality,
    extract(epoch from i.interval_length)::float8 / 3600 as hours,
    case
      when i.value is null or i.next_value is null or i.next_start <> i.interval_start + i.interval_length then null
      when ev.value_after is not null then
        case when i.next_value >= ev.value_after
          then greatest(coalesce(ev.value_before - i.value, 0), 0) + (i.next_value - ev.value_after)
        end
      when i.next_value >= i.value then i.next_value - i.value
      when i.rollover_kwh is not null and i.rollover_kwh - i.value + i.next_value < 0.1 * i.rollover_kwh
        then i.rollover_kwh - i.value + i.next_value
    end as quantity
  from (
    select d.register_id, d.local_date, d.step, d.rollover_kwh, d.day_end, r.interval_start, r.value, r.quality,
      r.next_start, r.next_value,
      case d.step when 'PT10M' then interval '10 minutes' when 'PT30M' then interval '30 minutes' when 'PT1H' then interval '1 hour'
        else (((r.interval_start at time zone 'Europe/Paris') + interval '1 day') at time zone 'Europe/Paris') - r.interval_start
      end as interval_length
    from (${touchedDaysSql("reg.kind = 'INDEX'")}) d
    cross join lateral (
      select x.interval_start, x.value, x.quality,
        lead(x.interval_start) over (order by x.interval_start) as next_start,
        lead(x.value) over (order by x.interval_start) as next_value
      from readings x
      where x.register_id = d.register_id and x.interval_start >= d.day_start
        and x.interval_start < d.day_end + case d.step when 'PT10M' then interval '10 minutes' when 'PT30M' then interval '30 minutes'
          when 'PT1H' then interval '1 hour' else interval '25 hours' end
    ) r
  ) i
  left join index_events ev
    on ev.register_id = i.register_id and ev.occurred_at > i.interval_start and ev.occurred_at <= i.next_start
  where i.interval_start < i.day_end
) c
group by c.register_id, c.local_date, c.step`;

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
  -- Daily registers owe one point per calendar day: a month of 743 or 745 hours (clock change)
  -- would otherwise divide into 30 or 31 days by truncation.
  case when reg.step = 'P1D' then ((m.month + interval '1 month')::date - m.month)
  else extract(epoch from (((m.month + interval '1 month')::timestamp at time zone 'Europe/Paris')
    - (m.month::timestamp at time zone 'Europe/Paris')))::integer
    / case reg.step when 'PT10M' then 600 when 'PT30M' then 1800 when 'PT1H' then 3600 end end
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
  await client.query('analyze touched_days');
  await client.query(`delete from readings_daily d using touched_days t
    where d.register_id = t.register_id and d.local_date = t.local_date`);
  // The daily queries read each touched day through the primary key. Right after a first load the
  // table statistics still describe an empty table and the planner would scan whole partitions
  // once per day instead, so sequential scans are ruled out for these two statements.
  await client.query('set local enable_seqscan = off');
  await client.query(DAILY_PLAIN_SQL);
  await client.query(DAILY_INDEX_SQL);
  await client.query('set local enable_seqscan = on');
  await client.query(`delete from readings_monthly m using (select distinct register_id, date_trunc('month', local_date)::date as month from touched_days) t
    where m.register_id = t.register_id and m.month = t.month`);
  await client.query(REFRESH_MONTHLY_SQL);
}

/** Creates the empty `touched_days` table for this transaction. */
export async function createTouchedDays(client: pg.ClientBase): Promise<void> {
  await client.query(`create temporary table if not exists touched_days (
      register_id bigint not null, local_date date not null, primary key (register_id, local_date)
    ) on commit drop`);
  // Left over from an earlier import in the same outer transaction.
  await client.query('truncate touched_days');
}
