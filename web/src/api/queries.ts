import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type AuditQuery,
  type BuildingQuery,
  type DateRange,
  type DeliveryPointQuery,
  fetchAudit,
  fetchBuilding,
  fetchBuildingConsumption,
  fetchBuildingIndicators,
  fetchBuildingKeyFigures,
  fetchBuildingShares,
  fetchBuildings,
  fetchBuildingWeatherStation,
  fetchCreatableSites,
  fetchDeliveryPoint,
  fetchDeliveryPoints,
  fetchEfas,
  fetchFormulaVocabulary,
  fetchGrants,
  fetchGroups,
  fetchImportRun,
  fetchImportRuns,
  fetchIngestFormats,
  fetchIngestSources,
  fetchMe,
  fetchMeter,
  fetchMeters,
  fetchReadings,
  fetchRegister,
  fetchRollups,
  fetchScopeOptions,
  fetchSignature,
  fetchSiteConsumption,
  fetchSites,
  fetchTrajectory,
  fetchTrajectorySettings,
  fetchUnits,
  fetchUnknownIdentifiers,
  fetchUserIndicators,
  fetchUsers,
  fetchWeatherStations,
  type ImportRunQuery,
  type MeterQuery,
  validateFormula,
} from './endpoints';
import type { ConsumptionStep, SignatureQuery, TrajectoryQuery, UnknownIdentifierStatus } from './types';

