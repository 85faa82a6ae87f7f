// Pure translations of GitHub objects (REST answers and webhook payloads share these shapes) into the
// normalised records. Only the fields used are typed, so both sources fit.
import type { ChangeRecord, DeploymentRecord, FindingRecord, IncidentRecord } from '@/lib/collectors/types';
import type { DeployRule, GitHubSettings } from '@/lib/collectors/github/settings';
import { severityFromLabels } from '@/lib/collectors/github/settings';

type Maybe<T> = T | null | undefined;

export interface GhLabel { name?: Maybe<string> }
export interface GhRepository {
  full_name: string;
  default_branch?: Maybe<string>;
  archived?: Maybe<boolean>;
  disabled?: Maybe<boolean>;
  html_url?: Maybe<string>;
}
export interface GhDeployment {
  id: number;
  sha?: Maybe<string>;
  ref?: Maybe<string>;
  task?: Maybe<string>;
  environment?: Maybe<string>;
  description?: Maybe<string>;
  created_at: string;
}
export interface GhDeploymentStatus {
  id?: number;
  state: string;
  created_at: string;
  log_url?: Maybe<string>;
  target_url?: Maybe<string>;
  environment_url?: Maybe<string>;
}
export interface GhWorkflowRun {
  id: number;
  name?: Maybe<string>;
  display_title?: Maybe<string>;
  head_branch?: Maybe<string>;
  head_sha?: Maybe<string>;
  path?: Maybe<string>;
  status?: Maybe<string>;
  conclusion?: Maybe<string>;
  created_at: string;
  updated_at: string;
  run_started_at?: Maybe<string>;
  html_url?: Maybe<string>;
}
export interface GhRelease {
  id: number;
  tag_name?: Maybe<string>;
  name?: Maybe<string>;
  target_commitish?: Maybe<string>;
  draft?: Maybe<boolean>;
  prerelease?: Maybe<boolean>;
  created_at: string;
  published_at?: Maybe<string>;
  html_url?: Maybe<string>;
}
export interface GhPullRequest {
  id: number;
  number: number;
  title?: Maybe<string>;
  labels?: Maybe<GhLabel[]>;
  user?: Maybe<{ login?: Maybe<string> }>;
  created_at: string;
  updated_at: string;
  merged_at?: Maybe<string>;
  merge_commit_sha?: Maybe<string>;
  html_url?: Maybe<string>;
  base?: Maybe<{ ref?: Maybe<string> }>;
}
export interface GhCommit {
  commit?: Maybe<{ author?: Maybe<{ date?: Maybe<string> }>; committer?: Maybe<{ date?: Maybe<string> }> }>;
}
export interface GhIssue {
  id: number;
  number: number;
  title?: Maybe<string>;
  body?: Maybe<string>;
  state?: Maybe<string>;
  labels?: Maybe<(GhLabel | string)[]>;
  created_at: string;
  updated_at: string;
  closed_at?: Maybe<string>;
  html_url?: Maybe<string>;
  pull_request?: unknown;
}
export interface GhCodeScanningAlert {
  number: number;
  state?: Maybe<string>;
  created_at: string;
  updated_at?: Maybe<string>;
  fixed_at?: Maybe<string>;
  dismissed_at?: Maybe<string>;
  dismissed_reason?: Maybe<string>;
  html_url?: Maybe<string>;
  rule?: Maybe<{ id?: Maybe<string>; severity?: Maybe<string>; security_severity_level?: Maybe<string>; description?: Maybe<string>; name?: Maybe<string> }>;
}
export interface GhDependabotAlert {
  number: number;
  state?: Maybe<string>;
  created_at: string;
  updated_at?: Maybe<string>;
  fixed_at?: Maybe<string>;
  dismissed_at?: Maybe<string>;
  dismissed_reason?: Maybe<string>;
  auto_dismissed_at?: Maybe<string>;
  html_url?: Maybe<string>;
  security_advisory?: Maybe<{ ghsa_id?: Maybe<string>; summary?: Maybe<string>; severity?: Maybe<string> }>;
  security_vulnerability?: Maybe<{ severity?: Maybe<string> }>;
}
export interface GhSecretScanningAlert {
  number: number;
  state?: Maybe<string>;
  resolution?: Maybe<string>;
  created_at: string;
  updated_at?: Maybe<string>;
  resolved_at?: Maybe<string>;
  secret_type?: Maybe<string>;
  secret_type_display_name?: Maybe<string>;
  html_url?: Maybe<string>;
}

