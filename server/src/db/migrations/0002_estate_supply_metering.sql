-- Estate details, OPERAT entities, delivery points with subscribed powers and allocation keys,
-- meters and registers, import runs, the readings store with its history, and daily and monthly
-- rollups.

-- Estate details

alter table buildings
  add column latitude double precision check (latitude between -90 and 90),
  add column longitude double precision check (longitude between -180 and 180),
  add column useful_area_m2 numeric(12, 2) check (useful_area_m2 > 0),
  add column heated_area_m2 numeric(12, 2) check (heated_area_m2 > 0),
  add column construction_year smallint check (construction_year between 1000 and 2200),
  add column activity text check (activity in (
    'teaching', 'research', 'library', 'sports', 'offices', 'housing', 'catering', 'technical', 'mixed', 'other')),
  add column main_heating_energy text check (main_heating_energy in (
    'electricity', 'gas', 'district_heating', 'wood', 'fuel_oil')),
  add column status text not null default 'active' check (status in ('active', 'inactive', 'planned')),
  add column active_from date,
  add column active_to date,
  add column notes text not null default '',
  add check (active_to is null or active_from is null or active_to > active_from);

alter table sites
  add column address text,
  add column latitude double precision check (latitude between -90 and 90),
  add column longitude double precision check (longitude between -180 and 180);

-- OPERAT entity (entité fonctionnelle assujettie) over whole buildings or parts of them.
create table efas (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(name) between 1 and 200),
  operat_id text,
  reference_year smallint check (reference_year between 2010 and 2030),
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table efa_buildings (
  efa_id bigint not null references efas (id) on delete cascade,
  building_id bigint not null references buildings (id) on delete cascade,
  -- Share of the building's floor area inside the EFA (1 = whole building).
  share numeric(7, 6) not null default 1 check (share > 0 and share <= 1),
  primary key (efa_id, building_id)
);
create index efa_buildings_building_idx on efa_buildings (building_id);

-- Supply

create table delivery_points (
  id bigint generated always as identity primary key,
  -- PRM for electricity, PCE for gas, substation number for heat; always text (leading zeros).
  identifier text not null,
  energy text not null check (energy in (
    'electricity', 'gas', 'district_heating', 'district_cooling', 'wood', 'fuel_oil', 'water')),
  name text not null default '' check (length(name) <= 200),
  network_operator text not null default '' check (length(network_operator) <= 100),
  segment text check (segment in ('C5', 'C4', 'C3', 'C2', 'C1', 'HTA', 'T1', 'T2', 'T3', 'T4', 'TP')),
  supplier text not null default '' check (length(supplier) <= 200),
  contract_reference text not null default '' check (length(contract_reference) <= 200),
  active_from date,
  active_to date,
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (energy, identifier),
  check (active_to is null or active_from is null or active_to > active_from)
);

-- Subscribed power per tariff time class over a dated period (kVA for electricity).
create table subscribed_powers (
  id bigint generated always as identity primary key,
  delivery_point_id bigint not null references delivery_points (id) on delete cascade,
  time_class text not null check (time_class ~ '^[A-Z]{1,6}$'),
  power_kva numeric(10, 3) not null check (power_kva > 0),
  valid_from date not null,
  valid_to date,
  check (valid_to is null or valid_to > valid_from)
);
create index subscribed_powers_point_idx on subscribed_powers (delivery_point_id, valid_from);

-- Dated allocation key of a delivery point to a building: a fixed fraction, the building's share
-- of floor area among the buildings allocated by surface, or the building's own sub-meters.
create table delivery_point_allocations (
  id bigint generated always as identity primary key,
  delivery_point_id bigint not null references delivery_points (id) on delete cascade,
  building_id bigint not null references buildings (id) on delete cascade,
  method text not null check (method in ('fixed', 'surface', 'submeter')),
  fraction numeric(7, 6) check (fraction > 0 and fraction <= 1),
  valid_from date not null default '1900-01-01',
  valid_to date,
  check (valid_to is null or valid_to > valid_from),
  check ((method = 'fixed') = (fraction is not null))
);
create index delivery_point_allocations_point_idx on delivery_point_allocations (delivery_point_id);
create index delivery_point_allocations_building_idx on delivery_point_allocations (building_id);

-- Metering

create table meters (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9_.:-]{1,60}$'),
  name text not null default '' check (length(name) <= 200),
  kind text not null check (kind in ('operator', 'submeter')),
  energy text not null check (energy in (
    'electricity', 'gas', 'district_heating', 'district_cooling', 'wood', 'fuel_oil', 'water')),
  delivery_point_id bigint references delivery_points (id) on delete restrict,
  building_id bigint references buildings (id) on delete restrict,
  parent_meter_id bigint references meters (id) on delete set null,
  -- Expected share of the parent's energy lost between it and its children (0.02 = 2 %).
  losses_share numeric(5, 4) check (losses_share >= 0 and losses_share < 1),
  serial_number text not null default '',
  installed_on date,
  removed_on date,
  replaces_meter_id bigint references meters (id) on delete set null,
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'operator' or delivery_point_id is not null),
  check (kind <> 'submeter' or building_id is not null),
  check (parent_meter_id is null or parent_meter_id <> id),
  check (removed_on is null or installed_on is null or removed_on > installed_on)
);
create index meters_point_idx on meters (delivery_point_id);
create index meters_building_idx on meters (building_id);
create index meters_parent_idx on meters (parent_meter_id);

