import { ACCESS_LEVELS, ALL_FEATURES, FEATURES, MAX_PASSWORD_LENGTH } from '@openfluides/core';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { actorOf, requireAdmin, requireSession, SESSION_COOKIE, sessionOf } from '../http/request-context.js';
import { errorBodySchema, errorResponses, idParam, idSchema } from '../http/schemas.js';
import type { AccessService } from './service.js';

/**
 * Sign-in attempts allowed per client address and minute. Account lockout stops guessing on one
 * account; this limit slows spraying over many accounts while leaving room for a campus behind NAT.
 */
export const LOGIN_ATTEMPTS_PER_MINUTE = 30;

const passwordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const levelSchema = z.enum(ACCESS_LEVELS);
const featureSchema = z.enum([ALL_FEATURES, ...FEATURES]);

const grantSchema = z.object({
  id: idSchema,
  groupId: idSchema.nullable(),
  groupName: z.string().nullable(),
  userId: idSchema.nullable(),
  userEmail: z.string().nullable(),
  level: levelSchema,
  siteId: idSchema.nullable(),
  siteName: z.string().nullable(),
  buildingId: idSchema.nullable(),
  buildingName: z.string().nullable(),
  unitId: idSchema.nullable(),
  unitName: z.string().nullable(),
  features: z.array(featureSchema),
  createdAt: z.string(),
});

const meSchema = z.object({
  user: z.object({
    id: idSchema,
    email: z.string(),
    displayName: z.string(),
    isAdmin: z.boolean(),
    locale: z.enum(['fr', 'en']),
  }),
  csrfToken: z.string(),
  grants: z.array(grantSchema),
  maxLevelByFeature: z.record(z.string(), levelSchema),
});

const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  isActive: z.boolean(),
  locale: z.enum(['fr', 'en']),
  isLocked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  groupIds: z.array(idSchema),
});

const groupSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  memberIds: z.array(idSchema),
  createdAt: z.string(),
});

