-- Weather stations, their hourly observations and daily temperatures, and the station that
-- stands for each building's climate.

create table weather_stations (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(name) between 1 and 200),
  source text not null default '',
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  altitude_m double precision,
  created_at timestamptz not null default now()
);

create table weather_hourly (
  station_id bigint not null references weather_stations (id) on delete cascade,
  observed_at timestamptz not null,
  temperature_c double precision,
  -- Kept as measured: real hygrometers report a little over 100 % near saturation.
  relative_humidity_pct double precision check (relative_humidity_pct >= 0),
  global_irradiance_w_m2 double precision,
  primary key (station_id, observed_at)
);

-- Daily minimum and maximum temperature and their mean (Météo-France TNTXM = (TN + TX) / 2),
-- with the source's quality codes when it gives them.
create table weather_daily (
  station_id bigint not null references weather_stations (id) on delete cascade,
  local_date date not null,
  tn_c double precision,
  tx_c double precision,
  tntxm_c double precision,
  tn_quality text,
  tx_quality text,
  import_id bigint references import_runs (id) on delete set null,
  primary key (station_id, local_date)
);

alter table buildings add column weather_station_id bigint references weather_stations (id) on delete set null;
