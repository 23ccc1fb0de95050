import type { AccessLevel, Energy, Feature, GrantFeature } from '@openfluides/core';

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

/** Body of `POST /api/sites`; `PATCH /api/sites/:id` takes any subset of it. */
export interface SiteFields {
  code: string;
  name: string;
  city: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Body of `GET /api/sites/:id/consumption`: the sum over the site's buildings in the caller's scope. */
export interface SiteConsumption {
  /** Buildings of the site whose consumption the caller may read, and so the ones summed. */
  buildingCount: number;
  items: ConsumptionItem[];
}

export const UNIT_KINDS = ['faculty', 'laboratory', 'service', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Functional unit (« composante »): a faculty, a laboratory under it, a service. */
export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

export interface NewUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

/** Dated share (« tantième ») of a building held by a functional unit. */
export interface BuildingShare {
  id: string;
  unitId: string;
  unitName: string;
  sharePercent: number;
  /** Local dates `YYYY-MM-DD`; a null end means the share still applies. */
  validFrom: string;
  validTo: string | null;
}

export interface NewBuildingShare {
  unitId: string;
  sharePercent: number;
  validFrom: string;
  validTo: string | null;
}

/** OPERAT functional entity (« entité fonctionnelle assujettie »), with its buildings in the caller's scope. */
export interface Efa {
  id: string;
  code: string;
  name: string;
  operatId: string | null;
  referenceYear: number | null;
  buildings: { buildingId: string; buildingName: string; sharePercent: number }[];
}

export interface NewEfa {
  code: string;
  name: string;
  operatId: string | null;
  referenceYear: number | null;
  buildings: { buildingId: string; sharePercent: number }[];
}

/** Sites where the caller may create buildings: configure level on the whole site. */
export interface CreatableSite {
  id: string;
  code: string;
  name: string;
}

// The enumerations below mirror the Zod schemas of `server/src/estate/routes.ts` and
// `server/src/metering/*.ts`, and the server rejects any other value.

export const ACTIVITIES = [
  'teaching',
  'research',
  'library',
  'sports',
  'offices',
  'housing',
  'catering',
  'technical',
  'mixed',
  'other',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Energies that a building's main heating accepts: a subset of the delivery point energies. */
export const HEATING_ENERGIES = ['electricity', 'gas', 'district_heating', 'wood', 'fuel_oil'] as const;
export type HeatingEnergy = (typeof HEATING_ENERGIES)[number];

export const BUILDING_STATUSES = ['active', 'inactive', 'planned'] as const;
export type BuildingStatus = (typeof BUILDING_STATUSES)[number];

export interface Building {
  id: string;
  /** The caller's own level on this building. */
  accessLevel: AccessLevel;
  siteId: string;
  siteName: string;
  code: string;
  name: string;
  address: string | null;
  floorAreaM2: number | null;
  usefulAreaM2: number | null;
  heatedAreaM2: number | null;
  latitude: number | null;
  longitude: number | null;
  constructionYear: number | null;
  /** One of `ACTIVITIES`, typed loosely because the response schema declares a plain string. */
  activity: string | null;
  /** One of `HEATING_ENERGIES`, typed loosely for the same reason. */
  mainHeatingEnergy: string | null;
  status: BuildingStatus;
  /** Local dates `YYYY-MM-DD`. */
  activeFrom: string | null;
  activeTo: string | null;
  notes: string;
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
  usefulAreaM2: number | null;
  heatedAreaM2: number | null;
  latitude: number | null;
  longitude: number | null;
  constructionYear: number | null;
  activity: Activity | null;
  mainHeatingEnergy: HeatingEnergy | null;
  status: BuildingStatus;
  activeFrom: string | null;
  activeTo: string | null;
  notes: string;
}

/** One row of `GET /api/buildings/:id/consumption`: a period's energy for one energy. */
export interface ConsumptionItem {
  /** First local day of the period, `YYYY-MM-DD`. */
  period: string;
  energy: string;
  /** Energy allocated to the building in kWh, or null when no reading could be valued. */
  energyKWh: number | null;
  pointsPresent: number;
  pointsExpected: number;
}

export type ConsumptionStep = 'day' | 'month';

// Supply and metering

export const SEGMENTS = ['C5', 'C4', 'C3', 'C2', 'C1', 'HTA', 'T1', 'T2', 'T3', 'T4', 'TP'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const ALLOCATION_METHODS = ['fixed', 'surface', 'submeter'] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

export interface Allocation {
  id: string;
  buildingId: string;
  buildingName: string;
  method: AllocationMethod;
  /** Share of the point for the `fixed` method, in percent, or null for the other methods. */
  fractionPercent: number | null;
  validFrom: string;
  validTo: string | null;
}

export interface SubscribedPower {
  id: string;
  /** Time class such as BASE, HPH, HCH or PTE. */
  timeClass: string;
  powerKva: number;
  validFrom: string;
  validTo: string | null;
}

export interface DeliveryPoint {
  id: string;
  /** PRM for electricity, PCE for gas, free text for other energies. */
  identifier: string;
  energy: Energy;
  name: string;
  networkOperator: string;
  segment: string | null;
  supplier: string;
  contractReference: string;
  activeFrom: string | null;
  activeTo: string | null;
  isActive: boolean;
  notes: string;
  /** Allocations to buildings in the caller's scope only. */
  allocations: Allocation[];
  subscribedPowers: SubscribedPower[];
}

export interface NewAllocation {
  buildingId: string;
  method: AllocationMethod;
  fractionPercent: number | null;
}

export interface NewDeliveryPoint {
  identifier: string;
  energy: Energy;
  name: string;
  networkOperator: string;
  segment: Segment | null;
  supplier: string;
  allocations: NewAllocation[];
}

export interface NewSubscribedPower {
  timeClass: string;
  powerKva: number;
  validFrom: string;
}

export const REGISTER_KINDS = ['INDEX', 'ENERGY', 'POWER', 'VOLUME', 'TEMPERATURE'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** Register kinds that may be a meter's consumption register. */
export const CONSUMPTION_REGISTER_KINDS: readonly RegisterKind[] = ['INDEX', 'ENERGY', 'POWER'];

export const REGISTER_STEPS = ['PT10M', 'PT30M', 'PT1H', 'P1D', 'P1M'] as const;
export type RegisterStep = (typeof REGISTER_STEPS)[number];

export interface Register {
  id: string;
  kind: RegisterKind;
  /** kWh, kW, m3 or degC. */
  unit: string;
  step: RegisterStep;
  stamp: 'start' | 'end' | 'middle';
  name: string;
  isConsumption: boolean;
  rolloverKWh: number | null;
  externalId: string | null;
}

export const INDEX_EVENT_KINDS = ['reset', 'replacement'] as const;
export type IndexEventKind = (typeof INDEX_EVENT_KINDS)[number];

/** Body of `POST /api/registers/:id/index-events`. */
export interface NewIndexEvent {
  /** ISO 8601 instant with its UTC offset. */
  occurredAt: string;
  kind: IndexEventKind;
  /** Index just before the event, in the register's unit, or null when unknown. */
  valueBefore: number | null;
  valueAfter: number;
  notes: string;
}

export const METER_KINDS = ['operator', 'submeter'] as const;
export type MeterKind = (typeof METER_KINDS)[number];

export interface Meter {
  id: string;
  code: string;
  name: string;
  kind: MeterKind;
  energy: Energy;
  deliveryPointId: string | null;
  deliveryPointIdentifier: string | null;
  buildingId: string | null;
  buildingName: string | null;
  parentMeterId: string | null;
  lossesSharePercent: number | null;
  serialNumber: string;
  installedOn: string | null;
  removedOn: string | null;
  replacesMeterId: string | null;
  registers: Register[];
}

/** Body of `GET /api/registers/:id`: the register and its meter without the meter's other registers. */
export type RegisterWithMeter = Register & { meter: Omit<Meter, 'registers'> };

export interface NewMeter {
  code: string;
  name: string;
  kind: MeterKind;
  energy: Energy;
  deliveryPointId: string | null;
  buildingId: string | null;
  serialNumber: string;
}

export interface NewRegister {
  kind: RegisterKind;
  step: RegisterStep;
  name: string;
  isConsumption: boolean;
}

/** One row of `GET /api/registers/:id/rollups`. */
export interface RollupRow {
  period: string;
  /** kWh for INDEX, ENERGY and POWER registers, m3 for VOLUME, null for TEMPERATURE. */
  quantity: number | null;
  maxPowerKw: number | null;
  minValue: number | null;
  maxValue: number | null;
  meanValue: number | null;
  pointsPresent: number;
  pointsEstimated: number;
  pointsExpected: number;
}

export interface RollupList {
  unit: string;
  items: RollupRow[];
}

export type ReadingQuality = 'measured' | 'estimated' | 'corrected' | 'missing';

export interface Reading {
  intervalStart: string;
  value: number | null;
  quality: ReadingQuality;
}

export interface ReadingList {
  unit: string;
  step: RegisterStep;
  items: Reading[];
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

// Historical import, as declared by `server/src/history-import/routes.ts`

export const HISTORY_IMPORT_KINDS = ['estate', 'invoices', 'operator-history'] as const;
export type HistoryImportKind = (typeof HISTORY_IMPORT_KINDS)[number];

export type ImportFieldValue = string | number | boolean | null;

export interface ImportEntityChange {
  action: 'create' | 'update' | 'unchanged';
  /** Business key as users know it: a building code, a delivery point, an invoice number. */
  key: string;
  sheet: string | null;
  row: number | null;
  changes?: Record<string, { before: ImportFieldValue; after: ImportFieldValue }>;
}

export interface ImportEntitySummary {
  created: number;
  updated: number;
  unchanged: number;
  items: ImportEntityChange[];
}

export interface ImportRowError {
  sheet: string;
  row: number;
  column: string | null;
  value: string | null;
  /** French reason, without the location. */
  reason: string;
  /** French sentence with the location, the reason and the fix. */
  message: string;
}

export interface HistoryImportReport {
  kind: HistoryImportKind;
  dryRun: boolean;
  fileName: string | null;
  fileSha256: string;
  importRunId: string | null;
  status: 'succeeded' | 'partial' | 'failed';
  counts: { read: number; stored: number; updated: number; unchanged: number; rejected: number };
  entities: Record<string, ImportEntitySummary>;
  tables: { sheet: string; table: string; headerRow: number; rows: number }[];
  rejected: ImportRowError[];
  warnings: { sheet: string; row: number | null; column: string | null; message: string }[];
  maxPowers: {
    energy: string;
    identifier: string;
    step: 'P1M' | 'P1D';
    periodStart: string;
    maxPowerKw: number;
    sheet: string;
    row: number;
  }[];
}

// Automatic ingestion, as declared by `server/src/ingest/routes.ts` and `server/src/ingest/sources.ts`

/** Format value that makes the server recognise a file's format from its name and content. */
export const AUTO_FORMAT = 'auto';

/** One file format that the platform imports: `GET /api/ingest/formats`. */
export interface IngestFormat {
  format: string;
  /** French name of the format. */
  label: string;
  /** Whether a source of this format needs a column mapping, such as a BMS export. */
  needsMapping: boolean;
}

export const SOURCE_KINDS = ['sftp', 'folder', 'upload'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_AUTH_METHODS = ['password', 'key'] as const;
export type SourceAuthMethod = (typeof SOURCE_AUTH_METHODS)[number];

export const AFTER_IMPORT_ACTIONS = ['leave', 'move', 'delete'] as const;
export type AfterImportAction = (typeof AFTER_IMPORT_ACTIONS)[number];

export const SOURCE_STATUSES = ['disabled', 'never', 'ok', 'failing', 'late'] as const;
/** Health of a source as the server computes it at the time of the request. */
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/**
 * A key and initialisation vector (IV) that Enedis hands over to open its encrypted SGE
 * deliveries, in hexadecimal. The key has 32 characters (AES-128) or 64 (AES-256), the IV 32. The
 * IV is null when each file starts with its own IV, as AES-256 deliveries do.
 */
export interface DeliveryKeyPair {
  keyHex: string;
  ivHex: string | null;
}

/**
 * A source as the API returns it: the secret and the delivery keys never come back, only whether a
 * secret is stored and how many key pairs are.
 */
export interface IngestSource {
  id: string;
  name: string;
  kind: SourceKind;
  /** Parser name, or `auto`. */
  format: string;
  /** Column mapping of formats that need one, as stored; null otherwise. */
  mapping: unknown;
  enabled: boolean;
  host: string | null;
  port: number | null;
  username: string | null;
  authMethod: SourceAuthMethod | null;
  hasSecret: boolean;
  /** Number of Enedis key and IV pairs stored to open encrypted SGE deliveries. */
  deliveryKeyCount: number;
  /** Pinned SSH host key, `SHA256:` followed by 43 base64 characters. */
  hostKeyFingerprint: string | null;
  remoteFolder: string;
  localFolder: string | null;
  /** Glob matched against file names, such as `*.csv`. */
  filePattern: string;
  afterImport: AfterImportAction;
  moveFolder: string | null;
  pollIntervalMinutes: number;
  /** Hours without a new file after which the source is late; null never marks it late. */
  expectedPeriodHours: number | null;
  /** Seconds a file must stay unchanged before it is read, so half-written files wait. */
  settleSeconds: number;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastFileAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  status: SourceStatus;
}

/**
 * Body of `POST /api/ingest/sources` and `PATCH /api/ingest/sources/:id`. The PATCH replaces every
 * setting, but an absent `secret` or `deliveryKeys` keeps the stored value and a null or empty one
 * clears it.
 */
export interface IngestSourceInput {
  name: string;
  kind: SourceKind;
  format: string;
  mapping?: unknown;
  enabled: boolean;
  host: string | null;
  port: number | null;
  username: string | null;
  authMethod: SourceAuthMethod | null;
  secret?: string | null;
  /** Write-only Enedis key pairs, 10 at most. */
  deliveryKeys?: DeliveryKeyPair[] | null;
  hostKeyFingerprint: string | null;
  remoteFolder?: string;
  localFolder: string | null;
  filePattern?: string;
  afterImport: AfterImportAction;
  moveFolder: string | null;
  pollIntervalMinutes: number;
  expectedPeriodHours: number | null;
  settleSeconds: number;
}

/** Body of `POST /api/ingest/sources/:id/test`. */
export interface SourceTestResult {
  ok: boolean;
  /** French sentence: the number of matching files, or why the connection failed. */
  message: string;
  /** First 50 files that match the pattern; `mtime` is an ISO instant. */
  files: { name: string; size: number; mtime: string }[];
}

export const IMPORT_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'interrupted'] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];

/** How the file of an import run arrived. */
export const IMPORT_ORIGINS = ['sftp', 'folder', 'upload', 'cli', 'reprocess'] as const;
export type ImportOrigin = (typeof IMPORT_ORIGINS)[number];

export interface ImportCounts {
  read: number;
  stored: number;
  unchanged: number;
  updated: number;
  rejected: number;
}

/** One rejected element (`error`) or remark (`warning`) of an imported file. */
export interface ImportIssue {
  severity: 'error' | 'warning';
  /** Stable machine code, such as `invalid-number`. */
  code: string;
  file: string;
  /** 1-based line of a text file or row of a spreadsheet. */
  line: number | null;
  /** Element path for XML and JSON, `Feuille!B12` for a spreadsheet, or a column name. */
  element: string | null;
  field: string | null;
  /** French sentence that says what is wrong and what to do. */
  message: string;
  /** The offending line or value as found in the file. */
  raw: string | null;
}

/** What importing one file did: the body of an upload, of a reprocess and of each identifier mapping. */
export interface IngestOutcome {
  rawFileId: string;
  /** True when the same bytes had been imported before: nothing was read or stored again. */
  duplicate: boolean;
  /** Run that stored the file: the new one, or the earlier one for a duplicate. */
  importRunId: string | null;
  format: string | null;
  status: 'succeeded' | 'partial' | 'failed';
  counts: ImportCounts;
  /** French reason why the whole file was rejected; null when rows were read. */
  fatalError: string | null;
  /** First 200 problems. */
  issues: ImportIssue[];
  /** Number of problems found, which may exceed the ones listed. */
  issueCount: number;
}

/** Body of `POST /api/ingest/sources/:id/poll`: queued on the job queue, or run at once with its report. */
export interface PollResult {
  queued: boolean;
  jobId: string | null;
  report: {
    sourceId: string;
    listed: number;
    known: number;
    deferred: number;
    imported: IngestOutcome[];
    duplicates: number;
  } | null;
}

/** One row of the import journal. */
export interface ImportRun {
  id: string;
  /** `ingest` for the pipeline, or the kind of a historical Excel import. */
  kind: string;
  /** How the file arrived, one of `IMPORT_ORIGINS` (typed loosely because older runs may hold others). */
  origin: string;
  /** Parser name, or the historical import kind for older runs. */
  format: string;
  fileName: string | null;
  status: ImportRunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: ImportCounts;
  fatalError: string | null;
  rawFileId: string | null;
  sourceId: string | null;
  sourceName: string | null;
  userEmail: string | null;
}

export interface ImportRunPage {
  total: number;
  runs: ImportRun[];
}

/** One delivery of a file: each time the same bytes arrived, imported or recognised as a duplicate. */
export interface FileArrival {
  fileName: string;
  remotePath: string | null;
  arrivedAt: string;
  outcome: 'imported' | 'duplicate';
  importRunId: string | null;
  sourceName: string | null;
}

/** Body of `GET /api/import-runs/:id`. */
export interface ImportRunDetail {
  id: string;
  kind: string;
  origin: string;
  format: string;
  fileName: string | null;
  sha256: string | null;
  status: ImportRunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: ImportCounts;
  fatalError: string | null;
  summary: unknown;
  rawFileId: string | null;
  sourceId: string | null;
  /** First 500 problems. */
  issues: ImportIssue[];
  /** Row errors of historical Excel imports, which keep them in the run itself. */
  legacyErrors: string[];
  arrivals: FileArrival[];
}

export const UNKNOWN_IDENTIFIER_STATUSES = ['pending', 'mapped', 'ignored'] as const;
export type UnknownIdentifierStatus = (typeof UNKNOWN_IDENTIFIER_STATUSES)[number];

/** An identifier found in imported files that no register is mapped to. */
export interface UnknownIdentifier {
  id: string;
  externalId: string;
  /** Register kind that the values would go to. */
  measure: RegisterKind;
  /** Interval of the values in seconds; null for index readings at an instant. */
  stepSeconds: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
  valuesSeen: number;
  fileCount: number;
  status: UnknownIdentifierStatus;
  registerId: string | null;
  sourceId: string | null;
  sourceName: string | null;
}

/** Body of the map and create-register actions: the register and the outcome of importing each file again. */
export interface IdentifierMappingResult {
  registerId: string;
  outcomes: IngestOutcome[];
}

// Weather and weather-normalised performance, as declared by `server/src/weather/schemas.ts` and
// `server/src/performance/schemas.ts`

/** Weather station as the building, signature and IPMVP routes name it. */
export interface StationSummary {
  id: string;
  code: string;
  name: string;
  source: string;
  latitude: number | null;
  longitude: number | null;
  altitudeM: number | null;
}

/** Body item of `GET /api/weather/stations`: a station with the days and hours of data it holds. */
export interface WeatherStation extends StationSummary {
  /** First and last local days with a usable Tn and Tx, `YYYY-MM-DD`. */
  firstDay: string | null;
  lastDay: string | null;
  daysPresent: number;
  daysInRange: number;
  hourlyFirst: string | null;
  hourlyLast: string | null;
  hourlyCount: number;
  /** Buildings in the caller's scope that use this station. */
  buildingCount: number;
}

export const DEGREE_DAY_METHODS = ['meteo', 'costic'] as const;
/** `meteo`: Météo-France, max(0, S − (Tn + Tx)/2); `costic`: the method OPERAT uses. */
export type DegreeDayMethod = (typeof DEGREE_DAY_METHODS)[number];

/** Energies that the performance routes analyse: every metered energy except water. */
export const ENERGY_CARRIERS = [
  'electricity',
  'gas',
  'district_heating',
  'district_cooling',
  'wood',
  'fuel_oil',
] as const;
export type EnergyCarrier = (typeof ENERGY_CARRIERS)[number];

export const SIGNATURE_STEPS = ['day', 'week', 'month'] as const;
export type SignatureStep = (typeof SIGNATURE_STEPS)[number];

export const SIGNATURE_MODELS = ['auto', '2P', '3PH', '3PC', '4P', '5P'] as const;
export type SignatureModel = (typeof SIGNATURE_MODELS)[number];
/** Change-point model types; `auto` keeps the one with the best adjusted R². */
export type ChangePointModelType = Exclude<SignatureModel, 'auto'>;

/** Fit statistics shared by every model; CV(RMSE) and NMBE are percentages. */
export interface FitStatistics {
  n: number;
  parameterCount: number;
  r2: number | null;
  adjustedR2: number | null;
  cvRmse: number | null;
  /** Positive when the model under-predicts. */
  nmbe: number | null;
  rmse: number | null;
}

/** One period of a signature or IPMVP sample, with its energy, weather and completeness. */
export interface PerformanceSample {
  /** 2024-03-01 (day), 2024-W09 (ISO week), 2024-03 (month). */
  label: string;
  firstDate: string;
  lastDate: string;
  days: number;
  /** kWh, or kWh PCS for gas. */
  energyKwh: number | null;
  consumptionCompleteness: number | null;
  degreeDays: number | null;
  coolingDegreeDays: number | null;
  weatherCompleteness: number;
  meanTemperatureC: number | null;
  included: boolean;
  /** French reason why the period stayed out of the fit. */
  excludedReason: string | null;
}

export interface ChartPoint {
  x: number;
  y: number;
}

export interface SignaturePoint extends PerformanceSample {
  energyKwhPerDay: number | null;
  degreeDaysPerDay: number | null;
}

export interface DegreeDayModel extends FitStatistics {
  slopeKwhPerDegreeDay: number;
  slopeStandardError: number | null;
  slopePValue: number | null;
  baseLoadKwhPerDay: number;
  baseLoadKwhPerYear: number;
  /** x = DJU per day, y = kWh per day. */
  line: ChartPoint[];
}

export interface TemperatureModel extends FitStatistics {
  type: ChangePointModelType;
  baseLoadKwhPerDay: number;
  heatingSlopeKwhPerDegreeC: number | null;
  heatingChangePointC: number | null;
  coolingSlopeKwhPerDegreeC: number | null;
  coolingChangePointC: number | null;
  temperatureSlopeKwhPerDegreeC: number | null;
  /** x = mean temperature °C, y = kWh per day, one point per vertex. */
  line: ChartPoint[];
}

/** Body of `GET /api/buildings/:id/signature`. */
export interface Signature {
  buildingId: string;
  energy: string;
  energyUnit: string;
  station: StationSummary;
  from: string;
  to: string;
  step: SignatureStep;
  method: DegreeDayMethod;
  baseC: number;
  minCompleteness: number;
  points: SignaturePoint[];
  degreeDayModel: DegreeDayModel | null;
  temperatureModel: TemperatureModel | null;
  temperatureCandidates: (FitStatistics & { type: ChangePointModelType })[];
  /** French messages. */
  warnings: string[];
}

export interface SignatureQuery {
  from: string;
  to: string;
  step: SignatureStep;
  energy?: EnergyCarrier | undefined;
  model: SignatureModel;
  method: DegreeDayMethod;
  base: number;
}

export const IPMVP_STEPS = ['month', 'day'] as const;
export type IpmvpStep = (typeof IPMVP_STEPS)[number];

/** Built-in IPMVP variables: heating and cooling degree days, days, Mondays to Fridays. */
export const IPMVP_VARIABLES = ['dju', 'djc', 'jours', 'jours_semaine'] as const;
export type IpmvpVariable = (typeof IPMVP_VARIABLES)[number];

/** Body of `POST /api/buildings/:id/ipmvp`: `actionDate` alone, or the four dates. */
export interface IpmvpRequest {
  energy?: EnergyCarrier | undefined;
  actionDate?: string | undefined;
  baselineFrom?: string | undefined;
  baselineTo?: string | undefined;
  reportingFrom?: string | undefined;
  reportingTo?: string | undefined;
  step: IpmvpStep;
  method: DegreeDayMethod;
  base: number;
  variables: string[];
  nonRoutineAdjustmentKwh: number;
}

export interface SavingsUncertainty {
  confidence: number;
  tValue: number;
  alpha: number;
  n: number;
  effectiveN: number;
  m: number;
  degreesOfFreedom: number;
  autocorrelationCorrected: boolean;
  /** ΔE/E as a fraction (0.25 = 25 %). */
  fractionalSavingsUncertainty: number | null;
  /** ± kWh around the avoided energy. */
  avoidedKwhUncertainty: number | null;
  minimumSavingsFractionFor50Percent: number | null;
}

export interface IpmvpSample extends PerformanceSample {
  variables: Record<string, number | null>;
}

/** Body of `POST /api/buildings/:id/ipmvp`. */
export interface IpmvpResult {
  buildingId: string;
  energy: string;
  energyUnit: string;
  station: StationSummary;
  step: IpmvpStep;
  method: DegreeDayMethod;
  baseC: number;
  coolingBaseC: number;
  baselineRange: { from: string; to: string };
  reportingRange: { from: string; to: string };
  baseline: FitStatistics & {
    variables: string[];
    /** kWh per period with every variable at zero. */
    intercept: number;
    coefficients: {
      name: string;
      value: number;
      standardError: number | null;
      tStatistic: number | null;
      pValue: number | null;
    }[];
    ndb: number | null;
    residualAutocorrelation: number | null;
    variableRanges: { name: string; min: number; max: number; mean: number }[];
  };
  guideline14: {
    granularity: 'monthly' | 'daily';
    /** 15 % for monthly data; null for daily data, which Guideline 14 sets no limit for. */
    cvRmseLimit: number | null;
    nmbeLimit: number | null;
    cvRmsePasses: boolean | null;
    nmbePasses: boolean | null;
    /** Uncertainty at 68 % below 50 % of the savings. */
    uncertaintyPasses: boolean | null;
  };
  baselinePeriods: (IpmvpSample & { modelKwh: number | null })[];
  reportingPeriods: (IpmvpSample & { adjustedBaselineKwh: number | null; avoidedKwh: number | null })[];
  totals: {
    adjustedBaselineKwh: number;
    nonRoutineAdjustmentKwh: number;
    actualKwh: number;
    /** Positive when energy was saved. */
    avoidedKwh: number;
    avoidedPercent: number | null;
    reportingPeriodsUsed: number;
  };
  uncertainty: SavingsUncertainty | null;
  uncertainty68: SavingsUncertainty | null;
  /** `message` is French. */
  warnings: { code: string; message: string }[];
}

export const MILESTONE_YEARS = [2030, 2040, 2050] as const;
export type MilestoneYear = (typeof MILESTONE_YEARS)[number];

/** Body of `GET` and `PATCH /api/efas/:id/trajectory-settings`. */
export interface TrajectorySettings {
  /** EFA surface, m²; null: Σ building floor area × share. */
  surfaceM2: number | null;
  /** Cabs values, kWh EF/m²/year. */
  absolute2030KwhPerM2: number | null;
  absolute2040KwhPerM2: number | null;
  absolute2050KwhPerM2: number | null;
  /** Share (0–1) of the final energy used for space heating. */
  heatingShare: number | null;
  updatedAt: string | null;
}

export type TrajectorySettingsChanges = Partial<Omit<TrajectorySettings, 'updatedAt'>>;

export interface TrajectoryYear {
  year: number;
  energies: {
    energy: string;
    kwh: number | null;
    finalKwh: number | null;
    pciPerStoredKwh: number;
    operatCoefficient: number;
    countedKwh: number | null;
    countedKwhPerM2: number | null;
    completeness: number | null;
  }[];
  totalKwh: number | null;
  /** Lowest completeness of the energies. */
  completeness: number | null;
  complete: boolean;
  /** Raw intensity, kWh/m². */
  intensityKwhPerM2: number | null;
  heatingKwh: number | null;
  degreeDays: number | null;
  degreeDaysCompleteness: number;
  heatingRatio: number | null;
  adjustedKwh: number | null;
  adjustedIntensityKwhPerM2: number | null;
  /** French messages. */
  warnings: string[];
}

/** Body of `GET /api/efas/:id/trajectory`. */
export interface Trajectory {
  efa: { id: string; code: string; name: string; operatId: string | null };
  surfaceM2: number;
  surfaceSource: 'settings' | 'buildings';
  buildings: {
    id: string;
    name: string;
    sharePercent: number;
    floorAreaM2: number | null;
    mainHeatingEnergy: string | null;
    weatherStationId: string | null;
  }[];
  climate: {
    adjusted: boolean;
    method: 'ratio-estimate';
    degreeDayMethod: 'costic';
    baseC: number;
    station: StationSummary | null;
    referenceFirstYear: number;
    referenceLastYear: number;
    referenceDegreeDays: number | null;
    referenceYearsUsed: number[];
    heatingPart: 'settings-share' | 'heating-energies';
    heatingShare: number | null;
  };
  years: TrajectoryYear[];
  reference: {
    year: number;
    source: 'query' | 'efa' | 'automatic';
    intensityKwhPerM2: number;
    candidates: { year: number; intensityKwhPerM2: number }[];
  } | null;
  absoluteTargets: Record<MilestoneYear, number | null>;
  targets: {
    year: MilestoneYear;
    reduction: number;
    relativeKwhPerM2: number;
    absoluteKwhPerM2: number | null;
    applicableKwhPerM2: number;
    route: 'relative' | 'absolute';
  }[];
  /** Latest complete year, the one the gap is measured from. */
  currentYear: number | null;
  gap: {
    milestoneYear: MilestoneYear;
    targetKwhPerM2: number;
    gapKwhPerM2: number;
    gapShare: number;
    yearsRemaining: number;
    requiredYearlyReductionKwhPerM2: number;
    targetMet: boolean;
  } | null;
  trajectory: {
    year: number;
    relativeKwhPerM2: number;
    absoluteKwhPerM2: number | null;
    applicableKwhPerM2: number;
    /** Adjusted intensity of a complete year. */
    actualKwhPerM2: number | null;
  }[];
  /** French messages. */
  warnings: string[];
}

export interface TrajectoryQuery {
  referenceYear?: number | undefined;
  adjust: boolean;
}

export const DPE_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type DpeClass = (typeof DPE_CLASSES)[number];

export const DPE_CATEGORIES = [
  'bureaux-enseignement',
  'occupation-continue',
  'autres',
  'centre-commercial',
] as const;
export type DpeCategory = (typeof DPE_CATEGORIES)[number];

/** Emission or primary-energy factor applied to an energy over the period. */
export interface AppliedFactor {
  energy: string;
  kind: 'primary-energy' | 'emission';
  value: number;
  unit: string;
  validFrom: string | null;
  validTo: string | null;
  source: string;
  /** official, third-party or unverified. */
  status: string;
}

/** Built-in indicators of a building or of a set of buildings. */
export interface IndicatorBlock {
  floorAreaM2: number | null;
  heatedAreaM2: number | null;
  energies: {
    energy: string;
    /** As stored, kWh PCS for gas. */
    kwh: number | null;
    kwhPci: number | null;
    finalKwh: number | null;
    primaryKwh: number | null;
    co2eKg: number | null;
    pointsPresent: number;
    pointsExpected: number;
    completeness: number | null;
    previousKwh: number | null;
    previousCompleteness: number | null;
    evolutionPercent: number | null;
  }[];
  /** Final energy as metered, gas in kWh PCS. */
  finalKwh: number | null;
  previousFinalKwh: number | null;
  evolutionPercent: number | null;
  completeness: number | null;
  previousCompleteness: number | null;
  intensityKwhPerM2: number | null;
  heatedIntensityKwhPerM2: number | null;
  primaryKwh: number | null;
  primaryKwhPerM2: number | null;
  co2eKg: number | null;
  co2eKgPerM2: number | null;
  dpe: {
    category: DpeCategory | null;
    categorySource: 'query' | 'activity' | 'default' | null;
    energyClass: DpeClass | null;
    climateClass: DpeClass | null;
    /** French reason when a class is null. */
    reason: string | null;
  };
  energiesWithoutPrimaryFactor: string[];
  energiesWithoutEmissionFactor: string[];
  factors: AppliedFactor[];
}

/** Body of `GET /api/buildings/:id/indicators` and `POST /api/indicators/builtin`. */
export interface BuiltInIndicators {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  source: 'day' | 'month';
  gasPciPerPcs: number;
  total: IndicatorBlock;
  buildings: (IndicatorBlock & {
    id: string;
    code: string;
    name: string;
    activity: string | null;
  })[];
  /** French sentences. */
  notes: string[];
}

export const TARGET_DIRECTIONS = ['at-most', 'at-least'] as const;
/** `at-most`: a value at or below the target meets it; `at-least`: at or above. */
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

export interface UserIndicator {
  id: string;
  name: string;
  description: string;
  formula: string;
  unitLabel: string;
  targetValue: number | null;
  targetDirection: TargetDirection;
  identifiers: string[];
  /** Whether the caller may change or delete it: its author or a platform administrator. */
  canEdit: boolean;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserIndicatorFields {
  name: string;
  description: string;
  formula: string;
  unitLabel: string;
  targetValue: number | null;
  targetDirection: TargetDirection;
}

/** Body of `GET /api/indicators/identifiers`: what a formula may use. */
export interface FormulaVocabulary {
  identifiers: { name: string; kind: 'series' | 'constant'; label: string; unit: string }[];
  functions: { name: string; label: string }[];
  operators: string[];
}

/** Formula problem; `start` and `end` are UTF-16 offsets, the message counts positions from 1. */
export interface FormulaProblem {
  code: string;
  message: string;
  start: number;
  end: number;
}

/** Body of `POST /api/indicators/validate`. */
export interface FormulaCheck {
  ok: boolean;
  errors: FormulaProblem[];
  identifiers: string[];
  /** The formula printed back with decimal commas. */
  canonical: string | null;
}

export const EVALUATION_STEPS = ['month', 'year'] as const;
export type EvaluationStep = (typeof EVALUATION_STEPS)[number];

export interface EvaluationRequest {
  buildingIds?: string[] | undefined;
  from: string;
  to: string;
  step: EvaluationStep;
}

/** Body of `POST /api/indicators/:id/evaluate`. */
export interface IndicatorEvaluation {
  indicator: UserIndicator;
  from: string;
  to: string;
  step: EvaluationStep;
  periods: { label: string; firstDate: string; lastDate: string; days: number }[];
  buildings: {
    buildingId: string;
    buildingCode: string;
    buildingName: string;
    /** French sentences. */
    notes: string[];
    values: {
      label: string;
      firstDate: string;
      lastDate: string;
      value: number | null;
      /** `message` is French. */
      missingReason: { code: string; message: string } | null;
      completeness: number | null;
      meetsTarget: boolean | null;
      gapToTarget: number | null;
    }[];
  }[];
  /**
   * The formula on the buildings' combined inputs: energies and areas summed (Σ kWh / Σ m²), degree
   * days averaged with floor areas as weights. Null when no building was evaluated.
   */
  perimeter: {
    buildingCount: number;
    values: IndicatorEvaluation['buildings'][number]['values'];
    /** French sentences. */
    notes: string[];
  } | null;
}

/** Shares (0–1) of the points owed over a window, as received. */
export interface KeyFiguresCompleteness {
  measured: number;
  /** Received as estimated or corrected. */
  estimated: number;
  missing: number;
  expectedPoints: number;
}

/** Invoice amounts of a building over a window, prorated by days and by the building's key, €. */
export interface KeyFiguresCost {
  amountExclTaxEur: number | null;
  amountInclTaxEur: number | null;
  invoiceCount: number;
  /** Days of the window covered by at least one invoice. */
  coveredDays: number;
  windowDays: number;
  /** Reason the amounts are null. `code` is no-invoices, submeter-allocation, amounts-missing or partial, and `message` is French. */
  unavailable: { code: string; message: string } | null;
}

export interface KeyFiguresWindowFigures {
  /** Final energy, kWh (gas in kWh PCS). */
  kWh: number | null;
  kWhPerM2: number | null;
  /** Primary energy, kWh EP. */
  kWhEP: number | null;
  kgCO2e: number | null;
  cost: KeyFiguresCost;
  completeness: KeyFiguresCompleteness;
}

/** Body of `GET /api/analysis/buildings/:id/key-figures`: the last 12 whole months against the 12 before. */
export interface BuildingKeyFigures {
  building: { id: string; code: string; name: string; siteName: string; floorAreaM2: number | null };
  /** Local dates, `to` excluded, with the day-weighted mean floor area that kWh/m² divides by. */
  current: { from: string; to: string; floorAreaM2: number | null };
  previous: { from: string; to: string; floorAreaM2: number | null };
  energies: {
    energy: Energy;
    label: string;
    current: KeyFiguresWindowFigures;
    previous: KeyFiguresWindowFigures;
    /** Change of final energy, %. */
    changePct: number | null;
  }[];
  total: { current: KeyFiguresWindowFigures; previous: KeyFiguresWindowFigures; changePct: number | null };
  /** Runs that stored the readings or invoices behind the figures, newest first, 50 at most. */
  importRuns: {
    id: string;
    kind: string;
    fileName: string | null;
    status: ImportRunStatus;
    startedAt: string;
  }[];
  /** Primary-energy and emission factors applied, with their validity (local dates, both included). */
  factors: {
    energy: Energy;
    kind: 'primary-energy' | 'emission';
    value: number;
    unit: string;
    pciPerStoredKWh: number;
    validFrom: string | null;
    validTo: string | null;
    source: string;
    status: 'official' | 'third-party' | 'unverified';
  }[];
  /** `message` is French. */
  warnings: { code: string; message: string; ids?: string[] }[];
}
