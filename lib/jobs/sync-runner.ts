// The production SyncRunner: lib/sources/run-sync.ts, which claims the source, records the CollectorRun
// and runs the kind's collector.
import type { SyncRunner } from '@/lib/jobs/sync-job';
import { runSync } from '@/lib/sources/run-sync';

export const collectorSyncRunner: SyncRunner = async (db, input) => {
  const summary = await runSync(db, input.sourceName, { trigger: input.trigger, full: input.full, signal: input.signal });
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(summary.counts)) if (typeof value === 'number') counts[key] = value;
  return { status: summary.status, runId: summary.runId, error: summary.errors[0] ?? null, counts };
};
