// npm run worker: scheduled collection and weekly digests (pg-boss on the application's Postgres).
// Run several on one database to scale out; each stops gracefully on SIGTERM/SIGINT (running jobs
// get WORKER_SHUTDOWN_GRACE_SECONDS to finish, then are handed back for another worker to retry).
import { disconnectDb, getDb } from '@/lib/db';
import { engineDigestMetrics } from '@/lib/digest/engine-metrics';
import { getEnv } from '@/lib/env';
import { collectorSyncRunner } from '@/lib/jobs/sync-runner';
import { consoleLog, startWorker } from '@/lib/jobs/worker';
import { createMailSender, isSmtpConfigured } from '@/lib/mail/transport';
import { onShutdown, shutdown } from './lib/shutdown';

async function main(): Promise<void> {
  const env = getEnv();
  if (!env.DATABASE_URL) {
    console.error('DATABASE_URL is not set. Set it to the database the web app uses (see .env.example), or run `npm run demo`, which starts a worker beside its embedded database.');
    process.exitCode = 2;
    return;
  }
  const mail = isSmtpConfigured(env) ? createMailSender(env) : null;
  if (!mail) consoleLog.warn('SMTP_HOST is not set: weekly digests will not be sent (previews still work).');
  else if (!env.AUTH_SECRET) consoleLog.warn('AUTH_SECRET is not set: digests cannot carry signed unsubscribe links, so none will be sent.');

  const db = getDb();
  const worker = await startWorker({
    db,
    connectionString: env.DATABASE_URL,
    runSync: collectorSyncRunner,
    send: mail?.send ?? null,
    digest: { metrics: engineDigestMetrics(db), appUrl: env.APP_URL, secret: env.AUTH_SECRET ?? null, from: env.SMTP_FROM },
    syncConcurrency: env.WORKER_SYNC_CONCURRENCY,
  });
  onShutdown(async () => {
    consoleLog.info('stopping: no new jobs; waiting for running ones…');
    await worker.stop(env.WORKER_SHUTDOWN_GRACE_SECONDS * 1000);
    mail?.close();
    await disconnectDb();
    consoleLog.info('stopped.');
  });
  consoleLog.info(`started: ${env.WORKER_SYNC_CONCURRENCY} sync slot(s), digests ${mail && env.AUTH_SECRET ? 'on' : 'off'}. Stop with Ctrl-C or SIGTERM.`);
}

main().catch(async (error: unknown) => {
  console.error(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
