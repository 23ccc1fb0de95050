import {
  type EntitySummary,
  formatFrenchDate,
  instantOfLocalTime,
  type MaxPowerEntry,
  type OperatorHistoryFile,
  type OperatorReadingRow,
  PARIS,
  type ReadingStep,
  rejectDuplicates,
  type SourcedRecord,
} from '@openfluides/core';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { type IngestCounts, ingestReadings, type ReadingRow } from '../metering/readings-store.js';
import { DeliveryPointDirectory, type KnownDeliveryPoint } from './delivery-points.js';
import { EntityTracker } from './entities.js';
import { type ImportConnection, savepointClient } from './transaction.js';

const UNKNOWN_POINT_FIX =
  'Importez d’abord le fichier du patrimoine qui le décrit, ou corrigez l’identifiant, puis réimportez le fichier.';

type ResolvedReading = OperatorReadingRow & { point: KnownDeliveryPoint };

type HistoryRegisterKind = 'ENERGY' | 'POWER';

const REGISTER_NAMES: Record<HistoryRegisterKind, Record<ReadingStep, string>> = {
  ENERGY: { P1M: 'Consommation mensuelle (historique)', P1D: 'Consommation journalière (historique)' },
  POWER: {
    P1M: 'Puissance moyenne mensuelle (historique)',
    P1D: 'Puissance moyenne journalière (historique)',
  },
};

export interface OperatorHistoryResult {
  entities: Record<string, EntitySummary>;
  readings: IngestCounts;
  maxPowers: MaxPowerEntry[];
}

function describePeriod(reading: ResolvedReading): string {
  return reading.step === 'P1M'
    ? `le mois ${formatFrenchDate(reading.localDate).slice(3)}`
    : `le jour ${formatFrenchDate(reading.localDate)}`;
}

/** Code of the operator meter created for a point: `PDL-<identifier>`, within the code pattern. */
function meterCodeFor(point: KnownDeliveryPoint): string {
  return `PDL-${point.identifier.replace(/[^A-Za-z0-9_.:-]/g, '-')}`.slice(0, 60);
}

/** Finds or creates the operator meters and history registers that the readings need. */
class MeteringSetup {
  readonly meters = new EntityTracker();
  readonly registers = new EntityTracker();
  private readonly meterByPoint = new Map<string, { id: string; code: string }>();
  private readonly registerByKey = new Map<string, string>();

  constructor(private readonly db: Db) {}

  async meterOf(point: KnownDeliveryPoint): Promise<{ id: string; code: string }> {
    const cached = this.meterByPoint.get(point.id);
    if (cached) return cached;
    const existing = await this.db
      .selectFrom('meters')
      .select(['id', 'code'])
      .where('delivery_point_id', '=', point.id)
      .where('kind', '=', 'operator')
      .orderBy(sql`removed_on is not null`)
      .orderBy('id')
      .executeTakeFirst();
    let meter = existing;
    if (meter) {
      this.meters.record('unchanged', meter.code, null);
    } else {
      const baseCode = meterCodeFor(point);
      const taken = await this.db
        .selectFrom('meters')
        .select('id')
        .where('code', '=', baseCode)
        .executeTakeFirst();
      // A point of another energy can share the identifier, and its meter then already has the code.
      const code = taken ? `${baseCode.slice(0, 40)}-${point.energy}` : baseCode;
      meter = await this.db
        .insertInto('meters')
        .values({
          code,
          name: `Compteur du gestionnaire de réseau ${point.identifier}`,
          kind: 'operator',
          energy: point.energy,
          delivery_point_id: point.id,
        })
        .returning(['id', 'code'])
        .executeTakeFirstOrThrow();
      this.meters.record('create', code, null);
    }
    this.meterByPoint.set(point.id, meter);
    return meter;
  }

