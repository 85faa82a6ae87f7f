// Pure translation of Jira Cloud REST v3 issues into Vitals incidents and findings, and of the
// configured JQL into the collector's incremental search. No I/O.
import { rootCauseFrom } from '@/lib/collectors/github/map';
import { adfToText } from '@/lib/collectors/jira/adf';
import type { JiraSettings } from '@/lib/collectors/jira/settings';
import type { FindingRecord, IncidentRecord } from '@/lib/collectors/types';
import { SEVERITIES, type Severity } from '@/lib/metrics/types';

/** An issue as /rest/api/3/search/jql returns it: fields keyed by field id, values in the field's own shape. */
export interface JiraIssue {
  id: string;
  key: string;
  self?: string;
  fields?: Record<string, unknown> | null;
}

export interface JiraSearchPage {
  issues?: JiraIssue[];
  /** Absent (or null) on the last page. */
  nextPageToken?: string | null;
  isLast?: boolean;
}

export type JiraTarget = { team: string } | { repository: string };

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * A Jira date-time ("2024-01-15T10:30:00.000+0000", the offset without a colon) or date
 * ("2024-01-15", from a date custom field: midnight UTC) as an ISO instant.
 */
export function jiraInstant(value: unknown): string | undefined {
  const text = asString(value);
  if (!text) return undefined;
  const normalised = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The words a field value shows: an option's value, a priority's name, a string, the first of a list. */
export function fieldDisplay(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? fieldDisplay(value[0]) : undefined;
  if (typeof value === 'number') return String(value);
  const record = asRecord(value);
  if (record) {
    if (record.type === 'doc') return asString(adfToText(record));
    return asString(record.value) ?? asString(record.name) ?? asString(record.displayName);
  }
  return asString(value);
}

/** The cause a commit URL (…/commit/<sha>) stands for, else the reference itself. */
function causeReference(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const commit = /\/commits?\/([0-9a-f]{7,64})\b/i.exec(reference);
  return (commit?.[1] ?? reference).slice(0, 200);
}

/**
 * The explicit cause in a cause field: a `root cause:` line if it has one, else its first word
 * (a deployment id, a SHA or a commit URL).
 */
export function causeFromField(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : asRecord(value)?.type === 'doc' ? adfToText(value) : fieldDisplay(value);
  if (!text?.trim()) return undefined;
  return causeReference(rootCauseFrom(text) ?? text.trim().split(/\s+/)[0]);
}

/** `root cause: <sha or deployment id>` in an ADF (or plain) description. */
export function causeFromDescription(description: unknown): string | undefined {
  if (description === null || description === undefined) return undefined;
  return causeReference(rootCauseFrom(adfToText(description)));
}

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical', blocker: 'critical', highest: 'critical', p1: 'critical', sev1: 'critical', sev0: 'critical', p0: 'critical',
  high: 'high', major: 'high', p2: 'high', sev2: 'high',
  medium: 'medium', moderate: 'medium', p3: 'medium', sev3: 'medium',
  low: 'low', minor: 'low', lowest: 'low', trivial: 'low', p4: 'low', p5: 'low', sev4: 'low', sev5: 'low',
};

/** The severity an issue's severity field names, through the configured map (names compare in any case). */
export function severityOf(settings: Pick<JiraSettings, 'severityMap' | 'fields'>, fields: Record<string, unknown>): string | undefined {
  const shown = fieldDisplay(fields[settings.fields.severity]);
  if (!shown) return undefined;
  const mapped = Object.entries(settings.severityMap).find(([name]) => name.toLowerCase() === shown.toLowerCase());
  return (mapped?.[1] ?? shown.toLowerCase()).slice(0, 50);
}

/** A severity a finding can carry (critical/high/medium/low), or undefined when the value is none of them. */
export function findingSeverity(severity: string | undefined): Severity | undefined {
  if (!severity) return undefined;
  const word = severity.toLowerCase().replace(/[\s_-]+/g, '');
  return (SEVERITIES as readonly string[]).includes(word) ? (word as Severity) : SEVERITY_WORDS[word];
}

/** Where an issue belongs: a component rule, else a project rule, else the default. */
export function targetOf(
  settings: Pick<JiraSettings, 'mappings' | 'defaultTeam' | 'defaultRepository'>,
  fields: Record<string, unknown>,
): JiraTarget | null {
  const project = asString(asRecord(fields.project)?.key)?.toLowerCase();
  const components = Array.isArray(fields.components)
    ? fields.components.flatMap((component) => {
        const name = asString(asRecord(component)?.name);
        return name ? [name.toLowerCase()] : [];
      })
    : [];
  const toTarget = (rule: { team?: string; repository?: string }): JiraTarget | null =>
    rule.team ? { team: rule.team } : rule.repository ? { repository: rule.repository } : null;
  const sameProject = settings.mappings.filter((rule) => rule.project.toLowerCase() === project);
  const byComponent = sameProject.find((rule) => rule.component !== undefined && components.includes(rule.component.toLowerCase()));
  if (byComponent) return toTarget(byComponent);
  const byProject = sameProject.find((rule) => rule.component === undefined);
  if (byProject) return toTarget(byProject);
  return toTarget({ team: settings.defaultTeam, repository: settings.defaultRepository });
}

export function issueUrl(siteUrl: string, issue: Pick<JiraIssue, 'key'>): string {
  return `${siteUrl}/browse/${encodeURIComponent(issue.key)}`;
}

export function issueExternalId(issue: Pick<JiraIssue, 'id'>): string {
  return `issue:${issue.id}`;
}

