import type { AccessLevel, Feature } from '@openfluides/core';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { type Scope, visibleBuildingIds } from './scope.js';

async function reachesBuilding(
  db: Db,
  scope: Scope,
  buildingId: string,
  feature: Feature,
  level: AccessLevel,
): Promise<boolean> {
  const row = await db
    .selectFrom('buildings')
    .select('id')
    .where('id', '=', buildingId)
    .where('id', 'in', visibleBuildingIds(scope, feature, level))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Checks the caller's level on a building. A building the caller cannot even read is reported as
 * missing (404, or a field error when a request body named it), so ids reveal nothing. A readable
 * building below the needed level gives 403.
 */
export async function assertBuildingAccess(
  db: Db,
  scope: Scope,
  buildingId: string,
  feature: Feature,
  level: AccessLevel,
  missingAs: 'not-found' | { field: string } = 'not-found',
): Promise<void> {
  if (!(await reachesBuilding(db, scope, buildingId, feature, 'read'))) {
    if (missingAs === 'not-found') throw new AppError('not-found');
    throw new AppError('validation-failed', {}, { [missingAs.field]: 'not-found' });
  }
  if (level !== 'read' && !(await reachesBuilding(db, scope, buildingId, feature, level))) {
    throw new AppError('forbidden', { level });
  }
}
