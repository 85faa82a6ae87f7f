// Settings of a GitHub source (non-secret; the token is kept apart, encrypted). Validated on every
// add/update and again before each sync, so a stored value that no longer parses fails loudly.
import { z } from 'zod';
import { repositoryName } from '@/lib/collectors/mapping-target';
import { SEVERITIES } from '@/lib/metrics/types';

function isValidRegExp(pattern: string): boolean {
  try {
    // Compiling the admin's pattern is how it is validated; nothing is matched here.
    // eslint-disable-next-line security/detect-non-literal-regexp
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

const regExpSource = z.string().min(1).max(500).refine(isValidRegExp, 'must be a valid regular expression');

export const DEFAULT_PRODUCTION_PATTERN = '^prod(uction)?$';

/** How deployments of a repository are recognised. */
export const deployRule = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('deployments'),
    /** Whole-value, case-insensitive match on the deployment environment. */
    environmentPattern: regExpSource.default(DEFAULT_PRODUCTION_PATTERN),
  }),
  z.strictObject({
    kind: z.literal('workflow'),
    /** Workflow file names (deploy.yml) or ids; completed runs on the default branch are deployments. */
    workflows: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
    environment: z.string().trim().min(1).max(200).default('production'),
  }),
  z.strictObject({
    kind: z.literal('releases'),
    environment: z.string().trim().min(1).max(200).default('production'),
    includePrereleases: z.boolean().default(false),
  }),
]);
export type DeployRule = z.infer<typeof deployRule>;

const label = z.string().trim().min(1).max(100);

export const githubSettings = z
  .strictObject({
    /** GitHub Enterprise Server: https://HOST/api/v3. Unset: GITHUB_API_URL. */
    apiUrl: z.url({ protocol: /^https?$/ }).optional(),
    organization: z.string().trim().regex(/^[A-Za-z0-9-]+$/, 'must be an organisation login').optional(),
    repositories: z.array(repositoryName).max(5000).default([]),
    /** Glob patterns (`*` wildcard) on "owner/name"; a pattern without "/" matches the name alone. */
    include: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
    exclude: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
    deploy: deployRule.default({ kind: 'deployments', environmentPattern: DEFAULT_PRODUCTION_PATTERN }),
    /** Per-repository deploy rules, keyed by "owner/name". */
    deployOverrides: z.record(repositoryName, deployRule).default({}),
    incidentLabels: z.array(label).min(1).max(20).default(['incident']),
    /** Label → severity, e.g. { "sev1": "critical" }. Labels like "severity: high" are also read. */
    severityLabels: z.record(label, z.string().trim().min(1).max(50)).default({}),
    securityLabel: label.default('security'),
    /** Streams to collect; all by default. */
    streams: z
      .array(z.enum(['deployments', 'pulls', 'incidents', 'code-scanning', 'dependabot', 'secret-scanning']))
      .min(1)
      .default(['deployments', 'pulls', 'incidents', 'code-scanning', 'dependabot', 'secret-scanning']),
    maxRateLimitWaitSeconds: z.number().int().min(0).max(3600).default(900),
  })
  .refine((settings) => settings.organization !== undefined || settings.repositories.length > 0, {
    message: 'needs an organization or at least one repository',
    path: ['organization'],
  });
export type GitHubSettings = z.infer<typeof githubSettings>;
export type GitHubSettingsInput = z.input<typeof githubSettings>;
export type GitHubStream = GitHubSettings['streams'][number];

export const githubCredentials = z.strictObject({
  token: z.string().trim().min(1, 'a token is required').max(1000),
});
export type GitHubCredentials = z.infer<typeof githubCredentials>;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  // Safe by construction: every metacharacter is escaped and `*` becomes `.*`, so no nested quantifiers.
  // eslint-disable-next-line security/detect-non-literal-regexp
  return new RegExp(`^${escaped}$`, 'i');
}

function matchesAny(fullName: string, patterns: string[]): boolean {
  const name = fullName.split('/')[1] ?? fullName;
  return patterns.some((pattern) => globToRegExp(pattern).test(pattern.includes('/') ? fullName : name));
}

/** Whether the include/exclude patterns keep a repository. An empty include list keeps everything. */
export function isRepositorySelected(settings: Pick<GitHubSettings, 'include' | 'exclude'>, fullName: string): boolean {
  if (settings.include.length > 0 && !matchesAny(fullName, settings.include)) return false;
  return !matchesAny(fullName, settings.exclude);
}

export function deployRuleFor(settings: Pick<GitHubSettings, 'deploy' | 'deployOverrides'>, fullName: string): DeployRule {
  const override = Object.entries(settings.deployOverrides).find(([name]) => name.toLowerCase() === fullName.toLowerCase());
  return override ? override[1] : settings.deploy;
}

/** The production pattern stored on the repository, so metrics count what the deploy rule produces. */
export function productionPatternFor(rule: DeployRule): string {
  if (rule.kind === 'deployments') return rule.environmentPattern;
  return `^${rule.environment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** Severity named by an incident's labels, from the configured map or a "sev1"/"severity: high" label. */
export function severityFromLabels(settings: Pick<GitHubSettings, 'severityLabels'>, labels: string[]): string | undefined {
  for (const name of labels) {
    const mapped = Object.entries(settings.severityLabels).find(([key]) => key.toLowerCase() === name.toLowerCase());
    if (mapped) return mapped[1];
  }
  for (const name of labels) {
    const match = /^(?:sev(?:erity)?)\s*[:/=-]?\s*(\w+)$/i.exec(name.trim());
    if (match?.[1]) {
      const value = match[1].toLowerCase();
      return /^\d$/.test(value) ? `sev${value}` : value;
    }
  }
  return undefined;
}

export const KNOWN_SEVERITIES: readonly string[] = SEVERITIES;
