// The body of a sync job: one collection run of one source, with the collector entry point passed in, so
// tests run it against a real database with a fake collector. One sync per source at a time is held twice:
// by the stately queue (one running job per source, lib/jobs/queues.ts) and by lib/sources/run-sync.ts's
// run claim, which also covers a sync still running after pg-boss expired its job and syncs started from
// the CLI; a job that finds the source busy fails and pg-boss retries it after its backoff.
import { z } from 'zod';
import type { Db } from '@/lib/db';

export const SYNC_TRIGGERS = ['schedule', 'manual', 'cli', 'webhook'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const syncJobData = z.object({
  sourceId: z.number().int().positive(),
  trigger: z.enum(SYNC_TRIGGERS).default('schedule'),
  full: z.boolean().default(false),
  /** Who pressed "sync now", for the record. */
  requestedBy: z.string().max(200).optional(),
});
export type SyncJobData = z.input<typeof syncJobData>;

export interface SyncRunInput {
  sourceId: number;
  sourceName: string;
  trigger: SyncTrigger;
  full: boolean;
  signal: AbortSignal;
}

export interface SyncRunOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  /** The CollectorRun row the collector recorded, when it did. */
  runId: number | null;
  error?: string | null;
  counts?: Record<string, number>;
}

/** Runs one collection of a source (lib/sources in production; a fake in tests). */
export type SyncRunner = (db: Db, input: SyncRunInput) => Promise<SyncRunOutcome>;

export interface SyncJobDeps {
  db: Db;
  runSync: SyncRunner;
}

export class SyncFailedError extends Error {
  constructor(sourceName: string, message: string) {
    super(`Sync of "${sourceName}" failed: ${message}`);
    this.name = 'SyncFailedError';
  }
}

export type SyncJobOutput =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'succeeded'; runId: number | null; counts: Record<string, number> };

export async function runSyncJob(deps: SyncJobDeps, rawData: unknown, signal: AbortSignal): Promise<SyncJobOutput> {
  const data = syncJobData.parse(rawData);
  const source = await deps.db.source.findUnique({ where: { id: data.sourceId }, select: { id: true, name: true, enabled: true } });
  if (!source) return { outcome: 'skipped', reason: `source ${data.sourceId} no longer exists` };
  // A scheduled run queued before the source was disabled is dropped; a manual one was asked for explicitly.
  if (!source.enabled && data.trigger === 'schedule') return { outcome: 'skipped', reason: 'source is disabled' };

  const result = await deps.runSync(deps.db, {
    sourceId: source.id,
    sourceName: source.name,
    trigger: data.trigger,
    full: data.full,
    signal,
  });
  if (result.status !== 'succeeded') {
    // The collector recorded the failed or cancelled run; failing the job makes pg-boss retry it, and a
    // sync is incremental, so a retry only fetches what is still missing.
    throw new SyncFailedError(source.name, result.error ?? result.status);
  }
  return { outcome: 'succeeded', runId: result.runId, counts: result.counts ?? {} };
}
