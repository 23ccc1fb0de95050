import { type AccessLevel, accessLevelRank, type Feature } from '@openfluides/core';
import type { Me } from '../api/types';

/**
 * Returns whether the caller has at least `level` on `feature` somewhere in their scope. The UI uses it
 * only to hide actions: the server checks each request against the building's own scope.
 */
export function hasFeatureLevel(me: Me, feature: Feature, level: AccessLevel): boolean {
  if (me.user.isAdmin) return true;
  const maxLevel = me.maxLevelByFeature[feature];
  return maxLevel !== undefined && accessLevelRank(maxLevel) >= accessLevelRank(level);
}

/** Checks whether `level`, such as a building's `accessLevel`, includes `required`. */
export function includesLevel(level: AccessLevel, required: AccessLevel): boolean {
  return accessLevelRank(level) >= accessLevelRank(required);
}
