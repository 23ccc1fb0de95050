// Ingestion benchmark: one month of a BMS export at 10 minutes for 123 sub-meters, in the wide
// layout a GTB writes (one column per meter, Paris time, `;` and decimal commas, values in Wh).
// It times parsing alone, then the whole pipeline (archive, parse, map, store, rollups), and
// compares with a bare COPY of the same readings into an emptied table.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BmsMapping, parseBmsCsv } from '@openfluides/core';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { openDatabase } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';
import { IngestPipeline } from '../../server/src/ingest/pipeline.js';

const METERS = 123;
const MONTH_START_UTC = Date.UTC(2024, 0, 1) - 3_600_000; // 1 January 2024 00:00 in Paris (CET).
const DAYS = 31;
const STEP_MS = 600_000;
const TARGET_RATIO_TO_COPY = 0.5;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Builds the export: 4 464 rows of 123 energy values, stamped at the end of each interval. */
function buildExport(): { text: string; mapping: BmsMapping } {
  const header = [
    'Horodatage',
    ...Array.from({ length: METERS }, (_, index) => `SC${String(index + 1).padStart(3, '0')} (Wh)`),
  ];
  const lines = [header.join(';')];
  let seed = 42;
  for (let step = 1; step <= DAYS * 144; step++) {
    // Interval ends in Paris time, which is UTC+1 all January.
    const end = new Date(MONTH_START_UTC + step * STEP_MS + 3_600_000);
    const stamp = `${pad(end.getUTCDate())}/${pad(end.getUTCMonth() + 1)}/${end.getUTCFullYear()} ${pad(end.getUTCHours())}:${pad(end.getUTCMinutes())}`;
    const cells = [stamp];
    for (let meter = 0; meter < METERS; meter++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      cells.push(((seed % 500_000) / 100).toFixed(2).replace('.', ','));
    }
    lines.push(cells.join(';'));
  }
  const mapping: BmsMapping = {
    layout: 'wide',
    timestamp: { column: 'Horodatage' },
    long: null,
    timeZone: 'Europe/Paris',
    timestampMeaning: 'end',
    stepMinutes: 10,
    dateOrder: 'dmy',
    separator: ';',
    decimalMark: ',',
    encoding: 'utf-8',
    sheet: null,
    points: header.slice(1).map((column) => ({
      target: 'reading',
      source: column,
      externalId: column.slice(0, 5),
      measure: 'ENERGY',
      unit: 'Wh',
      multiplier: 1,
      valuesKind: 'interval',
    })),
  };
  return { text: `${lines.join('\r\n')}\r\n`, mapping };
}

export async function runIngestBenchmark(): Promise<string[]> {
  const { text, mapping } = buildExport();
  const bytes = Buffer.from(text, 'utf8');

  const parseStart = performance.now();
  const parsed = parseBmsCsv({ fileName: 'gtb-janvier-2024.csv', bytes }, mapping);
  const parseMs = performance.now() - parseStart;
  const readingCount = parsed.readings.length;
  if (readingCount !== METERS * DAYS * 144) throw new Error(`parsed ${readingCount} readings`);

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-bench-ingest-'));
  await fs.chmod(dataDir, 0o755);
  const logger = pino({ level: 'warn' });
  const database = await openDatabase({ databaseUrl: null, dataDir, logger, maxConnections: 4 });
  try {
    await migrate(database.pool, logger);
    const site = await database.db
      .insertInto('sites')
      .values({ code: 'BENCH', name: 'Bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const building = await database.db
      .insertInto('buildings')
      .values({ site_id: site.id, code: 'B1', name: 'Bench', floor_area_m2: 1000 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const registerIds: string[] = [];
    for (let meter = 1; meter <= METERS; meter++) {
      const code = `SC${String(meter).padStart(3, '0')}`;
      const row = await database.db
        .insertInto('meters')
        .values({ code, kind: 'submeter', energy: 'electricity', building_id: building.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const register = await database.db
        .insertInto('registers')
        .values({ meter_id: row.id, kind: 'ENERGY', unit: 'kWh', step: 'PT10M', external_id: code })
        .returning('id')
        .executeTakeFirstOrThrow();
      registerIds.push(register.id);
    }
    await database.pool.query('select ensure_readings_partitions(2023, 2025)');

    const ingest = new IngestPipeline(database, logger);
    const importStart = performance.now();
    const outcome = await ingest.receive(
      { name: 'gtb-janvier-2024.csv', bytes },
      { sourceId: null, format: 'bms-csv', mapping, origin: 'cli', userId: null },
    );
    const importMs = performance.now() - importStart;
    if (outcome.counts.stored !== readingCount)
      throw new Error(`stored ${outcome.counts.stored} of ${readingCount}`);

    const client = await database.pool.connect();
    try {
      await client.query('truncate readings, readings_daily, readings_monthly, readings_history');
      await client.query('checkpoint');
      const registerByExternal = new Map(
        registerIds.map((id, index) => [`SC${String(index + 1).padStart(3, '0')}`, id]),
      );
      const copyStart = performance.now();
      await pipeline(
        Readable.from(
          (function* () {
            // Chunks of about 1 MB, as the import path sends them.
            let chunk = '';
            for (const reading of parsed.readings) {
              chunk += `${registerByExternal.get(reading.externalId)}\t${reading.start.toISOString()}\t${reading.value}\t1\n`;
              if (chunk.length >= 1_000_000) {
                yield chunk;
                chunk = '';
              }
            }
            if (chunk.length > 0) yield chunk;
          })(),
        ),
        client.query(copyFrom('copy readings (register_id, interval_start, value, quality) from stdin')),
      );
      const copyMs = performance.now() - copyStart;
      const ratio = copyMs / importMs;
      const rate = (ms: number) =>
        Math.round(readingCount / (ms / 1000))
          .toLocaleString('en')
          .padStart(9);
      return [
        `Ingestion (BMS export: ${METERS} meters × 1 month at 10 min, ${readingCount.toLocaleString('en')} readings, ${(bytes.length / 1024 / 1024).toFixed(1)} MB)`,
        `  parse only (bms-csv)                            ${(parseMs / 1000).toFixed(1).padStart(7)} s   ${rate(parseMs)} readings/s`,
        `  whole pipeline (archive, parse, map, store)     ${(importMs / 1000).toFixed(1).padStart(7)} s   ${rate(importMs)} readings/s   ratio to bare COPY ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO_TO_COPY})`,
        `  bare COPY of the parsed readings                ${(copyMs / 1000).toFixed(1).padStart(7)} s   ${rate(copyMs)} readings/s`,
      ];
    } finally {
      client.release();
    }
  } finally {
    await database.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