/** Sign-in, the caller's own account, and the administration of accounts, groups and grants. */
export function accessRoutes(options: {
  service: AccessService;
  audit: AuditRepository;
  db: Db;
  cookieSecure: 'auto' | 'always' | 'never';
}): FastifyPluginAsyncZod {
  const { service, audit, db } = options;

  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in and receive the session cookie',
          body: z.object({ email: z.string().trim().min(3).max(320), password: passwordSchema }),
          response: {
            200: meSchema,
            401: errorBodySchema,
            403: errorBodySchema,
            423: errorBodySchema,
            429: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const { token, user, expiresAt } = await service.login(request.body.email, request.body.password, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        });
        const secure =
          options.cookieSecure === 'always' ||
          (options.cookieSecure === 'auto' && request.protocol === 'https');
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          secure,
          path: '/',
          expires: expiresAt,
        });
        request.log.info({ userId: user.userId }, 'user signed in');
        const rights = await service.describeRights(user);
        return {
          user: {
            id: user.userId,
            email: user.email,
            displayName: user.displayName,
            isAdmin: user.isAdmin,
            locale: user.locale,
          },
          csrfToken: user.csrfToken,
          ...rights,
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        onRequest: requireSession,
        schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } },
      },
      async (request, reply) => {
        await service.logout(sessionOf(request), actorOf(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        onRequest: requireSession,
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, their grants and CSRF token',
          response: { 200: meSchema, 401: errorBodySchema },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        const rights = await service.describeRights(session);
        return {
          user: {
            id: session.userId,
            email: session.email,
            displayName: session.displayName,
            isAdmin: session.isAdmin,
            locale: session.locale,
          },
          csrfToken: session.csrfToken,
          ...rights,
        };
      },
    );

    app.patch(
      '/me',
      {
        onRequest: requireSession,
        schema: {
          tags: ['auth'],
          summary: 'Change one’s own interface language',
          body: z.object({ locale: z.enum(['fr', 'en']) }),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const session = sessionOf(request);
        await service.updateOwnLocale(session, request.body.locale, actorOf(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/password',
      {
        onRequest: requireSession,
        schema: {
          tags: ['auth'],
          summary: 'Change one’s own password; ends the user’s other sessions',
          body: z.object({ currentPassword: passwordSchema, newPassword: passwordSchema }),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.changeOwnPassword(
          sessionOf(request),
          request.body.currentPassword,
          request.body.newPassword,
          actorOf(request),
        );
        return reply.status(204).send(null);
      },
    );

    await app.register(async (adminScope) => {
      const admin = adminScope.withTypeProvider<ZodTypeProvider>();
      admin.addHook('onRequest', requireAdmin);

      admin.get(
        '/admin/users',
        {
          schema: {
            tags: ['administration'],
            summary: 'All accounts',
            response: { 200: z.object({ items: z.array(userSchema) }), ...errorResponses },
          },
        },
        async () => ({ items: await service.listUsers() }),
      );

      admin.post(
        '/admin/users',
        {
          schema: {
            tags: ['administration'],
            summary: 'Create an account',
            body: z.object({
              email: z.email().max(320),
              displayName: z.string().trim().min(1).max(200),
              password: passwordSchema,
              isAdmin: z.boolean().default(false),
              locale: z.enum(['fr', 'en']).default('fr'),
            }),
            response: { 201: userSchema, ...errorResponses },
          },
        },
        async (request, reply) =>
          reply.status(201).send(await service.createUser(request.body, actorOf(request))),
      );

      admin.patch(
        '/admin/users/:id',
        {
          schema: {
            tags: ['administration'],
            summary: 'Change an account (name, administrator flag, active flag, language, groups)',
            params: idParam,
            body: z.object({
              displayName: z.string().trim().min(1).max(200).optional(),
              isAdmin: z.boolean().optional(),
              isActive: z.boolean().optional(),
              locale: z.enum(['fr', 'en']).optional(),
              groupIds: z.array(idSchema).max(500).optional(),
            }),
            response: { 200: userSchema, ...errorResponses },
          },
        },
        async (request) => service.updateUser(request.params.id, request.body, actorOf(request)),
      );

      admin.post(
        '/admin/users/:id/password',
        {
          schema: {
            tags: ['administration'],
            summary: 'Set a new password for an account, unlock it and end its sessions',
            params: idParam,
            body: z.object({ password: passwordSchema }),
            response: { 204: z.null(), ...errorResponses },
          },
        },
        async (request, reply) => {
          await service.resetPassword(request.params.id, request.body.password, actorOf(request));
          return reply.status(204).send(null);
        },
      );

      admin.post(
        '/admin/users/:id/unlock',
        {
          schema: {
            tags: ['administration'],
            summary: 'Unlock an account locked by failed logins',
            params: idParam,
            response: { 204: z.null(), ...errorResponses },
          },
        },
        async (request, reply) => {
          await service.unlockUser(request.params.id, actorOf(request));
          return reply.status(204).send(null);
        },
      );

      admin.get(
        '/admin/groups',
        {
          schema: {
            tags: ['administration'],
            summary: 'All groups with their members',
            response: { 200: z.object({ items: z.array(groupSchema) }), ...errorResponses },
          },
        },
        async () => ({ items: await service.listGroups() }),
      );

      const groupBody = z.object({
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().max(2000).optional(),
        memberIds: z.array(idSchema).max(5000).optional(),
      });

      admin.post(
        '/admin/groups',
        {
          schema: {
            tags: ['administration'],
            summary: 'Create a group',
            body: groupBody,
            response: { 201: groupSchema, ...errorResponses },
          },
        },
        async (request, reply) =>
          reply.status(201).send(await service.createGroup(request.body, actorOf(request))),
      );

      admin.patch(
        '/admin/groups/:id',
        {
          schema: {
            tags: ['administration'],
            summary: 'Change a group or its members',
            params: idParam,
            body: groupBody.partial(),
            response: { 200: groupSchema, ...errorResponses },
          },
        },
        async (request) => service.updateGroup(request.params.id, request.body, actorOf(request)),
      );

      admin.delete(
        '/admin/groups/:id',
        {
          schema: {
            tags: ['administration'],
            summary: 'Delete a group and its grants',
            params: idParam,
            response: { 204: z.null(), ...errorResponses },
          },
        },
        async (request, reply) => {
          await service.deleteGroup(request.params.id, actorOf(request));
          return reply.status(204).send(null);
        },
      );

      admin.get(
        '/admin/grants',
        {
          schema: {
            tags: ['administration'],
            summary: 'All grants',
            response: { 200: z.object({ items: z.array(grantSchema) }), ...errorResponses },
          },
        },
        async () => ({ items: await service.listGrants() }),
      );

      admin.post(
        '/admin/grants',
        {
          schema: {
            tags: ['administration'],
            summary: 'Grant a level on features over a geographic and a functional scope',
            body: z.object({
              groupId: idSchema.nullable().optional(),
              userId: idSchema.nullable().optional(),
              level: levelSchema,
              siteId: idSchema.nullable().optional(),
              buildingId: idSchema.nullable().optional(),
              unitId: idSchema.nullable().optional(),
              features: z.array(featureSchema).min(1),
            }),
            response: { 201: grantSchema, ...errorResponses },
          },
        },
        async (request, reply) =>
          reply.status(201).send(await service.createGrant(request.body, actorOf(request))),
      );

      admin.delete(
        '/admin/grants/:id',
        {
          schema: {
            tags: ['administration'],
            summary: 'Revoke a grant',
            params: idParam,
            response: { 204: z.null(), ...errorResponses },
          },
        },
        async (request, reply) => {
          await service.deleteGrant(request.params.id, actorOf(request));
          return reply.status(204).send(null);
        },
      );

      admin.get(
        '/admin/scope-options',
        {
          schema: {
            tags: ['administration'],
            summary: 'Every site, building and unit, to build grants',
            response: {
              200: z.object({
                sites: z.array(z.object({ id: idSchema, name: z.string() })),
                buildings: z.array(z.object({ id: idSchema, name: z.string(), siteId: idSchema })),
                units: z.array(z.object({ id: idSchema, name: z.string(), parentId: idSchema.nullable() })),
              }),
              ...errorResponses,
            },
          },
        },
        async () => {
          const [sites, buildings, units] = await Promise.all([
            db.selectFrom('sites').select(['id', 'name']).orderBy('name').execute(),
            db.selectFrom('buildings').select(['id', 'name', 'site_id as siteId']).orderBy('name').execute(),
            db
              .selectFrom('functional_units')
              .select(['id', 'name', 'parent_id as parentId'])
              .orderBy('name')
              .execute(),
          ]);
          return { sites, buildings, units };
        },
      );

      admin.get(
        '/admin/audit',
        {
          schema: {
            tags: ['administration'],
            summary: 'Audit log, newest first',
            querystring: z.object({
              entityType: z.string().max(50).optional(),
              userId: idSchema.optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
              offset: z.coerce.number().int().min(0).default(0),
            }),
            response: {
              200: z.object({
                items: z.array(
                  z.object({
                    id: idSchema,
                    occurredAt: z.string(),
                    userId: idSchema.nullable(),
                    userEmail: z.string().nullable(),
                    action: z.string(),
                    entityType: z.string(),
                    entityId: z.string().nullable(),
                    details: z.unknown(),
                    ip: z.string().nullable(),
                  }),
                ),
                total: z.number(),
              }),
              ...errorResponses,
            },
          },
        },
        async (request) => {
          const { items, total } = await audit.list(request.query);
          return {
            total,
            items: items.map((row) => ({
              id: row.id,
              occurredAt: row.occurred_at.toISOString(),
              userId: row.user_id,
              userEmail: row.user_email,
              action: row.action,
              entityType: row.entity_type,
              entityId: row.entity_id,
              details: row.details,
              ip: row.ip,
            })),
          };
        },
      );
    });
  };
}
