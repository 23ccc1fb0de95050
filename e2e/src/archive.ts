import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DATASET_DIR } from '../../server/src/demo/cambridge.js';

/**
 * Reads one hourly file of the Cambridge archive that the demo loads, independently of the
 * platform's loader: `YYYY-MM-DD HH:MM:SS` UTC start stamps and kWh, an empty value as null.
 */
export function archiveHours(archiveId: string, energy: 'electricity' | 'gas'): Map<string, number | null> {
  const file = path.join(DATASET_DIR, `UCam_Building_${archiveId}_${energy}_2018-2022.csv.gz`);
  const hours = new Map<string, number | null>();
  for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').slice(1)) {
    const [stamp, value = ''] = line.split(',');
    if (!stamp) continue;
    hours.set(stamp, value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value));
  }
  return hours;
}

/**
 * Sums the hours whose UTC start stamp lies in [from, to), and counts them and the empty ones.
 * The stamps compare as strings because they are written most significant part first.
 */
export function sumArchive(
  hours: Map<string, number | null>,
  from: string,
  to: string,
): { kWh: number; hours: number; empty: number } {
  let kWh = 0;
  let count = 0;
  let empty = 0;
  for (const [stamp, value] of hours) {
    if (stamp < from || stamp >= to) continue;
    count += 1;
    if (value === null) empty += 1;
    else kWh += value;
  }
  return { kWh, hours: count, empty };
}
