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

export interface BuildingsTable {
  id: BigIntId;
  site_id: BigIntRef;
  code: string;
  name: string;
  address: string | null;
  floor_area_m2: Numeric | null;
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
}
