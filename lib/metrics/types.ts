// The shape of metric results, shared by the reference definitions (lib/metrics/reference), the SQL
// (lib/metrics/sql), API v1, the dashboards and the digest. Durations are seconds, rates fractions in
// [0, 1] (the net resolve rate may exceed 1), statistics over an empty set are null, counts never null.

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Band = 'elite' | 'high' | 'medium' | 'low';

/** The benchmark set the bands come from; versioned so a new DORA report does not rewrite history. */
export const BENCHMARK = 'dora-2023' as const;

/** `[from, to)` as instants, with the IANA time zone that defines its calendar days. */
export interface Period {
  from: Date;
  to: Date;
  timeZone: string;
}

export type Scope =
  | { kind: 'org' }
  | { kind: 'team'; slug: string }
  | { kind: 'repo'; fullName: string };

export interface DeploymentFrequency {
  count: number;
  perWeek: number;
  band: Band | null;
}

export interface LeadTime {
  /** Lead times kept (> 0). */
  count: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
  stages: { coding: number | null; review: number | null; deploy: number | null };
  band: Band | null;
}

export interface ChangeFailureRate {
  failed: number;
  deployments: number;
  value: number | null;
  band: Band | null;
}

export interface FailedDeploymentRecovery {
  recovered: number;
  unrecovered: number;
  median: number | null;
  mean: number | null;
  band: Band | null;
}

export interface TimeToRestore {
  resolved: number;
  median: number | null;
  mean: number | null;
  p90: number | null;
  /** Incidents started before `to` and unresolved at `to`. */
  open: number;
}

export interface ReworkRate {
  rework: number;
  deployments: number;
  value: number | null;
}

export interface RemediationStats {
  fixed: number;
  mean: number | null;
  median: number | null;
}

export interface TimeToRemediate {
  overall: RemediationStats;
  bySeverity: Record<Severity, RemediationStats>;
}

export interface OpenBacklog {
  total: number;
  bySeverity: Record<Severity, number>;
  byAge: { upTo30: number; upTo60: number; upTo90: number; over90: number };
  /** Dismissed as accepted risk (won't fix, tolerable risk) at `to`: outside the backlog. */
  accepted: number;
}

export interface SlaCompliance {
  fixed: number;
  withinSla: number;
  value: number | null;
  /** Open findings at `to` older than their SLA. */
  breached: Record<Severity, number> & { total: number };
  slaDays: Record<Severity, number>;
}

export interface NetResolveRate {
  fixed: number;
  opened: number;
  value: number | null;
}

export interface SecretExposureTime {
  fixed: number;
  median: number | null;
}

export interface SecurityChangeFailureRate {
  failed: number;
  deployments: number;
  value: number | null;
}

/** Every metric of METRICS.md for one scope and one period. */
export interface MetricValues {
  deploymentFrequency: DeploymentFrequency;
  leadTime: LeadTime;
  changeFailureRate: ChangeFailureRate;
  failedDeploymentRecovery: FailedDeploymentRecovery;
  timeToRestore: TimeToRestore;
  reworkRate: ReworkRate;
  timeToRemediate: TimeToRemediate;
  openBacklog: OpenBacklog;
  slaCompliance: SlaCompliance;
  netResolveRate: NetResolveRate;
  secretExposureTime: SecretExposureTime;
  securityChangeFailureRate: SecurityChangeFailureRate;
}

/** Organisation settings the metrics depend on. */
export interface MetricSettings {
  incidentWindowHours: number;
  slaDays: Record<Severity, number>;
}

export const DEFAULT_METRIC_SETTINGS: MetricSettings = {
  incidentWindowHours: 72,
  slaDays: { critical: 7, high: 30, medium: 90, low: 180 },
};

/** Finding dismissal reasons that mean "this was never a real finding" (normalised, see normalizeReason). */
export const EXCLUDED_DISMISSAL_REASONS = ['false positive', 'used in tests', 'inaccurate'] as const;

/** GitHub spells reasons `false_positive`, `false positive`, `False Positive`: compare them as one. */
export function normalizeDismissalReason(reason: string | null | undefined): string | null {
  if (reason === null || reason === undefined) return null;
  return reason.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
}

export function isExcludedDismissal(state: string, reason: string | null | undefined): boolean {
  const normalized = normalizeDismissalReason(reason);
  return state === 'dismissed' && normalized !== null
    && (EXCLUDED_DISMISSAL_REASONS as readonly string[]).includes(normalized);
}
