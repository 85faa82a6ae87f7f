// A Vitals worker: pg-boss on the application's Postgres, one claim pool for syncs (bounded per worker,
// shared fairly by every source's queue) and one for digests, and a loop that keeps pg-boss's schedules
// equal to the sources. Run as many workers as you like on one database: claims are
// `FOR UPDATE SKIP LOCKED`, schedules fire once (pg-boss elects one timekeeper per minute), and a
// source never syncs twice at once. `startWorker` is what `npm run worker` and `npm run demo` call.
import type PgBoss from 'pg-boss';
import type { Db } from '@/lib/db';
import type { DigestMetrics } from '@/lib/digest/gather';
import { createBoss, ensureFixedQueues, pendingSingletonKeys, reconcileSchedules } from '@/lib/jobs/boss';
import { ClaimPool, type PoolLog } from '@/lib/jobs/claim-pool';
import { queueDueDigests, sendWeeklyDigest, type DigestSendData } from '@/lib/jobs/digest-jobs';
import { failOrphanedSyncJobs } from '@/lib/jobs/orphans';
import { DIGEST_DUE_QUEUE, DIGEST_SEND_QUEUE, digestSendKey, syncQueueName } from '@/lib/jobs/queues';
import { plannedSchedules } from '@/lib/jobs/schedules';
import { runSyncJob, type SyncRunner } from '@/lib/jobs/sync-job';
import type { SendMail } from '@/lib/mail/transport';

export interface WorkerLog extends PoolLog {
  warn(message: string): void;
}

export const consoleLog: WorkerLog = {
  info: (message) => console.log(`[worker] ${message}`),
  warn: (message) => console.warn(`[worker] ${message}`),
  error: (message) => console.error(`[worker] ${message}`),
};

export interface StartWorkerOptions {
  db: Db;
  connectionString: string;
  runSync: SyncRunner;
  /** Digest delivery; null when SMTP is not configured (digests are then not queued). */
  send: SendMail | null;
  digest: { metrics: DigestMetrics; appUrl: string; secret: string | null; from: string };
  now?: () => Date;
  log?: WorkerLog;
  /** Syncs this worker runs at once (default 2). */
  syncConcurrency?: number;
  digestConcurrency?: number;
  pollIntervalMs?: number;
  /** How often sources are re-read to update schedules and sync queues, and dead workers' syncs handed back (default 60 s). */
  reconcileIntervalMs?: number;
  /** Passed through to pg-boss (tests use a dedicated instance). */
  boss?: PgBoss;
  /**
   * After each successful sync, e.g. computing the overview's preset ranges again so the first manager
   * to look finds them ready (lib/jobs/app-worker.ts). Its failure is logged, never the sync's.
   */
  afterSync?: () => Promise<void>;
}

export interface RunningWorker {
  boss: PgBoss;
  /** Re-reads sources now (after adding one, or in tests). */
  reconcile(): Promise<void>;
  /** Stops claiming, lets running jobs finish for `graceMs` (default 25 s), then stops pg-boss. */
  stop(graceMs?: number): Promise<void>;
  activeJobs(): { sync: number; digest: number };
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? consoleLog;
  const now = options.now ?? (() => new Date());
  const ownsBoss = options.boss === undefined;
  const boss = options.boss ?? createBoss({ connectionString: options.connectionString, worker: true });
  boss.on('error', (error) => log.error(`pg-boss: ${error.message}`));
  if (ownsBoss) await boss.start();
  await ensureFixedQueues(boss);

