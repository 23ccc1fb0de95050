import type {
  Measure,
  ParseIssue,
  SeriesReading,
  WeatherDailyRecord,
  WeatherHourlyRecord,
} from '@openfluides/core';
import { sql } from 'kysely';
import type { ImportConnection } from '../history-import/transaction.js';
import { savepointClient } from '../history-import/transaction.js';
import { type IngestCounts, ingestReadings, type ReadingRow } from '../metering/readings-store.js';
import { registerStep, resolveOperatorRegister } from './operator-registers.js';

const STEP_SECONDS: Record<string, number> = { PT10M: 600, PT30M: 1800, PT1H: 3600, P1D: 86_400 };

const MEASURE_LABELS: Record<Measure, string> = {
  ENERGY: 'énergie par intervalle',
  INDEX: 'index',
  POWER: 'puissance moyenne',
  VOLUME: 'volume',
  TEMPERATURE: 'température',
};

interface ResolvedRegister {
  id: string;
  kind: string;
  step: string;
  adaptsSubDailySteps?: boolean;
}

export interface UnknownIdentifier {
  externalId: string;
  measure: Measure;
  stepSeconds: number | null;
  values: number;
}

export interface StoredReadings {
  counts: IngestCounts;
  /** Identifiers of the file that found their register. */
  resolved: Array<{ externalId: string; measure: string; registerId: string }>;
  /** Readings rejected after parsing: unknown identifier, wrong register kind or step. */
  rejected: number;
  /** Readings of identifiers that a user chose to ignore. */
  ignored: number;
  unknown: UnknownIdentifier[];
  issues: ParseIssue[];
}

/** Finer values of one register interval, summed once they cover it (operator step changes). */
interface Bucket {
  registerId: string;
  start: number;
  stepSeconds: number;
  /** Finer values by their own start: a value repeated later in the file replaces the earlier one. */
  parts: Map<number, { seconds: number; value: number | null; quality: ReadingRow['quality'] }>;
}

const QUALITY_RANK: Record<ReadingRow['quality'], number> = {
  measured: 0,
  corrected: 1,
  estimated: 2,
  missing: 3,
};

function addToBucket(
  buckets: Map<string, Bucket>,
  registerId: string,
  reading: SeriesReading,
  stepSeconds: number,
  registerSeconds: number,
): void {
  // Register steps of 10, 30 and 60 minutes start on UTC boundaries, as Paris offsets are whole hours.
  const start = Math.floor(reading.start.getTime() / (registerSeconds * 1000)) * registerSeconds * 1000;
  const bucketKey = `${registerId}\u0000${start}`;
  let bucket = buckets.get(bucketKey);
  if (!bucket) {
    bucket = { registerId, start, stepSeconds: registerSeconds, parts: new Map() };
    buckets.set(bucketKey, bucket);
  }
  bucket.parts.set(reading.start.getTime(), {
    seconds: stepSeconds,
    value: reading.value,
    quality: reading.quality,
  });
}

/**
 * Returns the register reading of a bucket: the sum when its parts cover the interval, and missing
 * when the file marks a part missing. Returns null (nothing to store) when parts are only absent
 * from this file, so that a file starting mid-interval never replaces a complete stored value.
 */
function bucketRow(bucket: Bucket): ReadingRow | null {
  let covered = 0;
  let sum = 0;
  let missing = false;
  let quality: ReadingRow['quality'] = 'measured';
  for (const part of bucket.parts.values()) {
    covered += part.seconds;
    if (part.value === null) missing = true;
    else sum += part.value;
    if (QUALITY_RANK[part.quality] > QUALITY_RANK[quality]) quality = part.quality;
  }
  const base = { registerId: bucket.registerId, intervalStart: new Date(bucket.start) };
  if (missing) return { ...base, value: null, quality: 'missing' };
  if (covered !== bucket.stepSeconds) return null;
  return { ...base, value: sum, quality };
}

