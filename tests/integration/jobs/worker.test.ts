// Workers against a real Postgres (pg-boss in the test file's database), with a fake collector that
// records when each sync of each source runs: two workers never run one source's sync at the same time,
// share a queue of syncs and finish it faster than one; failures are retried with growing delays and
// kept; stopping waits for running jobs, and hands back the ones that do not finish in time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getTestDatabase, getTestDb } from '@/tests/helpers/database';
import type PgBoss from 'pg-boss';
import { createBoss, ensureSyncQueue, reconcileSchedules } from '@/lib/jobs/boss';
import { plannedSchedules } from '@/lib/jobs/schedules';
import { listJobHistory, listSourceSchedules } from '@/lib/jobs/history';
import { syncQueueName } from '@/lib/jobs/queues';
import { requestSync } from '@/lib/jobs/sync-now';
import type { SyncRunner } from '@/lib/jobs/sync-job';
import { startWorker, type RunningWorker, type WorkerLog } from '@/lib/jobs/worker';
import type { DigestMetrics } from '@/lib/digest/gather';

const quietLog: WorkerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const noMetrics: DigestMetrics = {
  reports: async () => { throw new Error('not used'); },
  weekly: async () => { throw new Error('not used'); },
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunRecord { sourceId: number; worker: string; start: number; end: number }

/** A collector that takes `ms` per sync and records every run; `fail` decides failures per call. */
function fakeCollector(worker: string, log: RunRecord[], ms: number, fail: (sourceId: number) => boolean = () => false): SyncRunner {
  return async (_db, input) => {
    const start = Date.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      input.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
    log.push({ sourceId: input.sourceId, worker, start, end: Date.now() });
    if (fail(input.sourceId)) return { status: 'failed', runId: null, error: `source ${input.sourceId} is down` };
    return { status: 'succeeded', runId: null, counts: { deployments: 1 } };
  };
}

const workers: RunningWorker[] = [];

async function worker(name: string, runSync: SyncRunner, syncConcurrency = 1): Promise<RunningWorker> {
  const running = await startWorker({
    db: getTestDb(),
    connectionString: getTestDatabase().url,
    runSync,
    send: null,
    digest: { metrics: noMetrics, appUrl: 'http://localhost:3000', secret: null, from: 'vitals@test' },
    log: quietLog,
    syncConcurrency,
    pollIntervalMs: 50,
    reconcileIntervalMs: 60_000,
  });
  workers.push(running);
  return running;
}

async function stopAll(): Promise<void> {
  await Promise.all(workers.splice(0).map((running) => running.stop(5_000)));
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function overlaps(records: RunRecord[]): RunRecord[][] {
  const clashes: RunRecord[][] = [];
  for (const a of records) for (const b of records) {
    if (a !== b && a.sourceId === b.sourceId && a.start < b.end && b.start < a.end) clashes.push([a, b]);
  }
  return clashes;
}

const SOURCES = 6;
let sourceIds: number[] = [];
/** Sends jobs the way the web app and the CLI do: a pg-boss without maintenance or schedules. */
let sender: PgBoss;

beforeAll(async () => {
  sender = createBoss({ connectionString: getTestDatabase().url, worker: false });
  await sender.start();
  const db = getTestDb();
  // A schedule that never fires during the test (1 January, 00:00), so only the jobs the tests queue run.
  for (let index = 1; index <= SOURCES; index += 1) {
    await db.source.create({ data: { kind: 'github', name: `source-${index}`, schedule: '0 0 1 1 *' } });
  }
  sourceIds = (await db.source.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((source) => source.id);
  for (const sourceId of sourceIds) await ensureSyncQueue(sender, syncQueueName(sourceId));
});

afterEach(stopAll);
afterAll(async () => {
  await stopAll();
  await sender.stop({ graceful: false, wait: true });
});

async function queueAll(times: number): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for (let round = 0; round < times; round += 1) {
    for (const sourceId of sourceIds) ids.push(await sender.send(syncQueueName(sourceId), { sourceId, trigger: 'manual' }));
  }
  return ids;
}

describe('sync workers', () => {
  it('creates a queue and a schedule per source, and knows each next run', async () => {
    const first = await worker('a', fakeCollector('a', [], 10));
    const schedules = await first.boss.getSchedules();
    expect(schedules.map((schedule) => schedule.name).sort()).toEqual(['digest-due', ...sourceIds.map(syncQueueName)].sort());
    // Re-reading unchanged sources changes nothing.
    const again = await reconcileSchedules(first.boss, plannedSchedules(
      await getTestDb().source.findMany({ select: { id: true, name: true, schedule: true, enabled: true } }), 'UTC',
    ).schedules);
    expect(again).toEqual({ scheduled: [], unscheduled: [] });
    const overview = await listSourceSchedules(getTestDb(), new Date('2026-06-15T10:00:00Z'));
    expect(overview[0]).toMatchObject({ cron: '0 0 1 1 *', timeZone: 'UTC', nextRunAt: new Date('2027-01-01T00:00:00Z'), problem: null });
  });

  it('queues one waiting sync per source however often "sync now" is pressed, and audits it', async () => {
    // No worker runs: nothing is claimed while we queue.
    const db = getTestDb();
    const actor = { type: 'cli' as const, name: 'test' };
    const first = await requestSync(db, sender, { sourceName: 'source-1', trigger: 'cli', actor });
    const second = await requestSync(db, sender, { sourceName: 'source-1', trigger: 'cli', actor });
    expect(first.jobId).toEqual(expect.any(String));
    expect(second.jobId).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { action: 'source.sync_now' }, orderBy: { id: 'asc' } });
    expect(audit.map((event) => (event.details as { alreadyQueued: boolean }).alreadyQueued)).toEqual([false, true]);
    await sender.purgeQueue(syncQueueName(sourceIds[0]!));
  });

  it('never runs one source twice at once, and two workers finish the queue faster than one', async () => {
    const jobMs = 400;
    // One worker, one sync at a time: 6 sources × 2 rounds.
    const soloLog: RunRecord[] = [];
    await worker('solo', fakeCollector('solo', soloLog, jobMs));
    let started = Date.now();
    await queueAll(1);
    await waitFor(() => soloLog.length === SOURCES, 20_000);
    const soloMs = Date.now() - started;
    await stopAll();

    // Two workers on the same database, same work, while a second round is queued during the first.
    const pairLog: RunRecord[] = [];
    await worker('a', fakeCollector('a', pairLog, jobMs));
    await worker('b', fakeCollector('b', pairLog, jobMs));
    started = Date.now();
    await queueAll(1);
    await sleep(jobMs / 2);
    // While each source runs, queue it again: stately queues hold it until the running one ends.
    const again = await queueAll(2);
    expect(again.filter((id) => id !== null).length).toBeLessThanOrEqual(SOURCES);
    await waitFor(() => pairLog.length >= SOURCES, 20_000);
    const pairMs = Date.now() - started;
    await waitFor(async () => (await listJobHistory(getTestDb(), { kind: 'sync', state: 'created' })).length === 0
      && workers.every((running) => running.activeJobs().sync === 0), 20_000);

    expect(overlaps(pairLog)).toEqual([]);
    expect(new Set(pairLog.map((record) => record.worker))).toEqual(new Set(['a', 'b']));
    // 6 × 400 ms alone ≈ 2.4 s; shared ≈ 1.2 s. Allow for polling and start-up.
    expect(pairMs).toBeLessThan(soloMs * 0.75);
    console.log(`6 syncs of 400 ms: one worker ${soloMs} ms, two workers ${pairMs} ms; ${pairLog.length} runs in all, no overlap per source`);
  });

  it('after a successful sync runs the after-sync work; when that fails, says so and the sync still succeeds', async () => {
    const warnings: string[] = [];
    let afterSyncs = 0;
    const running = await startWorker({
      db: getTestDb(),
      connectionString: getTestDatabase().url,
      runSync: fakeCollector('w', [], 10),
      send: null,
      digest: { metrics: noMetrics, appUrl: 'http://localhost:3000', secret: null, from: 'vitals@test' },
      log: { ...quietLog, warn: (message) => warnings.push(message) },
      pollIntervalMs: 50,
      reconcileIntervalMs: 60_000,
      afterSync: async () => {
        afterSyncs += 1;
        throw new Error('dashboards unavailable');
      },
    });
    workers.push(running);
    const sourceId = sourceIds[0]!;
    const job = await sender.send(syncQueueName(sourceId), { sourceId, trigger: 'manual' });
    await waitFor(async () => (await sender.getJobById(syncQueueName(sourceId), job!))?.state === 'completed', 10_000);
    expect(afterSyncs).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('after the sync: dashboards unavailable')]);
  });

  it('retries a failing sync with growing delays, then keeps it as failed with its error', async () => {
    const log: RunRecord[] = [];
    await worker('a', fakeCollector('a', log, 10, () => true));
    const sourceId = sourceIds[1]!;
    // The production queue waits 30 s, 60 s, 120 s…; the same backoff with a 1 s base keeps the test short.
    const id = await sender.send(syncQueueName(sourceId), { sourceId, trigger: 'manual' }, { retryLimit: 2, retryDelay: 1, retryBackoff: true });
    await waitFor(async () => (await sender.getJobById(syncQueueName(sourceId), id!))?.state === 'failed', 20_000);
    const starts = log.map((record) => record.start);
    expect(starts).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = starts;
    // Attempt n+1 waits between delay·2^(n-1) and delay·2^n seconds (jitter), plus polling; the upper
    // bounds leave room for a busy CI machine.
    expect(second - first).toBeGreaterThanOrEqual(950);
    expect(second - first).toBeLessThan(3_500);
    expect(third - second).toBeGreaterThanOrEqual(1_950);
    expect(third - second).toBeLessThan(5_500);

    const [failed] = await listJobHistory(getTestDb(), { queue: syncQueueName(sourceId), state: 'failed' });
    expect(failed).toMatchObject({ id, state: 'failed', attempt: 3, maxAttempts: 3, label: 'Sync source-2 (manual)' });
    expect(failed?.error).toContain(`source ${sourceId} is down`);
  });

  it('hands back a sync left running by a worker that died (no collector heartbeat)', async () => {
    const db = getTestDb();
    const sourceId = sourceIds[4]!;
    const queue = syncQueueName(sourceId);
    const id = await sender.send(queue, { sourceId, trigger: 'manual' }, { retryLimit: 2, retryDelay: 1 });
    // A worker claims it and is killed: the job stays active, pg-boss would wait for its 3-hour expiry.
    const [claimed] = await sender.fetch(queue);
    expect(claimed?.id).toBe(id);
    await db.$executeRawUnsafe(`UPDATE pgboss.job SET started_on = now() - interval '3 minutes' WHERE id = $1::uuid`, id);
    // A live run of the source (fresh heartbeat) means the job is not orphaned…
    const run = await db.collectorRun.create({ data: { sourceId, status: 'running', counts: { heartbeatAt: new Date().toISOString() } } });
    const log: RunRecord[] = [];
    const running = await worker('a', fakeCollector('a', log, 10));
    expect((await sender.getJobById(queue, id!))?.state).toBe('active');
    // …a stale one (the dead worker's) is: the next check hands it back and a live worker runs it.
    await db.collectorRun.update({ where: { id: run.id }, data: { counts: { heartbeatAt: new Date(Date.now() - 10 * 60_000).toISOString() } } });
    await running.reconcile();
    await waitFor(() => log.some((record) => record.sourceId === sourceId), 10_000);
    const history = await listJobHistory(db, { queue });
    expect(history.find((job) => job.id === id)?.attempt).toBe(2);
  });

  it('on stop, lets a running sync finish within the grace period', async () => {
    const log: RunRecord[] = [];
    const running = await worker('a', fakeCollector('a', log, 600));
    const sourceId = sourceIds[2]!;
    const id = await sender.send(syncQueueName(sourceId), { sourceId, trigger: 'manual' });
    await waitFor(() => running.activeJobs().sync === 1, 5_000);
    await running.stop(5_000);
    expect(log).toHaveLength(1);
    expect((await sender.getJobById(syncQueueName(sourceId), id!))?.state).toBe('completed');
  });

  it('on stop, hands back a sync that does not finish in time, for another worker to retry', async () => {
    const log: RunRecord[] = [];
    const running = await worker('a', fakeCollector('a', log, 10_000));
    const sourceId = sourceIds[3]!;
    const id = await sender.send(syncQueueName(sourceId), { sourceId, trigger: 'manual' }, { retryLimit: 3, retryDelay: 1 });
    await waitFor(() => running.activeJobs().sync === 1, 5_000);
    const stopping = Date.now();
    await running.stop(300);
    expect(Date.now() - stopping).toBeLessThan(3_000);
    const job = await sender.getJobById(syncQueueName(sourceId), id!);
    expect(job?.state).toBe('retry');

    const otherLog: RunRecord[] = [];
    await worker('b', fakeCollector('b', otherLog, 10));
    await waitFor(() => otherLog.length === 1, 10_000);
    expect(otherLog[0]?.sourceId).toBe(sourceId);
  });
});
