-- Network-operator data: the keys that open encrypted deliveries, the parts of multi-file
-- publications, maximum powers and gas conversion coefficients as published.

-- AES-256-GCM ciphertext of a JSON list of Enedis key and IV pairs.
alter table ingest_sources add column delivery_keys_ciphertext text;

-- One row per received part of a numbered publication (Enedis R50/R151 rank XXXXX of YYYYY).
create table publication_parts (
  flow text not null,
  publication_key text not null,
  rank integer not null check (rank >= 1),
  total integer not null check (total >= 1 and rank <= total),
  raw_file_id bigint not null references raw_files (id) on delete cascade,
  import_id bigint references import_runs (id) on delete set null,
  received_at timestamptz not null default now(),
  primary key (flow, publication_key, rank)
);

-- Maximum power of a day as the operator publishes it (VA, kVA, W or kW); it is not a mean power,
-- so it is not a reading. A later publication of the same day replaces the value.
create table max_powers (
  external_id text not null,
  day date not null,
  measured_at timestamptz,
  value double precision not null,
  unit text not null check (unit in ('VA', 'kVA', 'W', 'kW')),
  import_id bigint references import_runs (id) on delete set null,
  primary key (external_id, day)
);

-- Gas conversion coefficient of a reading period (kWh PCS per m3), as GRDF publishes it.
create table gas_conversions (
  external_id text not null,
  from_day date not null,
  to_day date not null,
  coefficient double precision,
  pcs_kwh_per_m3 double precision,
  import_id bigint references import_runs (id) on delete set null,
  primary key (external_id, from_day, to_day)
);
