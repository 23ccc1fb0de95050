import type { AccessLevel, Feature } from '@openfluides/core';
import { sql } from 'kysely';
import { type Scope, visibleBuildingIds } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { type BuildingFacts, findBuildingFacts } from './building-repository.js';

/** Décret tertiaire settings of an EFA; every value is optional. */
export interface EfaSettings {
  /** Surface entered for the EFA, m²; null: the buildings' floor area times their share. */
  surfaceM2: number | null;
  /** Cabs per milestone, kWh EF/m²/year. */
  absolute2030KwhPerM2: number | null;
  absolute2040KwhPerM2: number | null;
  absolute2050KwhPerM2: number | null;
  /** Share of the final energy used for space heating, 0 to 1. */
  heatingShare: number | null;
  updatedAt: string | null;
}

export interface EfaFacts {
  id: string;
  code: string;
  name: string;
  operatId: string | null;
  /** Reference year recorded on the EFA (declared to OPERAT), if any. */
  referenceYear: number | null;
  settings: EfaSettings;
  /** The EFA's buildings with the share of each inside the EFA (1 = whole building). */
  buildings: (BuildingFacts & { share: number })[];
}

const EMPTY_SETTINGS: EfaSettings = {
  surfaceM2: null,
  absolute2030KwhPerM2: null,
  absolute2040KwhPerM2: null,
  absolute2050KwhPerM2: null,
  heatingShare: null,
  updatedAt: null,
};

/**
 * Checks the caller reaches every building of an EFA for a feature at a level. An EFA with no
 * building in the caller's read scope (or none at all) is not found; one the caller sees only in
 * part, or below the level, is forbidden, because its figures would mix in buildings they may not
 * read or change.
 */
export async function assertEfaAccess(
  db: Db,
  scope: Scope,
  efaId: string,
  feature: Feature,
  level: AccessLevel,
): Promise<void> {
  const row = await db
    .selectFrom('efa_buildings')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      sql<string>`count(*) filter (where building_id in ${visibleBuildingIds(scope, feature, 'read')})`.as(
        'readable',
      ),
      sql<string>`count(*) filter (where building_id in ${visibleBuildingIds(scope, feature, level)})`.as(
        'at_level',
      ),
    ])
    .where('efa_id', '=', efaId)
    .executeTakeFirstOrThrow();
  if (Number(row.readable) === 0) throw new AppError('not-found');
  if (Number(row.readable) < Number(row.total)) throw new AppError('forbidden', { level: 'read' });
  if (Number(row.at_level) < Number(row.total)) throw new AppError('forbidden', { level });
}

/** Reads an EFA with its settings and buildings; call `assertEfaAccess` first. */
export async function findEfa(db: Db, scope: Scope, efaId: string): Promise<EfaFacts | null> {
  const efa = await db
    .selectFrom('efas as e')
    .leftJoin('efa_performance_settings as s', 's.efa_id', 'e.id')
    .select([
      'e.id',
      'e.code',
      'e.name',
      'e.operat_id',
      'e.reference_year',
      's.surface_m2',
      's.absolute_2030_kwh_m2',
      's.absolute_2040_kwh_m2',
      's.absolute_2050_kwh_m2',
      's.heating_share',
      's.updated_at',
    ])
    .where('e.id', '=', efaId)
    .executeTakeFirst();
  if (!efa) return null;
  const shares = await db
    .selectFrom('efa_buildings')
    .select(['building_id', 'share'])
    .where('efa_id', '=', efaId)
    .execute();
  const shareById = new Map(shares.map((row) => [row.building_id, Number(row.share)]));
  const buildings = await findBuildingFacts(db, scope, [...shareById.keys()]);
  return {
    id: efa.id,
    code: efa.code,
    name: efa.name,
    operatId: efa.operat_id,
    referenceYear: efa.reference_year,
    settings:
      efa.updated_at === null
        ? EMPTY_SETTINGS
        : {
            surfaceM2: efa.surface_m2 === null ? null : Number(efa.surface_m2),
            absolute2030KwhPerM2: efa.absolute_2030_kwh_m2,
            absolute2040KwhPerM2: efa.absolute_2040_kwh_m2,
            absolute2050KwhPerM2: efa.absolute_2050_kwh_m2,
            heatingShare: efa.heating_share === null ? null : Number(efa.heating_share),
            updatedAt: efa.updated_at.toISOString(),
          },
    buildings: buildings.map((building) => ({ ...building, share: shareById.get(building.id) ?? 1 })),
  };
}

export type EfaSettingsChanges = Partial<Omit<EfaSettings, 'updatedAt'>>;

/** Creates or changes the settings row of an EFA; fields left undefined keep their value. */
export async function saveEfaSettings(
  db: Db,
  efaId: string,
  changes: EfaSettingsChanges,
  userId: string | null,
): Promise<void> {
  const columns = {
    ...(changes.surfaceM2 !== undefined ? { surface_m2: changes.surfaceM2 } : {}),
    ...(changes.absolute2030KwhPerM2 !== undefined
      ? { absolute_2030_kwh_m2: changes.absolute2030KwhPerM2 }
      : {}),
    ...(changes.absolute2040KwhPerM2 !== undefined
      ? { absolute_2040_kwh_m2: changes.absolute2040KwhPerM2 }
      : {}),
    ...(changes.absolute2050KwhPerM2 !== undefined
      ? { absolute_2050_kwh_m2: changes.absolute2050KwhPerM2 }
      : {}),
    ...(changes.heatingShare !== undefined ? { heating_share: changes.heatingShare } : {}),
  };
  await db
    .insertInto('efa_performance_settings')
    .values({ efa_id: efaId, ...columns, updated_by: userId })
    .onConflict((conflict) =>
      conflict.column('efa_id').doUpdateSet({ ...columns, updated_at: new Date(), updated_by: userId }),
    )
    .execute();
}
