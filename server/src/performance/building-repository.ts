import type { Feature } from '@openfluides/core';
import { type Scope, visibleBuildingIds } from '../access/scope.js';
import type { Db } from '../db/database.js';

/** Building facts that the performance calculations use. */
export interface BuildingFacts {
  id: string;
  code: string;
  name: string;
  floorAreaM2: number | null;
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
    heatedAreaM2: numberOrNull(row.heated_area_m2),
    usefulAreaM2: numberOrNull(row.useful_area_m2),
    activity: row.activity,
    mainHeatingEnergy: row.main_heating_energy,
    weatherStationId: row.weather_station_id,
  }));
}
