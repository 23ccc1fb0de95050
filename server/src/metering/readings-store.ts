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
  /** kWh, kW, m3 or °C according to the register kind; null when the source marks it missing. */
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

/** Past this much buffered COPY text (about 5 million readings), the rest goes through staging. */
const DIRECT_COPY_BUFFER_CHARS = 256 * 1024 * 1024;
const COPY_CHUNK_CHARS = 1_000_000;
/** Unique violation (a stored or repeated interval) and check violation (no partition for a row). */
const RETRY_THROUGH_STAGING = new Set(['23505', '23514']);

function toCopyLine(row: ReadingRow, importId: string | null): string {
  const value = row.value === null ? '\\N' : String(row.value);
  return `${row.registerId}\t${row.intervalStart.toISOString()}\t${value}\t${QUALITY[row.quality]}\t${importId ?? '\\N'}\n`;
}

/** First and last interval start per register, as epoch milliseconds. */
type Ranges = Map<string, { first: number; last: number }>;

function trackRange(ranges: Ranges, row: ReadingRow): void {
  const time = row.intervalStart.getTime();
  const range = ranges.get(row.registerId);
  if (!range) ranges.set(row.registerId, { first: time, last: time });
  else {
    if (time < range.first) range.first = time;
    if (time > range.last) range.last = time;
  }
}

/**
 * Stores readings in one transaction and rebuilds the rollups of every Paris day they touch;
 * storing the same rows again changes nothing.
 *
 * The rows first go straight into `readings` by COPY, the fastest way and the usual case of new
 * data. That COPY fails when an interval is already stored, is repeated in the input, or has no
 * partition yet. The transaction then returns to before the COPY and every row goes through a
 * staging table instead. There the last row of each (register, interval) pair wins, changed stored
 * values move to `readings_history`, and the rest is upserted. Input larger than the COPY buffer stores its
 * first part directly and the remainder through staging.
 *
 * The caller passes a client that is not inside a transaction; `importId` is recorded on each row.
 */
