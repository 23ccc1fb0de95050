import { ACCESS_LEVELS } from '@openfluides/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parisDateOf } from '../analysis/calendar.js';
import { actorOf, requireSession, scopeOf } from '../http/request-context.js';
import { errorResponses, idParam, idSchema, localDateSchema } from '../http/schemas.js';
import type { BuildingFields } from './repository.js';
import type { EstateService } from './service.js';

export const ACTIVITIES = [
  'teaching',
  'research',
  'library',
  'sports',
  'offices',
  'housing',
  'catering',
  'technical',
  'mixed',
  'other',
] as const;
export const HEATING_ENERGIES = ['electricity', 'gas', 'district_heating', 'wood', 'fuel_oil'] as const;

const buildingSchema = z.object({
  id: idSchema,
  accessLevel: z.enum(ACCESS_LEVELS),
  siteId: idSchema,
  siteName: z.string(),
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  floorAreaM2: z.number().nullable(),
  usefulAreaM2: z.number().nullable(),
  heatedAreaM2: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  constructionYear: z.number().nullable(),
  activity: z.string().nullable(),
  mainHeatingEnergy: z.string().nullable(),
  status: z.enum(['active', 'inactive', 'planned']),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  notes: z.string(),
  unitNames: z.array(z.string()),
});

const codeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus');

const areaSchema = z.number().min(0.01, 'la surface doit être d’au moins 0,01 m²').max(10_000_000);

/** Every editable building field, all optional: the update body. */
const buildingChangesSchema = z.object({
  code: codeSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  address: z.string().trim().max(500).nullable().optional(),
  floorAreaM2: areaSchema.nullable().optional(),
  usefulAreaM2: areaSchema.nullable().optional(),
  heatedAreaM2: areaSchema.nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  constructionYear: z.number().int().min(1000).max(2200).nullable().optional(),
  activity: z.enum(ACTIVITIES).nullable().optional(),
  mainHeatingEnergy: z.enum(HEATING_ENERGIES).nullable().optional(),
  status: z.enum(['active', 'inactive', 'planned']).optional(),
  activeFrom: localDateSchema.nullable().optional(),
  activeTo: localDateSchema.nullable().optional(),
  notes: z.string().max(5000).optional(),
});

/** The creation body: code, name and site are required, the rest defaults to empty. */
const buildingFieldsSchema = buildingChangesSchema.extend({
  siteId: idSchema,
  code: codeSchema,
  name: z.string().trim().min(1).max(200),
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
      '/sites/creatable',
      {
        schema: {
          tags: ['estate'],
          summary: 'Sites where the caller may create buildings (configure level on the whole site)',
          response: {
            200: z.object({ items: z.array(z.object({ id: idSchema, code: z.string(), name: z.string() })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({ items: await service.listCreatableSites(scopeOf(request)) }),
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
          body: buildingFieldsSchema,
          response: { 201: buildingSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const building = await service.createBuilding(
          scopeOf(request),
          withBuildingDefaults(request.body),
          actorOf(request),
        );
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

    const floorAreasSchema = z.object({
      buildingId: idSchema,
      floorAreaM2: z.number().nullable().describe('Current floor area, m²'),
      changes: z
        .array(
          z.object({
            changedOn: z.string().describe('Paris day the area changed'),
            areaBeforeM2: z.number().describe('Floor area before that day, m²'),
          }),
        )
        .describe('Recorded changes, oldest first; the area of a day is the one before the next change'),
    });
    const changeParams = z.object({ id: idSchema, changedOn: localDateSchema });

    app.get(
      '/buildings/:id/floor-areas',
      {
        schema: {
          tags: ['estate'],
          summary: 'Dated floor areas of a building',
          params: idParam,
          response: { 200: floorAreasSchema, ...errorResponses },
        },
      },
      async (request) => service.getFloorAreas(scopeOf(request), request.params.id),
    );

    app.put(
      '/buildings/:id/floor-areas/:changedOn',
      {
        schema: {
          tags: ['estate'],
          summary: 'Record that the floor area changed on a day, with the area before it (write level)',
          params: changeParams,
          body: z.object({ areaBeforeM2: areaSchema }),
          response: { 200: floorAreasSchema, ...errorResponses },
        },
      },
      async (request) =>
        service.putFloorAreaChange(
          scopeOf(request),
          request.params.id,
          { changedOn: request.params.changedOn, areaBeforeM2: request.body.areaBeforeM2 },
          actorOf(request),
          parisDateOf(Date.now()),
        ),
    );

    app.delete(
      '/buildings/:id/floor-areas/:changedOn',
      {
        schema: {
          tags: ['estate'],
          summary: 'Remove a recorded floor-area change (write level)',
          params: changeParams,
          response: { 200: floorAreasSchema, ...errorResponses },
        },
      },
      async (request) =>
        service.deleteFloorAreaChange(
          scopeOf(request),
          request.params.id,
          request.params.changedOn,
          actorOf(request),
        ),
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

function withBuildingDefaults(body: z.infer<typeof buildingFieldsSchema>): BuildingFields {
  return {
    siteId: body.siteId,
    code: body.code,
    name: body.name,
    address: body.address ?? null,
    floorAreaM2: body.floorAreaM2 ?? null,
    usefulAreaM2: body.usefulAreaM2 ?? null,
    heatedAreaM2: body.heatedAreaM2 ?? null,
    latitude: body.latitude ?? null,
    longitude: body.longitude ?? null,
    constructionYear: body.constructionYear ?? null,
    activity: body.activity ?? null,
    mainHeatingEnergy: body.mainHeatingEnergy ?? null,
    status: body.status ?? 'active',
    activeFrom: body.activeFrom ?? null,
    activeTo: body.activeTo ?? null,
    notes: body.notes ?? '',
  };
}
