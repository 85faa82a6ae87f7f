// One sync of one source, for any kind: claims the source (one sync per source at a time), records a
// CollectorRun with its counts and errors, hands the kind's collector its client, sink and state, and
// keeps a heartbeat so a run whose process died is recognised and closed by the next one.
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getEnv } from '@/lib/env';
import { GitHubClient, RateLimitExceededError } from '@/lib/collectors/github/client';
import { githubCredentials, githubSettings } from '@/lib/collectors/github/settings';
import { syncGitHub } from '@/lib/collectors/github/sync';
import { emptyCounts, type SyncCounts, type SyncProgress } from '@/lib/collectors/types';
import { loadCredentials } from '@/lib/sources/credentials';
import { commonSyncInput, type CollectorContext, type CollectorResult } from '@/lib/sources/collector-context';
import { SourceNotFoundError } from '@/lib/sources/sources';
import { collectJira, collectPagerDuty } from '@/lib/sources/incident-collectors';

export type SyncTrigger = 'schedule' | 'manual' | 'webhook' | 'cli';
export type RunStatus = 'succeeded' | 'failed' | 'cancelled';

export interface RunSyncOptions {
  full?: boolean;
  trigger?: SyncTrigger;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
  signal?: AbortSignal;
  github?: CollectorContext['options']['github'];
  http?: CollectorContext['options']['http'];
}

export interface RunSummary {
  runId: number;
  sourceName: string;
  status: RunStatus;
  counts: SyncCounts;
  errors: string[];
  conditions: Record<string, string>;
  durationMs: number;
}

export class SyncInProgressError extends Error {
  constructor(sourceName: string, runId: number) {
    super(`Source "${sourceName}" is already being synced (run ${runId}); try again when it finishes`);
    this.name = 'SyncInProgressError';
  }
}

/** A running run whose heartbeat is older than this belongs to a process that died. */
export const STALE_RUN_MS = 2 * 60_000;
const HEARTBEAT_MS = 20_000;
const MAX_STORED_ERRORS = 50;

async function collectGitHub(context: CollectorContext): Promise<CollectorResult> {
  const { db, source, options } = context;
  const settings = githubSettings.parse(source.settings);
  const credentials = githubCredentials.parse(await loadCredentials(db, source.id));
  const client = new GitHubClient({
    baseUrl: settings.apiUrl ?? getEnv().GITHUB_API_URL,
    token: credentials.token,
    maxRateLimitWaitSeconds: settings.maxRateLimitWaitSeconds,
    ...options.github,
  });
  return syncGitHub({ ...commonSyncInput(context, 'github'), client, settings });
}

/** Collectors by source kind; Jira and PagerDuty add theirs here. */
const COLLECTORS: Record<string, (context: CollectorContext) => Promise<CollectorResult>> = {
  github: collectGitHub,
  jira: collectJira,
  pagerduty: collectPagerDuty,
};

function heartbeatOf(run: { startedAt: Date; counts: unknown }): number {
  const beat = (run.counts as { heartbeatAt?: unknown } | null)?.heartbeatAt;
  return typeof beat === 'string' ? Date.parse(beat) : run.startedAt.getTime();
}

async function claimRun(db: Db, source: { id: number; name: string }, trigger: SyncTrigger, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    // Serialises claims of one source across processes and machines.
    await tx.$queryRaw`SELECT id FROM "Source" WHERE id = ${source.id} FOR UPDATE`;
    const running = await tx.collectorRun.findMany({
      where: { sourceId: source.id, status: 'running' },
      select: { id: true, startedAt: true, counts: true },
    });
    const live = running.find((run) => now.getTime() - heartbeatOf(run) < STALE_RUN_MS);
    if (live) throw new SyncInProgressError(source.name, live.id);
    if (running.length > 0) {
      await tx.collectorRun.updateMany({
        where: { id: { in: running.map((run) => run.id) } },
        data: {
          status: 'failed',
          finishedAt: now,
          error: 'Interrupted: the process running this sync stopped; the next run resumed from its last committed cursor',
        },
      });
    }
    const run = await tx.collectorRun.create({
      data: { sourceId: source.id, trigger, status: 'running', startedAt: now, counts: { heartbeatAt: now.toISOString() } },
      select: { id: true },
    });
    return run.id;
  });
}

/**
 * Syncs one source by name. Resolves with the run's summary whatever happened to the collection
 * (the run row says the same); rejects only when the run could not start (unknown source, one
 * already running, credentials that do not open).
 */
export async function runSync(db: Db, sourceName: string, options: RunSyncOptions = {}): Promise<RunSummary> {
  const now = options.now ?? (() => new Date());
  const trigger = options.trigger ?? 'manual';
  const source = await db.source.findUnique({ where: { name: sourceName }, select: { id: true, name: true, kind: true, settings: true, enabled: true } });
  if (!source) throw new SourceNotFoundError(sourceName);
  if (!source.enabled && trigger === 'schedule') throw new Error(`Source "${sourceName}" is disabled`);
  const collector = COLLECTORS[source.kind];
  if (!collector) throw new Error(`Sources of kind "${source.kind}" are not collected (nothing to sync)`);

  const started = now();
  const runId = await claimRun(db, source, trigger, started);
  const errors: string[] = [];
  let counts = emptyCounts();
  let lastBeat = Date.now();
  const beat = async () => {
    lastBeat = Date.now();
    await db.collectorRun.update({
      where: { id: runId },
      data: { counts: { ...counts, heartbeatAt: now().toISOString() } as unknown as Prisma.InputJsonValue },
    });
  };
  // Also beats while the collector sits in a long rate-limit wait and reports nothing.
  const timer = setInterval(() => {
    if (Date.now() - lastBeat >= HEARTBEAT_MS) beat().catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();

  let status: RunStatus = 'succeeded';
  let failure: string | null = null;
  let conditions: Record<string, string> = {};
  try {
    const result = await collector({
      db,
      source,
      options: { ...options, now },
      onProgress: (progress) => {
        counts = progress.counts;
        options.onProgress?.(progress);
        if (Date.now() - lastBeat >= 5_000) beat().catch(() => undefined);
      },
      onError: (message) => errors.push(message),
    });
    counts = result.counts;
    conditions = result.conditions;
    for (const message of result.errors) if (!errors.includes(message)) errors.push(message);
    if (errors.length > 0) status = 'failed';
  } catch (error) {
    const aborted = options.signal?.aborted || (error instanceof Error && error.name === 'AbortError');
    status = aborted ? 'cancelled' : 'failed';
    failure = error instanceof RateLimitExceededError || error instanceof Error ? error.message : String(error);
  } finally {
    clearInterval(timer);
  }
  const messages = [...(failure ? [failure] : []), ...errors];
  const finished = now();
  await db.collectorRun.update({
    where: { id: runId },
    data: {
      status,
      finishedAt: finished,
      counts: { ...counts, errors: errors.length } as unknown as Prisma.InputJsonValue,
      error: messages.length > 0 ? messages.slice(0, MAX_STORED_ERRORS).join('\n').slice(0, 20_000) : null,
    },
  });
  return { runId, sourceName, status, counts, errors: messages, conditions, durationMs: finished.getTime() - started.getTime() };
}
