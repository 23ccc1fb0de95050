import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTouchedDays, refreshRollups } from './rollups.js';

/** Quality of a reading, as stored: measured, estimated, corrected, or missing (no value). */
export const QUALITY = { measured: 1, estimated: 2, corrected: 3, missing: 4 } as const;
export type Quality = keyof typeof QUALITY;

/** One reading ready to store: the register, the UTC start of its interval, its canonical value. */
export interface ReadingRow {
  registerId: string;
  intervalStart: Date;
  /** kWh, kW, m3 or °C according to the register kind; null when the source says "missing". */
  value: number | null;
  quality: Quality;
}

export interface IngestCounts {
  /** Rows received, duplicates included. */
  read: number;
  /** New (register, interval) pairs stored. */
  stored: number;
  /** Rows equal to what was already stored. */
  unchanged: number;
  /** Rows that replaced a different stored value; the old one went to readings_history. */
  updated: number;
  /** Later rows of the same file that repeated an earlier (register, interval) pair. */
  duplicates: number;
}

function toCopyLine(row: ReadingRow, ordinal: number): string {
  const value = row.value === null ? '\\N' : String(row.value);
  return `${row.registerId}\t${row.intervalStart.toISOString()}\t${value}\t${QUALITY[row.quality]}\t${ordinal}\n`;
}

/** Streams rows as COPY text lines in batches, so millions of rows never sit in one string. */
function copyLines(
  rows: Iterable<ReadingRow> | AsyncIterable<ReadingRow>,
  onRow: (row: ReadingRow) => void,
): Readable {
  async function* lines() {
    let batch = '';
    let ordinal = 0;
    for await (const row of rows) {
      onRow(row);
      ordinal += 1;
      batch += toCopyLine(row, ordinal);
      if (batch.length > 1_000_000) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.from(lines());
}

/**
 * Stores readings in one transaction: COPY into a staging table, keep the last row of each
 * (register, interval) pair, move changed stored values to `readings_history`, upsert, then rebuild
 * the rollups of every Paris day touched. Storing the same rows again changes nothing.
 *
 * The caller passes a client that is not inside a transaction; `importId` is recorded on each row.
 */
export async function ingestReadings(
  client: pg.ClientBase,
  importId: string | null,
  rows: Iterable<ReadingRow> | AsyncIterable<ReadingRow>,
): Promise<IngestCounts> {
  let read = 0;
  let minYear = Number.POSITIVE_INFINITY;
  let maxYear = Number.NEGATIVE_INFINITY;
  const trackRow = (row: ReadingRow) => {
    read += 1;
    const year = row.intervalStart.getUTCFullYear();
    if (year < minYear) minYear = year;
    if (year > maxYear) maxYear = year;
  };

  await client.query('begin');
  try {
    // A caller may run several imports in one outer transaction, where tables dropped "on commit"
    // of an earlier call still exist.
    await client.query('drop table if exists staging_readings, incoming');
    await client.query(`create temporary table staging_readings (
        register_id bigint not null, interval_start timestamptz not null, value double precision,
        quality smallint not null, ordinal bigint not null
      ) on commit drop`);
    await pipeline(
      copyLines(rows, trackRow),
      client.query(
        copyFrom('copy staging_readings (register_id, interval_start, value, quality, ordinal) from stdin'),
      ),
    );
    if (read === 0) {
      await client.query('commit');
      return { read: 0, stored: 0, unchanged: 0, updated: 0, duplicates: 0 };
    }
    // A year boundary in UTC can hold Paris's 1 January, so cover the year after too.
    await client.query('select ensure_readings_partitions($1, $2)', [minYear, maxYear + 1]);
    await createTouchedDays(client);

    const counts =
      (await storeFreshLoad(client, importId, read)) ?? (await upsertReadings(client, importId, read));
    await client.query('commit');
    return counts;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/**
 * Stores the staging rows with a plain insert when no stored reading of their registers lies
 * within two days of their range: the usual case of a first load, and the fastest. Returns null
 * when that does not apply, or when the file repeats an interval (the insert then fails and is
 * undone), so that the general path handles it.
 */
async function storeFreshLoad(
  client: pg.ClientBase,
  importId: string | null,
  read: number,
): Promise<IngestCounts | null> {
  const overlap = await client.query<{ has_overlap: boolean }>(`
    select exists (
      select 1 from (
        select register_id, min(interval_start) as first_start, max(interval_start) as last_start
        from staging_readings group by register_id
      ) b
      join readings r on r.register_id = b.register_id
        and r.interval_start >= b.first_start - interval '2 days' and r.interval_start < b.last_start + interval '2 days'
    ) as has_overlap`);
  if (overlap.rows[0]?.has_overlap) return null;

  await client.query('savepoint fresh_load');
  try {
    await client.query(
      'insert into readings (register_id, interval_start, value, quality, import_id) select register_id, interval_start, value, quality, $1 from staging_readings',
      [importId],
    );
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await client.query('rollback to savepoint fresh_load');
    return null;
  }
  // Every Paris day from the first to the last reading of each register; days without a reading
  // get no rollup row.
  await client.query(`insert into touched_days (register_id, local_date)
    select register_id, generate_series((first_start at time zone 'Europe/Paris')::date, (last_start at time zone 'Europe/Paris')::date, interval '1 day')::date
    from (select register_id, min(interval_start) as first_start, max(interval_start) as last_start from staging_readings group by register_id) ranges`);
  await refreshRollups(client);
  return { read, stored: read, unchanged: 0, updated: 0, duplicates: 0 };
}

/** The general path: deduplicate, keep replaced values in the history, upsert, rebuild the touched days. */
async function upsertReadings(
  client: pg.ClientBase,
  importId: string | null,
  read: number,
): Promise<IngestCounts> {
  const deduplicated = await client.query(`create temporary table incoming on commit drop as
    select distinct on (register_id, interval_start) register_id, interval_start, value, quality
    from staging_readings order by register_id, interval_start, ordinal desc`);
  const uniqueCount = deduplicated.rowCount ?? 0;

  // Partitioned tables cannot return xmax, so the counts come from comparing before the upsert.
  const existing = await client.query<{ existing: string }>(
    'select count(*) as existing from incoming i join readings r using (register_id, interval_start)',
  );
  const history = await client.query(
    `insert into readings_history (register_id, interval_start, value, quality, import_id, replaced_by_import_id)
     select r.register_id, r.interval_start, r.value, r.quality, r.import_id, $1
     from incoming i join readings r using (register_id, interval_start)
     where (r.value, r.quality) is distinct from (i.value, i.quality)`,
    [importId],
  );
  const updated = history.rowCount ?? 0;
  const stored = uniqueCount - Number(existing.rows[0]?.existing ?? 0);

  // Only the Paris days of rows that were inserted or changed get their rollups rebuilt.
  await client.query(
    `with upserted as (
       insert into readings (register_id, interval_start, value, quality, import_id)
       select register_id, interval_start, value, quality, $1 from incoming
       on conflict (register_id, interval_start) do update
         set value = excluded.value, quality = excluded.quality, import_id = excluded.import_id
         where (readings.value, readings.quality) is distinct from (excluded.value, excluded.quality)
       returning register_id, interval_start
     )
     insert into touched_days (register_id, local_date)
     select distinct register_id, (interval_start at time zone 'Europe/Paris')::date from upserted
     on conflict do nothing`,
    [importId],
  );
  if (stored + updated > 0) await refreshRollups(client);
  return { read, stored, unchanged: uniqueCount - stored - updated, updated, duplicates: read - uniqueCount };
}
