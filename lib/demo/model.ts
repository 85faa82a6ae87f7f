// Working records of the demo generator. Times are epoch milliseconds and records point at each other
// directly; numbers and external ids are assigned once everything exists (lib/demo/generate.ts), so the
// simulation never has to know them in advance.
import type { DeliveryProfile, RepositorySpec, SecurityProfile, TeamSpec, TeamVocabulary, Trend } from '@/lib/demo/organisation';
import type { Random } from '@/lib/demo/random';
import type { Severity } from '@/lib/metrics/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Window {
  from: number;
  now: number;
}

export interface RepoContext {
  spec: RepositorySpec;
  fullName: string;
  url: string;
  team: TeamSpec | null;
  delivery: DeliveryProfile;
  security: SecurityProfile;
  vocabulary: TeamVocabulary;
  /** No activity at or after this instant (retired repositories); otherwise the end of the window. */
  activeUntil: number;
  authors: string[];
  rng: Random;
}

export type ChangeKind = 'feature' | 'defect' | 'chore' | 'dependency' | 'hotfix' | 'revert';

export interface PlannedChange {
  repo: RepoContext;
  kind: ChangeKind;
  title: string;
  labels: string[];
  author: string;
  firstCommitAt: number | undefined;
  openedAt: number;
  mergedAt: number;
  mergeSha: string;
  number: number;
  externalId: string;
}

export interface PlannedDeployment {
  repo: RepoContext;
  environment: string;
  status: 'success' | 'failure' | 'error';
  sha: string;
  startedAt: number;
  finishedAt: number;
  isRollback: boolean;
  changes: PlannedChange[];
  /** Counts as a production deployment under METRICS.md. */
  counted: boolean;
  externalId: string;
}

export interface PlannedIncident {
  repo: RepoContext | null;
  /** Team slug, for incidents filed against a team rather than a repository. */
  team: string | null;
  title: string;
  severity: string;
  security: boolean;
  startedAt: number;
  resolvedAt: number | undefined;
  cause: { deployment: PlannedDeployment; by: 'externalId' | 'sha' } | undefined;
  number: number;
  externalId: string;
  url: string;
}

export type FindingTool = 'code-scanning' | 'dependabot' | 'secret-scanning';

export interface PlannedFinding {
  repo: RepoContext;
  tool: FindingTool;
  ruleId: string;
  title: string;
  severity: Severity;
  state: 'open' | 'fixed' | 'dismissed';
  dismissedReason: string | undefined;
  openedAt: number;
  fixedAt: number | undefined;
  dismissedAt: number | undefined;
  number: number;
}

/** Position of a moment in a profile's transition: 0 before it starts, 1 after it ends. */
export function progressAt(delivery: DeliveryProfile, window: Window, at: number): number {
  const fraction = (at - window.from) / (window.now - window.from);
  const [start, end] = delivery.transition;
  if (end <= start) return fraction >= end ? 1 : 0;
  return Math.min(1, Math.max(0, (fraction - start) / (end - start)));
}

export function valueAt(trend: Trend, progress: number): number {
  return trend[0] + (trend[1] - trend[0]) * progress;
}

export function startOfUtcDay(at: number): number {
  return Math.floor(at / DAY) * DAY;
}