function formatStep(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} jour${seconds > 86_400 ? 's' : ''}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds / 60} min`;
}

function key(externalId: string, measure: string): string {
  return `${measure}\u0000${externalId}`;
}

/**
 * Finds the register of each (identifier, measure): a mapping of the source first, then a mapping
 * for every source, then a register whose own external identifier matches.
 */
async function resolveRegisters(
  connection: ImportConnection,
  sourceId: string | null,
  pairs: Array<{ externalId: string; measure: Measure; stepSeconds: number | null }>,
): Promise<{ registers: Map<string, ResolvedRegister>; ignored: Set<string> }> {
  const externalIds = [...new Set(pairs.map((pair) => pair.externalId))];
  const registers = new Map<string, ResolvedRegister>();
  const ignored = new Set<string>();
  if (externalIds.length === 0) return { registers, ignored };

  const mapped = await sql<{ external_id: string; measure: string; id: string; kind: string; step: string }>`
    select distinct on (m.external_id, m.measure) m.external_id, m.measure, r.id, r.kind, r.step
    from identifier_mappings m join registers r on r.id = m.register_id
    where m.external_id = any(${externalIds}) and (m.source_id = ${sourceId} or m.source_id is null)
    order by m.external_id, m.measure, m.source_id nulls last`.execute(connection.db);
  for (const row of mapped.rows) registers.set(key(row.external_id, row.measure), row);

  const own = await sql<{ external_id: string; id: string; kind: string; step: string }>`
    select external_id, id, kind, step from registers where external_id = any(${externalIds})`.execute(
    connection.db,
  );
  for (const row of own.rows) {
    const rowKey = key(row.external_id, row.kind);
    if (!registers.has(rowKey)) registers.set(rowKey, row);
  }

  const ignoredRows = await sql<{ external_id: string; measure: string }>`
    select external_id, measure from unknown_identifiers
    where status = 'ignored' and external_id = any(${externalIds})
      and coalesce(source_id, 0) = coalesce(${sourceId}::bigint, 0)`.execute(connection.db);
  for (const row of ignoredRows.rows) ignored.add(key(row.external_id, row.measure));

  for (const pair of pairs) {
    const pairKey = key(pair.externalId, pair.measure);
    if (registers.has(pairKey) || ignored.has(pairKey)) continue;
    const operator = await resolveOperatorRegister(
      connection,
      pair.externalId,
      pair.measure,
      pair.stepSeconds,
    );
    if (operator) registers.set(pairKey, operator);
  }
  return { registers, ignored };
}

/**
 * Maps parsed readings to registers and stores them with `ingestReadings` inside the import's
 * transaction. A reading whose register is unknown, of another kind or of another step is
 * rejected with one issue per identifier, not one per value.
 */
export async function storeSeriesReadings(
  connection: ImportConnection,
  options: { sourceId: string | null; importId: string; fileName: string },
  readings: SeriesReading[],
): Promise<StoredReadings> {
  const pairs = new Map<string, { externalId: string; measure: Measure; stepSeconds: number | null }>();
  for (const reading of readings) {
    const readingKey = key(reading.externalId, reading.measure);
    if (!pairs.has(readingKey))
      pairs.set(readingKey, {
        externalId: reading.externalId,
        measure: reading.measure,
        stepSeconds: reading.stepSeconds,
      });
  }
  const { registers, ignored } = await resolveRegisters(connection, options.sourceId, [...pairs.values()]);

  const unknown = new Map<string, UnknownIdentifier>();
  const mismatches = new Map<string, { count: number; issue: ParseIssue }>();
  const buckets = new Map<string, Bucket>();
  const rows: ReadingRow[] = [];
  let split = 0;
  let ignoredCount = 0;

  for (const reading of readings) {
    const readingKey = key(reading.externalId, reading.measure);
    if (ignored.has(readingKey)) {
      ignoredCount++;
      continue;
    }
    const register = registers.get(readingKey);
    if (!register) {
      const entry = unknown.get(readingKey);
      if (entry) entry.values++;
      else
        unknown.set(readingKey, {
          externalId: reading.externalId,
          measure: reading.measure,
          stepSeconds: reading.stepSeconds,
          values: 1,
        });
      continue;
    }
    const expectedStep = STEP_SECONDS[register.step];
    const finer =
      register.adaptsSubDailySteps === true &&
      reading.stepSeconds !== null &&
      expectedStep !== undefined &&
      reading.stepSeconds < expectedStep &&
      expectedStep % reading.stepSeconds === 0;
    if (finer && reading.stepSeconds !== null && expectedStep !== undefined) {
      addToBucket(buckets, register.id, reading, reading.stepSeconds, expectedStep);
      continue;
    }
    const coarser =
      register.adaptsSubDailySteps === true &&
      reading.stepSeconds !== null &&
      expectedStep !== undefined &&
      reading.stepSeconds > expectedStep &&
      reading.stepSeconds < 86_400 &&
      reading.stepSeconds % expectedStep === 0;
    if (coarser && reading.stepSeconds !== null && expectedStep !== undefined) {
      // An hour of energy in a half-hour register becomes two equal halves marked estimated: the
      // totals stay exact and the completeness shows that the shape inside the hour is unknown.
      const parts = reading.stepSeconds / expectedStep;
      for (let part = 0; part < parts; part++) {
        rows.push({
          registerId: register.id,
          intervalStart: new Date(reading.start.getTime() + part * expectedStep * 1000),
          value: reading.value === null ? null : reading.value / parts,
          quality: reading.value === null ? 'missing' : 'estimated',
        });
      }
      split++;
      continue;
    }
    if (reading.stepSeconds !== null && registerStep(reading.stepSeconds) !== register.step) {
      const mismatch = mismatches.get(readingKey);
      if (mismatch) mismatch.count++;
      else
        mismatches.set(readingKey, {
          count: 1,
          issue: {
            ...reading.location,
            severity: 'error',
            code: 'step-mismatch',
            message: `Les valeurs de « ${reading.externalId} » ont un pas de ${formatStep(reading.stepSeconds)} alors que le registre n° ${register.id} attend un pas de ${expectedStep === undefined ? 'un mois' : formatStep(expectedStep)} : corrigez le pas dans le paramétrage de la source ou associez l’identifiant à un registre de même pas, puis relancez le traitement du fichier.`,
            raw: null,
          },
        });
      continue;
    }
    rows.push({
      registerId: register.id,
      intervalStart: reading.start,
      value: reading.value,
      quality: reading.quality,
    });
  }

  const issues: ParseIssue[] = [];
  let aggregated = 0;
  let incomplete = 0;
  for (const bucket of buckets.values()) {
    aggregated += bucket.parts.size;
    const row = bucketRow(bucket);
    if (row) rows.push(row);
    else incomplete++;
  }
  if (incomplete > 0) {
    issues.push({
      file: options.fileName,
      line: null,
      element: null,
      field: null,
      severity: 'warning',
      code: 'steps-incomplete',
      message: `${incomplete} intervalle${incomplete > 1 ? 's' : ''} du pas du registre ne sont couverts qu’en partie par ce fichier : ${incomplete > 1 ? 'ils n’ont' : 'il n’a'} pas été enregistré${incomplete > 1 ? 's' : ''} et la valeur déjà connue est conservée.`,
      raw: null,
    });
  }
  if (aggregated > 0) {
    issues.push({
      file: options.fileName,
      line: null,
      element: null,
      field: null,
      severity: 'warning',
      code: 'steps-aggregated',
      message: `${aggregated} valeurs d’un pas plus fin que celui de leur registre ont été additionnées au pas du registre ; un intervalle auquel il manque une partie est enregistré comme manquant.`,
      raw: null,
    });
  }
  if (split > 0) {
    issues.push({
      file: options.fileName,
      line: null,
      element: null,
      field: null,
      severity: 'warning',
      code: 'steps-split',
      message: `${split} valeurs d’un pas plus long que celui de leur registre ont été réparties en parts égales au pas du registre et marquées estimées.`,
      raw: null,
    });
  }
  let rejected = 0;
  for (const { count, issue } of mismatches.values()) {
    rejected += count;
    issues.push({
      ...issue,
      message: `${issue.message} (${count} valeur${count > 1 ? 's' : ''} rejetée${count > 1 ? 's' : ''})`,
    });
  }
  for (const entry of unknown.values()) {
    rejected += entry.values;
    issues.push({
      file: options.fileName,
      line: null,
      element: null,
      field: entry.externalId,
      severity: 'error',
      code: 'unknown-identifier',
      message: `L’identifiant « ${entry.externalId} » (${MEASURE_LABELS[entry.measure]}) n’est associé à aucun registre : ${entry.values} valeur${entry.values > 1 ? 's' : ''} en attente. Associez-le à un registre dans « Identifiants inconnus » : le fichier sera retraité et ces valeurs enregistrées.`,
      raw: null,
    });
  }

  const counts =
    rows.length > 0
      ? await ingestReadings(savepointClient(connection.client), options.importId, rows)
      : { read: 0, stored: 0, unchanged: 0, updated: 0, duplicates: 0 };
  const resolved = [...pairs.entries()].flatMap(([pairKey, pair]) => {
    const register = registers.get(pairKey);
    return register ? [{ externalId: pair.externalId, measure: pair.measure, registerId: register.id }] : [];
  });
  return { counts, resolved, rejected, ignored: ignoredCount, unknown: [...unknown.values()], issues };
}

/**
 * Closes queue entries whose identifiers now resolve to a register (a delivery point created since,
 * or a mapping of every source), so the queue only lists what still waits.
 */
export async function resolveQueuedIdentifiers(
  connection: ImportConnection,
  sourceId: string | null,
  resolved: Array<{ externalId: string; measure: string; registerId: string }>,
): Promise<void> {
  for (const entry of resolved) {
    await sql`
      update unknown_identifiers set status = 'mapped', register_id = ${entry.registerId}
      where status = 'pending' and external_id = ${entry.externalId} and measure = ${entry.measure}
        and coalesce(source_id, 0) = coalesce(${sourceId}::bigint, 0)`.execute(connection.db);
  }
}

/** Records the identifiers of this file that no register stores, for the queue users work through. */
export async function recordUnknownIdentifiers(
  connection: ImportConnection,
  sourceId: string | null,
  rawFileId: string,
  unknown: UnknownIdentifier[],
): Promise<void> {
  for (const entry of unknown) {
    await sql`
      insert into unknown_identifiers (source_id, external_id, measure, step_seconds, values_seen, raw_file_ids)
      values (${sourceId}, ${entry.externalId}, ${entry.measure}, ${entry.stepSeconds}, ${entry.values}, array[${rawFileId}::bigint])
      on conflict (coalesce(source_id, 0), external_id, measure) do update set
        last_seen_at = now(),
        values_seen = unknown_identifiers.values_seen + excluded.values_seen,
        step_seconds = coalesce(excluded.step_seconds, unknown_identifiers.step_seconds),
        raw_file_ids = case when ${rawFileId}::bigint = any(unknown_identifiers.raw_file_ids)
          then unknown_identifiers.raw_file_ids
          else unknown_identifiers.raw_file_ids || ${rawFileId}::bigint end,
        status = case when unknown_identifiers.status = 'ignored' then 'ignored' else 'pending' end`.execute(
      connection.db,
    );
  }
}

export interface WeatherCounts {
  stored: number;
  updated: number;
  unchanged: number;
}

async function stationIds(
  connection: ImportConnection,
  stations: Map<
    string,
    { name: string; latitude: number | null; longitude: number | null; altitudeM: number | null }
  >,
  source: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [code, station] of stations) {
    const result = await sql<{ id: string }>`
      insert into weather_stations (code, name, source, latitude, longitude, altitude_m)
      values (${code}, ${station.name || code}, ${source}, ${station.latitude}, ${station.longitude}, ${station.altitudeM})
      on conflict (code) do update set
        name = case when excluded.name <> excluded.code then excluded.name else weather_stations.name end,
        latitude = coalesce(excluded.latitude, weather_stations.latitude),
        longitude = coalesce(excluded.longitude, weather_stations.longitude),
        altitude_m = coalesce(excluded.altitude_m, weather_stations.altitude_m)
      returning id`.execute(connection.db);
    const row = result.rows[0];
    if (row) ids.set(code, row.id);
  }
  return ids;
}

/**
 * Upserts daily temperatures: a later file for the same station and day replaces the stored values
 * (a provisional value becoming validated), and identical values count as unchanged.
 */
export async function storeWeatherDaily(
  connection: ImportConnection,
  importId: string,
  records: WeatherDailyRecord[],
): Promise<WeatherCounts> {
  if (records.length === 0) return { stored: 0, updated: 0, unchanged: 0 };
  const stations = new Map<
    string,
    { name: string; latitude: number | null; longitude: number | null; altitudeM: number | null }
  >();
  for (const record of records)
    stations.set(record.stationCode, {
      name: record.stationName,
      latitude: record.latitude,
      longitude: record.longitude,
      altitudeM: record.altitudeM,
    });
  const ids = await stationIds(connection, stations, 'Météo-France');

  const result = await sql<{ inserted: boolean }>`
    insert into weather_daily (station_id, local_date, tn_c, tx_c, tntxm_c, tn_quality, tx_quality, import_id)
    select * from unnest(${records.map((record) => ids.get(record.stationCode))}::bigint[],
      ${records.map((record) => record.date)}::date[], ${records.map((record) => record.tnC)}::float8[],
      ${records.map((record) => record.txC)}::float8[], ${records.map((record) => record.tntxmC)}::float8[],
      ${records.map((record) => record.tnQuality)}::text[], ${records.map((record) => record.txQuality)}::text[],
      array_fill(${importId}::bigint, array[${records.length}::int]))
    on conflict (station_id, local_date) do update set
      tn_c = excluded.tn_c, tx_c = excluded.tx_c, tntxm_c = excluded.tntxm_c,
      tn_quality = excluded.tn_quality, tx_quality = excluded.tx_quality, import_id = excluded.import_id
    where (weather_daily.tn_c, weather_daily.tx_c, weather_daily.tntxm_c, weather_daily.tn_quality, weather_daily.tx_quality)
      is distinct from (excluded.tn_c, excluded.tx_c, excluded.tntxm_c, excluded.tn_quality, excluded.tx_quality)
    returning (xmax = 0) as inserted`.execute(connection.db);
  const stored = result.rows.filter((row) => row.inserted).length;
  const updated = result.rows.length - stored;
  return { stored, updated, unchanged: records.length - stored - updated };
}

/** Upserts hourly observations the same way as daily temperatures. */
export async function storeWeatherHourly(
  connection: ImportConnection,
  records: WeatherHourlyRecord[],
): Promise<WeatherCounts> {
  if (records.length === 0) return { stored: 0, updated: 0, unchanged: 0 };
  const stations = new Map<string, { name: string; latitude: null; longitude: null; altitudeM: null }>();
  for (const record of records)
    stations.set(record.stationCode, {
      name: record.stationCode,
      latitude: null,
      longitude: null,
      altitudeM: null,
    });
  const ids = await stationIds(connection, stations, 'import');

  let stored = 0;
  let updated = 0;
  const batch = 20_000;
  for (let offset = 0; offset < records.length; offset += batch) {
    const part = records.slice(offset, offset + batch);
    const result = await sql<{ inserted: boolean }>`
      insert into weather_hourly (station_id, observed_at, temperature_c, relative_humidity_pct, global_irradiance_w_m2)
      select * from unnest(${part.map((record) => ids.get(record.stationCode))}::bigint[],
        ${part.map((record) => record.observedAt.toISOString())}::timestamptz[],
        ${part.map((record) => record.temperatureC)}::float8[], ${part.map((record) => record.relativeHumidityPct)}::float8[],
        ${part.map((record) => record.globalIrradianceWm2)}::float8[])
      on conflict (station_id, observed_at) do update set
        temperature_c = coalesce(excluded.temperature_c, weather_hourly.temperature_c),
        relative_humidity_pct = coalesce(excluded.relative_humidity_pct, weather_hourly.relative_humidity_pct),
        global_irradiance_w_m2 = coalesce(excluded.global_irradiance_w_m2, weather_hourly.global_irradiance_w_m2)
      where (weather_hourly.temperature_c, weather_hourly.relative_humidity_pct, weather_hourly.global_irradiance_w_m2)
        is distinct from (coalesce(excluded.temperature_c, weather_hourly.temperature_c),
          coalesce(excluded.relative_humidity_pct, weather_hourly.relative_humidity_pct),
          coalesce(excluded.global_irradiance_w_m2, weather_hourly.global_irradiance_w_m2))
      returning (xmax = 0) as inserted`.execute(connection.db);
    const inserted = result.rows.filter((row) => row.inserted).length;
    stored += inserted;
    updated += result.rows.length - inserted;
  }
  return { stored, updated, unchanged: records.length - stored - updated };
}
