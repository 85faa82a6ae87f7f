// What runSync hands the collector of each source kind, and the part of every sync loop's input that
// does not depend on the kind (the record sink, the sync-state store, the run's options and callbacks).
import type { Db } from '@/lib/db';
import type { GitHubClientOptions } from '@/lib/collectors/github/client';
import type { RestClientTuning } from '@/lib/collectors/rest-client';
import type { RecordSink, SyncCounts, SyncOptions, SyncProgress, SyncStateStore } from '@/lib/collectors/types';
import { createRecordSink } from '@/lib/sources/record-sink';
import { createSyncStateStore } from '@/lib/sources/sync-state';

export interface CollectorContext {
  db: Db;
  source: { id: number; name: string; kind: string; settings: unknown };
  options: {
    full?: boolean;
    signal?: AbortSignal;
    now: () => Date;
    /** Client tuning (tests shrink waits); never the token or URL. */
    github?: Pick<GitHubClientOptions, 'retries' | 'retryUnitMs' | 'requestTimeoutMs' | 'maxRateLimitWaitSeconds'>;
    /** The same tuning for the Jira and PagerDuty clients. */
    http?: RestClientTuning;
  };
  onProgress: (progress: SyncProgress) => void;
  onError: (message: string) => void;
}

export interface CollectorResult {
  counts: SyncCounts;
  errors: string[];
  conditions: Record<string, string>;
}

/** The sink, state and options of a sync loop's input, the same for every kind; `provider` tags the records. */
export function commonSyncInput(context: CollectorContext, provider: string): SyncOptions & { store: RecordSink; state: SyncStateStore } {
  const { db, source, options } = context;
  return {
    store: createRecordSink(db, source.id, provider, context.onError),
    state: createSyncStateStore(db, source.id),
    full: options.full ?? false,
    now: options.now,
    onProgress: context.onProgress,
    onError: context.onError,
    signal: options.signal,
  };
}
