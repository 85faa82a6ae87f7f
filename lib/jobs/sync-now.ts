// "Sync now" from the admin UI and the CLI: queues a sync of one source for the workers. The source's
// stately queue keeps this idempotent: while a sync of the source is already waiting, pressing again
// queues nothing more (pg-boss returns no id) and the caller says so.
import type PgBoss from 'pg-boss';
import { recordAuditEvent, type AuditActor } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { ensureSyncQueue } from '@/lib/jobs/boss';
import { syncQueueName } from '@/lib/jobs/queues';
import type { SyncJobData, SyncTrigger } from '@/lib/jobs/sync-job';

export class SyncRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncRequestError';
  }
}

export interface SyncRequest {
  sourceName: string;
  trigger: Extract<SyncTrigger, 'manual' | 'cli'>;
  full?: boolean;
  actor: AuditActor;
}

export interface SyncRequestResult {
  sourceId: number;
  sourceName: string;
  queue: string;
  /** null when a sync of this source was already waiting: nothing new was queued. */
  jobId: string | null;
}

export async function requestSync(db: Db, boss: PgBoss, request: SyncRequest): Promise<SyncRequestResult> {
  const source = await db.source.findUnique({ where: { name: request.sourceName }, select: { id: true, name: true, enabled: true } });
  if (!source) throw new SyncRequestError(`No source named "${request.sourceName}".`);
  if (!source.enabled) throw new SyncRequestError(`Source "${source.name}" is disabled; enable it first.`);
  const queue = syncQueueName(source.id);
  await ensureSyncQueue(boss, queue);
  const data: SyncJobData = {
    sourceId: source.id,
    trigger: request.trigger,
    full: request.full ?? false,
    ...(request.actor.name ? { requestedBy: request.actor.name } : {}),
  };
  const jobId = await boss.send(queue, data);
  await recordAuditEvent(db, {
    actor: request.actor,
    action: 'source.sync_now',
    target: `source:${source.name}`,
    details: { jobId, full: request.full ?? false, alreadyQueued: jobId === null },
  });
  return { sourceId: source.id, sourceName: source.name, queue, jobId };
}

/** Puts a failed job back in its queue (pg-boss keeps its attempts count). */
export async function retryFailedJob(db: Db, boss: PgBoss, queue: string, jobId: string, actor: AuditActor): Promise<void> {
  await boss.retry(queue, jobId);
  await recordAuditEvent(db, { actor, action: 'job.retry', target: `job:${queue}/${jobId}` });
}