const TERMINAL_DEPLOYMENT_STATES = new Set(['success', 'failure', 'error']);
const PENDING_DEPLOYMENT_STATES = new Set(['pending', 'queued', 'in_progress']);
const ROLLBACK = /\broll(?:ed)?[\s-]?back\b|\brollback\b/i;
const SHA = /^[0-9a-f]{7,64}$/i;

const text = (value: Maybe<string>, max: number) => (value ? value.slice(0, max) : undefined);
const sha = (value: Maybe<string>) => (value && SHA.test(value) ? value : undefined);

/** A URL the record can link to; anything else is dropped rather than failing validation. */
function link(value: Maybe<string>): string | undefined {
  if (!value || value.length > 2000) return undefined;
  return /^https?:\/\//.test(value) ? value : undefined;
}

export function labelNames(labels: Maybe<(GhLabel | string)[]>): string[] {
  return (labels ?? [])
    .map((label) => (typeof label === 'string' ? label : label.name ?? ''))
    .map((name) => name.trim().slice(0, 100))
    .filter((name) => name.length > 0);
}

export function deploymentExternalId(id: number): string {
  return `deployment:${id}`;
}

/** Whole-value, case-insensitive match of an environment against a production pattern. */
export function environmentMatches(pattern: string, environment: string): boolean {
  // The pattern is the admin's own production-environment setting, checked to compile when saved
  // (githubSettings); matched against short environment names only.
  // eslint-disable-next-line security/detect-non-literal-regexp
  return new RegExp(`^(?:${pattern})$`, 'i').test(environment);
}

export type DeploymentOutcome =
  | { kind: 'finished'; record: DeploymentRecord }
  | { kind: 'pending' }
  /** No outcome will come (only "inactive" statuses, or none for too long). */
  | { kind: 'none' };

/** A deployment and its statuses (any order) as one record, once it has a terminal status. */
export function mapDeployment(repository: string, deployment: GhDeployment, statuses: GhDeploymentStatus[]): DeploymentOutcome {
  const newestFirst = [...statuses].sort((a, b) => b.created_at.localeCompare(a.created_at) || (b.id ?? 0) - (a.id ?? 0));
  const terminal = newestFirst.find((status) => TERMINAL_DEPLOYMENT_STATES.has(status.state));
  if (!terminal) {
    const latest = newestFirst[0];
    return !latest || PENDING_DEPLOYMENT_STATES.has(latest.state) ? { kind: 'pending' } : { kind: 'none' };
  }
  const startedAt = newestFirst.at(-1)?.created_at ?? deployment.created_at;
  return {
    kind: 'finished',
    record: {
      externalId: deploymentExternalId(deployment.id),
      repository,
      environment: (deployment.environment ?? 'production').slice(0, 200) || 'production',
      status: terminal.state as DeploymentRecord['status'],
      sha: sha(deployment.sha),
      startedAt: deployment.created_at < startedAt ? deployment.created_at : startedAt,
      finishedAt: terminal.created_at,
      isRollback: ROLLBACK.test(`${deployment.task ?? ''} ${deployment.description ?? ''}`),
      url: link(terminal.log_url) ?? link(terminal.target_url) ?? link(terminal.environment_url),
    },
  };
}

const RUN_SUCCESS = new Set(['success']);
const RUN_FAILURE = new Set(['failure', 'timed_out', 'startup_failure']);

/** The workflow-file name of a run ("deploy.yml" from ".github/workflows/deploy.yml"). */
export function workflowFile(run: GhWorkflowRun): string | undefined {
  return run.path?.split('/').at(-1)?.split('@')[0];
}

/**
 * A completed run of a deploy workflow. Cancelled, skipped and neutral runs deployed nothing and
 * failed nothing, so they are not deployments at all.
 */
export function mapWorkflowRun(repository: string, run: GhWorkflowRun, environment: string): DeploymentOutcome {
  if (run.status !== 'completed') return { kind: 'pending' };
  const conclusion = run.conclusion ?? '';
  const status = RUN_SUCCESS.has(conclusion) ? 'success' : RUN_FAILURE.has(conclusion) ? 'failure' : null;
  if (!status) return { kind: 'none' };
  return {
    kind: 'finished',
    record: {
      externalId: `run:${run.id}`,
      repository,
      environment,
      status,
      sha: sha(run.head_sha),
      startedAt: run.run_started_at ?? run.created_at,
      finishedAt: run.updated_at,
      isRollback: ROLLBACK.test(`${run.display_title ?? ''} ${run.name ?? ''}`),
      url: link(run.html_url),
    },
  };
}

