-- Dated floor areas. `buildings.floor_area_m2` stays the building's current area; each change
-- recorded here says that before `changed_on` the area was `area_before_m2`. So the area of a day
-- is the `area_before_m2` of the earliest change after that day, or the current area when no
-- change follows it. An extension on 1 July 2021 from 1 000 to 1 500 m² is stored as current
-- area 1 500 and one change (2021-07-01, 1 000).
create table building_floor_area_changes (
  building_id bigint not null references buildings (id) on delete cascade,
  changed_on date not null,
  area_before_m2 numeric(12, 2) not null check (area_before_m2 > 0),
  primary key (building_id, changed_on)
);

-- Floor area of a building on a Paris day. A building without a current area has none on any
-- day, as the analysis leaves its energy out of kWh/m².
create function building_floor_area_on(p_building_id bigint, p_day date) returns numeric
language sql stable as $$
  select case when b.floor_area_m2 is null then null else coalesce(
    (select c.area_before_m2 from building_floor_area_changes c
      where c.building_id = p_building_id and c.changed_on > p_day
      order by c.changed_on limit 1),
    b.floor_area_m2) end
  from buildings b where b.id = p_building_id
$$;
