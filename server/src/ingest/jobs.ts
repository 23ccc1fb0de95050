import PgBoss from 'pg-boss';
import type { BaseLogger } from 'pino';
import type { Database } from '../db/database.js';
import type { IngestPipeline } from './pipeline.js';
import { pollSource } from './poller.js';
import type { SourceRepository } from './sources.js';
import { TransferError } from './transfer.js';

/** Queue whose cron job looks every minute for sources due for polling. */
export const TICK_QUEUE = 'ingest-tick';
/** Queue of polls, one job per source at a time. */
export const POLL_QUEUE = 'ingest-poll';

const POLL_RETRY = { retryLimit: 4, retryDelay: 30, retryBackoff: true } as const;

export interface IngestJobs {
  boss: PgBoss;
  /** Queues a poll of one source now (the "poll now" button and the tests). */
  pollNow(sourceId: string): Promise<string | null>;
  /** Queues the check for due sources now instead of at the next minute. */
  tickNow(): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the platform's own pool (its tables live in the `pgboss` schema) and, when
 * `worker` is true, the workers that poll sources. With several servers, each may run workers:
 * the `stately` policy keeps one queued and one active poll per source.
 */
export async function startIngestJobs(deps: {
  database: Database;
  sources: SourceRepository;
  pipeline: IngestPipeline;
  logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
  worker: boolean;
  /** Seconds between fetches of new jobs; pg-boss's default is 2. */
  pollingIntervalSeconds?: number;
}): Promise<IngestJobs> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => deps.database.pool.query(text, values) },
    schema: 'pgboss',
    schedule: deps.worker,
    supervise: deps.worker,
  });
  boss.on('error', (error) => deps.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: 'singleton' });
  await boss.createQueue(POLL_QUEUE, { name: POLL_QUEUE, policy: 'stately', ...POLL_RETRY });

  const pollNow = (sourceId: string) =>
    boss.send(POLL_QUEUE, { sourceId }, { singletonKey: sourceId, ...POLL_RETRY });

  if (deps.worker) {
    const interval = deps.pollingIntervalSeconds ?? 2;
    await boss.schedule(TICK_QUEUE, '* * * * *', {}, { tz: 'Europe/Paris' });
    await boss.work(TICK_QUEUE, { pollingIntervalSeconds: interval }, async () => {
      const due = await deps.sources.dueSources(new Date());
      for (const source of due) await pollNow(source.id);
    });
    await boss.work<{ sourceId: string }>(POLL_QUEUE, { pollingIntervalSeconds: interval }, async ([job]) => {
      if (!job) return;
      try {
        await pollSource(deps, job.data.sourceId);
      } catch (error) {
        // Only transfer failures that may pass are retried; a wrong password or host key is not.
        if (error instanceof TransferError && !error.retryable) return;
        throw error;
      }
    });
  }

  return {
    boss,
    pollNow,
    tickNow: () => boss.send(TICK_QUEUE, {}),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
