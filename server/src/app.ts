import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { accessRoutes } from './access/routes.js';
import { AccessService } from './access/service.js';
import { analysisRoutes } from './analysis/routes.js';
import { AuditRepository } from './audit/repository.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { AppError, frenchMessage } from './errors.js';
import { estateRoutes } from './estate/routes.js';
import { EstateService } from './estate/service.js';
import { estateStructureRoutes } from './estate/structure.js';
import { historyImportRoutes } from './history-import/routes.js';
import { CSRF_HEADER, requireSession, SESSION_COOKIE } from './http/request-context.js';
import { plainFrenchValidationMessage } from './http/validation-messages.js';
import { ingestRoutes } from './ingest/routes.js';
import { SecretBox } from './ingest/secrets.js';
import { IngestService } from './ingest/service.js';
import { meterRoutes } from './metering/meter-routes.js';
import { supplyRoutes } from './metering/supply-routes.js';
import { performanceRoutes } from './performance/routes.js';
import { VERSION } from './version.js';
import { weatherRoutes } from './weather/routes.js';
import { WeatherService } from './weather/service.js';

// Validation messages of request bodies and queries reach users, so they are French: plain
// sentences for the common problems, zod's French locale for the rest.
z.config(z.locales.fr());
z.config({ customError: plainFrenchValidationMessage });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEFAULT_MAP_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** French descriptions of Fastify's body errors, by their error code. */
const BODY_PROBLEMS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'le corps de la requête n’est pas du JSON valide',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'le corps de la requête est vide alors que du JSON est attendu',
  FST_ERR_CTP_BODY_TOO_LARGE: 'le corps de la requête dépasse la taille maximale',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'type de contenu non pris en charge : envoyez application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'longueur de contenu incohérente',
};

/** PostgreSQL rejects the NUL character and bytes invalid in UTF-8 inside text values. */
const TEXT_ENCODING_ERRORS = new Set(['22021', '22P05']);

export interface AppServices {
  access: AccessService;
  estate: EstateService;
  audit: AuditRepository;
  ingest: IngestService;
}

/** Builds the Fastify app: API under /api, its OpenAPI document, and the web app under /. */
export async function buildApp(options: {
  config: Pick<Config, 'cookieSecure' | 'sessionTtlHours' | 'trustProxy' | 'webDistDir'> &
    Partial<Pick<Config, 'mapTileUrl'>>;
  database: Database;
  logger: Logger;
  /** Key that encrypts source secrets; tests pass none and get a random one. */
  secretKey?: Buffer;
}): Promise<{ app: FastifyInstance; services: AppServices }> {
  const { config, database } = options;
  const mapTileUrl = config.mapTileUrl ?? DEFAULT_MAP_TILE_URL;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const audit = new AuditRepository(database.db);
  const services: AppServices = {
    audit,
    access: new AccessService(database.db, audit, config.sessionTtlHours),
    estate: new EstateService(database.db, audit),
    ingest: new IngestService(database, new SecretBox(options.secretKey ?? randomBytes(32)), options.logger),
  };

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The estate map's background tiles come from the configured tile server.
        imgSrc: ["'self'", 'data:', 'blob:', new URL(mapTileUrl.replace(/\{[a-z]\}/g, '0')).origin],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => rateLimitError(context.after),
  });
  registerSessionHooks(app, services.access);
  registerErrorHandlers(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'OpenFluides API',
        version: VERSION,
        description: 'API de la plateforme OpenFluides (énergie et fluides).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        { schema: { tags: ['system'], summary: 'Liveness and database check', security: [] } },
        async () => {
          await database.pool.query('select 1');
          return { status: 'ok', database: database.kind, version: VERSION };
        },
      );
      api.get(
        '/map-settings',
        {
          onRequest: requireSession,
          schema: { tags: ['system'], summary: 'Tile server of the estate map (OPENFLUIDES_MAP_TILE_URL)' },
        },
        async () => ({ tileUrl: mapTileUrl }),
      );
      await api.register(
        accessRoutes({ service: services.access, audit, db: database.db, cookieSecure: config.cookieSecure }),
      );
      await api.register(estateRoutes(services.estate));
      await api.register(estateStructureRoutes(database.db, audit));
      await api.register(historyImportRoutes({ database, audit }));
      await api.register(supplyRoutes(database.db, audit));
      await api.register(meterRoutes(database, audit));
      await api.register(analysisRoutes(database.db));
      await api.register(ingestRoutes({ service: services.ingest, audit }));
      await api.register(weatherRoutes(new WeatherService(database.db, audit)));
      await api.register(performanceRoutes(database.db, audit));
    },
    { prefix: '/api' },
  );

  registerWebApp(app, config.webDistDir);
  return { app, services };
}

