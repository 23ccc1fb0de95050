import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema } from '../http/schemas.js';
import type { EstateService } from './service.js';

const buildingSchema = z.object({
  id: idSchema,
  siteId: idSchema,
  siteName: z.string(),
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  floorAreaM2: z.number().nullable(),
  unitNames: z.array(z.string()),
});

const codeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus');

const buildingFieldsSchema = z.object({
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500).nullable().default(null),
  floorAreaM2: z.number().positive().max(10_000_000).nullable().default(null),
});

const buildingChangesSchema = z.object({
  code: codeSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  address: z.string().trim().max(500).nullable().optional(),
  floorAreaM2: z.number().positive().max(10_000_000).nullable().optional(),
});

const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  siteId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Routes of the estate: sites, buildings and functional units in the caller's scope. */
export function estateRoutes(service: EstateService): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireSession);

    app.get(
      '/sites',
      {
        schema: {
          tags: ['estate'],
          summary: 'Sites holding buildings in the caller’s scope',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: idSchema,
                  code: z.string(),
                  name: z.string(),
                  city: z.string().nullable(),
                  buildingCount: z.number(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({ items: await service.listSites(scopeOf(request)) }),
    );

    app.get(
      '/units',
      {
        schema: {
          tags: ['estate'],
          summary: 'Functional units sharing a building in the caller’s scope',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: idSchema,
                  code: z.string(),
                  name: z.string(),
                  kind: z.enum(['faculty', 'laboratory', 'service', 'other']),
                  parentId: idSchema.nullable(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({ items: await service.listUnits(scopeOf(request)) }),
    );

    app.get(
      '/buildings',
      {
        schema: {
          tags: ['estate'],
          summary: 'Buildings in the caller’s scope, searchable by code, name or address',
          querystring: listQuery,
          response: {
            200: z.object({ items: z.array(buildingSchema), total: z.number() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { q, siteId, limit, offset } = request.query;
        return service.listBuildings(scopeOf(request), { search: q, siteId, limit, offset });
      },
    );

    app.get(
      '/buildings/export.csv',
      {
        schema: {
          tags: ['estate'],
          summary: 'Buildings in the caller’s scope as CSV for French Excel',
          querystring: listQuery.pick({ q: true, siteId: true }),
        },
      },
      async (request, reply) => {
        const csv = await service.exportBuildingsCsv(scopeOf(request), {
          search: request.query.q,
          siteId: request.query.siteId,
        });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="batiments.csv"')
          .send(csv);
      },
    );

    app.get(
      '/buildings/:id',
      {
        schema: {
          tags: ['estate'],
          summary: 'One building',
          params: idParam,
          response: { 200: buildingSchema, ...errorResponses },
        },
      },
      async (request) => service.getBuilding(scopeOf(request), request.params.id),
    );

    app.post(
      '/buildings',
      {
        schema: {
          tags: ['estate'],
          summary: 'Create a building (configure level on its site)',
          body: buildingFieldsSchema.extend({ siteId: idSchema }),
          response: { 201: buildingSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const building = await service.createBuilding(scopeOf(request), request.body, actorOf(request));
        return reply.status(201).send(building);
      },
    );

    app.patch(
      '/buildings/:id',
      {
        schema: {
          tags: ['estate'],
          summary: 'Change a building (write level)',
          params: idParam,
          body: buildingChangesSchema,
          response: { 200: buildingSchema, ...errorResponses },
        },
      },
      async (request) =>
        service.updateBuilding(scopeOf(request), request.params.id, request.body, actorOf(request)),
    );

    app.delete(
      '/buildings/:id',
      {
        schema: {
          tags: ['estate'],
          summary: 'Delete a building (administer level)',
          params: idParam,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.deleteBuilding(scopeOf(request), request.params.id, actorOf(request));
        return reply.status(204).send(null);
      },
    );
  };
}
