-- Automatic ingestion: configured sources, the raw file archive, every delivery of a file,
-- row-level import errors, identifier mappings and the queue of unknown identifiers.

create table ingest_sources (
  id bigint generated always as identity primary key,
  name text not null unique check (length(name) between 1 and 120),
  kind text not null check (kind in ('sftp', 'folder', 'upload')),
  -- Parser format name, or 'auto' to recognise each file from its content and name.
  format text not null check (length(format) between 1 and 60),
  -- Per-source mapping for formats that need one (BMS exports); validated by the application.
  mapping jsonb,
  enabled boolean not null default true,
  host text check (length(host) <= 255),
  port integer check (port between 1 and 65535),
  username text check (length(username) <= 120),
  auth_method text check (auth_method in ('password', 'key')),
  -- AES-256-GCM ciphertext of the password or private key; the key comes from the environment.
  secret_ciphertext text,
  -- Pinned host key, as OpenSSH prints it: SHA256:<base64>.
  host_key_fingerprint text check (host_key_fingerprint ~ '^SHA256:[A-Za-z0-9+/]{43}$'),
  remote_folder text not null default '/',
  local_folder text,
  -- Glob on the file name: * any characters, ? one character.
  file_pattern text not null default '*' check (length(file_pattern) between 1 and 200),
  after_import text not null default 'leave' check (after_import in ('leave', 'move', 'delete')),
  move_folder text,
  poll_interval_minutes integer not null default 60 check (poll_interval_minutes between 1 and 10080),
  -- A source that receives no file for longer than this is shown as late; null: no expectation.
  expected_period_hours integer check (expected_period_hours between 1 and 8784),
  -- A file younger than this may still be being written and waits for the next poll.
  settle_seconds integer not null default 60 check (settle_seconds between 0 and 86400),
  last_poll_at timestamptz,
  last_success_at timestamptz,
  last_file_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  consecutive_failures integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'sftp' or (host is not null and username is not null and auth_method is not null)),
  check (kind <> 'folder' or local_folder is not null),
  check (after_import <> 'move' or move_folder is not null)
);

-- Original bytes of every file received, kept forever and stored once per content.
create table raw_files (
  id bigint generated always as identity primary key,
  sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null,
  content bytea not null,
  first_name text not null,
  received_at timestamptz not null default now()
);

alter table import_runs
  add column source_id bigint references ingest_sources (id) on delete set null,
  add column raw_file_id bigint references raw_files (id) on delete set null,
  add column format text,
  add column fatal_error text;
alter table import_runs drop constraint import_runs_status_check;
alter table import_runs add constraint import_runs_status_check
  check (status in ('running', 'succeeded', 'partial', 'failed', 'interrupted'));
create index import_runs_source_idx on import_runs (source_id, started_at desc);
create index import_runs_raw_file_idx on import_runs (raw_file_id);

-- Each time a file arrives, even with bytes already archived.
create table file_arrivals (
  id bigint generated always as identity primary key,
  source_id bigint references ingest_sources (id) on delete cascade,
  raw_file_id bigint not null references raw_files (id) on delete cascade,
  file_name text not null,
  remote_path text,
  remote_size bigint,
  remote_mtime timestamptz,
  arrived_at timestamptz not null default now(),
  -- imported: parsed and stored by import_id; duplicate: same bytes already imported.
  outcome text not null check (outcome in ('imported', 'duplicate')),
  import_id bigint references import_runs (id) on delete set null
);
create index file_arrivals_listing_idx on file_arrivals (source_id, remote_path, remote_size, remote_mtime);
create index file_arrivals_raw_idx on file_arrivals (raw_file_id);

-- Rejected rows and elements of an import, in file order.
create table import_errors (
  import_id bigint not null references import_runs (id) on delete cascade,
  position integer not null,
  severity text not null check (severity in ('error', 'warning')),
  code text not null,
  file_name text not null,
  line integer,
  element text,
  field text,
  message text not null,
  raw text,
  primary key (import_id, position)
);

-- External identifier (PRM, PCE, BMS point) of a source, or of every source when source_id is
-- null, mapped to the register that stores its values.
create table identifier_mappings (
  id bigint generated always as identity primary key,
  source_id bigint references ingest_sources (id) on delete cascade,
  external_id text not null check (length(external_id) between 1 and 200),
  measure text not null check (measure in ('ENERGY', 'INDEX', 'POWER', 'VOLUME', 'TEMPERATURE')),
  register_id bigint not null references registers (id) on delete cascade,
  created_at timestamptz not null default now()
);
create unique index identifier_mappings_key_idx
  on identifier_mappings (coalesce(source_id, 0), external_id, measure);

-- Identifiers met in files with no register to store them, waiting for a user to map them.
create table unknown_identifiers (
  id bigint generated always as identity primary key,
  source_id bigint references ingest_sources (id) on delete cascade,
  external_id text not null,
  measure text not null,
  step_seconds integer,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  values_seen bigint not null default 0,
  raw_file_ids bigint[] not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'mapped', 'ignored')),
  register_id bigint references registers (id) on delete set null
);
create unique index unknown_identifiers_key_idx
  on unknown_identifiers (coalesce(source_id, 0), external_id, measure);