/** Query keys, grouped so that one invalidation refreshes every page showing the same data. */
export const queryKeys = {
  me: ['me'] as const,
  sites: ['sites'] as const,
  creatableSites: ['sites', 'creatable'] as const,
  buildings: ['buildings'] as const,
  buildingList: (query: BuildingQuery) => ['buildings', 'list', query] as const,
  building: (id: string) => ['buildings', 'detail', id] as const,
  consumption: (id: string, range: DateRange | null, step: ConsumptionStep) =>
    ['consumption', id, range, step] as const,
  siteConsumption: (id: string, range: DateRange | null, step: ConsumptionStep) =>
    ['consumption', 'site', id, range, step] as const,
  shares: (buildingId: string) => ['buildings', 'shares', buildingId] as const,
  units: ['units'] as const,
  efas: ['efas'] as const,
  register: (id: string) => ['registers', id, 'detail'] as const,
  deliveryPoints: ['delivery-points'] as const,
  deliveryPointList: (query: DeliveryPointQuery) => ['delivery-points', 'list', query] as const,
  deliveryPoint: (id: string) => ['delivery-points', 'detail', id] as const,
  meters: ['meters'] as const,
  meterList: (query: MeterQuery) => ['meters', 'list', query] as const,
  meter: (id: string) => ['meters', 'detail', id] as const,
  rollups: (registerId: string, range: DateRange | null, step: ConsumptionStep) =>
    ['registers', registerId, 'rollups', range, step] as const,
  readings: (registerId: string, range: DateRange | null) =>
    ['registers', registerId, 'readings', range] as const,
  users: ['admin', 'users'] as const,
  groups: ['admin', 'groups'] as const,
  grants: ['admin', 'grants'] as const,
  scopeOptions: ['admin', 'scope-options'] as const,
  audit: (query: AuditQuery) => ['admin', 'audit', query] as const,
  ingestFormats: ['ingest', 'formats'] as const,
  ingestSources: ['ingest', 'sources'] as const,
  importRuns: ['ingest', 'runs'] as const,
  importRunList: (query: ImportRunQuery) => ['ingest', 'runs', 'list', query] as const,
  importRun: (id: string) => ['ingest', 'runs', 'detail', id] as const,
  unknownIdentifiers: ['ingest', 'unknown-identifiers'] as const,
  unknownIdentifierList: (status: UnknownIdentifierStatus) =>
    ['ingest', 'unknown-identifiers', status] as const,
  weatherStations: ['weather', 'stations'] as const,
  /** Every performance figure of a building: signature, IPMVP and indicators depend on its station. */
  buildingPerformance: (buildingId: string) => ['performance', 'building', buildingId] as const,
  buildingWeatherStation: (buildingId: string) =>
    ['performance', 'building', buildingId, 'weather-station'] as const,
  signature: (buildingId: string, query: SignatureQuery | null) =>
    ['performance', 'building', buildingId, 'signature', query] as const,
  buildingIndicators: (buildingId: string, range: DateRange | null) =>
    ['performance', 'building', buildingId, 'indicators', range] as const,
  buildingKeyFigures: (buildingId: string) => ['consumption', 'key-figures', buildingId] as const,
  efaPerformance: (efaId: string) => ['performance', 'efa', efaId] as const,
  trajectory: (efaId: string, query: TrajectoryQuery) =>
    ['performance', 'efa', efaId, 'trajectory', query] as const,
  trajectorySettings: (efaId: string) => ['performance', 'efa', efaId, 'settings'] as const,
  userIndicators: ['indicators'] as const,
  formulaVocabulary: ['indicators', 'vocabulary'] as const,
  formulaCheck: (formula: string) => ['indicators', 'check', formula] as const,
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

export function useCreatableSites() {
  return useQuery({
    queryKey: queryKeys.creatableSites,
    queryFn: fetchCreatableSites,
    select: (data) => data.items,
  });
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

/** Consumption of a building. A null range leaves the query idle until the range is known. */
export function useBuildingConsumption(id: string, range: DateRange | null, step: ConsumptionStep) {
  return useQuery({
    queryKey: queryKeys.consumption(id, range, step),
    queryFn: () => fetchBuildingConsumption(id, range as DateRange, step),
    enabled: range !== null,
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

/** Consumption of a site, summed over its buildings. A null range leaves the query idle. */
export function useSiteConsumption(id: string, range: DateRange | null, step: ConsumptionStep) {
  return useQuery({
    queryKey: queryKeys.siteConsumption(id, range, step),
    queryFn: () => fetchSiteConsumption(id, range as DateRange, step),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

export function useUnits() {
  return useQuery({ queryKey: queryKeys.units, queryFn: fetchUnits, select: (data) => data.items });
}

export function useBuildingShares(buildingId: string) {
  return useQuery({
    queryKey: queryKeys.shares(buildingId),
    queryFn: () => fetchBuildingShares(buildingId),
    select: (data) => data.items,
  });
}

export function useEfas() {
  return useQuery({ queryKey: queryKeys.efas, queryFn: fetchEfas, select: (data) => data.items });
}

export function useRegister(id: string) {
  return useQuery({ queryKey: queryKeys.register(id), queryFn: () => fetchRegister(id) });
}

export function useDeliveryPointList(query: DeliveryPointQuery) {
  return useQuery({
    queryKey: queryKeys.deliveryPointList(query),
    queryFn: () => fetchDeliveryPoints(query),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
  });
}

export function useDeliveryPoint(id: string) {
  return useQuery({ queryKey: queryKeys.deliveryPoint(id), queryFn: () => fetchDeliveryPoint(id) });
}

export function useMeterList(query: MeterQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.meterList(query),
    queryFn: () => fetchMeters(query),
    select: (data) => data.items,
    enabled,
  });
}

export function useMeter(id: string | null) {
  return useQuery({
    queryKey: queryKeys.meter(id ?? ''),
    queryFn: () => fetchMeter(id as string),
    enabled: id !== null,
  });
}

export function useRollups(registerId: string, range: DateRange | null, step: ConsumptionStep) {
  return useQuery({
    queryKey: queryKeys.rollups(registerId, range, step),
    queryFn: () => fetchRollups(registerId, range as DateRange, step),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

export function useReadings(registerId: string, range: DateRange | null) {
  return useQuery({
    queryKey: queryKeys.readings(registerId, range),
    queryFn: () => fetchReadings(registerId, range as DateRange),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
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

export function useIngestFormats() {
  return useQuery({ queryKey: queryKeys.ingestFormats, queryFn: fetchIngestFormats, staleTime: 5 * 60_000 });
}

export function useIngestSources() {
  return useQuery({ queryKey: queryKeys.ingestSources, queryFn: fetchIngestSources });
}

export function useImportRuns(query: ImportRunQuery) {
  return useQuery({
    queryKey: queryKeys.importRunList(query),
    queryFn: () => fetchImportRuns(query),
    placeholderData: keepPreviousData,
  });
}

export function useImportRun(id: string) {
  return useQuery({ queryKey: queryKeys.importRun(id), queryFn: () => fetchImportRun(id) });
}

export function useUnknownIdentifiers(status: UnknownIdentifierStatus) {
  return useQuery({
    queryKey: queryKeys.unknownIdentifierList(status),
    queryFn: () => fetchUnknownIdentifiers(status),
  });
}

export function useWeatherStations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.weatherStations,
    queryFn: fetchWeatherStations,
    select: (data) => data.items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Weather station of a building (null when none is attached); `enabled` false leaves it idle. */
export function useBuildingWeatherStation(buildingId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.buildingWeatherStation(buildingId),
    queryFn: () => fetchBuildingWeatherStation(buildingId),
    select: (data) => data.station,
    enabled,
  });
}

/** Energy signature of a building. A null query leaves it idle until the period is known. */
export function useSignature(buildingId: string, query: SignatureQuery | null) {
  return useQuery({
    queryKey: queryKeys.signature(buildingId, query),
    queryFn: () => fetchSignature(buildingId, query as SignatureQuery),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Built-in indicators of a building. A null range leaves the query idle. */
export function useBuildingIndicators(buildingId: string, range: DateRange | null) {
  return useQuery({
    queryKey: queryKeys.buildingIndicators(buildingId, range),
    queryFn: () => fetchBuildingIndicators(buildingId, range as DateRange),
    enabled: range !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Key figures of a building over the server's default windows. Disable it for callers without consumption access. */
export function useBuildingKeyFigures(buildingId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.buildingKeyFigures(buildingId),
    queryFn: () => fetchBuildingKeyFigures(buildingId),
    enabled,
    retry: false,
  });
}

export function useTrajectory(efaId: string, query: TrajectoryQuery) {
  return useQuery({
    queryKey: queryKeys.trajectory(efaId, query),
    queryFn: () => fetchTrajectory(efaId, query),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useTrajectorySettings(efaId: string) {
  return useQuery({
    queryKey: queryKeys.trajectorySettings(efaId),
    queryFn: () => fetchTrajectorySettings(efaId),
  });
}

export function useUserIndicators() {
  return useQuery({
    queryKey: queryKeys.userIndicators,
    queryFn: fetchUserIndicators,
    select: (data) => data.items,
  });
}

/** Identifiers, functions and operators of the formula language; they change only with the server version. */
export function useFormulaVocabulary() {
  return useQuery({
    queryKey: queryKeys.formulaVocabulary,
    queryFn: fetchFormulaVocabulary,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Server check of a formula; pass the debounced text so that typing sends one request per pause. */
export function useFormulaCheck(formula: string) {
  return useQuery({
    queryKey: queryKeys.formulaCheck(formula),
    queryFn: ({ signal }) => validateFormula(formula, signal),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