create table registers (
  id bigint generated always as identity primary key,
  meter_id bigint not null references meters (id) on delete cascade,
  kind text not null check (kind in ('INDEX', 'ENERGY', 'POWER', 'VOLUME', 'TEMPERATURE')),
  -- Canonical unit, implied by the kind: kWh (INDEX, ENERGY), kW (POWER), m3, degC.
  unit text not null,
  step text not null check (step in ('PT10M', 'PT30M', 'PT1H', 'P1D', 'P1M')),
  -- What the source's timestamp marks; stored instants are always interval starts.
  stamp text not null default 'start' check (stamp in ('start', 'end', 'middle')),
  name text not null default '' check (length(name) <= 200),
  -- Register that gives the meter's energy for consumption totals (one per meter at most).
  is_consumption boolean not null default false,
  -- Index value after which the counter wraps to zero (INDEX registers).
  rollover_kwh double precision check (rollover_kwh > 0),
  external_id text,
  created_at timestamptz not null default now(),
  check (
    (kind in ('INDEX', 'ENERGY') and unit = 'kWh') or (kind = 'POWER' and unit = 'kW')
    or (kind = 'VOLUME' and unit = 'm3') or (kind = 'TEMPERATURE' and unit = 'degC')),
  check (not is_consumption or kind in ('INDEX', 'ENERGY', 'POWER'))
);
create index registers_meter_idx on registers (meter_id);
create unique index registers_consumption_idx on registers (meter_id) where is_consumption;
create unique index registers_external_idx on registers (external_id) where external_id is not null;

-- Index discontinuities: a reset to a known value or a meter change inside one register. The
-- consumption across the event is the index after it minus `value_after`, so no negative or
-- spiked interval appears.
create table index_events (
  id bigint generated always as identity primary key,
  register_id bigint not null references registers (id) on delete cascade,
  occurred_at timestamptz not null,
  kind text not null check (kind in ('reset', 'replacement')),
  value_before double precision,
  value_after double precision not null,
  notes text not null default '',
  unique (register_id, occurred_at)
);

-- Imports

create table import_runs (
  id bigint generated always as identity primary key,
  kind text not null,
  source text not null default 'upload',
  file_name text,
  file_sha256 text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running', 'succeeded', 'partial', 'failed')),
  rows_read integer not null default 0,
  rows_stored integer not null default 0,
  rows_unchanged integer not null default 0,
  rows_updated integer not null default 0,
  rows_rejected integer not null default 0,
  errors jsonb not null default '[]'::jsonb,
  summary jsonb not null default '{}'::jsonb,
  user_id bigint references users (id) on delete set null
);
create index import_runs_started_idx on import_runs (started_at desc);
create index import_runs_sha_idx on import_runs (file_sha256);

-- Readings: one value per register and interval start (UTC), partitioned by year. Quality:
-- 1 measured, 2 estimated, 3 corrected, 4 missing (value null).

create table readings (
  register_id bigint not null,
  interval_start timestamptz not null,
  value double precision,
  quality smallint not null default 1 check (quality between 1 and 4),
  import_id bigint,
  primary key (register_id, interval_start),
  check ((quality = 4) = (value is null))
) partition by range (interval_start);

create table readings_history (
  register_id bigint not null,
  interval_start timestamptz not null,
  value double precision,
  quality smallint not null,
  import_id bigint,
  replaced_at timestamptz not null default now(),
  replaced_by_import_id bigint
);
create index readings_history_key_idx on readings_history (register_id, interval_start);

-- Creates the yearly partitions of readings covering [from_year, to_year] and returns how many
-- were created. Imports call it before loading rows.
create function ensure_readings_partitions(from_year integer, to_year integer)
returns integer
language plpgsql
as $$
declare
  year integer;
  created integer := 0;
  partition_name text;
begin
  for year in from_year .. to_year loop
    partition_name := format('readings_y%s', year);
    if to_regclass(partition_name) is null then
      execute format(
        'create table %I partition of readings for values from (%L) to (%L)',
        partition_name,
        make_timestamptz(year, 1, 1, 0, 0, 0, 'UTC'),
        make_timestamptz(year + 1, 1, 1, 0, 0, 0, 'UTC'));
      execute format('create index %I on %I using brin (interval_start)', partition_name || '_brin', partition_name);
      created := created + 1;
    end if;
  end loop;
  return created;
end
$$;

-- Daily rollup per register over Europe/Paris days. `quantity` is kWh for INDEX, ENERGY and
-- POWER registers, m3 for VOLUME, null for TEMPERATURE.
create table readings_daily (
  register_id bigint not null references registers (id) on delete cascade,
  local_date date not null,
  quantity double precision,
  max_power_kw double precision,
  min_value double precision,
  max_value double precision,
  mean_value double precision,
  points_present integer not null,
  points_estimated integer not null,
  points_expected integer not null,
  primary key (register_id, local_date)
);

create table readings_monthly (
  register_id bigint not null references registers (id) on delete cascade,
  month date not null check (extract(day from month) = 1),
  quantity double precision,
  max_power_kw double precision,
  min_value double precision,
  max_value double precision,
  mean_value double precision,
  points_present integer not null,
  points_estimated integer not null,
  points_expected integer not null,
  primary key (register_id, month)
);

-- Historical invoices per delivery point, as given by the previous tool (amounts in cents).
create table invoices (
  id bigint generated always as identity primary key,
  delivery_point_id bigint not null references delivery_points (id) on delete restrict,
  supplier text not null default '',
  invoice_number text not null,
  issued_on date,
  period_start date not null,
  period_end date not null,
  energy_kwh double precision,
  amount_excl_tax_cents bigint,
  tax_cents bigint,
  amount_incl_tax_cents bigint,
  import_id bigint references import_runs (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (supplier, invoice_number, delivery_point_id),
  check (period_end >= period_start)
);
create index invoices_point_idx on invoices (delivery_point_id, period_start);
