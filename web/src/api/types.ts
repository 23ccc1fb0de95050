import type { AccessLevel, Feature, GrantFeature } from '@openfluides/core';

// Response shapes of the OpenFluides API, as declared by the Zod schemas of the server's routes.
// Database ids are decimal strings.

export type Locale = 'fr' | 'en';

export interface Grant {
  id: string;
  groupId: string | null;
  groupName: string | null;
  userId: string | null;
  userEmail: string | null;
  level: AccessLevel;
  siteId: string | null;
  siteName: string | null;
  buildingId: string | null;
  buildingName: string | null;
  unitId: string | null;
  unitName: string | null;
  features: GrantFeature[];
  createdAt: string;
}

/** Body of `GET /api/me` and `POST /api/auth/login`. */
export interface Me {
  user: {
    id: string;
    email: string;
    displayName: string;
    isAdmin: boolean;
    locale: Locale;
  };
  csrfToken: string;
  grants: Grant[];
  maxLevelByFeature: Partial<Record<Feature, AccessLevel>>;
}

export interface Site {
  id: string;
  code: string;
  name: string;
  city: string | null;
  buildingCount: number;
}

export interface Building {
  id: string;
  siteId: string;
  siteName: string;
  code: string;
  name: string;
  address: string | null;
  floorAreaM2: number | null;
  unitNames: string[];
}

export interface BuildingPage {
  items: Building[];
  total: number;
}

export interface BuildingFields {
  code: string;
  name: string;
  address: string | null;
  floorAreaM2: number | null;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  isActive: boolean;
  locale: Locale;
  isLocked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  groupIds: string[];
}

export interface Group {
  id: string;
  name: string;
  description: string;
  memberIds: string[];
  createdAt: string;
}

export interface ScopeOptions {
  sites: { id: string; name: string }[];
  buildings: { id: string; name: string; siteId: string }[];
  units: { id: string; name: string; parentId: string | null }[];
}

export interface GrantInput {
  groupId: string | null;
  userId: string | null;
  level: AccessLevel;
  siteId: string | null;
  buildingId: string | null;
  unitId: string | null;
  features: GrantFeature[];
}

export interface AuditEntry {
  id: string;
  occurredAt: string;
  userId: string | null;
  userEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details: unknown;
  ip: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
}

export interface ItemList<T> {
  items: T[];
}
