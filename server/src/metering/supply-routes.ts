import {
  checkDeliveryPointIdentifier,
  cleanDeliveryPointIdentifier,
  ENERGIES,
  isSegmentAllowed,
} from '@openfluides/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { z } from 'zod';
import { assertBuildingAccess } from '../access/guards.js';
import { type Scope, visibleBuildingIds, visibleDeliveryPointIds } from '../access/scope.js';
import type { AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { actorOf, requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema, localDateSchema } from '../http/schemas.js';

const SEGMENTS = ['C5', 'C4', 'C3', 'C2', 'C1', 'HTA', 'T1', 'T2', 'T3', 'T4', 'TP'] as const;

const IDENTIFIER_MESSAGES = {
  'prm-format': 'un PRM d’électricité compte 14 chiffres',
  'pce-format': 'un PCE de gaz compte 14 chiffres, ou « GI » suivi de 6 chiffres',
  empty: 'l’identifiant est obligatoire',
  'too-long': 'l’identifiant compte 40 caractères au plus',
} as const;

const allocationSchema = z.object({
  id: idSchema,
  buildingId: idSchema,
  buildingName: z.string(),
  method: z.enum(['fixed', 'surface', 'submeter']),
  fractionPercent: z.number().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

const powerSchema = z.object({
  id: idSchema,
  timeClass: z.string(),
  powerKva: z.number(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

const deliveryPointSchema = z.object({
  id: idSchema,
  identifier: z.string(),
  energy: z.enum(ENERGIES),
  name: z.string(),
  networkOperator: z.string(),
  segment: z.string().nullable(),
  supplier: z.string(),
  contractReference: z.string(),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  isActive: z.boolean(),
  notes: z.string(),
  allocations: z.array(allocationSchema),
  subscribedPowers: z.array(powerSchema),
});

const pointFields = z.object({
  name: z.string().trim().max(200).optional(),
  networkOperator: z.string().trim().max(100).optional(),
  segment: z.enum(SEGMENTS).nullable().optional(),
  supplier: z.string().trim().max(200).optional(),
  contractReference: z.string().trim().max(200).optional(),
  activeFrom: localDateSchema.nullable().optional(),
  activeTo: localDateSchema.nullable().optional(),
  notes: z.string().max(5000).optional(),
});

const allocationBody = z
  .object({
    buildingId: idSchema,
    method: z.enum(['fixed', 'surface', 'submeter']),
    fractionPercent: z.number().gt(0).max(100).nullable().optional(),
    validFrom: localDateSchema.optional(),
    validTo: localDateSchema.nullable().optional(),
  })
  .refine(
    (body) =>
      (body.method === 'fixed') === (body.fractionPercent !== undefined && body.fractionPercent !== null),
    {
      message: 'un pourcentage est requis pour la clé fixe, et seulement pour elle',
      path: ['fractionPercent'],
    },
  );

type DeliveryPoint = z.infer<typeof deliveryPointSchema>;

async function loadDeliveryPoints(
  db: Db,
  scope: Scope,
  filter: { id?: string; energy?: string; q?: string; buildingId?: string },
): Promise<DeliveryPoint[]> {
  let query = db
    .selectFrom('delivery_points as dp')
    .selectAll('dp')
    .where('dp.id', 'in', visibleDeliveryPointIds(scope, 'estate', 'read'));
  if (filter.id) query = query.where('dp.id', '=', filter.id);
  if (filter.energy) query = query.where('dp.energy', '=', filter.energy as DeliveryPoint['energy']);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('dp.identifier', 'ilike', pattern),
        eb('dp.name', 'ilike', pattern),
        eb('dp.supplier', 'ilike', pattern),
      ]),
    );
  }
  if (filter.buildingId) {
    query = query.where('dp.id', 'in', (eb) =>
      eb
        .selectFrom('delivery_point_allocations')
        .select('delivery_point_id')
        .where('building_id', '=', filter.buildingId as string),
    );
  }
  const points = await query.orderBy('dp.energy').orderBy('dp.identifier').limit(2000).execute();
  if (points.length === 0) return [];
  const ids = points.map((point) => point.id);
  const [allocations, powers] = await Promise.all([
    db
      .selectFrom('delivery_point_allocations as a')
      .innerJoin('buildings as b', 'b.id', 'a.building_id')
      .select([
        'a.id',
        'a.delivery_point_id',
        'a.building_id',
        'b.name',
        'a.method',
        'a.fraction',
        'a.valid_from',
        'a.valid_to',
      ])
      .where('a.delivery_point_id', 'in', ids)
      // Buildings outside the caller's scope are left out of the allocation list.
      .where('a.building_id', 'in', visibleBuildingIds(scope, 'estate', 'read'))
      .orderBy('a.valid_from')
      .execute(),
    db
      .selectFrom('subscribed_powers')
      .selectAll()
      .where('delivery_point_id', 'in', ids)
      .orderBy('valid_from')
      .orderBy('time_class')
      .execute(),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  return points.map((point) => ({
    id: point.id,
    identifier: point.identifier,
    energy: point.energy,
    name: point.name,
    networkOperator: point.network_operator,
    segment: point.segment,
    supplier: point.supplier,
    contractReference: point.contract_reference,
    activeFrom: point.active_from,
    activeTo: point.active_to,
    isActive: point.active_to === null || point.active_to > today,
    notes: point.notes,
    allocations: allocations
      .filter((allocation) => allocation.delivery_point_id === point.id)
      .map((allocation) => ({
        id: allocation.id,
        buildingId: allocation.building_id,
        buildingName: allocation.name,
        method: allocation.method,
        fractionPercent: allocation.fraction === null ? null : Number(allocation.fraction) * 100,
        validFrom: allocation.valid_from,
        validTo: allocation.valid_to,
      })),
    subscribedPowers: powers
      .filter((power) => power.delivery_point_id === point.id)
      .map((power) => ({
        id: power.id,
        timeClass: power.time_class,
        powerKva: Number(power.power_kva),
        validFrom: power.valid_from,
        validTo: power.valid_to,
      })),
  }));
}

/** Throws 404 when the caller cannot read the point, 403 when they cannot act at `level`. */
async function assertPointLevel(
  db: Db,
  scope: Scope,
  id: string,
  level: 'write' | 'configure',
): Promise<void> {
  const readable = await db
    .selectFrom('delivery_points')
    .select('id')
    .where('id', '=', id)
    .where('id', 'in', visibleDeliveryPointIds(scope, 'estate', 'read'))
    .executeTakeFirst();
  if (!readable) throw new AppError('not-found');
  const allowed = await db
    .selectFrom('delivery_points')
    .select('id')
    .where('id', '=', id)
    .where('id', 'in', visibleDeliveryPointIds(scope, 'estate', level))
    .executeTakeFirst();
  if (!allowed) throw new AppError('forbidden', { level });
}

function assertSegment(energy: (typeof ENERGIES)[number], segment: string | null | undefined): void {
  if (segment && !isSegmentAllowed(energy, segment)) {
    throw new AppError(
      'validation-failed',
      {},
      {
        segment: 'segment inadapté à l’énergie : électricité C5 à C1 ou HTA, gaz T1 à T4 ou TP',
      },
    );
  }
}

/** Delivery points (PDL), their dated subscribed powers and their allocation keys to buildings. */
export function supplyRoutes(db: Db, audit: AuditRepository): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireSession);

    app.get(
      '/delivery-points',
      {
        schema: {
          tags: ['supply'],
          summary: 'Delivery points serving buildings in the caller’s scope',
          querystring: z.object({
            energy: z.enum(ENERGIES).optional(),
            q: z.string().trim().max(100).optional(),
            buildingId: idSchema.optional(),
          }),
          response: { 200: z.object({ items: z.array(deliveryPointSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await loadDeliveryPoints(db, scopeOf(request), request.query) }),
    );

    app.get(
      '/delivery-points/:id',
      {
        schema: {
          tags: ['supply'],
          summary: 'One delivery point',
          params: idParam,
          response: { 200: deliveryPointSchema, ...errorResponses },
        },
      },
      async (request) => {
        const [point] = await loadDeliveryPoints(db, scopeOf(request), { id: request.params.id });
        if (!point) throw new AppError('not-found');
        return point;
      },
    );

    app.post(
      '/delivery-points',
      {
        schema: {
          tags: ['supply'],
          summary: 'Create a delivery point allocated to buildings (configure level on each)',
          body: pointFields.extend({
            identifier: z.string().trim().min(1).max(40),
            energy: z.enum(ENERGIES),
            allocations: z.array(allocationBody).min(1).max(50),
          }),
          response: { 201: deliveryPointSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const body = request.body;
        // Typed identifiers are never padded: a short PRM is a typing error to report, not to repair.
        const identifier = cleanDeliveryPointIdentifier(body.identifier);
        const problem = checkDeliveryPointIdentifier(body.energy, identifier);
        if (problem)
          throw new AppError('validation-failed', {}, { identifier: IDENTIFIER_MESSAGES[problem] });
        for (const allocation of body.allocations)
          await assertBuildingAccess(db, scope, allocation.buildingId, 'estate', 'configure', {
            field: 'buildingId',
          });

        const id = await db.transaction().execute(async (trx) => {
          const existing = await trx
            .selectFrom('delivery_points')
            .select('id')
            .where('energy', '=', body.energy)
            .where('identifier', '=', identifier)
            .executeTakeFirst();
          if (existing) throw new AppError('conflict', { field: identifier }, { identifier: 'already-used' });
          const point = await trx
            .insertInto('delivery_points')
            .values({
              identifier,
              energy: body.energy,
              name: body.name,
              network_operator: body.networkOperator,
              segment: body.segment ?? null,
              supplier: body.supplier,
              contract_reference: body.contractReference,
              active_from: body.activeFrom ?? null,
              active_to: body.activeTo ?? null,
              notes: body.notes,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('delivery_point_allocations')
            .values(
              body.allocations.map((allocation) => ({
                delivery_point_id: point.id,
                building_id: allocation.buildingId,
                method: allocation.method,
                fraction: allocation.fractionPercent ? allocation.fractionPercent / 100 : null,
                valid_from: allocation.validFrom,
                valid_to: allocation.validTo ?? null,
              })),
            )
            .execute();
          await audit.record(
            actorOf(request),
            {
              action: 'delivery-point.created',
              entityType: 'delivery-point',
              entityId: point.id,
              details: { ...body, identifier },
            },
            trx,
          );
          return point.id;
        });
        const [point] = await loadDeliveryPoints(db, scope, { id });
        return reply.status(201).send(point as DeliveryPoint);
      },
    );

    app.patch(
      '/delivery-points/:id',
      {
        schema: {
          tags: ['supply'],
          summary: 'Change a delivery point (write level on every building it serves)',
          params: idParam,
          body: pointFields,
          response: { 200: deliveryPointSchema, ...errorResponses },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        await assertPointLevel(db, scope, request.params.id, 'write');
        const body = request.body;
        const stored = await db
          .selectFrom('delivery_points')
          .select('energy')
          .where('id', '=', request.params.id)
          .executeTakeFirstOrThrow();
        assertSegment(stored.energy, body.segment);
        await db
          .updateTable('delivery_points')
          .set({
            name: body.name,
            network_operator: body.networkOperator,
            segment: body.segment,
            supplier: body.supplier,
            contract_reference: body.contractReference,
            active_from: body.activeFrom,
            active_to: body.activeTo,
            notes: body.notes,
            updated_at: new Date(),
          })
          .where('id', '=', request.params.id)
          .execute();
        await audit.record(actorOf(request), {
          action: 'delivery-point.updated',
          entityType: 'delivery-point',
          entityId: request.params.id,
          details: body,
        });
        const [point] = await loadDeliveryPoints(db, scope, { id: request.params.id });
        return point as DeliveryPoint;
      },
    );

    app.post(
      '/delivery-points/:id/allocations',
      {
        schema: {
          tags: ['supply'],
          summary: 'Allocate a delivery point to one more building',
          params: idParam,
          body: allocationBody,
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        await assertPointLevel(db, scope, request.params.id, 'configure');
        await assertBuildingAccess(db, scope, request.body.buildingId, 'estate', 'configure', {
          field: 'buildingId',
        });
        const body = request.body;
        const row = await db
          .insertInto('delivery_point_allocations')
          .values({
            delivery_point_id: request.params.id,
            building_id: body.buildingId,
            method: body.method,
            fraction: body.fractionPercent ? body.fractionPercent / 100 : null,
            valid_from: body.validFrom,
            valid_to: body.validTo ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(actorOf(request), {
          action: 'allocation.created',
          entityType: 'delivery-point',
          entityId: request.params.id,
          details: body,
        });
        return reply.status(201).send({ id: row.id });
      },
    );

    app.post(
      '/delivery-points/:id/subscribed-powers',
      {
        schema: {
          tags: ['supply'],
          summary: 'Record a subscribed power for a time class from a date; ends the previous one',
          params: idParam,
          body: z.object({
            timeClass: z
              .string()
              .trim()
              .regex(/^[A-Z]{1,6}$/, 'classe temporelle en capitales, par exemple BASE, HPH, HCH, PTE'),
            powerKva: z.number().positive().max(100_000),
            validFrom: localDateSchema,
          }),
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        await assertPointLevel(db, scope, request.params.id, 'write');
        const body = request.body;
        const id = await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('subscribed_powers')
            .set({ valid_to: body.validFrom })
            .where('delivery_point_id', '=', request.params.id)
            .where('time_class', '=', body.timeClass)
            .where('valid_to', 'is', null)
            .where('valid_from', '<', body.validFrom)
            .execute();
          const row = await trx
            .insertInto('subscribed_powers')
            .values({
              delivery_point_id: request.params.id,
              time_class: body.timeClass,
              power_kva: body.powerKva,
              valid_from: body.validFrom,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit.record(
            actorOf(request),
            {
              action: 'subscribed-power.created',
              entityType: 'delivery-point',
              entityId: request.params.id,
              details: body,
            },
            trx,
          );
          return row.id;
        });
        return reply.status(201).send({ id });
      },
    );
  };
}
