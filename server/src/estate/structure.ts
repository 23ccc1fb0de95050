import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { z } from 'zod';
import { assertBuildingAccess } from '../access/guards.js';
import { visibleBuildingIds } from '../access/scope.js';
import type { AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { actorOf, requireAdmin, requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema, localDateSchema } from '../http/schemas.js';

const codeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus');

const siteBody = z.object({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().max(200).nullable().optional(),
  address: z.string().trim().max(500).nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});

const unitBody = z.object({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['faculty', 'laboratory', 'service', 'other']),
  parentId: idSchema.nullable().optional(),
});

const shareSchema = z.object({
  id: idSchema,
  unitId: idSchema,
  unitName: z.string(),
  sharePercent: z.number(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

const efaSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  operatId: z.string().nullable(),
  referenceYear: z.number().nullable(),
  buildings: z.array(z.object({ buildingId: idSchema, buildingName: z.string(), sharePercent: z.number() })),
});

/** Raises a French conflict error when a unique constraint rejects a code. */
async function withUniqueCode<T>(code: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new AppError('conflict', { field: code }, { code: 'already-used' });
    throw error;
  }
}

/**
 * Sites, functional units, building shares and OPERAT entities. Reads follow the caller's scope;
 * changing the estate's structure (sites, units, EFAs) is for platform administrators, and
 * changing a building's shares needs the configure level on that building.
 */
