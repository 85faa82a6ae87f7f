// What admins see of scheduled work: job history (pg-boss's job and archive tables, failed jobs kept for
// weeks, see lib/jobs/boss.ts), each source's schedule with its next and last run, and the digest
// subscriptions with their next send. Read-only; the admin UI and `vitals job` both use it.
import type { Db } from '@/lib/db';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { DIGEST_DUE_QUEUE, DIGEST_SEND_QUEUE, SYNC_QUEUE_PREFIX, sourceIdOfQueue, syncQueueName } from '@/lib/jobs/queues';
import { cronProblem, DEFAULT_SYNC_CRON, DIGEST_DUE_CRON, latestDigestSlot, nextCronRun, nextDigestSlot } from '@/lib/jobs/schedules';

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobRecord {
  id: string;
  queue: string;
  /** What the job is, for people: "Sync github-acme", "Digest 2026-W10 for #3". */
  label: string;
  state: JobState;
  attempt: number;
  maxAttempts: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** When a job waiting for a retry runs next. */
  startAfter: Date;
  /** The error of a failed (or retrying) job; the result summary of a completed one. */
  error: string | null;
  output: unknown;
  data: unknown;
  archived: boolean;
}

export interface JobHistoryFilter {
  /** Only this queue (e.g. syncQueueName(3)); or a kind of queue. */
  queue?: string;
  kind?: 'sync' | 'digest';
  state?: JobState;
  limit?: number;
}

interface JobRow {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  start_after: Date;
  output: unknown;
  data: unknown;
  archived: boolean;
}

function isMissingTable(error: unknown): boolean {
  // 42P01 undefined_table: no worker has started yet, so pg-boss has not created its schema.
  return error instanceof Error && /42P01|does not exist/.test(`${(error as { code?: string }).code ?? ''} ${error.message}`);
}

function describeJob(queue: string, data: unknown, sourceNames: Map<number, string>): string {
  const sourceId = sourceIdOfQueue(queue);
  const record = (data ?? {}) as Record<string, unknown>;
  if (sourceId !== null) {
    const trigger = typeof record.trigger === 'string' ? ` (${record.trigger}${record.full === true ? ', full' : ''})` : '';
    return `Sync ${sourceNames.get(sourceId) ?? `source #${sourceId}`}${trigger}`;
  }
  if (queue === DIGEST_SEND_QUEUE) return `Digest ${String(record.week ?? '?')} for subscription #${String(record.subscriptionId ?? '?')}`;
  if (queue === DIGEST_DUE_QUEUE) return 'Find due digests';
  return queue;
}

/**
 * An error as one readable line: collectors sometimes report structured errors (a JSON list of
 * validation issues) whose first line alone says nothing ("[").
 */
export function errorSummary(error: string, maxLength = 300): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

function errorOf(state: JobState, output: unknown): string | null {
  if (state !== 'failed' && state !== 'retry') return null;
  const value = (output ?? {}) as Record<string, unknown>;
  const message = value.message ?? (value.value as Record<string, unknown> | undefined)?.message;
  return typeof message === 'string' ? message : JSON.stringify(output);
}

/** Recent jobs, newest first, from the live table and the archive. */
export async function listJobHistory(db: Db, filter: JobHistoryFilter = {}): Promise<JobRecord[]> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const namePattern = filter.queue ?? (filter.kind === 'sync' ? `${SYNC_QUEUE_PREFIX}%` : filter.kind === 'digest' ? 'digest-%' : '%');
  const state = filter.state ?? null;
  let rows: JobRow[];
  try {
    // The schema name is a constant of ours (BOSS_SCHEMA), never input; values are bound parameters.
    rows = await db.$queryRawUnsafe<JobRow[]>(
      `SELECT * FROM (
         SELECT id::text, name, state::text AS state, retry_count, retry_limit, created_on, started_on, completed_on, start_after, output, data, false AS archived
         FROM ${BOSS_SCHEMA}.job WHERE name LIKE $1 AND name NOT LIKE '\\_\\_pgboss%' AND ($2::text IS NULL OR state::text = $2)
         UNION ALL
         SELECT id::text, name, state::text AS state, retry_count, retry_limit, created_on, started_on, completed_on, start_after, output, data, true AS archived
         FROM ${BOSS_SCHEMA}.archive WHERE name LIKE $1 AND name NOT LIKE '\\_\\_pgboss%' AND ($2::text IS NULL OR state::text = $2)
       ) AS jobs
       ORDER BY created_on DESC, id DESC
       LIMIT $3`,
      namePattern,
      state,
      limit,
    );
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
  const sources = await db.source.findMany({ select: { id: true, name: true } });
  const sourceNames = new Map(sources.map((source) => [source.id, source.name]));
  return rows.map((row) => ({
    id: row.id,
    queue: row.name,
    label: describeJob(row.name, row.data, sourceNames),
    state: row.state,
    attempt: row.retry_count + 1,
    maxAttempts: row.retry_limit + 1,
    createdOn: row.created_on,
    startedOn: row.started_on,
    completedOn: row.completed_on,
    startAfter: row.start_after,
    error: errorOf(row.state, row.output),
    output: row.output,
    data: row.data,
    archived: row.archived,
  }));
}

