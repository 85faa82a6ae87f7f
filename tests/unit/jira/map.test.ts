// The Jira mappers on the fixture issue (tests/fixtures/jira/issue.json, Atlassian's v3 shapes):
// ADF text, Jira's date formats, severity, team/repository mapping, explicit causes, findings, JQL.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adfToText } from '@/lib/collectors/jira/adf';
import {
  causeFromDescription,
  causeFromField,
  findingSeverity,
  formatJqlInstant,
  incrementalJql,
  jiraInstant,
  jqlFilter,
  mapJiraFinding,
  mapJiraIncident,
  requestedFields,
  targetOf,
  type JiraIssue,
} from '@/lib/collectors/jira/map';
import { jiraRecordShapeKey, jiraSettings, type JiraSettingsInput } from '@/lib/collectors/jira/settings';

const issue = JSON.parse(readFileSync(new URL('../../fixtures/jira/issue.json', import.meta.url), 'utf8')) as JiraIssue;
const withFields = (fields: Record<string, unknown>): JiraIssue => ({ ...issue, fields: { ...issue.fields, ...fields } });

const settingsOf = (input: Partial<JiraSettingsInput> = {}) =>
  jiraSettings.parse({
    siteUrl: 'https://acme.atlassian.net/',
    mappings: [
      { project: 'OPS', team: 'platform' },
      { project: 'OPS', component: 'Payments', repository: 'acme/payments-api' },
    ],
    ...input,
  });

describe('adfToText', () => {
  it('joins text nodes, ends blocks with a line, keeps words held in attributes', () => {
    expect(adfToText(issue.fields?.description)).toBe(
      'Error rate on checkout-api rose to 33 % after the 09:05 release.\nRoot cause: 9fceb02d0ae598e95dc970b74767f19372d61af8\nrolled back at 12:40',
    );
    expect(adfToText({ type: 'doc', content: [{ type: 'paragraph', content: [
      { type: 'mention', attrs: { id: 'x', text: '@Ana' } }, { type: 'text', text: ' see ' },
      { type: 'inlineCard', attrs: { url: 'https://github.com/acme/api/commit/abcdef1' } }, { type: 'hardBreak' }, { type: 'emoji', attrs: { shortName: ':fire:' } },
    ] }] })).toBe('@Ana see https://github.com/acme/api/commit/abcdef1\n:fire:');
    expect(adfToText('plain text')).toBe('plain text');
    expect(adfToText(null)).toBe('');
  });

  it('survives unknown and hostile shapes', () => {
    let deep: Record<string, unknown> = { type: 'text', text: 'bottom' };
    for (let i = 0; i < 500; i++) deep = { type: 'paragraph', content: [deep] };
    expect(() => adfToText(deep)).not.toThrow();
    expect(adfToText({ type: 'futureNode', content: [{ type: 'text', text: 'kept' }] })).toBe('kept');
    expect(adfToText({ type: 'doc', content: 'not a list' })).toBe('');
  });
});

describe('jiraInstant', () => {
  it('reads Jira date-times with a +0000 offset, other offsets, and plain dates', () => {
    expect(jiraInstant('2026-03-02T09:15:27.000+0000')).toBe('2026-03-02T09:15:27.000Z');
    expect(jiraInstant('2026-03-02T11:15:27.000+0200')).toBe('2026-03-02T09:15:27.000Z');
    expect(jiraInstant('2026-03-02T09:15:27.000-0530')).toBe('2026-03-02T14:45:27.000Z');
    expect(jiraInstant('2026-03-02')).toBe('2026-03-02T00:00:00.000Z');
    expect(jiraInstant(null)).toBeUndefined();
    expect(jiraInstant('soon')).toBeUndefined();
  });
});

describe('explicit causes', () => {
  it('reads the `root cause:` line of an ADF description', () => {
    expect(causeFromDescription(issue.fields?.description)).toBe('9fceb02d0ae598e95dc970b74767f19372d61af8');
    expect(causeFromDescription({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'root cause: deployment 4411' }] }] })).toBe('deployment:4411');
    expect(causeFromDescription({ type: 'doc', content: [{ type: 'paragraph', content: [
      { type: 'text', text: 'Root cause: ' }, { type: 'inlineCard', attrs: { url: 'https://github.com/acme/api/commit/1a2b3c4d5e6f' } },
    ] }] })).toBe('1a2b3c4d5e6f');
    expect(causeFromDescription({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'no cause named' }] }] })).toBeUndefined();
    expect(causeFromDescription(null)).toBeUndefined();
  });

  it('reads a cause field: a bare id or SHA, a root-cause line, rich text, or an option', () => {
    expect(causeFromField('  deploy-2026-03-02-1  ')).toBe('deploy-2026-03-02-1');
    expect(causeFromField('ABCDEF1234567 (the config change)')).toBe('ABCDEF1234567');
    expect(causeFromField('We think root cause: 9fceb02 broke it')).toBe('9fceb02');
    expect(causeFromField({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'deployment:77' }] }] })).toBe('deployment:77');
    expect(causeFromField({ value: 'release-42', id: '1' })).toBe('release-42');
    expect(causeFromField(null)).toBeUndefined();
    expect(causeFromField('   ')).toBeUndefined();
  });
});

