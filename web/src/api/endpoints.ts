import type { Energy } from '@openfluides/core';
import { apiRequest, apiUrl, setCsrfToken } from './client';
import type {
  AuditPage,
  Building,
  BuildingFields,
  BuildingKeyFigures,
  BuildingPage,
  BuildingShare,
  BuiltInIndicators,
  ConsumptionItem,
  ConsumptionStep,
  CreatableSite,
  DeliveryPoint,
  Efa,
  EvaluationRequest,
  FormulaCheck,
  FormulaVocabulary,
  Grant,
  GrantInput,
  Group,
  HistoryImportKind,
  HistoryImportReport,
  IdentifierMappingResult,
  ImportRunDetail,
  ImportRunPage,
  ImportRunStatus,
  IndicatorEvaluation,
  IngestFormat,
  IngestOutcome,
  IngestSource,
  IngestSourceInput,
  IpmvpRequest,
  IpmvpResult,
  ItemList,
  Locale,
  Me,
  Meter,
  NewBuildingShare,
  NewDeliveryPoint,
  NewEfa,
  NewIndexEvent,
  NewMeter,
  NewRegister,
  NewSubscribedPower,
  NewUnit,
  PollResult,
  ReadingList,
  Register,
  RegisterWithMeter,
  RollupList,
  ScopeOptions,
  Signature,
  SignatureQuery,
  Site,
  SiteConsumption,
  SiteFields,
  SourceTestResult,
  StationSummary,
  Trajectory,
  TrajectoryQuery,
  TrajectorySettings,
  TrajectorySettingsChanges,
  Unit,
  UnknownIdentifier,
  UnknownIdentifierStatus,
  User,
  UserIndicator,
  UserIndicatorFields,
  WeatherStation,
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

/** Saves the interface language of the signed-in user's account. */
export function updateOwnLocale(locale: Locale): Promise<void> {
  return apiRequest('PATCH', '/me', { body: { locale } });
}

// Estate

export function fetchSites(): Promise<ItemList<Site>> {
  return apiRequest('GET', '/sites');
}

export function createSite(fields: SiteFields): Promise<{ id: string }> {
  return apiRequest('POST', '/sites', { body: fields });
}

export function updateSite(id: string, changes: Partial<SiteFields>): Promise<void> {
  return apiRequest('PATCH', `/sites/${encodeURIComponent(id)}`, { body: changes });
}

export function fetchCreatableSites(): Promise<ItemList<CreatableSite>> {
  return apiRequest('GET', '/sites/creatable');
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

/** Range of local dates `[from, to)`, `YYYY-MM-DD`, as the metering routes take it. */
export interface DateRange {
  from: string;
  to: string;
}

export function fetchBuildingConsumption(
  id: string,
  range: DateRange,
  step: ConsumptionStep,
): Promise<ItemList<ConsumptionItem>> {
  return apiRequest('GET', `/buildings/${encodeURIComponent(id)}/consumption`, {
    query: { ...range, step },
  });
}

export function fetchSiteConsumption(
  id: string,
  range: DateRange,
  step: ConsumptionStep,
): Promise<SiteConsumption> {
  return apiRequest('GET', `/sites/${encodeURIComponent(id)}/consumption`, { query: { ...range, step } });
}

export function fetchUnits(): Promise<ItemList<Unit>> {
  return apiRequest('GET', '/units');
}

export function createUnit(unit: NewUnit): Promise<{ id: string }> {
  return apiRequest('POST', '/units', { body: unit });
}

export function fetchBuildingShares(buildingId: string): Promise<ItemList<BuildingShare>> {
  return apiRequest('GET', `/buildings/${encodeURIComponent(buildingId)}/shares`);
}

export function createBuildingShare(buildingId: string, share: NewBuildingShare): Promise<{ id: string }> {
  return apiRequest('POST', `/buildings/${encodeURIComponent(buildingId)}/shares`, { body: share });
}

export function fetchEfas(): Promise<ItemList<Efa>> {
  return apiRequest('GET', '/efas');
}

export function createEfa(efa: NewEfa): Promise<{ id: string }> {
  return apiRequest('POST', '/efas', { body: efa });
}

// Supply and metering

export interface DeliveryPointQuery {
  energy?: Energy | undefined;
  q?: string | undefined;
  buildingId?: string | undefined;
}

export function fetchDeliveryPoints(query: DeliveryPointQuery): Promise<ItemList<DeliveryPoint>> {
  return apiRequest('GET', '/delivery-points', { query: { ...query } });
}

export function fetchDeliveryPoint(id: string): Promise<DeliveryPoint> {
  return apiRequest('GET', `/delivery-points/${encodeURIComponent(id)}`);
}

export function createDeliveryPoint(point: NewDeliveryPoint): Promise<DeliveryPoint> {
  return apiRequest('POST', '/delivery-points', { body: point });
}

export function createSubscribedPower(
  deliveryPointId: string,
  power: NewSubscribedPower,
): Promise<{ id: string }> {
  return apiRequest('POST', `/delivery-points/${encodeURIComponent(deliveryPointId)}/subscribed-powers`, {
    body: power,
  });
}

export interface MeterQuery {
  buildingId?: string | undefined;
  deliveryPointId?: string | undefined;
}

export function fetchMeters(query: MeterQuery): Promise<ItemList<Meter>> {
  return apiRequest('GET', '/meters', { query: { ...query } });
}

export function fetchMeter(id: string): Promise<Meter> {
  return apiRequest('GET', `/meters/${encodeURIComponent(id)}`);
}

export function createMeter(meter: NewMeter): Promise<Meter> {
  return apiRequest('POST', '/meters', { body: meter });
}

export function createRegister(meterId: string, register: NewRegister): Promise<Register> {
  return apiRequest('POST', `/meters/${encodeURIComponent(meterId)}/registers`, { body: register });
}

export function fetchRegister(id: string): Promise<RegisterWithMeter> {
  return apiRequest('GET', `/registers/${encodeURIComponent(id)}`);
}

export function createIndexEvent(registerId: string, event: NewIndexEvent): Promise<{ id: string }> {
  return apiRequest('POST', `/registers/${encodeURIComponent(registerId)}/index-events`, { body: event });
}

export function fetchRollups(
  registerId: string,
  range: DateRange,
  step: ConsumptionStep,
): Promise<RollupList> {
  return apiRequest('GET', `/registers/${encodeURIComponent(registerId)}/rollups`, {
    query: { ...range, step },
  });
}

export function fetchReadings(registerId: string, range: DateRange): Promise<ReadingList> {
  return apiRequest('GET', `/registers/${encodeURIComponent(registerId)}/readings`, { query: { ...range } });
}

// Historical import

/** Media type of the Excel workbooks that the import routes accept. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function historyTemplateUrl(kind: HistoryImportKind): string {
  return apiUrl(`/history-import/templates/${kind}.xlsx`);
}

/** Checks a workbook and reports what importing it would change, writing nothing. */
export function previewHistoryImport(kind: HistoryImportKind, file: File): Promise<HistoryImportReport> {
  return apiRequest('POST', `/history-import/${kind}/preview`, {
    file: { content: file, mediaType: XLSX_MEDIA_TYPE },
    query: { fileName: file.name },
  });
}

export function runHistoryImport(kind: HistoryImportKind, file: File): Promise<HistoryImportReport> {
  return apiRequest('POST', `/history-import/${kind}`, {
    file: { content: file, mediaType: XLSX_MEDIA_TYPE },
    query: { fileName: file.name },
  });
}

// Automatic ingestion

export function fetchIngestFormats(): Promise<IngestFormat[]> {
  return apiRequest('GET', '/ingest/formats');
}

export function fetchIngestSources(): Promise<IngestSource[]> {
  return apiRequest('GET', '/ingest/sources');
}

export function createIngestSource(input: IngestSourceInput): Promise<IngestSource> {
  return apiRequest('POST', '/ingest/sources', { body: input });
}

export function updateIngestSource(id: string, input: IngestSourceInput): Promise<IngestSource> {
  return apiRequest('PATCH', `/ingest/sources/${encodeURIComponent(id)}`, { body: input });
}

export function deleteIngestSource(id: string): Promise<void> {
  return apiRequest('DELETE', `/ingest/sources/${encodeURIComponent(id)}`);
}

/** Connects to a source and lists the files it offers, importing nothing. */
export function testIngestSource(id: string): Promise<SourceTestResult> {
  return apiRequest('POST', `/ingest/sources/${encodeURIComponent(id)}/test`);
}

export function pollIngestSource(id: string): Promise<PollResult> {
  return apiRequest('POST', `/ingest/sources/${encodeURIComponent(id)}/poll`);
}

/** Imports one file sent as the raw request body; `format` and `sourceId` are optional. */
export function uploadIngestFile(
  file: File,
  options: { format?: string | undefined; sourceId?: string | undefined },
): Promise<IngestOutcome> {
  return apiRequest('POST', '/ingest/uploads', {
    file: { content: file, mediaType: 'application/octet-stream' },
    query: { fileName: file.name, format: options.format, sourceId: options.sourceId },
  });
}

export interface ImportRunQuery {
  sourceId?: string | undefined;
  status?: ImportRunStatus | undefined;
  format?: string | undefined;
  /** Local dates `YYYY-MM-DD`, both included. */
  from?: string | undefined;
  to?: string | undefined;
  /** Part of the file name. */
  search?: string | undefined;
  limit: number;
  offset: number;
}

export function fetchImportRuns(query: ImportRunQuery): Promise<ImportRunPage> {
  return apiRequest('GET', '/import-runs', { query: { ...query } });
}

export function fetchImportRun(id: string): Promise<ImportRunDetail> {
  return apiRequest('GET', `/import-runs/${encodeURIComponent(id)}`);
}

/** Imports the run's archived file again with the current parser and source settings. */
export function reprocessImportRun(id: string): Promise<IngestOutcome> {
  return apiRequest('POST', `/import-runs/${encodeURIComponent(id)}/reprocess`);
}

export function importRunRejectedCsvUrl(id: string): string {
  return apiUrl(`/import-runs/${encodeURIComponent(id)}/rejected.csv`);
}

export function rawFileContentUrl(rawFileId: string): string {
  return apiUrl(`/raw-files/${encodeURIComponent(rawFileId)}/content`);
}

export function fetchUnknownIdentifiers(status: UnknownIdentifierStatus): Promise<UnknownIdentifier[]> {
  return apiRequest('GET', '/ingest/unknown-identifiers', { query: { status } });
}

/** Maps an identifier to an existing register, then imports again every file that contained it. */
export function mapUnknownIdentifier(id: string, registerId: string): Promise<IdentifierMappingResult> {
  return apiRequest('POST', `/ingest/unknown-identifiers/${encodeURIComponent(id)}/map`, {
    body: { registerId },
  });
}

/** Creates a register on a meter for an identifier, maps it and imports its files again. */
export function createRegisterForUnknownIdentifier(
  id: string,
  meterId: string,
  name: string,
): Promise<IdentifierMappingResult> {
  return apiRequest('POST', `/ingest/unknown-identifiers/${encodeURIComponent(id)}/create-register`, {
    body: { meterId, name },
  });
}

export function ignoreUnknownIdentifier(id: string): Promise<void> {
  return apiRequest('POST', `/ingest/unknown-identifiers/${encodeURIComponent(id)}/ignore`);
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

// Weather and weather-normalised performance

export function fetchWeatherStations(): Promise<ItemList<WeatherStation>> {
  return apiRequest('GET', '/weather/stations');
}

/** Reads the weather station of a building, null when none is attached (read level). */
export function fetchBuildingWeatherStation(
  buildingId: string,
): Promise<{ buildingId: string; station: StationSummary | null }> {
  return apiRequest('GET', `/buildings/${encodeURIComponent(buildingId)}/weather-station`);
}

/** Attaches a weather station to a building, or detaches it with null (configure level). */
export function setBuildingWeatherStation(
  buildingId: string,
  stationId: string | null,
): Promise<{ buildingId: string; station: StationSummary | null }> {
  return apiRequest('PATCH', `/buildings/${encodeURIComponent(buildingId)}/weather-station`, {
    body: { stationId },
  });
}

export function fetchSignature(buildingId: string, query: SignatureQuery): Promise<Signature> {
  return apiRequest('GET', `/buildings/${encodeURIComponent(buildingId)}/signature`, { query: { ...query } });
}

export function computeIpmvp(buildingId: string, request: IpmvpRequest): Promise<IpmvpResult> {
  return apiRequest('POST', `/buildings/${encodeURIComponent(buildingId)}/ipmvp`, { body: request });
}

export function fetchTrajectory(efaId: string, query: TrajectoryQuery): Promise<Trajectory> {
  return apiRequest('GET', `/efas/${encodeURIComponent(efaId)}/trajectory`, {
    query: { referenceYear: query.referenceYear, adjust: query.adjust },
  });
}

export function fetchTrajectorySettings(efaId: string): Promise<TrajectorySettings> {
  return apiRequest('GET', `/efas/${encodeURIComponent(efaId)}/trajectory-settings`);
}

/** Changes the Décret tertiaire settings of an EFA: absent fields keep their value, null clears one. */
export function updateTrajectorySettings(
  efaId: string,
  changes: TrajectorySettingsChanges,
): Promise<TrajectorySettings> {
  return apiRequest('PATCH', `/efas/${encodeURIComponent(efaId)}/trajectory-settings`, { body: changes });
}

export function fetchBuildingIndicators(buildingId: string, range: DateRange): Promise<BuiltInIndicators> {
  return apiRequest('GET', `/buildings/${encodeURIComponent(buildingId)}/indicators`, {
    query: { ...range },
  });
}

/** Fetches the key figures of a building. Without `asOf`, the windows end with the last whole month that has readings. */
export function fetchBuildingKeyFigures(buildingId: string, asOf?: string): Promise<BuildingKeyFigures> {
  return apiRequest('GET', `/analysis/buildings/${encodeURIComponent(buildingId)}/key-figures`, {
    query: { asOf },
  });
}

export function fetchUserIndicators(): Promise<ItemList<UserIndicator>> {
  return apiRequest('GET', '/indicators');
}

export function createUserIndicator(fields: UserIndicatorFields): Promise<UserIndicator> {
  return apiRequest('POST', '/indicators', { body: fields });
}

export function updateUserIndicator(
  id: string,
  changes: Partial<UserIndicatorFields>,
): Promise<UserIndicator> {
  return apiRequest('PATCH', `/indicators/${encodeURIComponent(id)}`, { body: changes });
}

export function deleteUserIndicator(id: string): Promise<void> {
  return apiRequest('DELETE', `/indicators/${encodeURIComponent(id)}`);
}

export function fetchFormulaVocabulary(): Promise<FormulaVocabulary> {
  return apiRequest('GET', '/indicators/identifiers');
}

/** Checks a formula without saving it. */
export function validateFormula(formula: string, signal?: AbortSignal): Promise<FormulaCheck> {
  return apiRequest('POST', '/indicators/validate', { body: { formula }, ...(signal ? { signal } : {}) });
}

export function evaluateUserIndicator(id: string, request: EvaluationRequest): Promise<IndicatorEvaluation> {
  return apiRequest('POST', `/indicators/${encodeURIComponent(id)}/evaluate`, { body: request });
}
