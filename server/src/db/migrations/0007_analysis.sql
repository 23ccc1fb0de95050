-- Consumption analysis: perimeters that users save to reuse in their analyses.

-- A named perimeter of one user. `definition` holds the perimeter filters as the API receives
-- them (site, building, unit, energy, meter and delivery point ids); the caller's scope applies
-- again every time the perimeter is used, so a saved id never widens what the user can read.
create table analysis_perimeters (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  definition jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index analysis_perimeters_user_name_idx on analysis_perimeters (user_id, lower(name));
