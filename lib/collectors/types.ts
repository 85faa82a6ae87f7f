// What every collector (GitHub now; Jira, PagerDuty later) is given and gives back. Collectors turn a
// source's API into the normalised record shapes of lib/validations/ingest.ts and know nothing of the
// database: they write through a RecordSink and keep their place through a SyncStateStore.
import type { z } from 'zod';
import type { changeInput, deploymentInput, findingInput, incidentInput } from '@/lib/validations/ingest';

/** Records as collectors produce them (dates as ISO strings); the sink validates them. */
export type ChangeRecord = z.input<typeof changeInput>;
export type DeploymentRecord = z.input<typeof deploymentInput>;
export type IncidentRecord = z.input<typeof incidentInput>;
export type FindingRecord = z.input<typeof findingInput>;

/** Provider-specific facts about a repository that the ingest shapes do not carry. */
export interface RepositoryRecord {
  fullName: string;
  defaultBranch: string;
  archived: boolean;
  url?: string;
  /** Whole-value, case-insensitive regular expression for production environments. */
  productionPattern: string;
}

export interface WriteResult {
  created: number;
  updated: number;
  /** Records the sink refused (failed validation); each is also reported through `errors`. */
  rejected: number;
}

/** Where collected records go. Every write is idempotent per (source, externalId). */
export interface RecordSink {
  repositories(records: RepositoryRecord[]): Promise<void>;
  changes(records: ChangeRecord[]): Promise<WriteResult>;
  deployments(records: DeploymentRecord[]): Promise<WriteResult>;
  incidents(records: IncidentRecord[]): Promise<WriteResult>;
  findings(records: FindingRecord[]): Promise<WriteResult>;
}

export interface StreamState {
  cursor: string | null;
  etag: string | null;
}

/**
 * A collector's place in each stream, committed after the records it covers are written, so a sync
 * killed at any moment resumes without losing or duplicating records.
 */
export interface SyncStateStore {
  get(stream: string, key: string): Promise<StreamState | null>;
  put(stream: string, key: string, state: StreamState): Promise<void>;
  /** A condition admins should see on the source (e.g. a feature not enabled); null clears it. */
  setCondition(name: string, message: string | null): Promise<void>;
}

export type RecordKind = 'repositories' | 'changes' | 'deployments' | 'incidents' | 'findings';

export interface SyncCounts {
  repositories: number;
  changes: number;
  deployments: number;
  incidents: number;
  findings: number;
  created: number;
  updated: number;
  rejected: number;
  requests: number;
  notModified: number;
  rateLimitWaits: number;
  /** Streams skipped because of a condition (feature off, missing scope), not a failure. */
  skipped: number;
  /**
   * The rate-limit window as last seen (requests left, window size, reset in epoch seconds), for the
   * collector-health page; absent when the source does not report one. Numbers, so counts stay numeric.
   */
  rateLimitRemaining?: number;
  rateLimitLimit?: number;
  rateLimitResetAt?: number;
}

export interface SyncProgress {
  phase: string;
  repositoriesDone: number;
  repositoriesTotal: number;
  records: number;
  /** Requests left in the current rate-limit window, when the source says. */
  rateLimitRemaining: number | null;
  /** Set while the collector waits for a rate limit to reset. */
  waitingUntil: Date | null;
  counts: SyncCounts;
}

export interface SyncOptions {
  /** Ignore cursors and ETags: fetch everything again (records are still upserted, never duplicated). */
  full: boolean;
  now: () => Date;
  onProgress?: (progress: SyncProgress) => void;
  /** Errors that did not stop the run (a repository gone, a record refused). */
  onError?: (message: string) => void;
  signal?: AbortSignal;
}

export function emptyCounts(): SyncCounts {
  return {
    repositories: 0, changes: 0, deployments: 0, incidents: 0, findings: 0,
    created: 0, updated: 0, rejected: 0, requests: 0, notModified: 0, rateLimitWaits: 0, skipped: 0,
  };
}