function labelsOf(fields: Record<string, unknown>): string[] {
  return Array.isArray(fields.labels) ? fields.labels.filter((label): label is string => typeof label === 'string') : [];
}

/** Start: the configured field, else `created`. Resolved: the configured field, else when a done issue became done. */
function timesOf(settings: Pick<JiraSettings, 'fields'>, fields: Record<string, unknown>) {
  const startedAt = jiraInstant(fields[settings.fields.start]) ?? jiraInstant(fields.created);
  const done = asString(asRecord(asRecord(fields.status)?.statusCategory)?.key) === 'done';
  const resolvedAt = jiraInstant(fields[settings.fields.resolved]) ?? (done ? jiraInstant(fields.statuscategorychangedate) : undefined);
  return { startedAt, resolvedAt };
}

export type MappedIssue<R> = { kind: 'record'; record: R } | { kind: 'unmapped'; key: string };

export function mapJiraIncident(settings: JiraSettings, issue: JiraIssue): MappedIssue<IncidentRecord> {
  const fields = issue.fields ?? {};
  const target = targetOf(settings, fields);
  if (!target) return { kind: 'unmapped', key: issue.key };
  const { startedAt, resolvedAt } = timesOf(settings, fields);
  const explicit = settings.fields.cause ? causeFromField(fields[settings.fields.cause]) : undefined;
  const securityLabel = settings.securityLabel.toLowerCase();
  return {
    kind: 'record',
    record: {
      externalId: issueExternalId(issue),
      ...target,
      title: (asString(fields.summary) ?? issue.key).slice(0, 1000),
      severity: severityOf(settings, fields),
      security: labelsOf(fields).some((label) => label.toLowerCase() === securityLabel),
      // The sink refuses a record without a start, naming the issue.
      startedAt: startedAt ?? '',
      resolvedAt,
      causeDeployment: explicit ?? causeFromDescription(fields.description),
      url: issueUrl(settings.siteUrl, issue),
    },
  };
}

export type MappedFinding = MappedIssue<FindingRecord> & { unknownSeverity?: string };

/**
 * A security finding tracked as a Jira issue. Findings belong to a repository, so issues mapped to a
 * team only are reported as unmapped. Resolved with a dismissal resolution → dismissed; otherwise
 * resolved → fixed; else open. A severity that is not critical/high/medium/low is kept as medium and
 * reported, so the admin can extend the severity map.
 */
export function mapJiraFinding(settings: JiraSettings, issue: JiraIssue): MappedFinding {
  const fields = issue.fields ?? {};
  const target = targetOf(settings, fields);
  if (!target || !('repository' in target)) return { kind: 'unmapped', key: issue.key };
  const { startedAt, resolvedAt } = timesOf(settings, fields);
  const named = severityOf(settings, fields);
  const severity = findingSeverity(named);
  const resolution = asString(asRecord(fields.resolution)?.name);
  const dismissal = resolution
    ? Object.entries(settings.findingDismissals).find(([name]) => name.toLowerCase() === resolution.toLowerCase())?.[1]
    : undefined;
  const state = resolvedAt ? (dismissal ? 'dismissed' : 'fixed') : 'open';
  return {
    kind: 'record',
    unknownSeverity: severity ? undefined : (named ?? '(none)'),
    record: {
      externalId: issueExternalId(issue),
      repository: target.repository,
      tool: 'jira',
      ruleId: issue.key,
      title: (asString(fields.summary) ?? issue.key).slice(0, 1000),
      severity: severity ?? 'medium',
      state,
      dismissedReason: state === 'dismissed' ? dismissal : undefined,
      openedAt: startedAt ?? '',
      fixedAt: state === 'fixed' ? resolvedAt : undefined,
      dismissedAt: state === 'dismissed' ? resolvedAt : undefined,
      url: issueUrl(settings.siteUrl, issue),
    },
  };
}

/** The fields a search asks for: only what the mappers read (smaller pages, and no field the admin did not name). */
export function requestedFields(settings: JiraSettings): string[] {
  const wanted = [
    'summary', 'created', 'updated', 'resolutiondate', 'statuscategorychangedate', 'status', 'resolution',
    'priority', 'components', 'project', 'labels', 'description',
    settings.fields.severity, settings.fields.start, settings.fields.resolved,
    ...(settings.fields.cause ? [settings.fields.cause] : []),
  ];
  return [...new Set(wanted)];
}

/** The admin's JQL without its ORDER BY clause (the collector orders its own walk). */
export function jqlFilter(jql: string): string {
  return jql.replace(/\border\s+by\b[\s\S]*$/i, '').trim();
}

/**
 * "yyyy/MM/dd HH:mm" in the given IANA zone: JQL reads dates in the searching user's time zone and
 * to the minute, so the caller subtracts an overlap before formatting.
 */
export function formatJqlInstant(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '00';
  return `${part('year')}/${part('month')}/${part('day')} ${part('hour')}:${part('minute')}`;
}

/**
 * The search the collector runs: the admin's filter, limited to issues updated since the watermark
 * when there is one, in creation order. Creation order is stable while issues change, so a page
 * token never skips an issue that an update moved.
 */
export function incrementalJql(filter: string, updatedSince: string | null): string {
  const base = filter ? `(${filter})` : '';
  const since = updatedSince ? `updated >= "${updatedSince}"` : '';
  const where = [base, since].filter(Boolean).join(' AND ');
  return `${where} ORDER BY created ASC, key ASC`.trim();
}
