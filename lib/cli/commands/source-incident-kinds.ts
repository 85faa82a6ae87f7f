// The jira and pagerduty kinds of `npm run vitals -- source add|update`: their flags, how flags become
// settings (over a --settings-file and, on update, the stored settings), and their credentials (the
// API token or key always from standard input, never a command-line argument).
import { startSettings } from '@/lib/cli/commands/source-settings-file';
import { UsageError, type CliAction } from '@/lib/cli/command';

type Values = Parameters<CliAction['run']>[0];

/** Flags of both kinds; `api-url`, `security-label`, `settings-file`, `schedule` and `token-stdin` are shared with github. */
export const incidentSourceOptions = {
  'site-url': { type: 'string' },
  email: { type: 'string' },
  'incident-jql': { type: 'string' },
  'security-jql': { type: 'string' },
  map: { type: 'string', multiple: true },
  'default-team': { type: 'string' },
  'default-repo': { type: 'string' },
  'severity-field': { type: 'string' },
  'start-field': { type: 'string' },
  'resolved-field': { type: 'string' },
  'cause-field': { type: 'string' },
  'severity-map': { type: 'string' },
  service: { type: 'string', multiple: true },
  'severity-from': { type: 'string' },
  'lookback-days': { type: 'string' },
  'window-days': { type: 'string' },
} as const;

/** Flags that carry credentials, not settings. */
export const INCIDENT_CREDENTIAL_FLAGS = ['email'];

export interface IncidentSourceKindCli {
  usage: string;
  settingsFromFlags(values: Values, base: Record<string, unknown>): Record<string, unknown>;
  /**
   * The credentials to store, or undefined when none were given (an update that keeps them). `current`
   * gives the stored ones, so changing one field (the email) keeps the other (the token).
   */
  credentials(values: Values, readSecret: (prompt: string) => Promise<string>, current: () => Promise<Record<string, string> | null>): Promise<Record<string, string> | undefined>;
  /** What to say when an add has no credentials. */
  missingCredentials: string;
}

const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

const many = (values: Values, name: string): string[] | undefined => {
  const value = values[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
};

function whole(values: Values, name: string): number | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new UsageError(`--${name} takes a whole number (got "${value}")`);
  return number;
}

/** "A=x,B=y" → { A: "x", B: "y" } (names may hold spaces: "Sev 1=critical"). */
function pairs(values: Values, name: string): Record<string, string> | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  return Object.fromEntries(
    value.split(',').map((pair) => {
      const at = pair.lastIndexOf('=');
      const key = pair.slice(0, at).trim();
      const mapped = pair.slice(at + 1).trim();
      if (at < 0 || !key || !mapped) throw new UsageError(`--${name} takes name=severity pairs, e.g. Highest=critical,High=high (got "${pair}")`);
      return [key, mapped];
    }),
  );
}

/** "team:SLUG" or "repo:OWNER/NAME". */
function target(value: string, flag: string): { team: string } | { repository: string } {
  const match = /^(team|repo):(.+)$/.exec(value.trim());
  if (!match?.[2]) throw new UsageError(`--${flag} maps to team:SLUG or repo:OWNER/NAME (got "${value}")`);
  return match[1] === 'team' ? { team: match[2].trim() } : { repository: match[2].trim() };
}

