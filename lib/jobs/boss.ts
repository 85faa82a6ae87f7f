// pg-boss on the application's own Postgres (schema `pgboss`): construction, the queues Vitals uses,
// and keeping pg-boss's schedule table equal to lib/jobs/schedules.ts.
import PgBoss from 'pg-boss';
import type { Db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import {
  DIGEST_DUE_QUEUE, DIGEST_DUE_QUEUE_OPTIONS, DIGEST_SEND_QUEUE, DIGEST_SEND_QUEUE_OPTIONS, SYNC_QUEUE_OPTIONS, isSyncQueue,
} from '@/lib/jobs/queues';
import type { PlannedSchedule } from '@/lib/jobs/schedules';

export const BOSS_SCHEMA = 'pgboss';

export interface BossOptions {
  connectionString: string;
  /**
   * false for processes that only send jobs (the web app, the CLI): they neither run pg-boss's
   * maintenance nor fire schedules, which the workers do.
   */
  worker: boolean;
}

/** A pg-boss instance, not yet started. */
export function createBoss({ connectionString, worker }: BossOptions): PgBoss {
  return new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: worker ? 'vitals-worker' : 'vitals-sender',
    max: worker ? 6 : 2,
    supervise: worker,
    schedule: worker,
    // Failed jobs stay in the job table a week, then in the archive until deleteAfterDays: the admin
    // UI and `vitals job list` show both, so a failure stays visible long enough to be noticed.
    archiveCompletedAfterSeconds: 24 * 60 * 60,
    archiveFailedAfterSeconds: 7 * 24 * 60 * 60,
    deleteAfterDays: 30,
  });
}

const RACE_CODES = new Set(['40P01', '23505', '42P07']);

/**
 * Creates a queue unless it exists. pg-boss 10's create_queue also creates and attaches a partition
 * table, and two workers starting at once deadlock on that (40P01) or collide on the table (42P07,
 * 23505); whoever lost finds the queue made by the other after a short, jittered wait.
 */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 5 || typeof code !== 'string' || !RACE_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** Creates the fixed queues when missing. */
export async function ensureFixedQueues(boss: PgBoss): Promise<void> {
  await ensureQueue(boss, DIGEST_DUE_QUEUE, DIGEST_DUE_QUEUE_OPTIONS);
  await ensureQueue(boss, DIGEST_SEND_QUEUE, DIGEST_SEND_QUEUE_OPTIONS);
}

export async function ensureSyncQueue(boss: PgBoss, queue: string): Promise<void> {
  await ensureQueue(boss, queue, SYNC_QUEUE_OPTIONS);
}

/** JSON with keys sorted: jsonb hands objects back in its own key order. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
}

export interface ReconcileResult {
  scheduled: string[];
  unscheduled: string[];
}

/**
 * Makes pg-boss's schedules exactly `planned`: creates missing queues, adds or updates schedules whose
 * cron or time zone changed, and removes schedules no longer planned (a disabled or deleted source).
 * Queues are kept when unscheduled so their job history stays visible. Safe to run from every worker.
 */
export async function reconcileSchedules(boss: PgBoss, planned: readonly PlannedSchedule[]): Promise<ReconcileResult> {
  const existingQueues = new Set((await boss.getQueues()).map((queue) => queue.name));
  const current = new Map((await boss.getSchedules()).map((schedule) => [schedule.name, schedule]));
  const scheduled: string[] = [];
  for (const plan of planned) {
    if (!existingQueues.has(plan.queue)) {
      if (isSyncQueue(plan.queue)) await ensureSyncQueue(boss, plan.queue);
      else await ensureFixedQueues(boss);
      existingQueues.add(plan.queue);
    }
    const existing = current.get(plan.queue) as (PgBoss.Schedule & { timezone?: string }) | undefined;
    const sameData = stableJson(existing?.data ?? {}) === stableJson(plan.data);
    if (existing && existing.cron === plan.cron && existing.timezone === plan.timeZone && sameData) continue;
    await boss.schedule(plan.queue, plan.cron, plan.data, { tz: plan.timeZone });
    scheduled.push(plan.queue);
  }
  const wanted = new Set(planned.map((plan) => plan.queue));
  const unscheduled: string[] = [];
  for (const name of current.keys()) {
    if (wanted.has(name)) continue;
    await boss.unschedule(name);
    unscheduled.push(name);
  }
  return { scheduled, unscheduled };
}

/**
 * Which of `keys` already have a job of `queue` waiting, retrying or running. Queue policies only
 * deduplicate jobs waiting in the same state; this lets a periodic check skip work already in hand
 * (a digest whose send is retrying after an SMTP failure) instead of piling up copies.
 */
export async function pendingSingletonKeys(db: Db, queue: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.$queryRawUnsafe<{ key: string }[]>(
    `SELECT DISTINCT singleton_key AS key FROM ${BOSS_SCHEMA}.job
     WHERE name = $1 AND state IN ('created', 'retry', 'active') AND singleton_key = ANY($2::text[])`,
    queue,
    [...keys],
  );
  return new Set(rows.map((row) => row.key));
}

let sender: Promise<PgBoss> | undefined;

/**
 * A started pg-boss for sending jobs from the web app and the CLI (no maintenance, no schedules), one
 * per process.
 */
export function getJobSender(): Promise<PgBoss> {
  sender ??= (async () => {
    const { DATABASE_URL } = getEnv();
    if (!DATABASE_URL) throw new Error('DATABASE_URL is not set. See .env.example.');
    const boss = createBoss({ connectionString: DATABASE_URL, worker: false });
    boss.on('error', (error) => console.error('[jobs] pg-boss error:', error.message));
    await boss.start();
    await ensureFixedQueues(boss);
    return boss;
  })().catch((error: unknown) => {
    sender = undefined;
    throw error;
  });
  return sender;
}

export async function stopJobSender(): Promise<void> {
  const current = sender;
  sender = undefined;
  if (current) await (await current).stop({ graceful: false, wait: true });
}
