import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type AuditQuery,
  type BuildingQuery,
  fetchAudit,
  fetchBuilding,
  fetchBuildings,
  fetchGrants,
  fetchGroups,
  fetchMe,
  fetchScopeOptions,
  fetchSites,
  fetchUsers,
} from './endpoints';

/** Query keys, grouped so that one invalidation refreshes every page showing the same data. */
export const queryKeys = {
  me: ['me'] as const,
  sites: ['sites'] as const,
  buildings: ['buildings'] as const,
  buildingList: (query: BuildingQuery) => ['buildings', 'list', query] as const,
  building: (id: string) => ['buildings', 'detail', id] as const,
  users: ['admin', 'users'] as const,
  groups: ['admin', 'groups'] as const,
  grants: ['admin', 'grants'] as const,
  scopeOptions: ['admin', 'scope-options'] as const,
  audit: (query: AuditQuery) => ['admin', 'audit', query] as const,
};

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    retry: false,
  });
}

export function useSites() {
  return useQuery({ queryKey: queryKeys.sites, queryFn: fetchSites, select: (data) => data.items });
}

export function useBuildingList(query: BuildingQuery) {
  return useQuery({
    queryKey: queryKeys.buildingList(query),
    queryFn: () => fetchBuildings(query),
    placeholderData: keepPreviousData,
  });
}

export function useBuilding(id: string) {
  return useQuery({ queryKey: queryKeys.building(id), queryFn: () => fetchBuilding(id) });
}

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: fetchUsers, select: (data) => data.items });
}

export function useGroups() {
  return useQuery({ queryKey: queryKeys.groups, queryFn: fetchGroups, select: (data) => data.items });
}

export function useGrants() {
  return useQuery({ queryKey: queryKeys.grants, queryFn: fetchGrants, select: (data) => data.items });
}

export function useScopeOptions(enabled = true) {
  return useQuery({ queryKey: queryKeys.scopeOptions, queryFn: fetchScopeOptions, enabled });
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: queryKeys.audit(query),
    queryFn: () => fetchAudit(query),
    placeholderData: keepPreviousData,
  });
}
