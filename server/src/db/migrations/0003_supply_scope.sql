-- Scope rules for delivery points and meters, derived from the buildings they serve.

-- Delivery points a user may reach: for reading, one allocated building in scope is enough; for
-- writing and above, every building the point serves must be in scope at that level. A point
-- serving no building is reached only by administrators.
create function visible_delivery_points(p_user_id bigint, p_feature text, p_min_level smallint)
returns table (delivery_point_id bigint)
language sql stable
as $$
  with reachable as (
    select building_id from visible_buildings(p_user_id, p_feature, p_min_level)
  ),
  account as (
    select is_admin from users where id = p_user_id and is_active
  )
  select dp.id
  from delivery_points dp
  where exists (select 1 from account where is_admin)
     or (
       p_min_level <= 1
       and exists (
         select 1 from delivery_point_allocations a
         where a.delivery_point_id = dp.id and a.building_id in (select building_id from reachable)
       )
     )
     or (
       p_min_level > 1
       and exists (select 1 from delivery_point_allocations a where a.delivery_point_id = dp.id)
       and not exists (
         select 1 from delivery_point_allocations a
         where a.delivery_point_id = dp.id and a.building_id not in (select building_id from reachable)
       )
     )
$$;

-- Meters a user may reach: a sub-meter through its building, an operator meter through its
-- delivery point.
create function visible_meters(p_user_id bigint, p_feature text, p_min_level smallint)
returns table (meter_id bigint)
language sql stable
as $$
  select m.id
  from meters m
  where (m.building_id is not null and m.building_id in (select building_id from visible_buildings(p_user_id, p_feature, p_min_level)))
     or (m.building_id is null and m.delivery_point_id in (select delivery_point_id from visible_delivery_points(p_user_id, p_feature, p_min_level)))
$$;

-- Instant of midnight, Europe/Paris, at the start of a local date.
create function paris_midnight(local_date date)
returns timestamptz
language sql stable
as $$ select local_date::timestamp at time zone 'Europe/Paris' $$;
