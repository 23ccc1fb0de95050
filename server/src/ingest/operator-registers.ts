import type { Measure } from '@openfluides/core';
import { sql } from 'kysely';
import type { ImportConnection } from '../history-import/transaction.js';

/** Register steps of the readings store, by interval length in seconds. */
export const STEP_BY_SECONDS: Record<number, 'PT10M' | 'PT30M' | 'PT1H' | 'P1D'> = {
  600: 'PT10M',
  1800: 'PT30M',
  3600: 'PT1H',
  86400: 'P1D',
};

const CANONICAL_UNITS: Record<Measure, string> = {
  ENERGY: 'kWh',
  INDEX: 'kWh',
  POWER: 'kW',
  VOLUME: 'm3',
  TEMPERATURE: 'degC',
};

const SUB_DAILY_STEPS: Array<'PT10M' | 'PT30M' | 'PT1H' | 'P1D' | 'P1M'> = ['PT10M', 'PT30M', 'PT1H'];
/** Calendar months last 28 to 31 days (672 to 744 hours, ±1 hour across a clock change). */
const MONTH_SECONDS = { min: 28 * 86_400 - 3600, max: 31 * 86_400 + 3600 };

/** Register step of a series: null for an index read at an instant counts as daily. */
export function registerStep(
  stepSeconds: number | null,
): 'PT10M' | 'PT30M' | 'PT1H' | 'P1D' | 'P1M' | undefined {
  if (stepSeconds === null) return 'P1D';
  if (stepSeconds >= MONTH_SECONDS.min && stepSeconds <= MONTH_SECONDS.max) return 'P1M';
  // A gas day across a clock change lasts 23 or 25 hours.
  if (stepSeconds === 82_800 || stepSeconds === 90_000) return 'P1D';
  return STEP_BY_SECONDS[stepSeconds];
}

/**
 * Register step that sums an interval energy of a step the store has no register for (5 or 15
 * minutes): the shortest of 10 and 30 minutes that the step divides.
 */
function containingSubDailyStep(measure: Measure, stepSeconds: number | null): 'PT10M' | 'PT30M' | undefined {
  if ((measure !== 'ENERGY' && measure !== 'VOLUME') || stepSeconds === null || stepSeconds <= 0)
    return undefined;
  if (600 % stepSeconds === 0) return 'PT10M';
  if (1800 % stepSeconds === 0) return 'PT30M';
  return undefined;
}

export interface OperatorRegister {
  id: string;
  kind: string;
  step: string;
  /**
   * Interval energies and volumes may change step inside a delivery point's history (Enedis R50,
   * M023): finer values are summed to the register's step, coarser ones split into estimated parts.
   */
  adaptsSubDailySteps: boolean;
}

/**
 * Finds, or creates, the register of an operator series on the delivery point whose PRM or PCE is
 * the identifier's part before the first `#`. The part after it (a tariff period such as HP) names
 * the register. Returns null when no delivery point has that identifier, so the series waits in
 * the queue of unknown identifiers, because the platform never creates delivery points from a file.
 */
export async function resolveOperatorRegister(
  connection: ImportConnection,
  externalId: string,
  measure: Measure,
  stepSeconds: number | null,
): Promise<OperatorRegister | null> {
  // Only the first `#` separates the PRM: `PRM#PROD#HPH` names the register `PROD#HPH`.
  const separator = externalId.indexOf('#');
  const identifier = separator < 0 ? externalId : externalId.slice(0, separator);
  const period = separator < 0 ? '' : externalId.slice(separator + 1);
  const point = await connection.db
    .selectFrom('delivery_points')
    .select(['id', 'energy'])
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  if (!point) return null;

  const step = registerStep(stepSeconds) ?? containingSubDailyStep(measure, stepSeconds);
  if (!step) return null;
  // Sub-daily interval energies may change step inside a delivery point's history (Enedis R50
  // from 30 to 10 minutes) and stay one register, summed to its step. Daily and monthly series
  // get their own registers, so that a month is never added to the days it covers.
  const adaptsSubDailySteps =
    (measure === 'ENERGY' || measure === 'VOLUME') && SUB_DAILY_STEPS.includes(step);

  let meter = await connection.db
    .selectFrom('meters')
    .select('id')
    .where('delivery_point_id', '=', point.id)
    .where('kind', '=', 'operator')
    .where('removed_on', 'is', null)
    .orderBy(sql`installed_on desc nulls last`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!meter) {
    meter = await connection.db
      .insertInto('meters')
      .values({
        code: `OP-${identifier}`.slice(0, 60),
        kind: 'operator',
        energy: point.energy,
        delivery_point_id: point.id,
        name: 'Compteur du gestionnaire de réseau',
      })
      .onConflict((conflict) => conflict.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    // A meter of another delivery point already has that code: leave the series to a user.
    if (!meter) return null;
  }

  let query = connection.db
    .selectFrom('registers')
    .select(['id', 'kind', 'step'])
    .where('meter_id', '=', meter.id)
    .where('kind', '=', measure)
    .where('name', '=', period);
  query = adaptsSubDailySteps ? query.where('step', 'in', SUB_DAILY_STEPS) : query.where('step', '=', step);
  const existing = await query.orderBy('id').executeTakeFirst();
  if (existing) return { ...existing, adaptsSubDailySteps };

  const hasConsumption = await connection.db
    .selectFrom('registers')
    .select('id')
    .where('meter_id', '=', meter.id)
    .where('is_consumption', '=', true)
    .executeTakeFirst();
  const created = await connection.db
    .insertInto('registers')
    .values({
      meter_id: meter.id,
      kind: measure,
      unit: CANONICAL_UNITS[measure],
      step,
      name: period,
      // Operator load curves and daily energies are end stamps converted to interval starts.
      stamp: 'start',
      is_consumption: !hasConsumption && period === '' && (measure === 'ENERGY' || measure === 'INDEX'),
    })
    .returning(['id', 'kind', 'step'])
    .executeTakeFirstOrThrow();
  return { ...created, adaptsSubDailySteps };
}