export function estateStructureRoutes(db: Db, audit: AuditRepository): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireSession);

    app.post(
      '/sites',
      {
        onRequest: requireAdmin,
        schema: {
          tags: ['estate'],
          summary: 'Create a site (administrators)',
          body: siteBody,
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const row = await withUniqueCode(body.code, () =>
          db
            .insertInto('sites')
            .values({
              code: body.code,
              name: body.name,
              city: body.city ?? null,
              address: body.address ?? null,
              latitude: body.latitude ?? null,
              longitude: body.longitude ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow(),
        );
        await audit.record(actorOf(request), {
          action: 'site.created',
          entityType: 'site',
          entityId: row.id,
          details: body,
        });
        return reply.status(201).send({ id: row.id });
      },
    );

    app.patch(
      '/sites/:id',
      {
        onRequest: requireAdmin,
        schema: {
          tags: ['estate'],
          summary: 'Change a site (administrators)',
          params: idParam,
          body: siteBody.partial(),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const result = await withUniqueCode(body.code ?? '', () =>
          db
            .updateTable('sites')
            .set({ ...body, updated_at: new Date() })
            .where('id', '=', request.params.id)
            .executeTakeFirst(),
        );
        if (Number(result.numUpdatedRows) === 0) throw new AppError('not-found');
        await audit.record(actorOf(request), {
          action: 'site.updated',
          entityType: 'site',
          entityId: request.params.id,
          details: body,
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/units',
      {
        onRequest: requireAdmin,
        schema: {
          tags: ['estate'],
          summary: 'Create a functional unit (administrators)',
          body: unitBody,
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const row = await withUniqueCode(body.code, () =>
          db
            .insertInto('functional_units')
            .values({ code: body.code, name: body.name, kind: body.kind, parent_id: body.parentId ?? null })
            .returning('id')
            .executeTakeFirstOrThrow(),
        );
        await audit.record(actorOf(request), {
          action: 'unit.created',
          entityType: 'unit',
          entityId: row.id,
          details: body,
        });
        return reply.status(201).send({ id: row.id });
      },
    );

    app.get(
      '/buildings/:id/shares',
      {
        schema: {
          tags: ['estate'],
          summary: 'Shares (tantièmes) of a building between functional units',
          params: idParam,
          response: { 200: z.object({ items: z.array(shareSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        await assertBuildingAccess(db, scopeOf(request), request.params.id, 'estate', 'read');
        const rows = await db
          .selectFrom('building_unit_shares as s')
          .innerJoin('functional_units as u', 'u.id', 's.unit_id')
          .select(['s.id', 's.unit_id', 'u.name', 's.share', 's.valid_from', 's.valid_to'])
          .where('s.building_id', '=', request.params.id)
          .orderBy('s.valid_from')
          .orderBy('u.name')
          .execute();
        return {
          items: rows.map((row) => ({
            id: row.id,
            unitId: row.unit_id,
            unitName: row.name,
            sharePercent: Number(row.share) * 100,
            validFrom: row.valid_from,
            validTo: row.valid_to,
          })),
        };
      },
    );

    app.post(
      '/buildings/:id/shares',
      {
        schema: {
          tags: ['estate'],
          summary: 'Add a dated share of a building to a unit (configure level)',
          params: idParam,
          body: z.object({
            unitId: idSchema,
            sharePercent: z.number().gt(0).max(100),
            validFrom: localDateSchema.optional(),
            validTo: localDateSchema.nullable().optional(),
          }),
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        await assertBuildingAccess(db, scopeOf(request), request.params.id, 'estate', 'configure');
        const unit = await db
          .selectFrom('functional_units')
          .select('id')
          .where('id', '=', request.body.unitId)
          .executeTakeFirst();
        if (!unit) throw new AppError('validation-failed', {}, { unitId: 'not-found' });
        const row = await db
          .insertInto('building_unit_shares')
          .values({
            building_id: request.params.id,
            unit_id: request.body.unitId,
            share: request.body.sharePercent / 100,
            valid_from: request.body.validFrom,
            valid_to: request.body.validTo ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(actorOf(request), {
          action: 'share.created',
          entityType: 'building',
          entityId: request.params.id,
          details: request.body,
        });
        return reply.status(201).send({ id: row.id });
      },
    );

    app.get(
      '/efas',
      {
        schema: {
          tags: ['estate'],
          summary: 'OPERAT entities holding buildings in the caller’s scope',
          response: { 200: z.object({ items: z.array(efaSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        const rows = await db
          .selectFrom('efas as e')
          .innerJoin('efa_buildings as eb', 'eb.efa_id', 'e.id')
          .innerJoin('buildings as b', 'b.id', 'eb.building_id')
          .select([
            'e.id',
            'e.code',
            'e.name',
            'e.operat_id',
            'e.reference_year',
            'b.id as building_id',
            'b.name as building_name',
            'eb.share',
          ])
          .where('eb.building_id', 'in', visibleBuildingIds(scope, 'estate', 'read'))
          .orderBy('e.name')
          .orderBy('b.name')
          .execute();
        const byId = new Map<string, z.infer<typeof efaSchema>>();
        for (const row of rows) {
          const efa = byId.get(row.id) ?? {
            id: row.id,
            code: row.code,
            name: row.name,
            operatId: row.operat_id,
            referenceYear: row.reference_year,
            buildings: [],
          };
          efa.buildings.push({
            buildingId: row.building_id,
            buildingName: row.building_name,
            sharePercent: Number(row.share) * 100,
          });
          byId.set(row.id, efa);
        }
        return { items: [...byId.values()] };
      },
    );

    app.post(
      '/efas',
      {
        onRequest: requireAdmin,
        schema: {
          tags: ['estate'],
          summary: 'Create an OPERAT entity over buildings (administrators)',
          body: z.object({
            code: codeSchema,
            name: z.string().trim().min(1).max(200),
            operatId: z.string().trim().max(100).nullable().optional(),
            referenceYear: z.number().int().min(2010).max(2030).nullable().optional(),
            buildings: z
              .array(z.object({ buildingId: idSchema, sharePercent: z.number().gt(0).max(100).default(100) }))
              .min(1),
          }),
          response: { 201: z.object({ id: idSchema }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const id = await withUniqueCode(body.code, () =>
          db.transaction().execute(async (trx) => {
            const efa = await trx
              .insertInto('efas')
              .values({
                code: body.code,
                name: body.name,
                operat_id: body.operatId ?? null,
                reference_year: body.referenceYear ?? null,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            await trx
              .insertInto('efa_buildings')
              .values(
                body.buildings.map((building) => ({
                  efa_id: efa.id,
                  building_id: building.buildingId,
                  share: building.sharePercent / 100,
                })),
              )
              .execute();
            return efa.id;
          }),
        );
        await audit.record(actorOf(request), {
          action: 'efa.created',
          entityType: 'efa',
          entityId: id,
          details: body,
        });
        return reply.status(201).send({ id });
      },
    );
  };
}
