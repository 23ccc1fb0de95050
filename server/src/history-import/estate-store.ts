import {
  addLocalDays,
  ENERGY_CHOICES,
  type EntitySummary,
  type EstateFile,
  formatFrenchDate,
  OPEN_START_DATE,
  type RowError,
  type RowRef,
  type SourcedRecord,
  type UnitRow,
} from '@openfluides/core';
import { sql, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import { DeliveryPointDirectory } from './delivery-points.js';
import { changedFields, EntityTracker, type FieldChanges, numeric, storeRow } from './entities.js';

/** Builds the SET clause of an update from the changed fields, through a field-to-column map. */
function columnsToSet<T>(changes: FieldChanges, columns: Record<string, string>): Updateable<T> {
  const set: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(changes)) {
    const column = columns[field];
    if (column) set[column] = change.after;
  }
  return set as Updateable<T>;
}

const lowerCode = (code: string) => code.toLowerCase();

function since(validFrom: string): string {
  return validFrom === OPEN_START_DATE ? '' : ` (depuis le ${formatFrenchDate(validFrom)})`;
}

/** Last day included, from the database's exclusive end. */
function lastDayOf(validTo: string | null | undefined): string | null | undefined {
  return validTo === null || validTo === undefined ? validTo : addLocalDays(validTo, -1);
}

async function findSite(db: Db, code: string) {
  return db
    .selectFrom('sites')
    .select(['id', 'code', 'name', 'city', 'address', 'latitude', 'longitude'])
    .where(sql`lower(code)`, '=', lowerCode(code))
    .executeTakeFirst();
}

async function findBuildingId(db: Db, code: string) {
  return db
    .selectFrom('buildings')
    .select(['id', 'code'])
    .where(sql`lower(code)`, '=', lowerCode(code))
    .executeTakeFirst();
}

async function findUnit(db: Db, code: string) {
  return db
    .selectFrom('functional_units as u')
    .leftJoin('functional_units as p', 'p.id', 'u.parent_id')
    .select(['u.id', 'u.code', 'u.name', 'u.kind', 'p.code as parent_code'])
    .where(sql`lower(u.code)`, '=', lowerCode(code))
    .executeTakeFirst();
}

const UNKNOWN_SITE_FIX = 'Ajoutez-le à la feuille « Sites » ou corrigez le code, puis réimportez le fichier.';
const UNKNOWN_BUILDING_FIX =
  'Ajoutez-le à la feuille « Bâtiments » ou corrigez le code, puis réimportez le fichier.';

const UNKNOWN_UNIT_FIX =
  'Ajoutez-la à la feuille « Composantes » ou corrigez le code, puis réimportez le fichier.';

/** Sheet and wording of each kind of code an estate row can name. */
const REFERENCES = {
  site: { sheet: 'Sites', subject: 'le site', fix: UNKNOWN_SITE_FIX },
  building: { sheet: 'Bâtiments', subject: 'le bâtiment', fix: UNKNOWN_BUILDING_FIX },
  unit: { sheet: 'Composantes', subject: 'la composante', fix: UNKNOWN_UNIT_FIX },
  parentUnit: { sheet: 'Composantes', subject: 'la composante parente', fix: UNKNOWN_UNIT_FIX },
} as const;

/** Builds the error of a row naming a code found neither in the file nor on the platform. */
function unknownCodeError(
  ref: RowRef,
  column: string,
  kind: keyof typeof REFERENCES,
  code: string,
): RowError {
  const reference = REFERENCES[kind];
  return ref.error(
    column,
    `${reference.subject} « ${code} » n’existe ni dans la feuille « ${reference.sheet} » ni dans la plateforme`,
    reference.fix,
  );
}
const UNKNOWN_POINT_FIX =
  'Ajoutez-le à la feuille « Points de livraison » ou corrigez l’identifiant, puis réimportez le fichier.';