describe('mapping to teams and repositories', () => {
  const settings = settingsOf();
  it('prefers a component rule, then a project rule, then the default', () => {
    expect(targetOf(settings, issue.fields ?? {})).toEqual({ repository: 'acme/payments-api' });
    expect(targetOf(settings, { ...issue.fields, components: [{ name: 'payments' }] })).toEqual({ repository: 'acme/payments-api' });
    expect(targetOf(settings, { ...issue.fields, components: [] })).toEqual({ team: 'platform' });
    expect(targetOf(settings, { ...issue.fields, project: { key: 'ops' }, components: [{ name: 'Search' }] })).toEqual({ team: 'platform' });
    expect(targetOf(settings, { ...issue.fields, project: { key: 'WEB' } })).toBeNull();
    expect(targetOf(settingsOf({ defaultTeam: 'sre' }), { ...issue.fields, project: { key: 'WEB' } })).toEqual({ team: 'sre' });
  });

  it('refuses a rule with both or neither of team and repository', () => {
    expect(() => settingsOf({ mappings: [{ project: 'OPS', team: 'a', repository: 'acme/b' }] })).toThrow(/exactly one/);
    expect(() => settingsOf({ mappings: [{ project: 'OPS' }] })).toThrow(/exactly one/);
    expect(() => settingsOf({ siteUrl: 'http://acme.atlassian.net' })).toThrow(/https/);
    expect(settingsOf({ siteUrl: 'http://127.0.0.1:3000/' }).siteUrl).toBe('http://127.0.0.1:3000');
  });
});

describe('mapJiraIncident', () => {
  it('maps the fixture issue: start, resolution, severity from priority, cause from the description', () => {
    const mapped = mapJiraIncident(settingsOf(), issue);
    expect(mapped).toEqual({
      kind: 'record',
      record: {
        externalId: 'issue:10002',
        repository: 'acme/payments-api',
        title: 'Checkout answers 502 for a third of requests',
        severity: 'high',
        security: false,
        startedAt: '2026-03-02T09:15:27.000Z',
        resolvedAt: '2026-03-02T12:47:09.000Z',
        causeDeployment: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        url: 'https://acme.atlassian.net/browse/OPS-1',
      },
    });
  });

  it('uses the configured fields: custom start, select severity, cause field over the description', () => {
    const settings = settingsOf({
      fields: { start: 'customfield_10060', severity: 'customfield_10070', cause: 'customfield_10050' },
      severityMap: { 'Sev 1': 'critical', 'Sev 2': 'high' },
    });
    const mapped = mapJiraIncident(settings, withFields({ customfield_10050: 'deploy-991' }));
    expect(mapped.kind === 'record' && mapped.record).toMatchObject({
      startedAt: '2026-03-02T09:07:00.000Z',
      severity: 'high',
      causeDeployment: 'deploy-991',
    });
    // An empty cause field falls back to the description; an empty start field to `created`.
    const fallback = mapJiraIncident(settings, withFields({ customfield_10050: null, customfield_10060: null }));
    expect(fallback.kind === 'record' && fallback.record).toMatchObject({
      startedAt: '2026-03-02T09:15:27.000Z',
      causeDeployment: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    });
  });

  it('flags security incidents by label, keeps unknown severities lower-cased, leaves open issues unresolved', () => {
    const mapped = mapJiraIncident(settingsOf(), withFields({
      labels: ['Security'], priority: { name: 'P0 - Outage' }, resolutiondate: null,
      status: { name: 'Investigating', statusCategory: { key: 'indeterminate' } }, description: null,
    }));
    expect(mapped.kind === 'record' && mapped.record).toMatchObject({ security: true, severity: 'p0 - outage', resolvedAt: undefined, causeDeployment: undefined });
  });

  it('takes the status-category change as the resolution of a done issue without a resolution date', () => {
    const mapped = mapJiraIncident(settingsOf(), withFields({ resolutiondate: null, resolution: null }));
    expect(mapped.kind === 'record' && mapped.record.resolvedAt).toBe('2026-03-02T12:47:09.512Z');
  });

  it('reports an issue no rule maps', () => {
    expect(mapJiraIncident(settingsOf(), withFields({ project: { key: 'WEB' } }))).toEqual({ kind: 'unmapped', key: 'OPS-1' });
  });
});

