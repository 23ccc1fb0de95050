import { ENERGIES } from '@openfluides/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { assertBuildingAccess } from '../access/guards.js';
import { type Scope, visibleBuildingIds, visibleDeliveryPointIds, visibleMeterIds } from '../access/scope.js';
import type { AuditRepository } from '../audit/repository.js';
import type { Database, Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { actorOf, requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema, localDateSchema } from '../http/schemas.js';
import { type ConsumptionPoint, getBuildingConsumption } from './consumption.js';
import { createTouchedDays, refreshRollups } from './rollups.js';

const REGISTER_KINDS = ['INDEX', 'ENERGY', 'POWER', 'VOLUME', 'TEMPERATURE'] as const;
const STEPS = ['PT10M', 'PT30M', 'PT1H', 'P1D', 'P1M'] as const;
const UNIT_BY_KIND = { INDEX: 'kWh', ENERGY: 'kWh', POWER: 'kW', VOLUME: 'm3', TEMPERATURE: 'degC' } as const;
/** Largest span of raw readings one request returns: a year of 10-minute points is 52 704. */
const MAX_RAW_POINTS = 60_000;

const registerSchema = z.object({
  id: idSchema,
  kind: z.enum(REGISTER_KINDS),
  unit: z.string(),
  step: z.enum(STEPS),
  stamp: z.enum(['start', 'end', 'middle']),
  name: z.string(),
  isConsumption: z.boolean(),
  rolloverKWh: z.number().nullable(),
  externalId: z.string().nullable(),
});

const meterSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['operator', 'submeter']),
  energy: z.enum(ENERGIES),
  deliveryPointId: idSchema.nullable(),
  deliveryPointIdentifier: z.string().nullable(),
  buildingId: idSchema.nullable(),
  buildingName: z.string().nullable(),
  parentMeterId: idSchema.nullable(),
  lossesSharePercent: z.number().nullable(),
  serialNumber: z.string(),
  installedOn: z.string().nullable(),
  removedOn: z.string().nullable(),
  replacesMeterId: idSchema.nullable(),
  registers: z.array(registerSchema),
});

type Meter = z.infer<typeof meterSchema>;

async function loadMeters(
  db: Db,
  scope: Scope,
  filter: { id?: string; buildingId?: string; deliveryPointId?: string },
): Promise<Meter[]> {
  let query = db
    .selectFrom('meters as m')
    .leftJoin('delivery_points as dp', 'dp.id', 'm.delivery_point_id')
    .leftJoin('buildings as b', 'b.id', 'm.building_id')
    .select([
      'm.id',
      'm.code',
      'm.name',
      'm.kind',
      'm.energy',
      'm.delivery_point_id',
      'dp.identifier',
      'm.building_id',
      'b.name as building_name',
      'm.parent_meter_id',
      'm.losses_share',
      'm.serial_number',
      'm.installed_on',
      'm.removed_on',
      'm.replaces_meter_id',
    ])
    .where('m.id', 'in', visibleMeterIds(scope, 'estate', 'read'));
  if (filter.id) query = query.where('m.id', '=', filter.id);
  if (filter.deliveryPointId) query = query.where('m.delivery_point_id', '=', filter.deliveryPointId);
  if (filter.buildingId) {
    const buildingId = filter.buildingId;
    query = query.where((eb) =>
      eb.or([
        eb('m.building_id', '=', buildingId),
        eb(
          'm.delivery_point_id',
          'in',
          eb
            .selectFrom('delivery_point_allocations')
            .select('delivery_point_id')
            .where('building_id', '=', buildingId),
        ),
      ]),
    );
  }
  const meters = await query.orderBy('m.energy').orderBy('m.code').limit(5000).execute();
  if (meters.length === 0) return [];
  const registers = await db
    .selectFrom('registers')
    .selectAll()
    .where(
      'meter_id',
      'in',
      meters.map((meter) => meter.id),
    )
    .orderBy('id')
    .execute();
  return meters.map((meter) => ({
    id: meter.id,
    code: meter.code,
    name: meter.name,
    kind: meter.kind,
    energy: meter.energy,
    deliveryPointId: meter.delivery_point_id,
    deliveryPointIdentifier: meter.identifier,
    buildingId: meter.building_id,
    buildingName: meter.building_name,
    parentMeterId: meter.parent_meter_id,
    lossesSharePercent: meter.losses_share === null ? null : Number(meter.losses_share) * 100,
    serialNumber: meter.serial_number,
    installedOn: meter.installed_on,
    removedOn: meter.removed_on,
    replacesMeterId: meter.replaces_meter_id,
    registers: registers
      .filter((register) => register.meter_id === meter.id)
      .map((register) => ({
        id: register.id,
        kind: register.kind,
        unit: register.unit,
        step: register.step,
        stamp: register.stamp,
        name: register.name,
        isConsumption: register.is_consumption,
        rolloverKWh: register.rollover_kwh,
        externalId: register.external_id,
      })),
  }));
}