async function storeSites(db: Db, file: EstateFile, tracker: EntityTracker): Promise<void> {
  for (const { ref, value } of file.sites) {
    await storeRow(db, file.parsed, ref, 'code', async () => {
      const stored = await findSite(db, value.code);
      if (!stored) {
        await db
          .insertInto('sites')
          .values({
            code: value.code,
            name: value.name,
            city: value.city ?? null,
            address: value.address ?? null,
            latitude: value.latitude ?? null,
            longitude: value.longitude ?? null,
          })
          .execute();
        tracker.record('create', value.code, ref);
        return;
      }
      const changes = changedFields(stored, {
        name: value.name,
        city: value.city,
        address: value.address,
        latitude: value.latitude,
        longitude: value.longitude,
      });
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', stored.code, ref);
        return;
      }
      await db
        .updateTable('sites')
        .set({
          ...columnsToSet(changes, {
            name: 'name',
            city: 'city',
            address: 'address',
            latitude: 'latitude',
            longitude: 'longitude',
          }),
          updated_at: new Date(),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', stored.code, ref, changes);
    });
  }
}

const BUILDING_COLUMNS: Record<string, string> = {
  name: 'name',
  address: 'address',
  latitude: 'latitude',
  longitude: 'longitude',
  floorAreaM2: 'floor_area_m2',
  usefulAreaM2: 'useful_area_m2',
  heatedAreaM2: 'heated_area_m2',
  constructionYear: 'construction_year',
  activity: 'activity',
  mainHeatingEnergy: 'main_heating_energy',
};

async function storeBuildings(db: Db, file: EstateFile, tracker: EntityTracker): Promise<void> {
  for (const { ref, value } of file.buildings) {
    const site = await findSite(db, value.siteCode);
    if (!site) {
      file.parsed.reject(unknownCodeError(ref, 'siteCode', 'site', value.siteCode));
      continue;
    }
    await storeRow(db, file.parsed, ref, 'code', async () => {
      const stored = await db
        .selectFrom('buildings as b')
        .innerJoin('sites as s', 's.id', 'b.site_id')
        .select([
          'b.id',
          'b.code',
          'b.name',
          's.code as site_code',
          'b.address',
          'b.latitude',
          'b.longitude',
          'b.floor_area_m2',
          'b.useful_area_m2',
          'b.heated_area_m2',
          'b.construction_year',
          'b.activity',
          'b.main_heating_energy',
        ])
        .where(sql`lower(b.code)`, '=', lowerCode(value.code))
        .executeTakeFirst();
      const imported = {
        siteCode: site.code,
        name: value.name,
        address: value.address,
        latitude: value.latitude,
        longitude: value.longitude,
        floorAreaM2: value.floorAreaM2,
        usefulAreaM2: value.usefulAreaM2,
        heatedAreaM2: value.heatedAreaM2,
        constructionYear: value.constructionYear,
        activity: value.activity,
        mainHeatingEnergy: value.mainHeatingEnergy,
      };
      if (!stored) {
        await db
          .insertInto('buildings')
          .values({
            site_id: site.id,
            code: value.code,
            name: value.name,
            address: value.address ?? null,
            latitude: value.latitude ?? null,
            longitude: value.longitude ?? null,
            floor_area_m2: value.floorAreaM2 ?? null,
            useful_area_m2: value.usefulAreaM2 ?? null,
            heated_area_m2: value.heatedAreaM2 ?? null,
            construction_year: value.constructionYear ?? null,
            activity: value.activity ?? null,
            main_heating_energy: value.mainHeatingEnergy ?? null,
          })
          .execute();
        tracker.record('create', value.code, ref);
        return;
      }
      const changes = changedFields(
        {
          siteCode: stored.site_code,
          name: stored.name,
          address: stored.address,
          latitude: stored.latitude,
          longitude: stored.longitude,
          floorAreaM2: numeric(stored.floor_area_m2),
          usefulAreaM2: numeric(stored.useful_area_m2),
          heatedAreaM2: numeric(stored.heated_area_m2),
          constructionYear: stored.construction_year,
          activity: stored.activity,
          mainHeatingEnergy: stored.main_heating_energy,
        },
        imported,
      );
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', stored.code, ref);
        return;
      }
      await db
        .updateTable('buildings')
        .set({
          ...columnsToSet(changes, BUILDING_COLUMNS),
          ...(changes.siteCode ? { site_id: site.id } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', stored.code, ref, changes);
    });
  }
}

/**
 * Orders the units so that a parent listed in the file comes before its children, and rejects
 * the units whose chain of parents inside the file loops.
 */
function unitsParentsFirst(file: EstateFile): SourcedRecord<UnitRow>[] {
  const byCode = new Map(file.units.map((record) => [lowerCode(record.value.code), record]));
  const state = new Map<string, 'visiting' | 'done' | 'loop'>();
  const ordered: SourcedRecord<UnitRow>[] = [];
  const visit = (record: SourcedRecord<UnitRow>): 'done' | 'loop' => {
    const code = lowerCode(record.value.code);
    const current = state.get(code);
    if (current === 'done' || current === 'loop') return current;
    if (current === 'visiting') return 'loop';
    state.set(code, 'visiting');
    const parent = record.value.parentCode ? byCode.get(lowerCode(record.value.parentCode)) : undefined;
    const outcome = parent ? visit(parent) : 'done';
    state.set(code, outcome);
    if (outcome === 'done') ordered.push(record);
    return outcome;
  };
  for (const record of file.units) {
    if (visit(record) === 'loop') {
      file.parsed.reject(
        record.ref.error(
          'parentCode',
          `la chaîne des composantes parentes de « ${record.value.code} » forme une boucle dans ce fichier`,
          'Corrigez les composantes parentes puis réimportez le fichier.',
        ),
      );
    }
  }
  return ordered;
}

/** Returns whether `unitId` is `parentId` or one of its ancestors, so that linking them would loop. */
async function isAncestorOrSelf(db: Db, unitId: string, parentId: string): Promise<boolean> {
  const result = await sql<{ found: number }>`
    with recursive ancestors(id, parent_id) as (
      select id, parent_id from functional_units where id = ${parentId}::bigint
      union
      select u.id, u.parent_id from functional_units u join ancestors a on u.id = a.parent_id
    )
    select 1 as found from ancestors where id = ${unitId}::bigint`.execute(db);
  return result.rows.length > 0;
}

async function storeUnits(db: Db, file: EstateFile, tracker: EntityTracker): Promise<void> {
  for (const { ref, value } of unitsParentsFirst(file)) {
    const parent = value.parentCode ? await findUnit(db, value.parentCode) : undefined;
    if (value.parentCode && !parent) {
      file.parsed.reject(unknownCodeError(ref, 'parentCode', 'parentUnit', value.parentCode));
      continue;
    }
    const stored = await findUnit(db, value.code);
    if (stored && parent && (await isAncestorOrSelf(db, stored.id, parent.id))) {
      file.parsed.reject(
        ref.error(
          'parentCode',
          `« ${value.code} » est déjà une composante parente de « ${parent.code} », qui ne peut donc pas devenir la sienne`,
          'Corrigez la composante parente puis réimportez le fichier.',
        ),
      );
      continue;
    }
    await storeRow(db, file.parsed, ref, 'code', async () => {
      if (!stored) {
        await db
          .insertInto('functional_units')
          .values({
            code: value.code,
            name: value.name,
            kind: value.kind ?? 'other',
            parent_id: parent?.id ?? null,
          })
          .execute();
        tracker.record('create', value.code, ref);
        return;
      }
      const changes = changedFields(
        { name: stored.name, kind: stored.kind, parentCode: stored.parent_code },
        { name: value.name, kind: value.kind, parentCode: parent?.code },
      );
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', stored.code, ref);
        return;
      }
      await db
        .updateTable('functional_units')
        .set({
          ...columnsToSet(changes, { name: 'name', kind: 'kind' }),
          ...(changes.parentCode ? { parent_id: parent?.id ?? null } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', stored.code, ref, changes);
    });
  }
}

async function storeShares(db: Db, file: EstateFile, tracker: EntityTracker): Promise<void> {
  for (const { ref, value } of file.shares) {
    const building = await findBuildingId(db, value.buildingCode);
    const unit = await findUnit(db, value.unitCode);
    if (!building) {
      file.parsed.reject(unknownCodeError(ref, 'buildingCode', 'building', value.buildingCode));
      continue;
    }
    if (!unit) {
      file.parsed.reject(unknownCodeError(ref, 'unitCode', 'unit', value.unitCode));
      continue;
    }
    const key = `${building.code} – ${unit.code}${since(value.validFrom)}`;
    await storeRow(db, file.parsed, ref, 'share', async () => {
      const stored = await db
        .selectFrom('building_unit_shares')
        .select(['id', 'share', 'valid_to'])
        .where('building_id', '=', building.id)
        .where('unit_id', '=', unit.id)
        .where('valid_from', '=', value.validFrom)
        .executeTakeFirst();
      if (!stored) {
        await db
          .insertInto('building_unit_shares')
          .values({
            building_id: building.id,
            unit_id: unit.id,
            share: value.share,
            valid_from: value.validFrom,
            valid_to: value.validTo ?? null,
          })
          .execute();
        tracker.record('create', key, ref);
        return;
      }
      const changes = changedFields(
        { share: numeric(stored.share), lastDay: lastDayOf(stored.valid_to) ?? null },
        { share: value.share, lastDay: lastDayOf(value.validTo) },
      );
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', key, ref);
        return;
      }
      await db
        .updateTable('building_unit_shares')
        .set({
          ...(changes.share ? { share: value.share } : {}),
          ...(changes.lastDay ? { valid_to: value.validTo ?? null } : {}),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', key, ref, changes);
    });
  }
}

const energyLabel = (energy: string) =>
  ENERGY_CHOICES.find((choice) => choice.value === energy)?.label ?? energy;

async function storeDeliveryPoints(db: Db, file: EstateFile, tracker: EntityTracker): Promise<void> {
  for (const { ref, value } of file.deliveryPoints) {
    const key = `${energyLabel(value.energy)} ${value.identifier}`;
    await storeRow(db, file.parsed, ref, 'identifier', async () => {
      const stored = await db
        .selectFrom('delivery_points')
        .select(['id', 'name', 'network_operator', 'segment', 'supplier'])
        .where('energy', '=', value.energy)
        .where('identifier', '=', value.identifier)
        .executeTakeFirst();
      if (!stored) {
        await db
          .insertInto('delivery_points')
          .values({
            energy: value.energy,
            identifier: value.identifier,
            name: value.name ?? '',
            network_operator: value.networkOperator ?? '',
            segment: value.segment ?? null,
            supplier: value.supplier ?? '',
          })
          .execute();
        tracker.record('create', key, ref);
        return;
      }
      const changes = changedFields(
        {
          name: stored.name,
          networkOperator: stored.network_operator,
          segment: stored.segment,
          supplier: stored.supplier,
        },
        {
          name: value.name,
          networkOperator: value.networkOperator,
          segment: value.segment,
          supplier: value.supplier,
        },
      );
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', key, ref);
        return;
      }
      await db
        .updateTable('delivery_points')
        .set({
          ...columnsToSet(changes, {
            name: 'name',
            networkOperator: 'network_operator',
            segment: 'segment',
            supplier: 'supplier',
          }),
          updated_at: new Date(),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', key, ref, changes);
    });
  }
}

async function storeAllocations(db: Db, file: EstateFile, tracker: EntityTracker): Promise<void> {
  const directory = await DeliveryPointDirectory.load(db);
  for (const { ref, value } of file.allocations) {
    const resolution = directory.resolve(value.identifierCell, value.energy, UNKNOWN_POINT_FIX);
    if (!('point' in resolution)) {
      file.parsed.reject(ref.error('identifier', resolution.reason, resolution.fix));
      continue;
    }
    const point = resolution.point;
    const building = await findBuildingId(db, value.buildingCode);
    if (!building) {
      file.parsed.reject(unknownCodeError(ref, 'buildingCode', 'building', value.buildingCode));
      continue;
    }
    const key = `${point.identifier} → ${building.code}${since(value.validFrom)}`;
    await storeRow(db, file.parsed, ref, 'method', async () => {
      const stored = await db
        .selectFrom('delivery_point_allocations')
        .select(['id', 'method', 'fraction', 'valid_to'])
        .where('delivery_point_id', '=', point.id)
        .where('building_id', '=', building.id)
        .where('valid_from', '=', value.validFrom)
        .executeTakeFirst();
      const fraction = value.method === 'fixed' ? (value.fraction ?? null) : null;
      if (!stored) {
        await db
          .insertInto('delivery_point_allocations')
          .values({
            delivery_point_id: point.id,
            building_id: building.id,
            method: value.method,
            fraction,
            valid_from: value.validFrom,
            valid_to: value.validTo ?? null,
          })
          .execute();
        tracker.record('create', key, ref);
        return;
      }
      const changes = changedFields(
        {
          method: stored.method,
          fraction: numeric(stored.fraction),
          lastDay: lastDayOf(stored.valid_to) ?? null,
        },
        { method: value.method, fraction, lastDay: lastDayOf(value.validTo) },
      );
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', key, ref);
        return;
      }
      await db
        .updateTable('delivery_point_allocations')
        .set({
          method: value.method,
          fraction,
          ...(changes.lastDay ? { valid_to: value.validTo ?? null } : {}),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', key, ref, changes);
    });
  }
}

/**
 * Stores the estate file in dependency order: sites, units, buildings, shares, delivery points,
 * allocations. A row that names an item missing from both the file and the database is rejected.
 */
export async function storeEstate(db: Db, file: EstateFile): Promise<Record<string, EntitySummary>> {
  const trackers = {
    sites: new EntityTracker(),
    units: new EntityTracker(),
    buildings: new EntityTracker(),
    shares: new EntityTracker(),
    deliveryPoints: new EntityTracker(),
    allocations: new EntityTracker(),
  };
  await storeSites(db, file, trackers.sites);
  await storeUnits(db, file, trackers.units);
  await storeBuildings(db, file, trackers.buildings);
  await storeShares(db, file, trackers.shares);
  await storeDeliveryPoints(db, file, trackers.deliveryPoints);
  await storeAllocations(db, file, trackers.allocations);
  return Object.fromEntries(Object.entries(trackers).map(([name, tracker]) => [name, tracker.summary]));
}
