-- Foundation: estate skeleton (sites, buildings, functional units), accounts, groups, grants,
-- sessions and the audit log.

create table sites (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(name) between 1 and 200),
  city text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table functional_units (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('faculty', 'laboratory', 'service', 'other')),
  parent_id bigint references functional_units (id) on delete restrict,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index functional_units_parent_idx on functional_units (parent_id);

create table buildings (
  id bigint generated always as identity primary key,
  site_id bigint not null references sites (id) on delete restrict,
  code text not null unique check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(name) between 1 and 200),
  address text,
  floor_area_m2 numeric(12, 2) check (floor_area_m2 > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index buildings_site_idx on buildings (site_id);

-- Share (tantième) of a building held by a functional unit over a dated period.
create table building_unit_shares (
  id bigint generated always as identity primary key,
  building_id bigint not null references buildings (id) on delete cascade,
  unit_id bigint not null references functional_units (id) on delete restrict,
  share numeric(7, 6) not null check (share > 0 and share <= 1),
  valid_from date not null default '1900-01-01',
  valid_to date,
  check (valid_to is null or valid_to > valid_from)
);
create index building_unit_shares_building_idx on building_unit_shares (building_id);
create index building_unit_shares_unit_idx on building_unit_shares (unit_id);

create table users (
  id bigint generated always as identity primary key,
  email text not null,
  display_name text not null check (length(display_name) between 1 and 200),
  password_hash text not null,
  is_admin boolean not null default false,
  is_active boolean not null default true,
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  password_changed_at timestamptz not null default now(),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_idx on users (lower(email));

create table user_groups (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  created_at timestamptz not null default now()
);
create unique index user_groups_name_idx on user_groups (lower(name));

create table group_members (
  group_id bigint not null references user_groups (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  primary key (group_id, user_id)
);
create index group_members_user_idx on group_members (user_id);

-- A grant opens features at a level (1 read, 2 write, 3 configure, 4 administer) on the buildings
-- inside both its geographic scope (whole estate, one site or one building) and its functional
-- scope (every unit, or one unit with its descendants).
create table grants (
  id bigint generated always as identity primary key,
  group_id bigint references user_groups (id) on delete cascade,
  user_id bigint references users (id) on delete cascade,
  level smallint not null check (level between 1 and 4),
  site_id bigint references sites (id) on delete cascade,
  building_id bigint references buildings (id) on delete cascade,
  unit_id bigint references functional_units (id) on delete cascade,
  features text[] not null check (cardinality(features) > 0),
  created_at timestamptz not null default now(),
  created_by bigint references users (id) on delete set null,
  check ((group_id is null) <> (user_id is null)),
  check (site_id is null or building_id is null)
);
create index grants_group_idx on grants (group_id);
create index grants_user_idx on grants (user_id);

create table sessions (
  -- SHA-256 of the cookie token, so a database dump cannot be replayed as a session.
  token_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  user_id bigint references users (id) on delete set null,
  user_email text,
  action text not null,
  entity_type text not null,
  entity_id text,
  details jsonb not null default '{}'::jsonb,
  ip text,
  request_id text
);
create index audit_log_occurred_idx on audit_log (occurred_at desc);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);

-- Units equal to p_unit_id or below it in the functional tree.
create function unit_and_descendants(p_unit_id bigint)
returns table (unit_id bigint)
language sql stable
as $$
  with recursive tree(id) as (
    select p_unit_id
    union
    select u.id from functional_units u join tree t on u.parent_id = t.id
  )
  select id from tree
$$;

-- Buildings that a user may reach for a feature at a minimum level. Administrators reach every
-- building; a disabled account reaches none. Every estate query filters through this function.
create function visible_buildings(p_user_id bigint, p_feature text, p_min_level smallint)
returns table (building_id bigint)
language sql stable
as $$
  with account as (
    select id, is_admin from users where id = p_user_id and is_active
  ),
  user_grants as (
    select g.*
    from grants g
    join account a on true
    where g.level >= p_min_level
      and (p_feature = any (g.features) or '*' = any (g.features))
      and (g.user_id = a.id or g.group_id in (select group_id from group_members where user_id = a.id))
  )
  select b.id
  from buildings b
  join account a on true
  where a.is_admin
     or exists (
       select 1
       from user_grants g
       where (
           (g.site_id is null and g.building_id is null)
           or g.site_id = b.site_id
           or g.building_id = b.id
         )
         and (
           g.unit_id is null
           or exists (
             select 1
             from building_unit_shares s
             where s.building_id = b.id
               and (s.valid_to is null or s.valid_to > current_date)
               and s.unit_id in (select unit_id from unit_and_descendants(g.unit_id))
           )
         )
     )
$$;