describe('mapJiraFinding', () => {
  const settings = settingsOf({ securityFindingJql: 'labels = pentest' });
  it('maps fixed, dismissed and open findings with finding severities', () => {
    expect(mapJiraFinding(settings, issue)).toMatchObject({
      kind: 'record',
      record: { externalId: 'issue:10002', repository: 'acme/payments-api', tool: 'jira', ruleId: 'OPS-1', severity: 'high', state: 'fixed', fixedAt: '2026-03-02T12:47:09.000Z', openedAt: '2026-03-02T09:15:27.000Z' },
    });
    expect(mapJiraFinding(settings, withFields({ resolution: { name: "Won't Fix" } }))).toMatchObject({
      record: { state: 'dismissed', dismissedReason: "won't fix", dismissedAt: '2026-03-02T12:47:09.000Z', fixedAt: undefined },
    });
    expect(mapJiraFinding(settings, withFields({ resolution: { name: 'Not a Bug' } }))).toMatchObject({ record: { state: 'dismissed', dismissedReason: 'false positive' } });
    expect(mapJiraFinding(settings, withFields({ resolutiondate: null, resolution: null, status: { statusCategory: { key: 'new' } } }))).toMatchObject({ record: { state: 'open', fixedAt: undefined } });
  });

  it('keeps an unknown severity as medium and says so; needs a repository', () => {
    const mapped = mapJiraFinding(settings, withFields({ priority: { name: 'Urgent-ish' } }));
    expect(mapped).toMatchObject({ kind: 'record', unknownSeverity: 'urgent-ish', record: { severity: 'medium' } });
    expect(mapJiraFinding(settings, withFields({ components: [] }))).toEqual({ kind: 'unmapped', key: 'OPS-1' });
    expect(findingSeverity('P1')).toBe('critical');
    expect(findingSeverity('Sev 3')).toBe('medium');
    expect(findingSeverity('low')).toBe('low');
  });
});

describe('the search', () => {
  it('drops the admin ORDER BY, adds the watermark, orders by creation', () => {
    expect(jqlFilter('issuetype = Incident ORDER BY priority DESC')).toBe('issuetype = Incident');
    expect(incrementalJql('issuetype = Incident', null)).toBe('(issuetype = Incident) ORDER BY created ASC, key ASC');
    expect(incrementalJql('project = OPS', '2026/01/05 11:00')).toBe('(project = OPS) AND updated >= "2026/01/05 11:00" ORDER BY created ASC, key ASC');
  });

  it('formats the watermark in the account time zone, across DST', () => {
    expect(formatJqlInstant(new Date('2026-01-05T00:30:00Z'), 'Australia/Sydney')).toBe('2026/01/05 11:30');
    expect(formatJqlInstant(new Date('2026-07-05T00:30:00Z'), 'Australia/Sydney')).toBe('2026/07/05 10:30');
    expect(formatJqlInstant(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026/03/08 03:00');
    expect(formatJqlInstant(new Date('2026-01-05T00:00:00Z'), 'UTC')).toBe('2026/01/05 00:00');
  });

  it('asks only for the fields the mappers read, including configured custom fields', () => {
    const fields = requestedFields(settingsOf({ fields: { cause: 'customfield_10050', start: 'customfield_10060' } }));
    expect(fields).toContain('customfield_10050');
    expect(fields).toContain('customfield_10060');
    expect(fields).toContain('description');
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('changes the record-shape key when a mapping or field changes, not when the rate-limit wait does', () => {
    const base = jiraRecordShapeKey(settingsOf(), 'incidents');
    expect(jiraRecordShapeKey(settingsOf({ maxRateLimitWaitSeconds: 5 }), 'incidents')).toBe(base);
    expect(jiraRecordShapeKey(settingsOf({ defaultTeam: 'sre' }), 'incidents')).not.toBe(base);
    expect(jiraRecordShapeKey(settingsOf({ incidentJql: 'project = OPS' }), 'incidents')).not.toBe(base);
  });
});
