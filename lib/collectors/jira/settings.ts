// Settings of a Jira Cloud source (non-secret; the account email and API token are kept apart,
// encrypted). Validated on every add/update and again before each sync.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hasOneTarget, ONE_TARGET, repositoryName, targetFields } from '@/lib/collectors/mapping-target';
import { apiBaseUrl } from '@/lib/collectors/rest-client';
import { teamSlug } from '@/lib/validations/ingest';

const jql = z.string().trim().min(1).max(4000);

/** A Jira field id: a system field ("priority", "created") or a custom field ("customfield_10050"). */
const fieldId = z.string().trim().regex(/^(customfield_\d+|[a-z][A-Za-z0-9_]*)$/, 'must be a Jira field id, e.g. priority or customfield_10050');

/** Issues of a project (and, when given, one of its components) belong to a team or a repository. */
export const jiraMapping = z
  .strictObject({
    project: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]{0,254}$/, 'must be a Jira project key'),
    component: z.string().trim().min(1).max(255).optional(),
    ...targetFields,
  })
  .refine(hasOneTarget, ONE_TARGET);
export type JiraMapping = z.infer<typeof jiraMapping>;

/** Jira's default priority scheme, as Vitals severities. Unlisted names are kept, lower-cased. */
export const DEFAULT_JIRA_SEVERITY_MAP: Record<string, string> = {
  Highest: 'critical',
  Blocker: 'critical',
  Critical: 'critical',
  High: 'high',
  Major: 'high',
  Medium: 'medium',
  Low: 'low',
  Minor: 'low',
  Lowest: 'low',
  Trivial: 'low',
};

/**
 * Resolutions that end a security finding without a fix, and the dismissal reason they stand for.
 * "false positive" (and "used in tests", "inaccurate") leave a finding out of every security figure;
 * other reasons count as accepted risk (METRICS.md).
 */
export const DEFAULT_JIRA_DISMISSALS: Record<string, string> = {
  "Won't Do": "won't fix",
  "Won't Fix": "won't fix",
  'Not a Bug': 'false positive',
  'Cannot Reproduce': 'inaccurate',
  Duplicate: 'inaccurate',
};

export const jiraSettings = z
  .strictObject({
    /** The site, e.g. https://your-domain.atlassian.net. */
    siteUrl: apiBaseUrl,
    /** Issues that are incidents. An ORDER BY clause is dropped: the collector orders its walk. */
    incidentJql: jql.default('issuetype = Incident'),
    /** Issues that are security findings (pen-test results, audit items), collected as findings. */
    securityFindingJql: jql.optional(),
    /** Most specific first: a component rule beats a project rule; the first matching rule of each kind wins. */
    mappings: z.array(jiraMapping).max(1000).default([]),
    /** Where issues no rule maps go; unset: they are skipped and reported on the source. */
    defaultTeam: teamSlug.optional(),
    defaultRepository: repositoryName.optional(),
    fields: z
      .strictObject({
        severity: fieldId.default('priority'),
        /** When the incident started; falls back to `created` when the field is empty. */
        start: fieldId.default('created'),
        /** When it was resolved; falls back to the status-category change when an issue is done without one. */
        resolved: fieldId.default('resolutiondate'),
        /** A field naming the cause deployment (its id or a commit SHA); the description's `root cause:` line otherwise. */
        cause: fieldId.optional(),
      })
      .default({ severity: 'priority', start: 'created', resolved: 'resolutiondate' }),
    /** Field value (priority name, option value) → severity. */
    severityMap: z.record(z.string().trim().min(1).max(255), z.string().trim().min(1).max(50)).default(DEFAULT_JIRA_SEVERITY_MAP),
    /** Incidents with this label are security incidents. */
    securityLabel: z.string().trim().min(1).max(255).default('security'),
    /** Resolution name → dismissal reason, for security findings resolved without a fix. */
    findingDismissals: z.record(z.string().trim().min(1).max(255), z.string().trim().min(1).max(200)).default(DEFAULT_JIRA_DISMISSALS),
    maxRateLimitWaitSeconds: z.number().int().min(0).max(3600).default(900),
  })
  .refine((settings) => settings.defaultTeam === undefined || settings.defaultRepository === undefined, {
    message: 'set at most one of defaultTeam and defaultRepository',
    path: ['defaultTeam'],
  });
export type JiraSettings = z.infer<typeof jiraSettings>;
export type JiraSettingsInput = z.input<typeof jiraSettings>;

export const jiraCredentials = z.strictObject({
  email: z.email('must be the email address of the Atlassian account the API token belongs to').max(320),
  apiToken: z.string().trim().min(1, 'an API token is required').max(2000),
});
export type JiraCredentials = z.infer<typeof jiraCredentials>;

/** Team slugs the settings point at (they must exist before a sync can write to them). */
export function jiraTeamSlugs(settings: JiraSettings): string[] {
  const slugs = settings.mappings.flatMap((rule) => (rule.team ? [rule.team] : []));
  if (settings.defaultTeam) slugs.push(settings.defaultTeam);
  return [...new Set(slugs)];
}

/**
 * A fingerprint of the settings that shape records. When it changes (a new mapping, another JQL),
 * the next sync walks everything again so stored records follow the new settings.
 */
export function jiraRecordShapeKey(settings: JiraSettings, stream: 'incidents' | 'security-findings'): string {
  const { siteUrl, mappings, defaultTeam, defaultRepository, fields, severityMap, securityLabel, findingDismissals } = settings;
  const jqlText = stream === 'incidents' ? settings.incidentJql : settings.securityFindingJql;
  const shape = { siteUrl, jqlText, mappings, defaultTeam, defaultRepository, fields, severityMap, securityLabel, findingDismissals };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}