function clean(settings: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

const JIRA_USAGE =
  'source add jira --name NAME --site-url https://SITE.atlassian.net --email EMAIL --token-stdin ' +
  '[--incident-jql "issuetype = Incident"] [--security-jql JQL] [--map PROJECT[/COMPONENT]=team:SLUG|repo:OWNER/NAME ...] ' +
  '[--default-team SLUG | --default-repo OWNER/NAME] [--severity-field priority] [--start-field created] ' +
  '[--resolved-field resolutiondate] [--cause-field customfield_NNNNN] [--severity-map Highest=critical,..] ' +
  '[--security-label security] [--settings-file settings.json] [--schedule "0 * * * *"]';

const PAGERDUTY_USAGE =
  'source add pagerduty --name NAME --service PXXXXXX=team:SLUG|repo:OWNER/NAME[:security] ... --token-stdin ' +
  '[--api-url https://api.eu.pagerduty.com] [--severity-from priority|urgency] [--severity-map P1=critical,..] ' +
  '[--lookback-days 180] [--window-days 30] [--settings-file settings.json] [--schedule "0 * * * *"]';

const jira: IncidentSourceKindCli = {
  usage: JIRA_USAGE,
  settingsFromFlags(values, base) {
    const { settings, set } = startSettings(base, text(values, 'settings-file'));
    set('siteUrl', text(values, 'site-url'));
    set('incidentJql', text(values, 'incident-jql'));
    set('securityFindingJql', text(values, 'security-jql'));
    set('securityLabel', text(values, 'security-label'));
    set('severityMap', pairs(values, 'severity-map'));
    const maps = many(values, 'map');
    if (maps) {
      settings.mappings = maps.map((entry) => {
        const at = entry.indexOf('=');
        if (at < 0) throw new UsageError(`--map takes PROJECT[/COMPONENT]=team:SLUG or =repo:OWNER/NAME (got "${entry}")`);
        const [project = '', ...component] = entry.slice(0, at).split('/');
        return { project: project.trim(), ...(component.length > 0 ? { component: component.join('/').trim() } : {}), ...target(entry.slice(at + 1), 'map') };
      });
    }
    const defaultTeam = text(values, 'default-team');
    const defaultRepository = text(values, 'default-repo');
    if (defaultTeam !== undefined) {
      settings.defaultTeam = defaultTeam;
      delete settings.defaultRepository;
    }
    if (defaultRepository !== undefined) {
      settings.defaultRepository = defaultRepository;
      delete settings.defaultTeam;
    }
    const fields = { ...((settings.fields ?? {}) as Record<string, unknown>) };
    for (const [flag, key] of [['severity-field', 'severity'], ['start-field', 'start'], ['resolved-field', 'resolved'], ['cause-field', 'cause']] as const) {
      const value = text(values, flag);
      if (value !== undefined) fields[key] = value;
    }
    if (Object.keys(fields).length > 0) settings.fields = fields;
    return clean(settings);
  },
  async credentials(values, readSecret, current) {
    const email = text(values, 'email');
    if (!values['token-stdin'] && email === undefined) return undefined;
    const stored = values['token-stdin'] && email !== undefined ? null : await current();
    const apiToken = values['token-stdin'] ? await readSecret('Jira API token (input hidden): ') : stored?.apiToken;
    const account = email ?? stored?.email;
    if (!apiToken || !account) throw new UsageError('A Jira source needs the account email (--email) and its API token (--token-stdin).');
    return { email: account, apiToken };
  },
  missingCredentials:
    'A Jira source needs an account email and API token: --email EMAIL --token-stdin (e.g. `printenv JIRA_TOKEN | npm run vitals -- source add jira ... --token-stdin`).',
};

const pagerduty: IncidentSourceKindCli = {
  usage: PAGERDUTY_USAGE,
  settingsFromFlags(values, base) {
    const { settings, set } = startSettings(base, text(values, 'settings-file'));
    set('apiUrl', text(values, 'api-url'));
    set('severityFrom', text(values, 'severity-from'));
    set('severityMap', pairs(values, 'severity-map'));
    set('lookbackDays', whole(values, 'lookback-days'));
    set('windowDays', whole(values, 'window-days'));
    const services = many(values, 'service');
    if (services) {
      settings.services = services.map((entry) => {
        const at = entry.indexOf('=');
        if (at < 0) throw new UsageError(`--service takes PXXXXXX=team:SLUG or =repo:OWNER/NAME, optionally ending in :security (got "${entry}")`);
        const rest = entry.slice(at + 1).trim();
        const security = /:security$/i.test(rest);
        return { service: entry.slice(0, at).trim(), ...target(security ? rest.replace(/:security$/i, '') : rest, 'service'), ...(security ? { security } : {}) };
      });
    }
    return clean(settings);
  },
  async credentials(values, readSecret) {
    if (!values['token-stdin']) return undefined;
    return { token: await readSecret('PagerDuty REST API key (input hidden): ') };
  },
  missingCredentials:
    'A PagerDuty source needs a REST API key: pipe it in with --token-stdin (e.g. `printenv PD_TOKEN | npm run vitals -- source add pagerduty ... --token-stdin`).',
};

const INCIDENT_SOURCE_KINDS: Record<string, IncidentSourceKindCli> = { jira, pagerduty };

/** The CLI of an incident source kind, or undefined for another kind. */
export function incidentSourceKind(kind: string | undefined): IncidentSourceKindCli | undefined {
  return kind !== undefined && Object.hasOwn(INCIDENT_SOURCE_KINDS, kind) ? INCIDENT_SOURCE_KINDS[kind] : undefined;
}

export const INCIDENT_SOURCE_USAGES = [JIRA_USAGE, PAGERDUTY_USAGE];
