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

/** Subquery of the delivery point ids the caller reaches; see `visible_delivery_points`. */
export function visibleDeliveryPointIds(
  scope: Scope,
  feature: Feature,
  level: AccessLevel,
): Expression<string> {
  return sql<string>`(select delivery_point_id from visible_delivery_points(${scope.userId}::bigint, ${feature}::text, ${accessLevelRank(level)}::smallint))`;
}

/** Subquery of the meter ids the caller reaches; see `visible_meters`. */
export function visibleMeterIds(scope: Scope, feature: Feature, level: AccessLevel): Expression<string> {
  return sql<string>`(select meter_id from visible_meters(${scope.userId}::bigint, ${feature}::text, ${accessLevelRank(level)}::smallint))`;
}