export function mapRelease(repository: string, release: GhRelease, rule: Extract<DeployRule, { kind: 'releases' }>): DeploymentOutcome {
  if (release.draft || !release.published_at) return { kind: 'pending' };
  if (release.prerelease && !rule.includePrereleases) return { kind: 'none' };
  return {
    kind: 'finished',
    record: {
      externalId: `release:${release.id}`,
      repository,
      environment: rule.environment,
      status: 'success',
      sha: sha(release.target_commitish),
      startedAt: release.created_at < release.published_at ? release.created_at : release.published_at,
      finishedAt: release.published_at,
      isRollback: ROLLBACK.test(`${release.name ?? ''} ${release.tag_name ?? ''}`),
      url: link(release.html_url),
    },
  };
}

/**
 * The fields of a listed pull request that mapPullRequest reads. GitHub's list items are ~20 KB each
 * (whole repository objects under `head` and `base`); the collector keeps a page of these while it asks
 * for each pull's commits, so it keeps this instead.
 */
export function slimPullRequest(pull: GhPullRequest): GhPullRequest {
  return {
    id: pull.id,
    number: pull.number,
    title: pull.title,
    labels: pull.labels?.map((label) => ({ name: label.name })),
    user: pull.user ? { login: pull.user.login } : pull.user,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    html_url: pull.html_url,
    base: pull.base ? { ref: pull.base.ref } : pull.base,
  };
}

/** Earliest authored date of a pull request's own commits (so squash merges keep their history). */
export function firstCommitDate(commits: GhCommit[]): string | undefined {
  let earliest: string | undefined;
  for (const commit of commits) {
    const date = commit.commit?.author?.date ?? commit.commit?.committer?.date;
    if (date && (earliest === undefined || Date.parse(date) < Date.parse(earliest))) earliest = date;
  }
  return earliest;
}

export function changeExternalId(pull: Pick<GhPullRequest, 'id'>): string {
  return `pr:${pull.id}`;
}

/** A merged pull request; null when it was closed without merging. */
export function mapPullRequest(repository: string, pull: GhPullRequest, firstCommitAt: string | undefined): ChangeRecord | null {
  if (!pull.merged_at) return null;
  return {
    externalId: changeExternalId(pull),
    repository,
    number: pull.number,
    title: text(pull.title, 1000),
    labels: labelNames(pull.labels),
    author: text(pull.user?.login, 200),
    firstCommitAt,
    openedAt: pull.created_at,
    mergedAt: pull.merged_at,
    mergeSha: sha(pull.merge_commit_sha),
    url: link(pull.html_url),
  };
}

