import type {
  DeliveryPointFacts,
  GasConversionRecord,
  MaxPowerRecord,
  ParseIssue,
  PublicationPart,
} from '@openfluides/core';
import { sql } from 'kysely';
import type { ImportConnection } from '../history-import/transaction.js';

export interface RecordCounts {
  stored: number;
  updated: number;
  unchanged: number;
  rejected: number;
  issues: ParseIssue[];
}

const SEGMENTS_BY_ENERGY: Record<string, readonly string[]> = {
  electricity: ['C5', 'C4', 'C3', 'C2', 'C1', 'HTA'],
  gas: ['T1', 'T2', 'T3', 'T4', 'TP'],
};

function emptyCounts(): RecordCounts {
  return { stored: 0, updated: 0, unchanged: 0, rejected: 0, issues: [] };
}

/**
 * Applies operator facts (Enedis C68) to known delivery points: segment, subscribed power per
 * tariff period from the contract's start date, and the serial number of the operator meter.
 * Facts about an unknown PRM are rejected, because delivery points are created by users.
 */
export async function applyDeliveryPointFacts(
  connection: ImportConnection,
  facts: DeliveryPointFacts[],
): Promise<RecordCounts> {
  const counts = emptyCounts();
  for (const fact of facts) {
    const point = await connection.db
      .selectFrom('delivery_points')
      .select(['id', 'energy', 'segment'])
      .where('identifier', '=', fact.identifier)
      .executeTakeFirst();
    if (!point) {
      counts.rejected++;
      counts.issues.push({
        ...fact.location,
        severity: 'error',
        code: 'unknown-delivery-point',
        message: `Le point de livraison « ${fact.identifier} » n’existe pas dans le patrimoine : créez-le (page « Points de livraison ») puis retraitez ce fichier depuis le journal.`,
        raw: null,
      });
      continue;
    }
    let changed = false;
    if (fact.segment !== null && fact.segment !== point.segment) {
      if (SEGMENTS_BY_ENERGY[point.energy]?.includes(fact.segment)) {
        await connection.db
          .updateTable('delivery_points')
          .set({ segment: fact.segment, updated_at: new Date() })
          .where('id', '=', point.id)
          .execute();
        changed = true;
      } else {
        counts.issues.push({
          ...fact.location,
          severity: 'warning',
          code: 'segment-ignored',
          message: `Le segment « ${fact.segment} » ne correspond pas à l’énergie du point ${fact.identifier} : il n’a pas été enregistré.`,
          raw: null,
        });
      }
    }
    if (fact.validFrom !== null) {
      for (const power of fact.subscribedPowers) {
        const timeClass = (power.period ?? 'BASE').toUpperCase();
        if (!/^[A-Z]{1,6}$/.test(timeClass) || !(power.kva > 0)) continue;
        const open = await connection.db
          .selectFrom('subscribed_powers')
          .select(['id', 'power_kva', 'valid_from'])
          .where('delivery_point_id', '=', point.id)
          .where('time_class', '=', timeClass)
          .where('valid_to', 'is', null)
          .executeTakeFirst();
        if (open && Number(open.power_kva) === power.kva) continue;
        if (open && open.valid_from >= fact.validFrom) {
          await connection.db
            .updateTable('subscribed_powers')
            .set({ power_kva: power.kva })
            .where('id', '=', open.id)
            .execute();
        } else {
          if (open)
            await connection.db
              .updateTable('subscribed_powers')
              .set({ valid_to: fact.validFrom })
              .where('id', '=', open.id)
              .execute();
          await connection.db
            .insertInto('subscribed_powers')
            .values({
              delivery_point_id: point.id,
              time_class: timeClass,
              power_kva: power.kva,
              valid_from: fact.validFrom,
            })
            .execute();
        }
        changed = true;
      }
    }
    if (fact.meterSerial !== null) {
      const result = await connection.db
        .updateTable('meters')
        .set({ serial_number: fact.meterSerial })
        .where('delivery_point_id', '=', point.id)
        .where('kind', '=', 'operator')
        .where('removed_on', 'is', null)
        .where('serial_number', '<>', fact.meterSerial)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) changed = true;
    }
    if (changed) counts.updated++;
    else counts.unchanged++;
  }
  return counts;
}

