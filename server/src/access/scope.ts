import { type AccessLevel, accessLevelRank, type Feature } from '@openfluides/core';
import { type Expression, sql } from 'kysely';

/** The caller on whose behalf a repository query runs. */
export interface Scope {
  userId: string;
  isAdmin: boolean;
}

/**
 * Subquery of the building ids the caller reaches for a feature at a minimum level. Repository
 * queries on estate data filter with `where building_id in (visibleBuildingIds(...))`, so the rule
 * lives in one SQL function (`visible_buildings`) for lists, counts, exports and search alike.
 */
export function visibleBuildingIds(scope: Scope, feature: Feature, level: AccessLevel): Expression<string> {
  return sql<string>`(select building_id from visible_buildings(${scope.userId}::bigint, ${feature}::text, ${accessLevelRank(level)}::smallint))`;
}