/** `root cause: <sha>` or `root cause: deployment <id>` in an incident issue's body. */
export function rootCauseFrom(body: Maybe<string>): string | undefined {
  if (!body) return undefined;
  const match = /root[ _-]?cause\s*:\s*(?:(deployment|run|release)[\s:#]*(\d+)|([0-9a-f]{7,64})\b|(\S+))/i.exec(body);
  if (!match) return undefined;
  if (match[1] && match[2]) return `${match[1].toLowerCase()}:${match[2]}`;
  return (match[3] ?? match[4])?.slice(0, 200);
}

export type IncidentSettings = Pick<GitHubSettings, 'incidentLabels' | 'severityLabels' | 'securityLabel'>;

export function isIncidentIssue(settings: IncidentSettings, issue: Pick<GhIssue, 'labels' | 'pull_request'>): boolean {
  if (issue.pull_request) return false;
  const wanted = new Set(settings.incidentLabels.map((label) => label.toLowerCase()));
  return labelNames(issue.labels).some((label) => wanted.has(label.toLowerCase()));
}

export function mapIncidentIssue(repository: string, issue: GhIssue, settings: IncidentSettings): IncidentRecord {
  const labels = labelNames(issue.labels);
  const closed = issue.state === 'closed' && issue.closed_at;
  return {
    externalId: `issue:${issue.id}`,
    repository,
    title: (issue.title?.trim() || `Issue #${issue.number}`).slice(0, 1000),
    severity: severityFromLabels(settings, labels)?.slice(0, 50),
    security: labels.some((label) => label.toLowerCase() === settings.securityLabel.toLowerCase()),
    startedAt: issue.created_at,
    resolvedAt: closed ? issue.closed_at ?? undefined : undefined,
    causeDeployment: rootCauseFrom(issue.body),
    url: link(issue.html_url),
  };
}

type FindingSeverity = FindingRecord['severity'];
const SEVERITY_WORDS: Record<string, FindingSeverity> = {
  critical: 'critical', high: 'high', medium: 'medium', moderate: 'medium', low: 'low',
};
const CODE_SCANNING_SEVERITY: Record<string, FindingSeverity> = { error: 'high', warning: 'medium', note: 'low', none: 'low' };

export function mapCodeScanningAlert(repository: string, alert: GhCodeScanningAlert): FindingRecord {
  const level = alert.rule?.security_severity_level?.toLowerCase();
  const severity = (level && SEVERITY_WORDS[level]) || CODE_SCANNING_SEVERITY[alert.rule?.severity?.toLowerCase() ?? ''] || 'medium';
  const base = {
    externalId: `code-scanning:${repository}#${alert.number}`,
    repository,
    tool: 'code-scanning',
    ruleId: text(alert.rule?.id, 500),
    title: text(alert.rule?.description ?? alert.rule?.name, 1000),
    severity,
    openedAt: alert.created_at,
    url: link(alert.html_url),
  };
  switch (alert.state) {
    // "closed": the tool or its configuration no longer reports it; the risk is gone like a fix.
    case 'fixed':
    case 'closed':
      return { ...base, state: 'fixed', fixedAt: alert.fixed_at ?? alert.updated_at ?? alert.created_at };
    case 'dismissed':
      return {
        ...base,
        state: 'dismissed',
        dismissedReason: text(alert.dismissed_reason, 200),
        dismissedAt: alert.dismissed_at ?? alert.updated_at ?? alert.created_at,
      };
    default:
      return { ...base, state: 'open' };
  }
}

export function mapDependabotAlert(repository: string, alert: GhDependabotAlert): FindingRecord {
  const level = (alert.security_advisory?.severity ?? alert.security_vulnerability?.severity ?? '').toLowerCase();
  const base = {
    externalId: `dependabot:${repository}#${alert.number}`,
    repository,
    tool: 'dependabot',
    ruleId: text(alert.security_advisory?.ghsa_id, 500),
    title: text(alert.security_advisory?.summary, 1000),
    severity: SEVERITY_WORDS[level] ?? 'medium',
    openedAt: alert.created_at,
    url: link(alert.html_url),
  };
  switch (alert.state) {
    case 'fixed':
      return { ...base, state: 'fixed', fixedAt: alert.fixed_at ?? alert.updated_at ?? alert.created_at };
    case 'dismissed':
      return {
        ...base,
        state: 'dismissed',
        dismissedReason: text(alert.dismissed_reason, 200),
        dismissedAt: alert.dismissed_at ?? alert.updated_at ?? alert.created_at,
      };
    case 'auto_dismissed':
      return {
        ...base,
        state: 'dismissed',
        dismissedReason: 'auto_dismissed',
        dismissedAt: alert.auto_dismissed_at ?? alert.dismissed_at ?? alert.updated_at ?? alert.created_at,
      };
    default:
      return { ...base, state: 'open' };
  }
}

/** Secret-scanning alerts are critical. A revoked secret is fixed; other resolutions are dismissals. */
export function mapSecretScanningAlert(repository: string, alert: GhSecretScanningAlert): FindingRecord {
  const base = {
    externalId: `secret-scanning:${repository}#${alert.number}`,
    repository,
    tool: 'secret-scanning',
    ruleId: text(alert.secret_type, 500),
    title: text(alert.secret_type_display_name ?? alert.secret_type, 1000),
    severity: 'critical' as const,
    openedAt: alert.created_at,
    url: link(alert.html_url),
  };
  if (alert.state !== 'resolved') return { ...base, state: 'open' };
  const resolvedAt = alert.resolved_at ?? alert.updated_at ?? alert.created_at;
  if (!alert.resolution || alert.resolution === 'revoked') return { ...base, state: 'fixed', fixedAt: resolvedAt };
  return { ...base, state: 'dismissed', dismissedReason: text(alert.resolution, 200), dismissedAt: resolvedAt };
}