/** Upserts published maximum powers; a later publication of the same day replaces the value. */
export async function storeMaxPowers(
  connection: ImportConnection,
  importId: string,
  records: MaxPowerRecord[],
): Promise<RecordCounts> {
  const counts = emptyCounts();
  if (records.length === 0) return counts;
  // The last record of a day wins, as a republished value would.
  const byDay = new Map<string, MaxPowerRecord>();
  for (const record of records) byDay.set(`${record.externalId}\u0000${record.date}`, record);
  const unique = [...byDay.values()];
  const result = await sql<{ inserted: boolean }>`
    insert into max_powers (external_id, day, measured_at, value, unit, import_id)
    select * from unnest(${unique.map((record) => record.externalId)}::text[], ${unique.map((record) => record.date)}::date[],
      ${unique.map((record) => record.at?.toISOString() ?? null)}::timestamptz[], ${unique.map((record) => record.value)}::float8[],
      ${unique.map((record) => record.unit)}::text[], array_fill(${importId}::bigint, array[${unique.length}::int]))
    on conflict (external_id, day) do update set
      measured_at = excluded.measured_at, value = excluded.value, unit = excluded.unit, import_id = excluded.import_id
    where (max_powers.measured_at, max_powers.value, max_powers.unit)
      is distinct from (excluded.measured_at, excluded.value, excluded.unit)
    returning (xmax = 0) as inserted`.execute(connection.db);
  counts.stored = result.rows.filter((row) => row.inserted).length;
  counts.updated = result.rows.length - counts.stored;
  counts.unchanged = records.length - counts.stored - counts.updated;
  return counts;
}

/** Upserts gas conversion coefficients of reading periods. */
export async function storeGasConversions(
  connection: ImportConnection,
  importId: string,
  records: GasConversionRecord[],
): Promise<RecordCounts> {
  const counts = emptyCounts();
  if (records.length === 0) return counts;
  const byPeriod = new Map<string, GasConversionRecord>();
  for (const record of records)
    byPeriod.set(`${record.externalId}\u0000${record.from}\u0000${record.to}`, record);
  const unique = [...byPeriod.values()];
  const result = await sql<{ inserted: boolean }>`
    insert into gas_conversions (external_id, from_day, to_day, coefficient, pcs_kwh_per_m3, import_id)
    select * from unnest(${unique.map((record) => record.externalId)}::text[], ${unique.map((record) => record.from)}::date[],
      ${unique.map((record) => record.to)}::date[], ${unique.map((record) => record.coefficient)}::float8[],
      ${unique.map((record) => record.pcsKwhPerM3)}::float8[], array_fill(${importId}::bigint, array[${unique.length}::int]))
    on conflict (external_id, from_day, to_day) do update set
      coefficient = excluded.coefficient, pcs_kwh_per_m3 = excluded.pcs_kwh_per_m3, import_id = excluded.import_id
    where (gas_conversions.coefficient, gas_conversions.pcs_kwh_per_m3)
      is distinct from (excluded.coefficient, excluded.pcs_kwh_per_m3)
    returning (xmax = 0) as inserted`.execute(connection.db);
  counts.stored = result.rows.filter((row) => row.inserted).length;
  counts.updated = result.rows.length - counts.stored;
  counts.unchanged = records.length - counts.stored - counts.updated;
  return counts;
}

/**
 * Records one part of a numbered publication and returns the ranks still missing, so the journal
 * can report an incomplete multi-file delivery.
 */
export async function recordPublicationPart(
  connection: ImportConnection,
  part: PublicationPart,
  rawFileId: string,
  importId: string,
): Promise<{ received: number; missing: number[] }> {
  await sql`
    insert into publication_parts (flow, publication_key, rank, total, raw_file_id, import_id)
    values (${part.flow}, ${part.publicationKey}, ${part.rank}, ${part.total}, ${rawFileId}, ${importId})
    on conflict (flow, publication_key, rank) do update set raw_file_id = excluded.raw_file_id, import_id = excluded.import_id, received_at = now()`.execute(
    connection.db,
  );
  const rows = await connection.db
    .selectFrom('publication_parts')
    .select('rank')
    .where('flow', '=', part.flow)
    .where('publication_key', '=', part.publicationKey)
    .execute();
  const received = new Set(rows.map((row) => row.rank));
  const missing: number[] = [];
  for (let rank = 1; rank <= part.total; rank++) if (!received.has(rank)) missing.push(rank);
  return { received: received.size, missing };
}
