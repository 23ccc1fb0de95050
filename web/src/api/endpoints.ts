import { apiRequest, setCsrfToken } from './client';
import type {
  AuditPage,
  Building,
  BuildingFields,
  BuildingPage,
  Grant,
  GrantInput,
  Group,
  ItemList,
  Locale,
  Me,
  ScopeOptions,
  Site,
  User,
} from './types';

// One function per API route used by the web app. Routes that return the CSRF token store it.

export async function login(email: string, password: string): Promise<Me> {
  const me = await apiRequest<Me>('POST', '/auth/login', { body: { email, password } });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('POST', '/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await apiRequest<Me>('GET', '/me', signal ? { signal } : {});
  setCsrfToken(me.csrfToken);
  return me;
}

export function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  return apiRequest('POST', '/me/password', { body: { currentPassword, newPassword } });
}

// Estate

export function fetchSites(): Promise<ItemList<Site>> {
  return apiRequest('GET', '/sites');
}

export interface BuildingQuery {
  q?: string | undefined;
  siteId?: string | undefined;
  limit: number;
  offset: number;
}

export function fetchBuildings(query: BuildingQuery): Promise<BuildingPage> {
  return apiRequest('GET', '/buildings', { query: { ...query } });
}

export function fetchBuilding(id: string): Promise<Building> {
  return apiRequest('GET', `/buildings/${encodeURIComponent(id)}`);
}

export function createBuilding(fields: BuildingFields & { siteId: string }): Promise<Building> {
  return apiRequest('POST', '/buildings', { body: fields });
}

export function updateBuilding(id: string, changes: Partial<BuildingFields>): Promise<Building> {
  return apiRequest('PATCH', `/buildings/${encodeURIComponent(id)}`, { body: changes });
}

export function deleteBuilding(id: string): Promise<void> {
  return apiRequest('DELETE', `/buildings/${encodeURIComponent(id)}`);
}

// Administration

export function fetchUsers(): Promise<ItemList<User>> {
  return apiRequest('GET', '/admin/users');
}

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  isAdmin: boolean;
  locale: Locale;
}

export function createUser(user: NewUser): Promise<User> {
  return apiRequest('POST', '/admin/users', { body: user });
}

export interface UserChanges {
  displayName?: string;
  isAdmin?: boolean;
  isActive?: boolean;
  locale?: Locale;
  groupIds?: string[];
}

export function updateUser(id: string, changes: UserChanges): Promise<User> {
  return apiRequest('PATCH', `/admin/users/${encodeURIComponent(id)}`, { body: changes });
}

export function resetUserPassword(id: string, password: string): Promise<void> {
  return apiRequest('POST', `/admin/users/${encodeURIComponent(id)}/password`, { body: { password } });
}

export function unlockUser(id: string): Promise<void> {
  return apiRequest('POST', `/admin/users/${encodeURIComponent(id)}/unlock`);
}

export function fetchGroups(): Promise<ItemList<Group>> {
  return apiRequest('GET', '/admin/groups');
}

export interface GroupFields {
  name: string;
  description: string;
  memberIds: string[];
}

export function createGroup(fields: GroupFields): Promise<Group> {
  return apiRequest('POST', '/admin/groups', { body: fields });
}

export function updateGroup(id: string, fields: GroupFields): Promise<Group> {
  return apiRequest('PATCH', `/admin/groups/${encodeURIComponent(id)}`, { body: fields });
}

export function deleteGroup(id: string): Promise<void> {
  return apiRequest('DELETE', `/admin/groups/${encodeURIComponent(id)}`);
}

export function fetchGrants(): Promise<ItemList<Grant>> {
  return apiRequest('GET', '/admin/grants');
}

export function createGrant(grant: GrantInput): Promise<Grant> {
  return apiRequest('POST', '/admin/grants', { body: grant });
}

export function deleteGrant(id: string): Promise<void> {
  return apiRequest('DELETE', `/admin/grants/${encodeURIComponent(id)}`);
}

export function fetchScopeOptions(): Promise<ScopeOptions> {
  return apiRequest('GET', '/admin/scope-options');
}

export interface AuditQuery {
  limit: number;
  offset: number;
  entityType?: string | undefined;
}

export function fetchAudit(query: AuditQuery): Promise<AuditPage> {
  return apiRequest('GET', '/admin/audit', { query: { ...query } });
}
