/**
 * Feature groups that a grant can open: `estate` is the register of sites, buildings, delivery
 * points and meters; `consumption` is readings, rollups and consumption figures. Each later capability adds its own group here when its
 * routes exist, so the grant editor never offers a feature the product does not have.
 */
export const FEATURES = ['estate', 'consumption'] as const;

export type Feature = (typeof FEATURES)[number];

/** Grant value that opens every feature group, present and future. */
export const ALL_FEATURES = '*';

export type GrantFeature = Feature | typeof ALL_FEATURES;

export function isGrantFeature(value: string): value is GrantFeature {
  return value === ALL_FEATURES || (FEATURES as readonly string[]).includes(value);
}
