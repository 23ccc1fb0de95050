// URL paths of the performance pages, French because users read and share them.

export const USER_INDICATORS_PATH = '/indicateurs';

export function efaPath(id: string): string {
  return `/efa/${encodeURIComponent(id)}`;
}

/** Tabs of the building page, named in its `onglet` search parameter. */
export const BUILDING_TABS = ['fiche', 'signature', 'ipmvp', 'trajectoire', 'indicateurs'] as const;
export type BuildingTab = (typeof BUILDING_TABS)[number];

export function isBuildingTab(value: string | null): value is BuildingTab {
  return value !== null && (BUILDING_TABS as readonly string[]).includes(value);
}
