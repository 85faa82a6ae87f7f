// Sync jobs left "active" by a worker that died (SIGKILL, power loss). pg-boss 10 has no heartbeat and
// would wait for the job's expiry (3 hours), and meanwhile the source's stately queue lets no other sync
// of it start. The collector does keep a heartbeat on its CollectorRun, so a sync job active for longer
// than the collector's stale limit whose source has no live run belongs to a dead worker: fail it, and
// pg-boss retries it on a live one. Workers check every minute.
import type PgBoss from 'pg-boss';
import type { Db } from '@/lib/db';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { SYNC_QUEUE_PREFIX, sourceIdOfQueue } from '@/lib/jobs/queues';
import { STALE_RUN_MS } from '@/lib/sources/run-sync';

interface ActiveJob {
  id: string;
  name: string;
}

function heartbeatOf(run: { startedAt: Date; counts: unknown }): number {
  const beat = (run.counts as { heartbeatAt?: unknown } | null)?.heartbeatAt;
  return typeof beat === 'string' ? Date.parse(beat) : run.startedAt.getTime();
}

/** Fails orphaned sync jobs; returns their ids. */
export async function failOrphanedSyncJobs(db: Db, boss: PgBoss, now: Date): Promise<string[]> {
  const startedBefore = new Date(now.getTime() - STALE_RUN_MS);
  const jobs = await db.$queryRawUnsafe<ActiveJob[]>(
    `SELECT id::text AS id, name FROM ${BOSS_SCHEMA}.job
     WHERE name LIKE $1 AND state = 'active' AND started_on < $2`,
    `${SYNC_QUEUE_PREFIX}%`,
    startedBefore,
  );
  const failed: string[] = [];
  for (const job of jobs) {
    const sourceId = sourceIdOfQueue(job.name);
    if (sourceId === null) continue;
    const running = await db.collectorRun.findMany({
      where: { sourceId, status: 'running' },
      select: { startedAt: true, counts: true },
    });
    const alive = running.some((run) => now.getTime() - heartbeatOf(run) < STALE_RUN_MS);
    if (alive) continue;
    await boss.fail(job.name, job.id, { message: 'The worker running this sync stopped responding (no heartbeat); retrying on another worker.' });
    failed.push(job.id);
  }
  return failed;
}
