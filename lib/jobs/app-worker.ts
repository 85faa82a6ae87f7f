// A worker wired for the application: the collectors (lib/sources), the metrics engine for digests,
// SMTP from the environment, and the dashboards computed again after each sync (the one place lib/
// reaches into app/: this is where the application is put together). `npm run worker` and
// `npm run demo` both start one through here; tests call startWorker (lib/jobs/worker.ts) with fakes
// instead.
import { warmDashboards } from '@/app/_lib/warm-dashboards';
import type { Db } from '@/lib/db';
import { engineDigestMetrics } from '@/lib/digest/engine-metrics';
import { getEnv } from '@/lib/env';
import { collectorSyncRunner } from '@/lib/jobs/sync-runner';
import { consoleLog, startWorker, type RunningWorker, type WorkerLog } from '@/lib/jobs/worker';
import { createMailSender, isSmtpConfigured, type SendMail } from '@/lib/mail/transport';

export interface AppWorkerOptions {
  db: Db;
  /** The database pg-boss uses: the same one as `db`. */
  connectionString: string;
  log?: WorkerLog;
  /** Overrides SMTP from the environment (e.g. a local mail catcher). */
  send?: SendMail;
}

export interface AppWorker extends RunningWorker {
  /** Whether this worker sends digests (SMTP and AUTH_SECRET present). */
  digestsOn: boolean;
}

export async function startAppWorker(options: AppWorkerOptions): Promise<AppWorker> {
  const env = getEnv();
  const log = options.log ?? consoleLog;
  const mailer = options.send || !isSmtpConfigured(env) ? null : createMailSender(env);
  const send = options.send ?? mailer?.send ?? null;
  if (!send) log.warn('SMTP_HOST is not set: weekly digests will not be sent (previews still work).');
  else if (!env.AUTH_SECRET) log.warn('AUTH_SECRET is not set: digests cannot carry signed unsubscribe links, so none will be sent.');
  const worker = await startWorker({
    db: options.db,
    connectionString: options.connectionString,
    runSync: collectorSyncRunner,
    send,
    digest: { metrics: engineDigestMetrics(options.db), appUrl: env.APP_URL, secret: env.AUTH_SECRET ?? null, from: env.SMTP_FROM },
    syncConcurrency: env.WORKER_SYNC_CONCURRENCY,
    log,
    afterSync: () => warmDashboards(options.db),
  });
  return {
    ...worker,
    digestsOn: send !== null && env.AUTH_SECRET !== undefined,
    async stop(graceMs = env.WORKER_SHUTDOWN_GRACE_SECONDS * 1000) {
      await worker.stop(graceMs);
      mailer?.close();
    },
  };
}
