-- Weather-normalised performance: user-defined indicators and the Décret tertiaire settings of
-- each EFA.

-- Indicator defined by a user as a formula over named series (electricite, gaz, dju…) and
-- constants (surface…). Definitions hold no estate data, so every signed-in user reads them; the
-- caller's scope applies when one is evaluated.
create table user_indicators (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  description text not null default '' check (length(description) <= 2000),
  formula text not null check (length(formula) between 1 and 2000),
  unit_label text not null default '' check (length(unit_label) <= 50),
  target_value double precision,
  -- 'at-most': values at or below the target meet it (consumption); 'at-least': at or above.
  target_direction text not null default 'at-most' check (target_direction in ('at-most', 'at-least')),
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index user_indicators_name_idx on user_indicators (lower(name));

-- Décret tertiaire settings of an EFA. Every column is optional: a null surface falls back to the
-- buildings' floor area times their share, null Cabs values leave the relative route alone, and a
-- null heating share counts the heating energies of the buildings as space heating.
create table efa_performance_settings (
  efa_id bigint primary key references efas (id) on delete cascade,
  surface_m2 numeric(12, 2) check (surface_m2 > 0),
  -- Cabs (valeurs absolues) of the EFA's sub-categories, kWh EF/m²/year, per milestone.
  absolute_2030_kwh_m2 double precision check (absolute_2030_kwh_m2 >= 0),
  absolute_2040_kwh_m2 double precision check (absolute_2040_kwh_m2 >= 0),
  absolute_2050_kwh_m2 double precision check (absolute_2050_kwh_m2 >= 0),
  -- Share of the final energy used for space heating (without domestic hot water), 0 to 1.
  heating_share numeric(5, 4) check (heating_share >= 0 and heating_share <= 1),
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id) on delete set null
);
