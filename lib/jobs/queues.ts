// Queue names and their policies. Each source has its own sync queue with pg-boss's `stately` policy:
// the database (a unique index on queue, state) then allows at most one queued and one running sync per
// source, across every worker, so a sync never runs twice at once and "sync now" pressed twice queues
// one run. One queue per source (instead of one queue keyed by source) also keeps a busy source from
// holding up the others: pg-boss claims the oldest job of a queue first.
import type PgBoss from 'pg-boss';

export const SYNC_QUEUE_PREFIX = 'sync-source-';
/** Finds digests that are due and queues one send job per subscriber (cron: lib/jobs/schedules.ts). */
export const DIGEST_DUE_QUEUE = 'digest-due';
/** Sends one subscriber's digest for one week. */
export const DIGEST_SEND_QUEUE = 'digest-send';

export function syncQueueName(sourceId: number): string {
  return `${SYNC_QUEUE_PREFIX}${sourceId}`;
}

/** The source id of a sync queue, or null for any other queue. */
export function sourceIdOfQueue(queue: string): number | null {
  if (!queue.startsWith(SYNC_QUEUE_PREFIX)) return null;
  const id = Number(queue.slice(SYNC_QUEUE_PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function isSyncQueue(queue: string): boolean {
  return sourceIdOfQueue(queue) !== null;
}

type QueueOptions = Omit<PgBoss.Queue, 'name'>;

/**
 * Retries back off exponentially: pg-boss waits between delay·2^(n-1) and delay·2^n seconds (random
 * jitter, so workers do not retry in step) before attempt n+1.
 */
export const SYNC_QUEUE_OPTIONS: QueueOptions = {
  policy: 'stately',
  retryLimit: 4,
  retryDelay: 30,
  retryBackoff: true,
  // A sync still active after this long is presumed dead (its worker was killed) and retried. The
  // collector's run claim (heartbeat) keeps a retry from overlapping a run that is in fact still alive.
  expireInSeconds: 3 * 60 * 60,
  retentionDays: 7,
};

export const DIGEST_DUE_QUEUE_OPTIONS: QueueOptions = {
  // At most one queued check; a check that overlaps the next one is harmless (sends are idempotent).
  policy: 'short',
  retryLimit: 1,
  retryDelay: 30,
  expireInSeconds: 10 * 60,
  retentionMinutes: 60,
};

export const DIGEST_SEND_QUEUE_OPTIONS: QueueOptions = {
  // `short` keys on (subscription, week): a check that runs while a send waits does not queue a second.
  policy: 'short',
  retryLimit: 6,
  retryDelay: 60,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  retentionDays: 7,
};

export function digestSendKey(subscriptionId: number, week: string): string {
  return `${subscriptionId}:${week}`;
}