export async function ingestReadings(
  client: pg.ClientBase,
  importId: string | null,
  rows: Iterable<ReadingRow> | AsyncIterable<ReadingRow>,
  options: { directCopyBufferChars?: number } = {},
): Promise<IngestCounts> {
  const source = (async function* () {
    yield* rows;
  })();
  await client.query('begin');
  try {
    // A caller may run several imports in one outer transaction, where tables dropped "on commit"
    // of an earlier call still exist.
    await client.query('drop table if exists staging_readings, incoming');
    await createTouchedDays(client);
    const first = await source.next();
    if (first.done) {
      await client.query('commit');
      return { read: 0, stored: 0, unchanged: 0, updated: 0, duplicates: 0 };
    }
    const firstYear = first.value.intervalStart.getUTCFullYear();
    await client.query('select ensure_readings_partitions($1, $2)', [firstYear - 1, firstYear + 1]);

    const bufferLimit = options.directCopyBufferChars ?? DIRECT_COPY_BUFFER_CHARS;
    const direct = await copyDirectly(client, importId, first.value, source, bufferLimit);
    let counts: IngestCounts = {
      read: direct.copied,
      stored: direct.copied,
      unchanged: 0,
      updated: 0,
      duplicates: 0,
    };
    if (direct.copied > 0) {
      await client.query(
        `insert into touched_days (register_id, local_date)
         select register_id, generate_series((to_timestamp(first_ms / 1000.0) at time zone 'Europe/Paris')::date,
           (to_timestamp(last_ms / 1000.0) at time zone 'Europe/Paris')::date, interval '1 day')::date
         from unnest($1::bigint[], $2::float8[], $3::float8[]) as ranges (register_id, first_ms, last_ms)
         on conflict do nothing`,
        [
          [...direct.ranges.keys()],
          [...direct.ranges.values()].map((range) => range.first),
          [...direct.ranges.values()].map((range) => range.last),
        ],
      );
    }
    if (direct.pending) {
      const staged = await upsertThroughStaging(client, importId, direct.pending);
      counts = {
        read: counts.read + staged.read,
        stored: counts.stored + staged.stored,
        unchanged: staged.unchanged,
        updated: staged.updated,
        duplicates: staged.duplicates,
      };
    }
    if (counts.stored + counts.updated > 0) await refreshRollups(client);
    await client.query('commit');
    return counts;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/**
 * COPYs rows straight into `readings` inside a savepoint, buffering the text it sends. Returns how
 * many rows it stored and their ranges, and the COPY text still to store through staging: the
 * whole buffer plus the unread rows after a failure, or only the unread rows when the buffer
 * filled up.
 */
async function copyDirectly(
  client: pg.ClientBase,
  importId: string | null,
  firstRow: ReadingRow,
  source: AsyncIterator<ReadingRow>,
  bufferLimit: number,
): Promise<{ copied: number; ranges: Ranges; pending: AsyncIterable<string> | null }> {
  const buffer: string[] = [];
  const ranges: Ranges = new Map();
  let bufferedChars = 0;
  let rowCount = 0;
  let isSourceDone = false;

  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    let row: ReadingRow | undefined = firstRow;
    while (row) {
      trackRange(ranges, row);
      rowCount += 1;
      chunk += toCopyLine(row, importId);
      if (chunk.length >= Math.min(COPY_CHUNK_CHARS, bufferLimit)) {
        buffer.push(chunk);
        bufferedChars += chunk.length;
        yield chunk;
        chunk = '';
        if (bufferedChars >= bufferLimit) return;
      }
      const next = await source.next();
      row = next.done ? undefined : next.value;
      if (next.done) isSourceDone = true;
    }
    if (chunk) {
      buffer.push(chunk);
      yield chunk;
    }
  }

  await client.query('savepoint direct_copy');
  const generator = chunks();
  try {
    await pipeline(
      Readable.from(generator),
      client.query(
        copyFrom('copy readings (register_id, interval_start, value, quality, import_id) from stdin'),
      ),
    );
  } catch (error) {
    if (!RETRY_THROUGH_STAGING.has((error as { code?: string }).code ?? '')) throw error;
    // The generator may still be reading a row from the source: let it finish, so that every row
    // it took is in the buffer before the buffer is replayed.
    await generator.return(undefined);
    await client.query('rollback to savepoint direct_copy');
    return { copied: 0, ranges: new Map(), pending: replay(buffer, isSourceDone ? null : source, importId) };
  }
  await client.query('release savepoint direct_copy');
  return { copied: rowCount, ranges, pending: isSourceDone ? null : replay([], source, importId) };
}

/** COPY text of the buffered chunks followed by the rows not read yet. */
async function* replay(
  buffered: string[],
  rest: AsyncIterator<ReadingRow> | null,
  importId: string | null,
): AsyncGenerator<string> {
  yield* buffered;
  if (!rest) return;
  let chunk = '';
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    chunk += toCopyLine(next.value, importId);
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Stores rows by the general path: COPY into a staging table, keep the last row of each (register, interval),
 * copy changed stored values to the history, upsert, and list the Paris days that changed in
 * `touched_days`.
 */
async function upsertThroughStaging(
  client: pg.ClientBase,
  importId: string | null,
  text: AsyncIterable<string>,
): Promise<IngestCounts> {
  await client.query(`create temporary table staging_readings (
      register_id bigint not null, interval_start timestamptz not null, value double precision,
      quality smallint not null, import_id bigint, ordinal bigint generated always as identity
    ) on commit drop`);
  await pipeline(
    Readable.from(text),
    client.query(
      copyFrom('copy staging_readings (register_id, interval_start, value, quality, import_id) from stdin'),
    ),
  );
  const years = await client.query<{ first_year: number; last_year: number; read: string }>(
    `select extract(year from min(interval_start))::integer as first_year, extract(year from max(interval_start))::integer as last_year,
       count(*) as read from staging_readings`,
  );
  const { first_year: firstYear, last_year: lastYear } = years.rows[0] ?? { first_year: 0, last_year: 0 };
  const read = Number(years.rows[0]?.read ?? 0);
  // A year boundary in UTC can hold Paris's 1 January, so cover the year after too.
  await client.query('select ensure_readings_partitions($1, $2)', [firstYear, lastYear + 1]);

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
  return { read, stored, unchanged: uniqueCount - stored - updated, updated, duplicates: read - uniqueCount };
}