  let syncQueues: string[] = [];
  let warnedUnsent = false;
  const reconcile = async () => {
    const [sources, org] = await Promise.all([
      options.db.source.findMany({ select: { id: true, name: true, schedule: true, enabled: true }, orderBy: { id: 'asc' } }),
      options.db.orgSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } }),
    ]);
    const { schedules, problems } = plannedSchedules(sources, org?.timeZone ?? 'UTC');
    for (const problem of problems) log.warn(`source "${problem.sourceName}" is not scheduled: ${problem.message}`);
    const changes = await reconcileSchedules(boss, schedules);
    if (changes.scheduled.length > 0 || changes.unscheduled.length > 0) {
      log.info(`schedules updated: +${changes.scheduled.join(', ') || '0'} -${changes.unscheduled.join(', ') || '0'}`);
    }
    // Every source's queue is served, enabled or not: jobs queued by "sync now" before a source was
    // disabled still run (or are skipped by the job body) instead of waiting forever.
    syncQueues = sources.map((source) => syncQueueName(source.id));
    syncPool.nudge();
    const orphans = await failOrphanedSyncJobs(options.db, boss, now());
    if (orphans.length > 0) log.warn(`handed back ${orphans.length} sync job(s) left running by a worker that stopped responding`);
  };

  const syncPool = new ClaimPool(boss, {
    name: 'sync',
    concurrency: options.syncConcurrency ?? 2,
    queues: () => syncQueues,
    pollIntervalMs: options.pollIntervalMs ?? 2_000,
    log,
    handler: async ({ queue, job, signal }) => {
      log.info(`${queue}: sync started (job ${job.id}, attempt ${job.retryCount + 1})`);
      const output = await runSyncJob({ db: options.db, runSync: options.runSync }, job.data, signal);
      log.info(`${queue}: ${output.outcome === 'skipped' ? `skipped, ${output.reason}` : `done (run ${output.runId})`}`);
      if (output.outcome === 'succeeded' && options.afterSync) {
        await options.afterSync().catch((error: unknown) =>
          log.warn(`${queue}: after the sync: ${error instanceof Error ? error.message : String(error)}`));
      }
      return output;
    },
  });

  const digestPool = new ClaimPool(boss, {
    name: 'digest',
    concurrency: options.digestConcurrency ?? 2,
    queues: () => [DIGEST_DUE_QUEUE, DIGEST_SEND_QUEUE],
    pollIntervalMs: options.pollIntervalMs ?? 2_000,
    log,
    handler: async ({ queue, job }) => {
      if (queue === DIGEST_DUE_QUEUE) {
        const result = await queueDueDigests({
          now,
          db: options.db,
          cannotSend: options.send === null ? 'SMTP_HOST is not set' : options.digest.secret === null ? 'AUTH_SECRET is not set (unsubscribe links must be signed)' : null,
          enqueue: async (items: DigestSendData[]) => {
            const keyed = items.map((item) => ({ item, key: digestSendKey(item.subscriptionId, item.week) }));
            const pending = await pendingSingletonKeys(options.db, DIGEST_SEND_QUEUE, keyed.map((entry) => entry.key));
            const fresh = keyed.filter((entry) => !pending.has(entry.key));
            if (fresh.length > 0) await boss.insert(fresh.map((entry) => ({ name: DIGEST_SEND_QUEUE, data: entry.item, singletonKey: entry.key })));
          },
        });
        if (result.due > 0 && result.queued) log.info(`digests due: ${result.due}, queued`);
        // Said once per process, not every 5 minutes all week.
        if (result.due > 0 && !result.queued && !warnedUnsent) {
          warnedUnsent = true;
          log.warn(`${result.due} digest(s) due but not sent: ${result.reason ?? 'mail is not configured'}`);
        }
        return result;
      }
      if (!options.send || !options.digest.secret) throw new Error('Digest delivery needs SMTP_HOST and AUTH_SECRET. See .env.example.');
      const result = await sendWeeklyDigest(
        {
          now,
          db: options.db,
          send: options.send,
          compose: { metrics: options.digest.metrics, appUrl: options.digest.appUrl, secret: options.digest.secret, from: options.digest.from },
        },
        job.data,
      );
      log.info(`digest ${JSON.stringify(job.data)}: ${result.outcome}${result.outcome === 'skipped' ? ` (${result.reason})` : ''}`);
      return result;
    },
  });

  await reconcile();
  syncPool.start();
  digestPool.start();
  const timer = setInterval(() => {
    reconcile().catch((error: unknown) => log.error(`could not update schedules: ${error instanceof Error ? error.message : String(error)}`));
  }, options.reconcileIntervalMs ?? 60_000);
  timer.unref();

  let stopped: Promise<void> | null = null;
  return {
    boss,
    reconcile,
    activeJobs: () => ({ sync: syncPool.active, digest: digestPool.active }),
    stop(graceMs = 25_000) {
      stopped ??= (async () => {
        clearInterval(timer);
        const [syncs, digests] = await Promise.all([syncPool.stop(graceMs), digestPool.stop(graceMs)]);
        if (syncs.aborted + digests.aborted > 0) log.warn(`stopped ${syncs.aborted + digests.aborted} job(s) that did not finish in time; they will be retried`);
        if (ownsBoss) await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      })();
      return stopped;
    },
  };
}