function rateLimitError(retryAfter: string) {
  const error = new AppError('rate-limited', { retryAfter });
  return { statusCode: 429, error: { code: error.code, message: error.message } };
}

/** Resolves the session cookie on every request and checks the CSRF header on state changes. */
function registerSessionHooks(app: FastifyInstance, access: AccessService): void {
  app.decorateRequest('sessionUser', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    request.sessionUser = token ? await access.resolveSession(token) : null;
    // Signing in replaces any session, so it needs no CSRF token; the JSON body it requires cannot
    // come from a cross-site form.
    if (SAFE_METHODS.has(request.method) || !request.sessionUser || request.url === '/api/auth/login') return;
    // Double submit: the token is in the session row and only the app's own pages can read it
    // from /api/me, so a cross-site form cannot send it.
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || header !== request.sessionUser.csrfToken) {
      throw new AppError('csrf-failed');
    }
  });
}

function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.statusCode).send({
        error: {
          code: error.code,
          message: error.message,
          params: error.params,
          fields: error.fields,
          requestId: request.id,
        },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        // A body that is not an object (an array, text) has neither an instance path nor a path.
        const path = issue.params?.issue?.path ?? [];
        const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || path.join('.') || 'body';
        fields[field] = issue.message ?? 'invalide';
      }
      return reply.status(400).send({
        error: {
          code: 'validation-failed',
          message: frenchMessage('validation-failed'),
          fields,
          requestId: request.id,
        },
      });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({
        error: { code: 'rate-limited', message: frenchMessage('rate-limited'), requestId: request.id },
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, unsupported media type, body too large: the client's request is at fault.
      return reply.status(error.statusCode).send({
        error: {
          code: 'validation-failed',
          message: frenchMessage('validation-failed'),
          fields: { body: BODY_PROBLEMS[error.code] ?? 'corps de requête invalide' },
          requestId: request.id,
        },
      });
    }
    const databaseCode = (error as { code?: string }).code;
    if (databaseCode && TEXT_ENCODING_ERRORS.has(databaseCode)) {
      return reply.status(400).send({
        error: {
          code: 'validation-failed',
          message: frenchMessage('validation-failed'),
          fields: { body: 'caractère nul ou invalide dans un texte : retirez-le puis réessayez' },
          requestId: request.id,
        },
      });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({
      error: {
        code: 'internal',
        message: frenchMessage('internal', { requestId: request.id }),
        requestId: request.id,
      },
    });
  });
}

/** Serves the built web app, sending index.html for every non-API path so client routes work. */
function registerWebApp(app: FastifyInstance, webDistDir: string): void {
  const indexFile = path.join(webDistDir, 'index.html');
  const hasWebApp = fs.existsSync(indexFile);
  if (hasWebApp) {
    app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: false });
  } else {
    app.log.warn({ webDistDir }, 'web app not built; run npm run build to serve it');
  }
  app.setNotFoundHandler((request, reply) => {
    const isPageRequest =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !path.extname(request.url.split('?')[0] ?? '');
    if (isPageRequest && hasWebApp) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'not-found', message: frenchMessage('not-found'), requestId: request.id } });
  });
}
