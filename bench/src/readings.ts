// Readings store benchmark: load one year of 10-minute sub-meter data of the synthetic estate
// through the import path and through a bare COPY of the same rows, then time the consumption
// queries that dashboards run over three years of daily data.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { openDatabase } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';
import {
  createSyntheticEstate,
  generatePointReadings,
  generateSubmeterReadings,
} from '../../server/src/demo/synthetic.js';
import { getBuildingConsumption } from '../../server/src/metering/consumption.js';
import { ingestReadings, type ReadingRow } from '../../server/src/metering/readings-store.js';

const SEED = 20_261_204;
const LOAD_FROM = '2024-01-01T00:00:00Z';
const LOAD_TO = '2025-01-01T00:00:00Z';
const REGISTERS_PER_IMPORT = 24;
const TARGET_RATIO_TO_COPY = 0.5;
const TARGET_BUILDING_DAILY_MS = 50;
const TARGET_ESTATE_MONTHLY_MS = 200;

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work();
  const durations: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const startedAt = performance.now();
    await work();
    durations.push(performance.now() - startedAt);
  }
  return { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95) };
}

function copyText(rows: Iterable<ReadingRow>): Readable {
  function* lines() {
    let batch = '';
    for (const row of rows) {
      batch += `${row.registerId}\t${row.intervalStart.toISOString()}\t${row.value}\t1\n`;
      if (batch.length > 1_000_000) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.from(lines());
}

export async function runReadingsBenchmark(): Promise<string[]> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-bench-readings-'));
  await fs.chmod(dataDir, 0o755);
  const logger = pino({ level: 'warn' });
  const database = await openDatabase({ databaseUrl: null, dataDir, logger, maxConnections: 4 });
  try {
    await migrate(database.pool, logger);
    const estate = await createSyntheticEstate(database.db, SEED);
    const registers = estate.submeterRegisters;
    const client = await database.pool.connect();
    try {
      await client.query('select ensure_readings_partitions(2021, 2025)');

      // The import path first, on an empty table as a first load would find it: COPY and rollups
      // in batches of registers.
      const importStart = performance.now();
      for (let first = 0; first < registers.length; first += REGISTERS_PER_IMPORT) {
        await ingestReadings(
          client,
          null,
          generateSubmeterReadings(
            registers.slice(first, first + REGISTERS_PER_IMPORT),
            LOAD_FROM,
            LOAD_TO,
            SEED,
          ),
        );
      }
      const importMs = performance.now() - importStart;
      const { rows } = await client.query<{ count: string }>('select count(*) from readings');
      const rowCount = Number(rows[0]?.count);

      // Then a bare COPY of the same rows into the same, emptied table: the reference.
      await client.query('truncate readings, readings_daily, readings_monthly, readings_history');
      await client.query('checkpoint');
      const bareStart = performance.now();
      await pipeline(
        copyText(generateSubmeterReadings(registers, LOAD_FROM, LOAD_TO, SEED)),
        client.query(copyFrom('copy readings (register_id, interval_start, value, quality) from stdin')),
      );
      const bareMs = performance.now() - bareStart;

      // Three years of daily delivery-point data for the consumption queries.
      await ingestReadings(
        client,
        null,
        generatePointReadings(estate.pointRegisters, '2021-12-31T23:00:00Z', 1096, SEED),
      );
      await client.query('analyze');

      const oneBuilding = estate.buildingIds[100] ?? '';
      const range = { from: '2022-01-01', to: '2025-01-01' };
      const building = await timeRuns(50, () =>
        getBuildingConsumption(database.db, [oneBuilding], range, 'day'),
      );
      const estateMonthly = await timeRuns(20, () =>
        getBuildingConsumption(database.db, estate.buildingIds, range, 'month'),
      );

      const ratio = bareMs / importMs;
      return [
        `Readings store (synthetic estate: ${estate.buildingIds.length} buildings, ${registers.length} sub-meter registers at 10 min, ${rowCount.toLocaleString('en')} readings for 2024)`,
        `  bare COPY into readings                         ${(bareMs / 1000).toFixed(1).padStart(7)} s   ${Math.round(
          rowCount / (bareMs / 1000),
        )
          .toLocaleString('en')
          .padStart(9)} readings/s`,
        `  import path (COPY + rollups; staging on conflict)${(importMs / 1000).toFixed(1).padStart(7)} s   ${Math.round(
          rowCount / (importMs / 1000),
        )
          .toLocaleString('en')
          .padStart(
            9,
          )} readings/s   ratio to bare COPY ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO_TO_COPY})`,
        `  one building, daily energy over 3 years      p50 ${building.p50.toFixed(1)} ms, p95 ${building.p95.toFixed(1)} ms   (target < ${TARGET_BUILDING_DAILY_MS} ms, ratio ${(building.p95 / TARGET_BUILDING_DAILY_MS).toFixed(2)})`,
        `  whole estate, monthly by building, 3 years   p50 ${estateMonthly.p50.toFixed(1)} ms, p95 ${estateMonthly.p95.toFixed(1)} ms   (target < ${TARGET_ESTATE_MONTHLY_MS} ms, ratio ${(estateMonthly.p95 / TARGET_ESTATE_MONTHLY_MS).toFixed(2)})`,
      ];
    } finally {
      client.release();
    }
  } finally {
    await database.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