export interface SourceSchedule {
  id: number;
  name: string;
  kind: string;
  enabled: boolean;
  cron: string;
  timeZone: string;
  /** Why the schedule cannot run, when it cannot. */
  problem: string | null;
  nextRunAt: Date | null;
  lastRun: { id: number; status: string; trigger: string; startedAt: Date; finishedAt: Date | null; error: string | null } | null;
  /** Jobs of this source waiting or running now. */
  queued: number;
  running: number;
}

/** Every source with its schedule, next run (same maths as pg-boss) and last collector run. */
export async function listSourceSchedules(db: Db, now: Date): Promise<SourceSchedule[]> {
  const [sources, org] = await Promise.all([
    db.source.findMany({ select: { id: true, name: true, kind: true, schedule: true, enabled: true }, orderBy: { name: 'asc' } }),
    db.orgSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } }),
  ]);
  const timeZone = org?.timeZone ?? 'UTC';
  const counts = await jobCountsByQueue(db);
  const result: SourceSchedule[] = [];
  for (const source of sources) {
    const cron = source.schedule.trim() === '' ? DEFAULT_SYNC_CRON : source.schedule.trim();
    const problem = cronProblem(cron);
    const lastRun = await db.collectorRun.findFirst({
      where: { sourceId: source.id },
      orderBy: { startedAt: 'desc' },
      select: { id: true, status: true, trigger: true, startedAt: true, finishedAt: true, error: true },
    });
    const queue = counts.get(syncQueueName(source.id));
    result.push({
      id: source.id,
      name: source.name,
      kind: source.kind,
      enabled: source.enabled,
      cron,
      timeZone,
      problem,
      nextRunAt: source.enabled && !problem ? nextCronRun(cron, timeZone, now) : null,
      lastRun,
      queued: (queue?.created ?? 0) + (queue?.retry ?? 0),
      running: queue?.active ?? 0,
    });
  }
  return result;
}

async function jobCountsByQueue(db: Db): Promise<Map<string, Partial<Record<JobState, number>>>> {
  try {
    const rows = await db.$queryRawUnsafe<{ name: string; state: JobState; count: number }[]>(
      `SELECT name, state::text AS state, count(*)::int AS count FROM ${BOSS_SCHEMA}.job
       WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`,
    );
    const counts = new Map<string, Partial<Record<JobState, number>>>();
    for (const row of rows) counts.set(row.name, { ...counts.get(row.name), [row.state]: row.count });
    return counts;
  } catch (error) {
    if (isMissingTable(error)) return new Map();
    throw error;
  }
}

export interface DigestSubscriptionStatus {
  id: number;
  recipient: string;
  scope: string;
  timeZone: string;
  active: boolean;
  nextSendAt: Date;
  nextWeek: string;
  lastSent: { week: string; sentAt: Date } | null;
  /** A week claimed but not (yet) sent: a send in progress or one that failed and will be retried. */
  pending: string | null;
}

export async function listDigestSubscriptions(db: Db, now: Date): Promise<DigestSubscriptionStatus[]> {
  const subscriptions = await db.digestSubscription.findMany({
    select: {
      id: true, email: true, timeZone: true, active: true,
      user: { select: { name: true, email: true, role: true } },
      team: { select: { name: true } },
      sends: { orderBy: { week: 'desc' }, take: 3, select: { week: true, sentAt: true } },
    },
    orderBy: { id: 'asc' },
  });
  return subscriptions.map((subscription) => {
    const next = nextDigestSlot(now, subscription.timeZone);
    const sent = subscription.sends.find((send) => send.sentAt !== null);
    const latest = latestDigestSlot(now, subscription.timeZone);
    const pending = subscription.sends.find((send) => send.sentAt === null && send.week === latest.week);
    return {
      id: subscription.id,
      recipient: subscription.user ? `${subscription.user.name ?? subscription.user.email ?? 'user'}${subscription.user.email ? ` <${subscription.user.email}>` : ''}` : (subscription.email ?? '–'),
      scope: subscription.user ? `as ${subscription.user.role ?? 'no role'}` : subscription.team ? `team ${subscription.team.name}` : 'whole organisation',
      timeZone: subscription.timeZone,
      active: subscription.active,
      nextSendAt: next.sendAt,
      nextWeek: next.week,
      lastSent: sent && sent.sentAt ? { week: sent.week, sentAt: sent.sentAt } : null,
      pending: pending?.week ?? null,
    };
  });
}

/** When the digest check runs next (every 5 minutes, UTC). */
export function nextDigestCheck(now: Date): Date {
  return nextCronRun(DIGEST_DUE_CRON, 'UTC', now);
}
