import type { AccessLevel } from '@openfluides/core';
import { sql } from 'kysely';
import type { Scope } from '../access/scope.js';
import { visibleBuildingIds } from '../access/scope.js';
import type { FloorAreaChange } from '../analysis/floor-area.js';
import type { Db } from '../db/database.js';

export interface BuildingFilter {
  search?: string;
  siteId?: string;
  limit: number;
  offset: number;
}

export interface BuildingFields {
  siteId: string;
  code: string;
  name: string;
  address: string | null;
  floorAreaM2: number | null;
  usefulAreaM2: number | null;
  heatedAreaM2: number | null;
  latitude: number | null;
  longitude: number | null;
  constructionYear: number | null;
  activity: string | null;
  mainHeatingEnergy: string | null;
  status: 'active' | 'inactive' | 'planned';
  activeFrom: string | null;
  activeTo: string | null;
  notes: string;
}

export interface BuildingRecord extends BuildingFields {
  id: string;
  /** Highest level the caller holds on this building for the estate feature. */
  accessLevel: AccessLevel;
  siteName: string;
  unitNames: string[];
}

/**
 * Estate queries. Every read and write takes the caller's scope and touches only the buildings
 * that `visible_buildings` returns for the estate feature at the needed level.
 */
export class EstateRepository {
  constructor(private readonly db: Db) {}

  private buildingsQuery(scope: Scope, level: AccessLevel) {
    return this.db
      .selectFrom('buildings as b')
      .innerJoin('sites as s', 's.id', 'b.site_id')
      .where('b.id', 'in', visibleBuildingIds(scope, 'estate', level));
  }

  private selectBuilding(scope: Scope) {
    const levelAtLeast = (level: AccessLevel) =>
      sql<boolean>`b.id in ${visibleBuildingIds(scope, 'estate', level)}`;
    return [
      sql<AccessLevel>`case when ${levelAtLeast('administer')} then 'administer' when ${levelAtLeast('configure')} then 'configure'
        when ${levelAtLeast('write')} then 'write' else 'read' end`.as('access_level'),
      'b.id',
      'b.site_id',
      's.name as site_name',
      'b.code',
      'b.name',
      'b.address',
      'b.floor_area_m2',
      'b.useful_area_m2',
      'b.heated_area_m2',
      'b.latitude',
      'b.longitude',
      'b.construction_year',
      'b.activity',
      'b.main_heating_energy',
      'b.status',
      'b.active_from',
      'b.active_to',
      'b.notes',
      sql<string[]>`coalesce((select array_agg(distinct fu.name order by fu.name)
        from building_unit_shares bus join functional_units fu on fu.id = bus.unit_id
        where bus.building_id = b.id and (bus.valid_to is null or bus.valid_to > current_date)), '{}')`.as(
        'unit_names',
      ),
    ] as const;
  }

