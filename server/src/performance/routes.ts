import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { requireSession } from '../http/request-context.js';
import { indicatorRoutes } from './indicator-routes.js';
import { modelRoutes } from './model-routes.js';
import { trajectoryRoutes } from './trajectory-routes.js';
import { UserIndicatorService } from './user-indicators.js';

/**
 * Weather-normalised performance: energy signature, IPMVP, Décret tertiaire trajectory and
 * indicators. Every route needs a session; building figures need the consumption feature.
 */
export function performanceRoutes(
  db: Db,
  audit: AuditRepository,
  options: { clock?: () => Date } = {},
): FastifyPluginAsyncZod {
  const clock = options.clock ?? (() => new Date());
  return async (app) => {
    app.addHook('onRequest', requireSession);
    await app.register(modelRoutes(db, clock));
    await app.register(trajectoryRoutes(db, audit, clock));
    await app.register(indicatorRoutes(db, new UserIndicatorService(db, audit)));
  };
}
