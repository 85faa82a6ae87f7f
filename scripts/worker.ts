// npm run worker: scheduled collection and weekly digests (pg-boss on the application's Postgres).
// Run several on one database to scale out; each stops gracefully on SIGTERM/SIGINT (running jobs
// get WORKER_SHUTDOWN_GRACE_SECONDS to finish, then are handed back for another worker to retry).
import { disconnectDb, getDb } from '@/lib/db';
import { DEMO_EMAIL_DOMAIN } from '@/lib/demo/generate';
import { ensureDemoDigestSubscriptions } from '@/lib/digest/demo';
import { getEnv } from '@/lib/env';
import { startAppWorker } from '@/lib/jobs/app-worker';
import { consoleLog } from '@/lib/jobs/worker';
import { installConsoleRedaction } from '@/lib/security/redact';
import { onShutdown, shutdown } from './lib/shutdown';

async function main(): Promise<void> {
  // Like the web server (instrumentation.ts): no secret reaches a log line, whoever writes it.
  installConsoleRedaction();
  const env = getEnv();
  if (!env.DATABASE_URL) {
    console.error('DATABASE_URL is not set. Set it to the database the web app uses (see .env.example), or run `npm run demo`, which starts a worker beside its embedded database.');
    process.exitCode = 2;
    return;
  }
  if (env.VITALS_DEMO) {
    // npm run demo: its leaders subscribe to the digest, so the admin digest page has someone to show.
    const created = await ensureDemoDigestSubscriptions(getDb(), DEMO_EMAIL_DOMAIN);
    if (created.length > 0) consoleLog.info(`demo: subscribed ${created.length} demo leader(s) to the weekly digest`);
  }
  const worker = await startAppWorker({ db: getDb(), connectionString: env.DATABASE_URL });
  onShutdown(async () => {
    consoleLog.info('stopping: no new jobs; waiting for running ones…');
    await worker.stop();
    await disconnectDb();
    consoleLog.info('stopped.');
  });
  consoleLog.info(`started: ${env.WORKER_SYNC_CONCURRENCY} sync slot(s), digests ${worker.digestsOn ? 'on' : 'off'}. Stop with Ctrl-C or SIGTERM.`);
}

main().catch(async (error: unknown) => {
  console.error(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