async function assertMeterLevel(
  db: Db,
  scope: Scope,
  meterId: string,
  level: 'write' | 'configure',
): Promise<void> {
  const readable = await db
    .selectFrom('meters')
    .select('id')
    .where('id', '=', meterId)
    .where('id', 'in', visibleMeterIds(scope, 'estate', 'read'))
    .executeTakeFirst();
  if (!readable) throw new AppError('not-found');
  const allowed = await db
    .selectFrom('meters')
    .select('id')
    .where('id', '=', meterId)
    .where('id', 'in', visibleMeterIds(scope, 'estate', level))
    .executeTakeFirst();
  if (!allowed) throw new AppError('forbidden', { level });
}

/** Returns the register when the caller may read consumption data of its meter; 404 otherwise. */
async function findReadableRegister(db: Db, scope: Scope, registerId: string) {
  const register = await db
    .selectFrom('registers')
    .selectAll()
    .where('id', '=', registerId)
    .where('meter_id', 'in', visibleMeterIds(scope, 'consumption', 'read'))
    .executeTakeFirst();
  if (!register) throw new AppError('not-found');
  return register;
}

/** Rebuilds the rollups of the Paris day holding `instant` (and, for INDEX registers, the day before). */
async function refreshRollupsAround(database: Database, registerId: string, instant: string): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await createTouchedDays(client);
    await client.query(
      `insert into touched_days (register_id, local_date) values ($1, ($2::timestamptz at time zone 'Europe/Paris')::date)`,
      [registerId, instant],
    );
    await refreshRollups(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

const rangeQuery = z
  .object({ from: localDateSchema, to: localDateSchema })
  .refine((range) => range.from < range.to, {
    message: 'la date de fin doit suivre la date de début',
    path: ['to'],
  });

const rollupRowSchema = z.object({
  period: z.string(),
  quantity: z.number().nullable(),
  maxPowerKw: z.number().nullable(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
  meanValue: z.number().nullable(),
  pointsPresent: z.number(),
  pointsEstimated: z.number(),
  pointsExpected: z.number(),
});

/** Meters, registers, index events, readings and building consumption. */
export function meterRoutes(database: Database, audit: AuditRepository): FastifyPluginAsyncZod {
  const db = database.db;
  return async (app) => {
    app.addHook('onRequest', requireSession);

    app.get(
      '/meters',
      {
        schema: {
          tags: ['metering'],
          summary: 'Meters in the caller’s scope, by building or delivery point',
          querystring: z.object({ buildingId: idSchema.optional(), deliveryPointId: idSchema.optional() }),
          response: { 200: z.object({ items: z.array(meterSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await loadMeters(db, scopeOf(request), request.query) }),
    );

    app.get(
      '/meters/:id',
      {
        schema: {
          tags: ['metering'],
          summary: 'One meter with its registers',
          params: idParam,
          response: { 200: meterSchema, ...errorResponses },
        },
      },
      async (request) => {
        const [meter] = await loadMeters(db, scopeOf(request), { id: request.params.id });
        if (!meter) throw new AppError('not-found');
        return meter;
      },
    );

    app.post(
      '/meters',
      {
        schema: {
          tags: ['metering'],
          summary:
            'Create a meter: an operator meter at a delivery point, or a sub-meter in a building (configure level)',
          body: z.object({
            code: z
              .string()
              .trim()
              .regex(
                /^[A-Za-z0-9_.:-]{1,60}$/,
                'lettres, chiffres, « . », « _ », « : » ou « - », 60 caractères au plus',
              ),
            name: z.string().trim().max(200).default(''),
            kind: z.enum(['operator', 'submeter']),
            energy: z.enum(ENERGIES),
            deliveryPointId: idSchema.nullable().optional(),
            buildingId: idSchema.nullable().optional(),
            parentMeterId: idSchema.nullable().optional(),
            lossesSharePercent: z.number().min(0).max(99).nullable().optional(),
            serialNumber: z.string().trim().max(100).default(''),
            installedOn: localDateSchema.nullable().optional(),
            replacesMeterId: idSchema.nullable().optional(),
          }),
          response: { 201: meterSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const body = request.body;
        if (body.kind === 'operator' && !body.deliveryPointId)
          throw new AppError('validation-failed', {}, { deliveryPointId: 'required-for-operator-meter' });
        if (body.kind === 'submeter' && !body.buildingId)
          throw new AppError('validation-failed', {}, { buildingId: 'required-for-submeter' });
        if (body.deliveryPointId) {
          const point = await db
            .selectFrom('delivery_points')
            .select('energy')
            .where('id', '=', body.deliveryPointId)
            .where('id', 'in', visibleDeliveryPointIds(scope, 'estate', 'configure'))
            .executeTakeFirst();
          if (!point) throw new AppError('forbidden', { level: 'configure' });
          if (point.energy !== body.energy)
            throw new AppError('validation-failed', {}, { energy: 'differs-from-delivery-point' });
        }
        if (body.buildingId) {
          const building = await db
            .selectFrom('buildings')
            .select('id')
            .where('id', '=', body.buildingId)
            .where('id', 'in', visibleBuildingIds(scope, 'estate', 'configure'))
            .executeTakeFirst();
          if (!building) throw new AppError('forbidden', { level: 'configure' });
        }
        for (const [field, meterId] of [
          ['parentMeterId', body.parentMeterId],
          ['replacesMeterId', body.replacesMeterId],
        ] as const) {
          if (!meterId) continue;
          const related = await db
            .selectFrom('meters')
            .select('id')
            .where('id', '=', meterId)
            .where('id', 'in', visibleMeterIds(scope, 'estate', 'read'))
            .executeTakeFirst();
          if (!related) throw new AppError('validation-failed', {}, { [field]: 'not-found' });
        }
        const taken = await db
          .selectFrom('meters')
          .select('id')
          .where('code', '=', body.code)
          .executeTakeFirst();
        if (taken) throw new AppError('conflict', { field: body.code }, { code: 'already-used' });

        const row = await db
          .insertInto('meters')
          .values({
            code: body.code,
            name: body.name,
            kind: body.kind,
            energy: body.energy,
            delivery_point_id: body.deliveryPointId ?? null,
            building_id: body.buildingId ?? null,
            parent_meter_id: body.parentMeterId ?? null,
            losses_share:
              body.lossesSharePercent === null || body.lossesSharePercent === undefined
                ? null
                : body.lossesSharePercent / 100,
            serial_number: body.serialNumber,
            installed_on: body.installedOn ?? null,
            replaces_meter_id: body.replacesMeterId ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(actorOf(request), {
          action: 'meter.created',
          entityType: 'meter',
          entityId: row.id,
          details: body,
        });
        const [meter] = await loadMeters(db, scope, { id: row.id });
        return reply.status(201).send(meter as Meter);
      },
    );

    app.post(
      '/meters/:id/registers',
      {
        schema: {
          tags: ['metering'],
          summary: 'Add a register to a meter (configure level)',
          params: idParam,
          body: z.object({
            kind: z.enum(REGISTER_KINDS),
            step: z.enum(STEPS),
            stamp: z.enum(['start', 'end', 'middle']).default('start'),
            name: z.string().trim().max(200).default(''),
            isConsumption: z.boolean().default(false),
            rolloverKWh: z.number().positive().nullable().optional(),
            externalId: z.string().trim().min(1).max(200).nullable().optional(),
          }),
          response: { 201: registerSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        await assertMeterLevel(db, scope, request.params.id, 'configure');
        const body = request.body;
        if (body.isConsumption && !['INDEX', 'ENERGY', 'POWER'].includes(body.kind)) {
          throw new AppError('validation-failed', {}, { isConsumption: 'only-index-energy-or-power' });
        }
        const row = await db.transaction().execute(async (trx) => {
          if (body.isConsumption) {
            // One consumption register per meter: the new one takes over.
            await trx
              .updateTable('registers')
              .set({ is_consumption: false })
              .where('meter_id', '=', request.params.id)
              .execute();
          }
          return trx
            .insertInto('registers')
            .values({
              meter_id: request.params.id,
              kind: body.kind,
              unit: UNIT_BY_KIND[body.kind],
              step: body.step,
              stamp: body.stamp,
              name: body.name,
              is_consumption: body.isConsumption,
              rollover_kwh: body.rolloverKWh ?? null,
              external_id: body.externalId ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
        });
        await audit.record(actorOf(request), {
          action: 'register.created',
          entityType: 'meter',
          entityId: request.params.id,
          details: body,
        });
        const [meter] = await loadMeters(db, scope, { id: request.params.id });
        const register = meter?.registers.find((candidate) => candidate.id === row.id);
        return reply.status(201).send(register as z.infer<typeof registerSchema>);
      },
    );

    app.post(
      '/registers/:id/index-events',
      {
        schema: {
          tags: ['metering'],
          summary: 'Record an index reset or a meter change inside an INDEX register (write level)',
          params: idParam,
          body: z.object({
            occurredAt: z.iso.datetime({ offset: true }),
            kind: z.enum(['reset', 'replacement']),
            valueBefore: z.number().nullable().optional(),
            valueAfter: z.number(),
            notes: z.string().max(2000).default(''),
          }),
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const register = await db
          .selectFrom('registers')
          .select(['meter_id', 'kind'])
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!register) throw new AppError('not-found');
        await assertMeterLevel(db, scope, register.meter_id, 'write');
        if (register.kind !== 'INDEX')
          throw new AppError('validation-failed', {}, { kind: 'index-register-only' });
        const body = request.body;
        const row = await db
          .insertInto('index_events')
          .values({
            register_id: request.params.id,
            occurred_at: body.occurredAt,
            kind: body.kind,
            value_before: body.valueBefore ?? null,
            value_after: body.valueAfter,
            notes: body.notes,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await refreshRollupsAround(database, request.params.id, body.occurredAt);
        await audit.record(actorOf(request), {
          action: 'index-event.created',
          entityType: 'register',
          entityId: request.params.id,
          details: body,
        });
        return reply.status(201).send({ id: row.id });
      },
    );

    app.get(
      '/registers/:id',
      {
        schema: {
          tags: ['metering'],
          summary: 'One register with its meter',
          params: idParam,
          response: {
            200: registerSchema.extend({ meter: meterSchema.omit({ registers: true }) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        const register = await db
          .selectFrom('registers')
          .select('meter_id')
          .where('id', '=', request.params.id)
          .where('meter_id', 'in', visibleMeterIds(scope, 'estate', 'read'))
          .executeTakeFirst();
        if (!register) throw new AppError('not-found');
        const [meter] = await loadMeters(db, scope, { id: register.meter_id });
        const found = meter?.registers.find((candidate) => candidate.id === request.params.id);
        if (!meter || !found) throw new AppError('not-found');
        const { registers: _registers, ...meterFields } = meter;
        return { ...found, meter: meterFields };
      },
    );

    app.get(
      '/registers/:id/readings',
      {
        schema: {
          tags: ['metering'],
          summary: 'Raw readings of a register over [from, to) in Paris days',
          params: idParam,
          querystring: rangeQuery,
          response: {
            200: z.object({
              unit: z.string(),
              step: z.enum(STEPS),
              items: z.array(
                z.object({
                  intervalStart: z.string(),
                  value: z.number().nullable(),
                  quality: z.enum(['measured', 'estimated', 'corrected', 'missing']),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const register = await findReadableRegister(db, scopeOf(request), request.params.id);
        const rows = await db
          .selectFrom('readings')
          .select(['interval_start', 'value', 'quality'])
          .where('register_id', '=', register.id)
          .where('interval_start', '>=', sql<Date>`paris_midnight(${request.query.from}::date)`)
          .where('interval_start', '<', sql<Date>`paris_midnight(${request.query.to}::date)`)
          .orderBy('interval_start')
          .limit(MAX_RAW_POINTS + 1)
          .execute();
        if (rows.length > MAX_RAW_POINTS)
          throw new AppError(
            'validation-failed',
            {},
            { to: `période trop longue : ${MAX_RAW_POINTS} points au plus` },
          );
        const qualities = ['measured', 'estimated', 'corrected', 'missing'] as const;
        return {
          unit: register.unit,
          step: register.step,
          items: rows.map((row) => ({
            intervalStart: row.interval_start.toISOString(),
            value: row.value,
            quality: qualities[row.quality - 1] ?? 'measured',
          })),
        };
      },
    );

    app.get(
      '/registers/:id/rollups',
      {
        schema: {
          tags: ['metering'],
          summary: 'Daily or monthly rollups of a register, with completeness',
          params: idParam,
          querystring: rangeQuery.and(z.object({ step: z.enum(['day', 'month']).default('day') })),
          response: {
            200: z.object({ unit: z.string(), items: z.array(rollupRowSchema) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const register = await findReadableRegister(db, scopeOf(request), request.params.id);
        const { from, to, step } = request.query;
        const rows =
          step === 'day'
            ? await db
                .selectFrom('readings_daily')
                .selectAll()
                .select('local_date as period')
                .where('register_id', '=', register.id)
                .where('local_date', '>=', from)
                .where('local_date', '<', to)
                .orderBy('local_date')
                .execute()
            : await db
                .selectFrom('readings_monthly')
                .selectAll()
                .select('month as period')
                .where('register_id', '=', register.id)
                .where('month', '>=', `${from.slice(0, 7)}-01`)
                .where('month', '<', to)
                .orderBy('month')
                .execute();
        return {
          unit:
            register.kind === 'POWER' || register.kind === 'INDEX' || register.kind === 'ENERGY'
              ? 'kWh'
              : register.unit,
          items: rows.map((row) => ({
            period: row.period,
            quantity: row.quantity,
            maxPowerKw: row.max_power_kw,
            minValue: row.min_value,
            maxValue: row.max_value,
            meanValue: row.mean_value,
            pointsPresent: row.points_present,
            pointsEstimated: row.points_estimated,
            pointsExpected: row.points_expected,
          })),
        };
      },
    );

    app.get(
      '/buildings/:id/consumption',
      {
        schema: {
          tags: ['metering'],
          summary: 'Energy of a building per day or month and per energy, through its allocation keys',
          params: idParam,
          querystring: rangeQuery.and(z.object({ step: z.enum(['day', 'month']).default('month') })),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  period: z.string(),
                  energy: z.string(),
                  energyKWh: z.number().nullable(),
                  pointsPresent: z.number(),
                  pointsExpected: z.number(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        await assertBuildingAccess(db, scopeOf(request), request.params.id, 'consumption', 'read');
        const items = await getBuildingConsumption(
          db,
          [request.params.id],
          request.query,
          request.query.step,
        );
        return { items: items.map(({ buildingId: _buildingId, ...item }) => item) };
      },
    );

    app.get(
      '/sites/:id/consumption',
      {
        schema: {
          tags: ['metering'],
          summary: 'Energy of a site per period and energy: the sum over its buildings in the caller’s scope',
          params: idParam,
          querystring: rangeQuery.and(z.object({ step: z.enum(['day', 'month']).default('month') })),
          response: {
            200: z.object({
              buildingCount: z.number(),
              items: z.array(
                z.object({
                  period: z.string(),
                  energy: z.string(),
                  energyKWh: z.number().nullable(),
                  pointsPresent: z.number(),
                  pointsExpected: z.number(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const buildings = await db
          .selectFrom('buildings')
          .select('id')
          .where('site_id', '=', request.params.id)
          .where('id', 'in', visibleBuildingIds(scopeOf(request), 'consumption', 'read'))
          .execute();
        if (buildings.length === 0) throw new AppError('not-found');
        const points = await getBuildingConsumption(
          db,
          buildings.map((building) => building.id),
          request.query,
          request.query.step,
        );
        return { buildingCount: buildings.length, items: sumByPeriodAndEnergy(points) };
      },
    );
  };
}

/** Adds building figures per period and energy; completeness counts add up too. */
function sumByPeriodAndEnergy(points: ConsumptionPoint[]) {
  const totals = new Map<string, Omit<ConsumptionPoint, 'buildingId'>>();
  for (const point of points) {
    const key = `${point.period}|${point.energy}`;
    const total = totals.get(key) ?? {
      period: point.period,
      energy: point.energy,
      energyKWh: null,
      pointsPresent: 0,
      pointsExpected: 0,
    };
    if (point.energyKWh !== null) total.energyKWh = (total.energyKWh ?? 0) + point.energyKWh;
    total.pointsPresent += point.pointsPresent;
    total.pointsExpected += point.pointsExpected;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || a.energy.localeCompare(b.energy),
  );
}
