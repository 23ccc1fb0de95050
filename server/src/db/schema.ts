import type { ColumnType, Generated } from 'kysely';

/** Column read as a Date, written as a Date or an ISO string, filled by a default. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `numeric` columns arrive from `pg` as strings to keep their exact decimals. */
type Numeric = ColumnType<string, string | number, string | number>;
type BigIntId = ColumnType<string, never, never>;
type BigIntRef = ColumnType<string, string | number, string | number>;

export interface SitesTable {
  id: BigIntId;
  code: string;
  name: string;
  city: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FunctionalUnitsTable {
  id: BigIntId;
  code: string;
  name: string;
  kind: 'faculty' | 'laboratory' | 'service' | 'other';
  parent_id: BigIntRef | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type EnergyColumn =
  | 'electricity'
  | 'gas'
  | 'district_heating'
  | 'district_cooling'
  | 'wood'
  | 'fuel_oil'
  | 'water';
type DateColumn = ColumnType<string, string, string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface BuildingsTable {
  id: BigIntId;
  site_id: BigIntRef;
  code: string;
  name: string;
  address: string | null;
  floor_area_m2: Numeric | null;
  latitude: number | null;
  longitude: number | null;
  useful_area_m2: Numeric | null;
  heated_area_m2: Numeric | null;
  construction_year: number | null;
  activity: string | null;
  main_heating_energy: string | null;
  status: Defaulted<'active' | 'inactive' | 'planned'>;
  active_from: string | null;
  active_to: string | null;
  notes: Defaulted<string>;
  weather_station_id: BigIntRef | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EfasTable {
  id: BigIntId;
  code: string;
  name: string;
  operat_id: string | null;
  reference_year: number | null;
  notes: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EfaBuildingsTable {
  efa_id: BigIntRef;
  building_id: BigIntRef;
  share: ColumnType<string, string | number | undefined, string | number>;
}

export interface DeliveryPointsTable {
  id: BigIntId;
  identifier: string;
  energy: EnergyColumn;
  name: Defaulted<string>;
  network_operator: Defaulted<string>;
  segment: string | null;
  supplier: Defaulted<string>;
  contract_reference: Defaulted<string>;
  active_from: string | null;
  active_to: string | null;
  notes: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SubscribedPowersTable {
  id: BigIntId;
  delivery_point_id: BigIntRef;
  time_class: string;
  power_kva: Numeric;
  valid_from: DateColumn;
  valid_to: string | null;
}

export interface DeliveryPointAllocationsTable {
  id: BigIntId;
  delivery_point_id: BigIntRef;
  building_id: BigIntRef;
  method: 'fixed' | 'surface' | 'submeter';
  fraction: Numeric | null;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}

export interface MetersTable {
  id: BigIntId;
  code: string;
  name: Defaulted<string>;
  kind: 'operator' | 'submeter';
  energy: EnergyColumn;
  delivery_point_id: BigIntRef | null;
  building_id: BigIntRef | null;
  parent_meter_id: BigIntRef | null;
  losses_share: Numeric | null;
  serial_number: Defaulted<string>;
  installed_on: string | null;
  removed_on: string | null;
  replaces_meter_id: BigIntRef | null;
  notes: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type RegisterKind = 'INDEX' | 'ENERGY' | 'POWER' | 'VOLUME' | 'TEMPERATURE';
export type RegisterStep = 'PT10M' | 'PT30M' | 'PT1H' | 'P1D' | 'P1M';

export interface RegistersTable {
  id: BigIntId;
  meter_id: BigIntRef;
  kind: RegisterKind;
  unit: string;
  step: RegisterStep;
  stamp: Defaulted<'start' | 'end' | 'middle'>;
  name: Defaulted<string>;
  is_consumption: Defaulted<boolean>;
  rollover_kwh: number | null;
  external_id: string | null;
  created_at: Timestamp;
}

export interface IndexEventsTable {
  id: BigIntId;
  register_id: BigIntRef;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  kind: 'reset' | 'replacement';
  value_before: number | null;
  value_after: number;
  notes: Defaulted<string>;
}

export interface ImportRunsTable {
  id: BigIntId;
  kind: string;
  source: Defaulted<string>;
  file_name: string | null;
  file_sha256: string | null;
  started_at: Timestamp;
  finished_at: Date | null;
  status: Defaulted<'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted'>;
  rows_read: Defaulted<number>;
  rows_stored: Defaulted<number>;
  rows_unchanged: Defaulted<number>;
  rows_updated: Defaulted<number>;
  rows_rejected: Defaulted<number>;
  errors: ColumnType<unknown, string | undefined, string>;
  summary: ColumnType<unknown, string | undefined, string>;
  user_id: BigIntRef | null;
  source_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  raw_file_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  format: ColumnType<string | null, string | null | undefined, string | null>;
  fatal_error: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReadingsTable {
  register_id: BigIntRef;
  interval_start: ColumnType<Date, Date | string, Date | string>;
  value: number | null;
  quality: Defaulted<number>;
  import_id: BigIntRef | null;
}

export interface ReadingsHistoryTable {
  register_id: BigIntRef;
  interval_start: Date;
  value: number | null;
  quality: number;
  import_id: string | null;
  replaced_at: Timestamp;
  replaced_by_import_id: string | null;
}

interface RollupColumns {
  register_id: BigIntRef;
  quantity: number | null;
  max_power_kw: number | null;
  min_value: number | null;
  max_value: number | null;
  mean_value: number | null;
  points_present: number;
  points_estimated: number;
  points_expected: number;
}

export interface ReadingsDailyTable extends RollupColumns {
  local_date: ColumnType<string, string, string>;
}

export interface ReadingsMonthlyTable extends RollupColumns {
  month: ColumnType<string, string, string>;
}

export interface InvoicesTable {
  id: BigIntId;
  delivery_point_id: BigIntRef;
  supplier: Defaulted<string>;
  invoice_number: string;
  issued_on: string | null;
  period_start: DateColumn;
  period_end: DateColumn;
  energy_kwh: number | null;
  amount_excl_tax_cents: ColumnType<string | null, number | string | null, number | string | null>;
  tax_cents: ColumnType<string | null, number | string | null, number | string | null>;
  amount_incl_tax_cents: ColumnType<string | null, number | string | null, number | string | null>;
  import_id: BigIntRef | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BuildingUnitSharesTable {
  id: BigIntId;
  building_id: BigIntRef;
  unit_id: BigIntRef;
  share: Numeric;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}

export interface UsersTable {
  id: BigIntId;
  email: string;
  display_name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  is_active: Generated<boolean>;
  locale: Generated<'fr' | 'en'>;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  password_changed_at: Timestamp;
  last_login_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserGroupsTable {
  id: BigIntId;
  name: string;
  description: Generated<string>;
  created_at: Timestamp;
}

export interface GroupMembersTable {
  group_id: BigIntRef;
  user_id: BigIntRef;
}

export interface GrantsTable {
  id: BigIntId;
  group_id: BigIntRef | null;
  user_id: BigIntRef | null;
  level: number;
  site_id: BigIntRef | null;
  building_id: BigIntRef | null;
  unit_id: BigIntRef | null;
  features: string[];
  created_at: Timestamp;
  created_by: BigIntRef | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: BigIntRef;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: BigIntId;
  occurred_at: Timestamp;
  user_id: BigIntRef | null;
  user_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: ColumnType<unknown, string, string>;
  ip: string | null;
  request_id: string | null;
}

export interface Schema {
  sites: SitesTable;
  functional_units: FunctionalUnitsTable;
  buildings: BuildingsTable;
  building_unit_shares: BuildingUnitSharesTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  group_members: GroupMembersTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  efas: EfasTable;
  efa_buildings: EfaBuildingsTable;
  delivery_points: DeliveryPointsTable;
  subscribed_powers: SubscribedPowersTable;
  delivery_point_allocations: DeliveryPointAllocationsTable;
  meters: MetersTable;
  registers: RegistersTable;
  index_events: IndexEventsTable;
  import_runs: ImportRunsTable;
  readings: ReadingsTable;
  readings_history: ReadingsHistoryTable;
  readings_daily: ReadingsDailyTable;
  readings_monthly: ReadingsMonthlyTable;
  invoices: InvoicesTable;
  weather_stations: WeatherStationsTable;
  weather_hourly: WeatherHourlyTable;
  weather_daily: WeatherDailyTable;
  ingest_sources: IngestSourcesTable;
  raw_files: RawFilesTable;
  file_arrivals: FileArrivalsTable;
  import_errors: ImportErrorsTable;
  identifier_mappings: IdentifierMappingsTable;
  unknown_identifiers: UnknownIdentifiersTable;
  publication_parts: PublicationPartsTable;
  max_powers: MaxPowersTable;
  gas_conversions: GasConversionsTable;
}

export interface PublicationPartsTable {
  flow: string;
  publication_key: string;
  rank: number;
  total: number;
  raw_file_id: BigIntRef;
  import_id: NullableRef;
  received_at: Timestamp;
}

export interface MaxPowersTable {
  external_id: string;
  day: DateColumn;
  measured_at: Nullable<Date>;
  value: number;
  unit: 'VA' | 'kVA' | 'W' | 'kW';
  import_id: NullableRef;
}

export interface GasConversionsTable {
  external_id: string;
  from_day: DateColumn;
  to_day: DateColumn;
  coefficient: number | null;
  pcs_kwh_per_m3: number | null;
  import_id: NullableRef;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableRef = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface IngestSourcesTable {
  id: BigIntId;
  name: string;
  kind: 'sftp' | 'folder' | 'upload';
  format: string;
  mapping: ColumnType<unknown, string | null | undefined, string | null>;
  enabled: Defaulted<boolean>;
  host: Nullable<string>;
  port: Nullable<number>;
  username: Nullable<string>;
  auth_method: Nullable<'password' | 'key'>;
  secret_ciphertext: Nullable<string>;
  delivery_keys_ciphertext: Nullable<string>;
  host_key_fingerprint: Nullable<string>;
  remote_folder: Defaulted<string>;
  local_folder: Nullable<string>;
  file_pattern: Defaulted<string>;
  after_import: Defaulted<'leave' | 'move' | 'delete'>;
  move_folder: Nullable<string>;
  poll_interval_minutes: Defaulted<number>;
  expected_period_hours: Nullable<number>;
  settle_seconds: Defaulted<number>;
  last_poll_at: Nullable<Date>;
  last_success_at: Nullable<Date>;
  last_file_at: Nullable<Date>;
  last_error: Nullable<string>;
  last_error_at: Nullable<Date>;
  consecutive_failures: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RawFilesTable {
  id: BigIntId;
  sha256: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  content: Buffer;
  first_name: string;
  received_at: Timestamp;
}

export interface FileArrivalsTable {
  id: BigIntId;
  source_id: NullableRef;
  raw_file_id: BigIntRef;
  file_name: string;
  remote_path: Nullable<string>;
  remote_size: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  remote_mtime: Nullable<Date>;
  arrived_at: Timestamp;
  outcome: 'imported' | 'duplicate';
  import_id: NullableRef;
}

export interface ImportErrorsTable {
  import_id: BigIntRef;
  position: number;
  severity: 'error' | 'warning';
  code: string;
  file_name: string;
  line: number | null;
  element: string | null;
  field: string | null;
  message: string;
  raw: string | null;
}

export interface IdentifierMappingsTable {
  id: BigIntId;
  source_id: NullableRef;
  external_id: string;
  measure: string;
  register_id: BigIntRef;
  created_at: Timestamp;
}

export interface UnknownIdentifiersTable {
  id: BigIntId;
  source_id: NullableRef;
  external_id: string;
  measure: string;
  step_seconds: number | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  values_seen: ColumnType<string, number | string | undefined, number | string>;
  raw_file_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: Defaulted<'pending' | 'mapped' | 'ignored'>;
  register_id: NullableRef;
}

export interface WeatherStationsTable {
  id: BigIntId;
  code: string;
  name: string;
  source: Defaulted<string>;
  latitude: number | null;
  longitude: number | null;
  altitude_m: number | null;
  created_at: Timestamp;
}

export interface WeatherHourlyTable {
  station_id: BigIntRef;
  observed_at: ColumnType<Date, Date | string, Date | string>;
  temperature_c: number | null;
  relative_humidity_pct: number | null;
  global_irradiance_w_m2: number | null;
}

export interface WeatherDailyTable {
  station_id: BigIntRef;
  local_date: ColumnType<string, string, string>;
  tn_c: number | null;
  tx_c: number | null;
  tntxm_c: number | null;
  tn_quality: string | null;
  tx_quality: string | null;
  import_id: BigIntRef | null;
}

export interface AnalysisPerimetersTable {
  id: BigIntId;
  user_id: BigIntRef;
  name: string;
  definition: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// Declaration merging adds the analysis tables to the schema above.
export interface Schema {
  analysis_perimeters: AnalysisPerimetersTable;
}

export interface UserIndicatorsTable {
  id: BigIntId;
  name: string;
  description: Defaulted<string>;
  formula: string;
  unit_label: Defaulted<string>;
  target_value: number | null;
  target_direction: Defaulted<'at-most' | 'at-least'>;
  created_by: BigIntRef | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EfaPerformanceSettingsTable {
  efa_id: BigIntRef;
  surface_m2: Numeric | null;
  absolute_2030_kwh_m2: number | null;
  absolute_2040_kwh_m2: number | null;
  absolute_2050_kwh_m2: number | null;
  heating_share: Numeric | null;
  updated_at: Timestamp;
  updated_by: BigIntRef | null;
}

// Declaration merging adds the performance tables to the schema above.
export interface Schema {
  user_indicators: UserIndicatorsTable;
  efa_performance_settings: EfaPerformanceSettingsTable;
}

export interface BuildingFloorAreaChangesTable {
  building_id: BigIntRef;
  changed_on: ColumnType<string, string, string>;
  area_before_m2: Numeric;
}

// Declaration merging adds the dated floor areas to the schema above.
export interface Schema {
  building_floor_area_changes: BuildingFloorAreaChangesTable;
}
