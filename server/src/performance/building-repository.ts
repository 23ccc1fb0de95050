import type { Feature } from '@openfluides/core';
import { sql } from 'kysely';
import { type Scope, visibleBuildingIds } from '../access/scope.js';
import type { FloorAreaChange } from '../analysis/floor-area.js';
import type { Db } from '../db/database.js';

/** Building facts that the performance calculations use. */
export interface BuildingFacts {
  id: string;
  code: string;
  name: string;
  /** Current floor area, m². */
  floorAreaM2: number | null;
  /** Earlier floor areas by date of change, which `meanFloorArea` turns into a period's area. */
  floorAreaChanges: FloorAreaChange[];
  heatedAreaM2: number | null;
  usefulAreaM2: number | null;
  activity: string | null;
  mainHeatingEnergy: string | null;
  weatherStationId: string | null;
}

const numberOrNull = (value: string | null): number | null => (value === null ? null : Number(value));

/**
 * Reads the facts of the buildings the caller reaches for a feature at read level, ordered by name.
 * Ids outside the scope are left out.
 */
export async function findBuildingFacts(
  db: Db,
  scope: Scope,
  ids: readonly string[] | 'all',
  feature: Feature = 'consumption',
): Promise<BuildingFacts[]> {
  let query = db
    .selectFrom('buildings')
    .select([
      'id',
      'code',
      'name',
      'floor_area_m2',
      sql<FloorAreaChange[]>`coalesce((
        select json_agg(json_build_object('changedOn', c.changed_on::text, 'areaBeforeM2', c.area_before_m2::float8)
          order by c.changed_on)
        from building_floor_area_changes c where c.building_id = buildings.id), '[]'::json)`.as(
        'floor_area_changes',
      ),
      'heated_area_m2',
      'useful_area_m2',
      'activity',
      'main_heating_energy',
      'weather_station_id',
    ])
    .where('id', 'in', visibleBuildingIds(scope, feature, 'read'));
  if (ids !== 'all') {
    if (ids.length === 0) return [];
    query = query.where('id', 'in', [...ids]);
  }
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    floorAreaM2: numberOrNull(row.floor_area_m2),
    floorAreaChanges: row.floor_area_changes,
    heatedAreaM2: numberOrNull(row.heated_area_m2),
    usefulAreaM2: numberOrNull(row.useful_area_m2),
    activity: row.activity,
    mainHeatingEnergy: row.main_heating_energy,
    weatherStationId: row.weather_station_id,
  }));
}
