import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { DEMO_ADMIN, seedDemo } from './demo/seed.js';
import { type IngestJobs, startIngestJobs } from './ingest/jobs.js';
import { markInterruptedRuns } from './ingest/pipeline.js';
import { resolveSecretKey } from './ingest/secrets.js';

const SESSION_CLEANUP_INTERVAL_MS = 3_600_000;

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, creates the first administrator or demo data, and listens. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: { demo: boolean },
): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await migrate(database.pool, logger);
    const secretKey = await resolveSecretKey(config.secretKey, config.dataDir, logger);
    const { app, services } = await buildApp({ config, database, logger, secretKey });
    // NOTE: with several servers on one database, a restarting server also marks the runs that
    // another live server has in progress; run the ingestion worker on one node only.
    const interrupted = await markInterruptedRuns(database);
    if (interrupted > 0)
      logger.warn(
        { count: interrupted },
        'import runs left running by a stopped process marked as interrupted',
      );

    if (config.initialAdmin) {
      const outcome = await services.access.ensureInitialAdmin(
        config.initialAdmin.email,
        config.initialAdmin.password,
      );
      if (outcome === 'created')
        logger.info({ email: config.initialAdmin.email }, 'initial administrator created');
    }
    if (options.demo) {
      const { adminCreated, estateLoaded } = await seedDemo(database, services.access, logger);
      logger.info({ email: DEMO_ADMIN.email, adminCreated, estateLoaded }, 'demo ready');
    }

    let jobs: IngestJobs | null = null;
    try {
      jobs = await startIngestJobs({
        database,
        sources: services.ingest.sources,
        pipeline: services.ingest.pipeline,
        logger,
        worker: config.ingestWorker,
      });
      services.ingest.jobs = jobs;
    } catch (error) {
      await app.close();
      throw error;
    }

    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = address && typeof address === 'object' ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

    const cleanupTimer = setInterval(() => {
      services.access
        .deleteExpiredSessions()
        .then((count) => logger.info({ count }, 'expired sessions deleted'))
        .catch((error: unknown) => logger.error({ err: error }, 'expired session cleanup failed'));
    }, SESSION_CLEANUP_INTERVAL_MS);
    cleanupTimer.unref();

    return {
      app,
      database,
      url,
      close: async () => {
        clearInterval(cleanupTimer);
        await jobs?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
