// `npm run vitals -- source add|update jira|pagerduty`: flags → settings (validated by the kinds'
// schemas), credentials from standard input, partial credential updates.
import { describe, expect, it } from 'vitest';
import { parseActionArgs } from '@/lib/cli/command';
import { incidentSourceKind } from '@/lib/cli/commands/source-incident-kinds';
import { sourceCommands } from '@/lib/cli/commands/source';
import { jiraSettings } from '@/lib/collectors/jira/settings';
import { pagerDutySettings } from '@/lib/collectors/pagerduty/settings';

const addArgs = (argv: string[]) => parseActionArgs(sourceCommands.actions.add!, argv);
const updateArgs = (argv: string[]) => parseActionArgs(sourceCommands.actions.update!, argv);
const secret = (value: string) => async () => value;

describe('source add jira', () => {
  const jira = incidentSourceKind('jira')!;
  it('turns flags into settings the Jira schema accepts', () => {
    const { values, positionals } = addArgs([
      'jira', '--name', 'jira', '--site-url', 'https://acme.atlassian.net', '--email', 'bot@acme.example', '--token-stdin',
      '--incident-jql', 'project = OPS AND issuetype = Incident', '--security-jql', 'labels = pentest',
      '--map', 'OPS/Payments=repo:acme/payments-api', '--map', 'OPS=team:platform', '--default-team', 'sre',
      '--cause-field', 'customfield_10050', '--start-field', 'customfield_10060', '--severity-map', 'Sev 1=critical,Sev 2=high',
    ]);
    expect(positionals).toEqual(['jira']);
    const settings = jiraSettings.parse(jira.settingsFromFlags(values, {}));
    expect(settings).toMatchObject({
      siteUrl: 'https://acme.atlassian.net',
      incidentJql: 'project = OPS AND issuetype = Incident',
      securityFindingJql: 'labels = pentest',
      mappings: [{ project: 'OPS', component: 'Payments', repository: 'acme/payments-api' }, { project: 'OPS', team: 'platform' }],
      defaultTeam: 'sre',
      fields: { cause: 'customfield_10050', start: 'customfield_10060', severity: 'priority', resolved: 'resolutiondate' },
      severityMap: { 'Sev 1': 'critical', 'Sev 2': 'high' },
    });
  });

  it('reads the token from standard input and needs the email with it', async () => {
    const { values } = addArgs(['jira', '--name', 'j', '--email', 'bot@acme.example', '--token-stdin']);
    expect(await jira.credentials(values, secret('tok-1'), async () => null)).toEqual({ email: 'bot@acme.example', apiToken: 'tok-1' });
    const noEmail = addArgs(['jira', '--name', 'j', '--token-stdin']).values;
    await expect(jira.credentials(noEmail, secret('tok-1'), async () => null)).rejects.toThrow(/--email/);
    expect(await jira.credentials(addArgs(['jira', '--name', 'j']).values, secret('x'), async () => null)).toBeUndefined();
  });

  it('keeps the stored token when only the email changes, and the stored email when only the token does', async () => {
    const stored = async () => ({ email: 'old@acme.example', apiToken: 'old-token' });
    expect(await jira.credentials(updateArgs(['--name', 'j', '--email', 'new@acme.example']).values, secret('unused'), stored)).toEqual({ email: 'new@acme.example', apiToken: 'old-token' });
    expect(await jira.credentials(updateArgs(['--name', 'j', '--token-stdin']).values, secret('new-token'), stored)).toEqual({ email: 'old@acme.example', apiToken: 'new-token' });
  });

  it('refuses malformed mappings with a usage message', () => {
    expect(() => jira.settingsFromFlags(addArgs(['jira', '--map', 'OPS']).values, {})).toThrow(/--map takes PROJECT/);
    expect(() => jira.settingsFromFlags(addArgs(['jira', '--map', 'OPS=platform']).values, {})).toThrow(/team:SLUG or repo:OWNER\/NAME/);
  });
});

describe('source add pagerduty', () => {
  const pagerduty = incidentSourceKind('pagerduty')!;
  it('turns flags into settings the PagerDuty schema accepts', () => {
    const { values } = addArgs([
      'pagerduty', '--name', 'pd', '--token-stdin', '--api-url', 'https://api.eu.pagerduty.com',
      '--service', 'PGATEWY=team:platform', '--service', 'PSECOPS=repo:acme/auth:security',
      '--severity-from', 'urgency', '--lookback-days', '90', '--window-days', '14',
    ]);
    const settings = pagerDutySettings.parse(pagerduty.settingsFromFlags(values, {}));
    expect(settings).toMatchObject({
      apiUrl: 'https://api.eu.pagerduty.com',
      services: [{ service: 'PGATEWY', team: 'platform', security: false }, { service: 'PSECOPS', repository: 'acme/auth', security: true }],
      severityFrom: 'urgency',
      lookbackDays: 90,
      windowDays: 14,
    });
  });

  it('updates on top of the stored settings, and takes the key from standard input only', async () => {
    const { values } = updateArgs(['--name', 'pd', '--window-days', '7']);
    expect(pagerduty.settingsFromFlags(values, { services: [{ service: 'PA', team: 'a' }], windowDays: 30 })).toEqual({ services: [{ service: 'PA', team: 'a' }], windowDays: 7 });
    expect(await pagerduty.credentials(values, secret('x'), async () => null)).toBeUndefined();
    expect(await pagerduty.credentials(updateArgs(['--name', 'pd', '--token-stdin']).values, secret('key-2'), async () => null)).toEqual({ token: 'key-2' });
    expect(() => pagerduty.settingsFromFlags(updateArgs(['--lookback-days', 'many']).values, {})).toThrow(/whole number/);
  });

  it('is not offered for other kinds', () => {
    expect(incidentSourceKind('github')).toBeUndefined();
    expect(incidentSourceKind('constructor')).toBeUndefined();
  });
});