  async registerOf(point: KnownDeliveryPoint, kind: HistoryRegisterKind, step: ReadingStep): Promise<string> {
    const key = `${point.id}|${kind}|${step}`;
    const cached = this.registerByKey.get(key);
    if (cached) return cached;
    const meter = await this.meterOf(point);
    const label = `${meter.code} ${kind} ${step}`;
    const existing = await this.db
      .selectFrom('registers')
      .select('id')
      .where('meter_id', '=', meter.id)
      .where('kind', '=', kind)
      .where('step', '=', step)
      .orderBy('is_consumption', 'desc')
      .orderBy('id')
      .executeTakeFirst();
    let registerId = existing?.id;
    if (registerId) {
      this.registers.record('unchanged', label, null);
    } else {
      const consumption = await this.db
        .selectFrom('registers')
        .select('id')
        .where('meter_id', '=', meter.id)
        .where('is_consumption', '=', true)
        .executeTakeFirst();
      const created = await this.db
        .insertInto('registers')
        .values({
          meter_id: meter.id,
          kind,
          unit: kind === 'ENERGY' ? 'kWh' : 'kW',
          step,
          stamp: 'start',
          name: REGISTER_NAMES[kind][step],
          // A meter has at most one consumption register: the first energy register created.
          is_consumption: kind === 'ENERGY' && consumption === undefined,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      registerId = created.id;
      this.registers.record('create', label, null);
    }
    this.registerByKey.set(key, registerId);
    return registerId;
  }
}

function resolvePoints(
  file: OperatorHistoryFile,
  directory: DeliveryPointDirectory,
): SourcedRecord<ResolvedReading>[] {
  const resolved: SourcedRecord<ResolvedReading>[] = [];
  for (const { ref, value } of file.readings) {
    const resolution = directory.resolve(value.identifierCell, value.energy, UNKNOWN_POINT_FIX);
    if ('point' in resolution) resolved.push({ ref, value: { ...value, point: resolution.point } });
    else file.parsed.reject(ref.error('identifier', resolution.reason, resolution.fix));
  }
  return resolved;
}

/**
 * Stores the operator's history: each row becomes a measured reading of the point's operator
 * meter, stamped at Paris midnight of its day or of the 1st of its month, through
 * `ingestReadings` inside the import's transaction. Maximum powers are returned, not stored.
 */
export async function storeOperatorHistory(
  connection: ImportConnection,
  file: OperatorHistoryFile,
  importRunId: string,
): Promise<OperatorHistoryResult> {
  const directory = await DeliveryPointDirectory.load(connection.db);
  const { kept, errors } = rejectDuplicates(resolvePoints(file, directory), {
    keyOf: (reading) => `${reading.point.id}|${reading.step}|${reading.localDate}`,
    column: (reading) => reading.periodKey,
    describe: (reading) =>
      `le relevé du point de livraison « ${reading.point.identifier} » pour ${describePeriod(reading)}`,
    unit: 'point de livraison et période',
  });
  for (const error of errors) file.parsed.reject(error);

  const setup = new MeteringSetup(connection.db);
  const rows: ReadingRow[] = [];
  const maxPowers: MaxPowerEntry[] = [];
  for (const { ref, value } of kept) {
    const intervalStart = instantOfLocalTime(value.localDate, 0, 0, PARIS);
    if (value.energyKwh !== undefined) {
      const registerId = await setup.registerOf(value.point, 'ENERGY', value.step);
      rows.push({ registerId, intervalStart, value: value.energyKwh, quality: 'measured' });
    }
    if (value.meanPowerKw !== undefined) {
      const registerId = await setup.registerOf(value.point, 'POWER', value.step);
      rows.push({ registerId, intervalStart, value: value.meanPowerKw, quality: 'measured' });
    }
    if (value.maxPowerKw !== undefined) {
      maxPowers.push({
        energy: value.point.energy,
        identifier: value.point.identifier,
        step: value.step,
        periodStart: value.localDate,
        maxPowerKw: value.maxPowerKw,
        sheet: ref.sheet,
        row: ref.row,
      });
    }
  }

  const readings = await ingestReadings(savepointClient(connection.client), importRunId, rows);
  return {
    entities: {
      meters: setup.meters.summary,
      registers: setup.registers.summary,
      readings: {
        created: readings.stored,
        updated: readings.updated,
        unchanged: readings.unchanged,
        items: [],
      },
    },
    readings,
    maxPowers,
  };
}