  async listBuildings(
    scope: Scope,
    filter: BuildingFilter,
  ): Promise<{ items: BuildingRecord[]; total: number }> {
    let query = this.buildingsQuery(scope, 'read');
    if (filter.siteId) query = query.where('b.site_id', '=', filter.siteId);
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('b.name', 'ilike', pattern),
          eb('b.code', 'ilike', pattern),
          eb('b.address', 'ilike', pattern),
        ]),
      );
    }
    const [rows, count] = await Promise.all([
      query
        .select(this.selectBuilding(scope))
        .orderBy('s.name')
        .orderBy('b.code')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toBuildingRecord), total: Number(count.count) };
  }

  async findBuilding(
    scope: Scope,
    id: string,
    level: AccessLevel = 'read',
  ): Promise<BuildingRecord | undefined> {
    const row = await this.buildingsQuery(scope, level)
      .select(this.selectBuilding(scope))
      .where('b.id', '=', id)
      .executeTakeFirst();
    return row ? toBuildingRecord(row) : undefined;
  }

  /** Sites holding at least one building the caller reaches, with the count of those buildings. */
  async listSites(scope: Scope) {
    const rows = await this.db
      .selectFrom('sites as s')
      .innerJoin('buildings as b', 'b.site_id', 's.id')
      .where('b.id', 'in', visibleBuildingIds(scope, 'estate', 'read'))
      .select(['s.id', 's.code', 's.name', 's.city'])
      .select((eb) => eb.fn.countAll<string>().as('building_count'))
      .groupBy('s.id')
      .orderBy('s.name')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      city: row.city,
      buildingCount: Number(row.building_count),
    }));
  }

  /** Units sharing a building the caller reaches. */
  async listUnits(scope: Scope) {
    return this.db
      .selectFrom('functional_units as fu')
      .select(['fu.id', 'fu.code', 'fu.name', 'fu.kind', 'fu.parent_id as parentId'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('building_unit_shares as bus')
            .select('bus.id')
            .whereRef('bus.unit_id', '=', 'fu.id')
            .where('bus.building_id', 'in', visibleBuildingIds(scope, 'estate', 'read')),
        ),
      )
      .orderBy('fu.name')
      .execute();
  }

  /** Sites where the caller may create buildings: see `canConfigureSite`. */
  async listCreatableSites(scope: Scope) {
    let query = this.db.selectFrom('sites as s').select(['s.id', 's.code', 's.name']).orderBy('s.name');
    if (!scope.isAdmin) {
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('grants as g')
            .select('g.id')
            .where('g.level', '>=', 3)
            .where(sql<boolean>`('estate' = any(g.features) or '*' = any(g.features))`)
            .where('g.unit_id', 'is', null)
            .where('g.building_id', 'is', null)
            .where((inner) =>
              inner.or([inner('g.site_id', 'is', null), inner('g.site_id', '=', inner.ref('s.id'))]),
            )
            .where((inner) =>
              inner.or([
                inner('g.user_id', '=', scope.userId),
                inner(
                  'g.group_id',
                  'in',
                  inner.selectFrom('group_members').select('group_id').where('user_id', '=', scope.userId),
                ),
              ]),
            ),
        ),
      );
    }
    return query.execute();
  }

  /** Returns whether a grant of the caller covers the whole site, every unit included, at configure level. */
  async canConfigureSite(scope: Scope, siteId: string): Promise<boolean> {
    if (scope.isAdmin) return true;
    const row = await this.db
      .selectFrom('grants as g')
      .select('g.id')
      .where('g.level', '>=', 3)
      .where(sql<boolean>`('estate' = any(g.features) or '*' = any(g.features))`)
      .where('g.unit_id', 'is', null)
      .where('g.building_id', 'is', null)
      .where((eb) => eb.or([eb('g.site_id', 'is', null), eb('g.site_id', '=', siteId)]))
      .where((eb) =>
        eb.or([
          eb('g.user_id', '=', scope.userId),
          eb(
            'g.group_id',
            'in',
            eb.selectFrom('group_members').select('group_id').where('user_id', '=', scope.userId),
          ),
        ]),
      )
      .where(
        sql<boolean>`exists (select 1 from users u where u.id = ${scope.userId}::bigint and u.is_active)`,
      )
      .executeTakeFirst();
    return row !== undefined;
  }

  async siteExists(siteId: string): Promise<boolean> {
    return (
      (await this.db.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst()) !==
      undefined
    );
  }

  async codeTaken(code: string, exceptId?: string): Promise<boolean> {
    let query = this.db.selectFrom('buildings').select('id').where(sql`lower(code)`, '=', code.toLowerCase());
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async insertBuilding(fields: BuildingFields, db: Db = this.db): Promise<string> {
    const row = await db
      .insertInto('buildings')
      .values({ site_id: fields.siteId, ...toBuildingColumns(fields) } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Updates a building only if the caller may write it; returns whether a row changed. */
  async updateBuilding(
    scope: Scope,
    id: string,
    changes: Partial<Omit<BuildingFields, 'siteId'>>,
    db: Db = this.db,
  ) {
    const result = await db
      .updateTable('buildings')
      .set({ ...toBuildingColumns(changes), updated_at: new Date() })
      .where('id', '=', id)
      .where('id', 'in', visibleBuildingIds(scope, 'estate', 'write'))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Recorded floor-area changes of a building, oldest first. */
  async listFloorAreaChanges(buildingId: string, db: Db = this.db): Promise<FloorAreaChange[]> {
    const rows = await db
      .selectFrom('building_floor_area_changes')
      .select(['changed_on', 'area_before_m2'])
      .where('building_id', '=', buildingId)
      .orderBy('changed_on')
      .execute();
    return rows.map((row) => ({ changedOn: row.changed_on, areaBeforeM2: Number(row.area_before_m2) }));
  }

  async putFloorAreaChange(buildingId: string, change: FloorAreaChange, db: Db = this.db): Promise<void> {
    await db
      .insertInto('building_floor_area_changes')
      .values({ building_id: buildingId, changed_on: change.changedOn, area_before_m2: change.areaBeforeM2 })
      .onConflict((conflict) =>
        conflict.columns(['building_id', 'changed_on']).doUpdateSet({ area_before_m2: change.areaBeforeM2 }),
      )
      .execute();
  }

  /** Removes one change; returns whether it existed. */
  async deleteFloorAreaChange(buildingId: string, changedOn: string, db: Db = this.db): Promise<boolean> {
    const result = await db
      .deleteFrom('building_floor_area_changes')
      .where('building_id', '=', buildingId)
      .where('changed_on', '=', changedOn)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteBuilding(scope: Scope, id: string, db: Db = this.db): Promise<boolean> {
    const result = await db
      .deleteFrom('buildings')
      .where('id', '=', id)
      .where('id', 'in', visibleBuildingIds(scope, 'estate', 'administer'))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

const COLUMN_BY_FIELD = {
  code: 'code',
  name: 'name',
  address: 'address',
  floorAreaM2: 'floor_area_m2',
  usefulAreaM2: 'useful_area_m2',
  heatedAreaM2: 'heated_area_m2',
  latitude: 'latitude',
  longitude: 'longitude',
  constructionYear: 'construction_year',
  activity: 'activity',
  mainHeatingEnergy: 'main_heating_energy',
  status: 'status',
  activeFrom: 'active_from',
  activeTo: 'active_to',
  notes: 'notes',
} as const;

/** Maps the fields present in `fields` to their columns; absent fields are left out of the update. */
function toBuildingColumns(fields: Partial<BuildingFields>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMN_BY_FIELD)) {
    const value = fields[field as keyof typeof COLUMN_BY_FIELD];
    if (value !== undefined) columns[column] = value;
  }
  return columns;
}

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

function toBuildingRecord(row: {
  access_level: AccessLevel;
  id: string;
  site_id: string;
  site_name: string;
  code: string;
  name: string;
  address: string | null;
  floor_area_m2: string | null;
  useful_area_m2: string | null;
  heated_area_m2: string | null;
  latitude: number | null;
  longitude: number | null;
  construction_year: number | null;
  activity: string | null;
  main_heating_energy: string | null;
  status: 'active' | 'inactive' | 'planned';
  active_from: string | null;
  active_to: string | null;
  notes: string;
  unit_names: string[];
}): BuildingRecord {
  return {
    id: row.id,
    accessLevel: row.access_level,
    siteId: row.site_id,
    siteName: row.site_name,
    code: row.code,
    name: row.name,
    address: row.address,
    floorAreaM2: toNumber(row.floor_area_m2),
    usefulAreaM2: toNumber(row.useful_area_m2),
    heatedAreaM2: toNumber(row.heated_area_m2),
    latitude: row.latitude,
    longitude: row.longitude,
    constructionYear: row.construction_year,
    activity: row.activity,
    mainHeatingEnergy: row.main_heating_energy,
    status: row.status,
    activeFrom: row.active_from,
    activeTo: row.active_to,
    notes: row.notes,
    unitNames: row.unit_names,
  };
}
