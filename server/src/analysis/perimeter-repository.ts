import type { Energy } from '@openfluides/core';
import { type Expression, sql } from 'kysely';
import { type Scope, visibleBuildingIds, visibleDeliveryPointIds, visibleMeterIds } from '../access/scope.js';
import type { Db } from '../db/database.js';
import type { RegisterKind, RegisterStep } from '../db/schema.js';
import type { FloorAreaChange, FloorAreaHistory } from './floor-area.js';

/** Every analysis read needs the consumption feature at the read level. */
const FEATURE = 'consumption';

export interface PerimeterBuilding extends FloorAreaHistory {
  id: string;
  code: string;
  name: string;
  siteId: string;
  siteName: string;
  address: string | null;
  floorAreaM2: number | null;
  activity: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface PerimeterMeter {
  id: string;
  code: string;
  name: string;
  kind: 'operator' | 'submeter';
  energy: Energy;
  deliveryPointId: string | null;
  deliveryPointIdentifier: string | null;
  buildingId: string | null;
  parentMeterId: string | null;
}

export interface PerimeterRegister {
  id: string;
  meterId: string;
  kind: RegisterKind;
  step: RegisterStep;
  unit: string;
  isConsumption: boolean;
}

function escapeLike(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** SQL of the perimeter: scoped lookups of sites, buildings, units, delivery points and meters. */
export class PerimeterRepository {
  constructor(private readonly db: Db) {}

  private visibleBuildings(scope: Scope): Expression<string> {
    return visibleBuildingIds(scope, FEATURE, 'read');
  }

  /** Ids among `ids` of sites holding at least one building the caller reaches. */
  async visibleSiteIds(scope: Scope, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('buildings')
      .select('site_id')
      .distinct()
      .where('site_id', 'in', ids)
      .where('id', 'in', this.visibleBuildings(scope))
      .execute();
    return new Set(rows.map((row) => row.site_id));
  }

  async visibleBuildingIdsAmong(scope: Scope, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('buildings')
      .select('id')
      .where('id', 'in', ids)
      .where('id', 'in', this.visibleBuildings(scope))
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /** Ids among `ids` of units that, or whose descendants, hold a share of a building the caller reaches. */
  async visibleUnitIds(scope: Scope, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const result = await sql<{ id: string }>`
      select u.id::text as id from functional_units u
      where u.id = any(${ids}::bigint[])
        and exists (
          select 1 from building_unit_shares s
          where s.unit_id in (select unit_id from unit_and_descendants(u.id))
            and s.building_id in ${this.visibleBuildings(scope)})`.execute(this.db);
    return new Set(result.rows.map((row) => row.id));
  }

  async visibleMeterIdsAmong(scope: Scope, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('meters')
      .select('id')
      .where('id', 'in', ids)
      .where('id', 'in', visibleMeterIds(scope, FEATURE, 'read'))
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  async visibleDeliveryPointIdsAmong(scope: Scope, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('delivery_points')
      .select('id')
      .where('id', 'in', ids)
      .where('id', 'in', visibleDeliveryPointIds(scope, FEATURE, 'read'))
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Finds the buildings the caller reaches, narrowed by each filter given: sites, buildings, and
   * units (a building belongs to a unit when the unit or one of its descendants has a current share).
   */
  async findBuildings(
    scope: Scope,
    filter: {
      siteIds?: string[];
      buildingIds?: string[];
      unitIds?: string[];
      search?: string;
      limit?: number;
    },
  ): Promise<PerimeterBuilding[]> {
    let query = this.db
      .selectFrom('buildings as b')
      .innerJoin('sites as s', 's.id', 'b.site_id')
      .select([
        'b.id',
        'b.code',
        'b.name',
        'b.site_id',
        's.name as site_name',
        'b.address',
        'b.floor_area_m2',
        sql<FloorAreaChange[]>`coalesce((
          select json_agg(json_build_object('changedOn', c.changed_on::text, 'areaBeforeM2', c.area_before_m2::float8)
            order by c.changed_on)
          from building_floor_area_changes c where c.building_id = b.id), '[]'::json)`.as(
          'floor_area_changes',
        ),
        'b.activity',
        'b.latitude',
        'b.longitude',
      ])
      .where('b.id', 'in', this.visibleBuildings(scope));
    if (filter.siteIds?.length) query = query.where('b.site_id', 'in', filter.siteIds);
    if (filter.buildingIds?.length) query = query.where('b.id', 'in', filter.buildingIds);
    if (filter.unitIds?.length) {
      // NOTE: today's shares choose the buildings for every period analysed, as the access rules
      // do; a building a unit left last year drops out of that unit's past figures too.
      const unitIds = filter.unitIds;
      query = query.where(
        sql<boolean>`exists (
          select 1 from building_unit_shares bus
          where bus.building_id = b.id and (bus.valid_to is null or bus.valid_to > current_date)
            and bus.unit_id in (
              select tree.unit_id from unnest(${unitIds}::bigint[]) as chosen(id)
              cross join lateral unit_and_descendants(chosen.id) as tree))`,
      );
    }
    if (filter.search) {
      const pattern = escapeLike(filter.search);
      query = query.where((eb) =>
        eb.or([
          eb('b.name', 'ilike', pattern),
          eb('b.code', 'ilike', pattern),
          eb('b.address', 'ilike', pattern),
        ]),
      );
    }
    if (filter.limit) query = query.limit(filter.limit);
    const rows = await query.orderBy('s.name').orderBy('b.name').orderBy('b.id').execute();
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      siteId: row.site_id,
      siteName: row.site_name,
      address: row.address,
      floorAreaM2: row.floor_area_m2 === null ? null : Number(row.floor_area_m2),
      floorAreaChanges: row.floor_area_changes,
      activity: row.activity,
      latitude: row.latitude,
      longitude: row.longitude,
    }));
  }

  /**
   * Meters the caller reaches, chosen by ids, by delivery point (its operator meters) or by the
   * buildings they serve (operator meters of the points ever allocated to them, and their
   * sub-meters), then narrowed by energy.
   */
  async findMeters(
    scope: Scope,
    filter: {
      meterIds?: string[];
      deliveryPointIds?: string[];
      servingBuildingIds?: string[];
      energies?: Energy[];
      search?: string;
      limit?: number;
    },
  ): Promise<PerimeterMeter[]> {
    let query = this.db
      .selectFrom('meters as m')
      .leftJoin('delivery_points as dp', 'dp.id', 'm.delivery_point_id')
      .select([
        'm.id',
        'm.code',
        'm.name',
        'm.kind',
        'm.energy',
        'm.delivery_point_id',
        'dp.identifier',
        'm.building_id',
        'm.parent_meter_id',
      ])
      .where('m.id', 'in', visibleMeterIds(scope, FEATURE, 'read'));
    const { meterIds, deliveryPointIds, servingBuildingIds } = filter;
    if (meterIds?.length || deliveryPointIds?.length) {
      query = query.where((eb) =>
        eb.or([
          ...(meterIds?.length ? [eb('m.id', 'in', meterIds)] : []),
          ...(deliveryPointIds?.length
            ? [eb.and([eb('m.delivery_point_id', 'in', deliveryPointIds), eb('m.kind', '=', 'operator')])]
            : []),
        ]),
      );
    }
    if (servingBuildingIds) {
      if (servingBuildingIds.length === 0) return [];
      query = query.where((eb) =>
        eb.or([
          eb('m.building_id', 'in', servingBuildingIds),
          eb.and([
            eb('m.kind', '=', 'operator'),
            eb(
              'm.delivery_point_id',
              'in',
              eb
                .selectFrom('delivery_point_allocations')
                .select('delivery_point_id')
                .where('building_id', 'in', servingBuildingIds),
            ),
          ]),
        ]),
      );
    }
    if (filter.energies?.length) query = query.where('m.energy', 'in', filter.energies);
    if (filter.search) {
      const pattern = escapeLike(filter.search);
      query = query.where((eb) =>
        eb.or([
          eb('m.code', 'ilike', pattern),
          eb('m.name', 'ilike', pattern),
          eb('m.serial_number', 'ilike', pattern),
          eb('dp.identifier', 'ilike', pattern),
        ]),
      );
    }
    if (filter.limit) query = query.limit(filter.limit);
    const rows = await query.orderBy('m.energy').orderBy('m.code').execute();
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      energy: row.energy,
      deliveryPointId: row.delivery_point_id,
      deliveryPointIdentifier: row.identifier,
      buildingId: row.building_id,
      parentMeterId: row.parent_meter_id,
    }));
  }

  async findRegisters(meterIds: string[]): Promise<PerimeterRegister[]> {
    if (meterIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('registers')
      .select(['id', 'meter_id', 'kind', 'step', 'unit', 'is_consumption'])
      .where('meter_id', 'in', meterIds)
      .orderBy('meter_id')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      meterId: row.meter_id,
      kind: row.kind,
      step: row.step,
      unit: row.unit,
      isConsumption: row.is_consumption,
    }));
  }

  /** Buildings served by meters: a sub-meter's building, the buildings ever allocated an operator meter's point. */
  async buildingIdsServedBy(meterIds: string[]): Promise<string[]> {
    if (meterIds.length === 0) return [];
    const result = await sql<{ building_id: string }>`
      select m.building_id::text as building_id from meters m where m.id = any(${meterIds}::bigint[]) and m.building_id is not null
      union
      select a.building_id::text from meters m join delivery_point_allocations a on a.delivery_point_id = m.delivery_point_id
      where m.id = any(${meterIds}::bigint[]) and m.kind = 'operator'`.execute(this.db);
    return result.rows.map((row) => row.building_id);
  }

  async searchSites(scope: Scope, search: string | undefined, limit: number) {
    let query = this.db
      .selectFrom('sites as s')
      .select(['s.id', 's.code', 's.name', 's.city'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('buildings as b')
            .select('b.id')
            .whereRef('b.site_id', '=', 's.id')
            .where('b.id', 'in', this.visibleBuildings(scope)),
        ),
      );
    if (search) {
      const pattern = escapeLike(search);
      query = query.where((eb) =>
        eb.or([
          eb('s.name', 'ilike', pattern),
          eb('s.code', 'ilike', pattern),
          eb('s.city', 'ilike', pattern),
        ]),
      );
    }
    return query.orderBy('s.name').limit(limit).execute();
  }

  async searchUnits(scope: Scope, search: string | undefined, limit: number) {
    let query = this.db
      .selectFrom('functional_units as u')
      .select(['u.id', 'u.code', 'u.name', 'u.kind', 'u.parent_id'])
      .where(
        sql<boolean>`exists (
          select 1 from building_unit_shares s
          where s.unit_id in (select unit_id from unit_and_descendants(u.id))
            and s.building_id in ${this.visibleBuildings(scope)})`,
      );
    if (search) {
      const pattern = escapeLike(search);
      query = query.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('u.code', 'ilike', pattern)]));
    }
    return query.orderBy('u.name').limit(limit).execute();
  }

  async searchDeliveryPoints(scope: Scope, search: string | undefined, limit: number) {
    let query = this.db
      .selectFrom('delivery_points as dp')
      .select(['dp.id', 'dp.identifier', 'dp.name', 'dp.energy'])
      .where('dp.id', 'in', visibleDeliveryPointIds(scope, FEATURE, 'read'));
    if (search) {
      const pattern = escapeLike(search);
      query = query.where((eb) =>
        eb.or([eb('dp.identifier', 'ilike', pattern), eb('dp.name', 'ilike', pattern)]),
      );
    }
    return query.orderBy('dp.energy').orderBy('dp.identifier').limit(limit).execute();
  }

  async listSaved(userId: string) {
    return this.db
      .selectFrom('analysis_perimeters')
      .select(['id', 'name', 'definition', 'created_at', 'updated_at'])
      .where('user_id', '=', userId)
      .orderBy(sql`lower(name)`)
      .execute();
  }

  async savedNameTaken(userId: string, name: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('analysis_perimeters')
      .select('id')
      .where('user_id', '=', userId)
      .where(sql`lower(name)`, '=', name.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertSaved(userId: string, name: string, definition: unknown) {
    return this.db
      .insertInto('analysis_perimeters')
      .values({ user_id: userId, name, definition: JSON.stringify(definition) })
      .returning(['id', 'name', 'definition', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
  }

  /** Deletes a saved perimeter of the user; returns whether one was deleted. */
  async deleteSaved(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('analysis_perimeters')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
