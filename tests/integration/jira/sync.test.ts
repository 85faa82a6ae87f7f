// The Jira collector end to end: a Jira source in a real database, pointed by site URL at the fake
// Jira (Atlassian's v3 shapes), synced with runSync as the CLI and worker do.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { adfDocument, FakeJira } from '@/tests/helpers/jira/fake-jira';
import { buildJiraIssues, expectedIncidents, expectedTarget, TEST_MAPPINGS } from '@/tests/helpers/jira/fake-data';
import { addFakeJiraSource, createTeams, FAST_HTTP, storedIncidents } from '@/tests/helpers/jira/test-source';
import { runSync } from '@/lib/sources/run-sync';
import { createSource, updateSource } from '@/lib/sources/sources';
import type { SyncProgress } from '@/lib/collectors/types';

useTestEncryptionKey();

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let fake: FakeJira;

beforeAll(async () => {
  fake = await FakeJira.start();
  buildJiraIssues(fake, 260, 11);
  await createTeams(getTestDb());
});

afterAll(async () => {
  await fake?.close();
});

describe('Jira sync against the fake Jira', () => {
  it('imports every mapped incident over several pages, maps teams and repositories, records the run', async () => {
    const db = getTestDb();
    await addFakeJiraSource(db, fake, 'jira', { mappings: TEST_MAPPINGS });
    const progress: SyncProgress[] = [];
    const summary = await runSync(db, 'jira', { trigger: 'cli', http: FAST_HTTP, onProgress: (p) => progress.push(p) });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');

    const expected = expectedIncidents(fake);
    const stored = await storedIncidents(getTestDb(), 'jira');
    expect(stored.map((row) => row.externalId)).toEqual([...expected.keys()].sort());
    for (const row of stored) {
      const issue = expected.get(row.externalId)!;
      const target = expectedTarget(issue)!;
      expect({ id: row.externalId, team: row.team?.slug, repository: row.repository?.fullName }).toEqual({
        id: row.externalId,
        team: target.team,
        repository: target.repository,
      });
      expect(row.startedAt.toISOString()).toBe(new Date(issue.created).toISOString());
      expect(row.resolvedAt?.toISOString() ?? null).toBe(issue.resolutiondate ? new Date(issue.resolutiondate).toISOString() : null);
      expect(row.security).toBe(issue.labels.includes('security'));
      expect(row.severity).toBe({ Highest: 'critical', High: 'high', Medium: 'medium', Low: 'low' }[issue.priority ?? '']);
      expect(row.url).toBe(`${fake.url}/browse/${issue.key}`);
    }
    // Root causes written in the ADF description are the explicit causes.
    const withCause = stored.filter((row) => row.causeRef);
    expect(withCause.length).toBeGreaterThan(10);
    for (const row of withCause) expect(row.causeRef).toMatch(/^[0-9a-f]+abc$/);

    // 260 issues at 100 per page: several pages of one walk, in creation order, with every field asked for.
    const walk = fake.searches.filter((search) => search.jql.startsWith('(issuetype = Incident)'));
    expect(walk.length).toBeGreaterThanOrEqual(3);
    expect(walk[0]?.jql).toBe('(issuetype = Incident) ORDER BY created ASC, key ASC');
    const first = fake.log.find((entry) => entry.path === '/rest/api/3/search/jql');
    expect((first?.body as { fields: string[] }).fields).toEqual(expect.arrayContaining(['created', 'resolutiondate', 'priority', 'components', 'project', 'description']));

    // WEB issues map nowhere: reported on the source, not a failure.
    const source = await db.source.findUniqueOrThrow({ where: { name: 'jira' }, select: { state: true } });
    const unmapped = (source.state as Record<string, { message: string }>)['incidents:unmapped'];
    expect(unmapped?.message).toMatch(/^issues that map to no team or repository are skipped \(\d+ in the last sync, e\.g\. WEB-\d+/);

    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.status).toBe('succeeded');
    expect((run.counts as { incidents: number }).incidents).toBe(expected.size);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['credentials', 'incidents', 'done']));
    expect(progress.at(-1)?.records).toBe(expected.size);
  });

  it('fetches only what changed since the last sync, with dates in the account time zone', async () => {
    const db = getTestDb();
    const expectedBefore = expectedIncidents(fake);
    const incidentsBefore = fake.issues.filter((issue) => issue.issuetype === 'Incident');
    const latestBefore = Math.max(...incidentsBefore.map((issue) => Date.parse(issue.updated)));
    // The watermark less an hour of overlap, to the minute: the issues updated in it are read again.
    const overlapFrom = Math.floor((latestBefore - 3_600_000) / 60_000) * 60_000;
    const reread = incidentsBefore.filter((issue) => Date.parse(issue.updated) >= overlapFrom);

    const open = fake.issues.find((issue) => expectedBefore.has(`issue:${issue.id}`) && !issue.resolutiondate && issue.project === 'PAY' && !reread.includes(issue))!;
    const moving = fake.issues.find((issue) => expectedBefore.has(`issue:${issue.id}`) && issue.project === 'OPS' && issue.components.length === 0 && !reread.includes(issue))!;
    fake.clock += 86_400_000;
    fake.resolve(open);
    fake.touch(moving, { components: ['Payments'] });
    const created = fake.addIssue({ project: 'OPS', description: adfDocument('root cause: deployment 4242') });

    fake.resetLog();
    fake.searches.length = 0;
    const summary = await runSync(db, 'jira', { http: FAST_HTTP });
    expect(summary.errors).toEqual([]);
    expect(summary.counts.created).toBe(1);
    expect(summary.counts.updated).toBe(2 + reread.filter((issue) => expectedBefore.has(`issue:${issue.id}`)).length);

    expect(fake.searches).toHaveLength(1);
    const search = fake.searches[0]!;
    const since = /updated >= "(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2})"/.exec(search.jql)?.[1];
    // Written as Sydney wall-clock time (UTC+11 in January).
    const sydney = new Date(overlapFrom + 11 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ').replace(/-/g, '/');
    expect(since).toBe(sydney);
    expect(search.returned).toBe(3 + reread.length);
    expect(reread.length).toBeLessThan(15);

    const stored = await storedIncidents(getTestDb(), 'jira');
    expect(stored.find((row) => row.externalId === `issue:${open.id}`)?.resolvedAt?.toISOString()).toBe(new Date(open.resolutiondate!).toISOString());
    expect(stored.find((row) => row.externalId === `issue:${moving.id}`)?.repository?.fullName).toBe('acme/payments-api');
    expect(stored.find((row) => row.externalId === `issue:${moving.id}`)?.team).toBeNull();
    expect(stored.find((row) => row.externalId === `issue:${created.id}`)?.causeRef).toBe('deployment:4242');
  });

  it('sits through 429s honouring retry-after, and retries 5xx', async () => {
    const db = getTestDb();
    fake.addIssue({ project: 'PAY' });
    fake.resetLog();
    fake.inject({ match: /^POST \/rest\/api\/3\/search\/jql/, status: 429, times: 2, headers: { 'retry-after': '3' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } });
    fake.inject({ match: /^GET \/rest\/api\/3\/myself/, status: 503, times: 1, body: 'upstream unavailable' });
    const started = Date.now();
    const summary = await runSync(db, 'jira', { http: FAST_HTTP });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.rateLimitWaits).toBe(2);
    expect(summary.counts.created).toBe(1);
    // retry-after: 3 "seconds" of 20 ms each, twice.
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(fake.statusCounts()).toMatchObject({ 429: 2, 503: 1 });
  });

  it('stops, keeping its place, when the rate limit lasts longer than it may wait', async () => {
    const db = getTestDb();
    fake.addIssue({ project: 'PAY' });
    fake.inject({ match: /^POST \/rest\/api\/3\/search\/jql/, status: 429, times: 1, headers: { 'retry-after': '7200' } });
    const summary = await runSync(db, 'jira', { http: FAST_HTTP });
    expect(summary.status).toBe('failed');
    expect(summary.errors[0]).toMatch(/^Jira rate limit in force until .*; the next run resumes where this one stopped$/);
    const next = await runSync(db, 'jira', { http: FAST_HTTP });
    expect(next.status).toBe('succeeded');
    expect(next.counts.created).toBe(1);
  });

  it('fails clearly on refused credentials, never showing the token', async () => {
    const db = getTestDb();
    const wrong = 'wrong-token-abcdef-123456';
    await addFakeJiraSource(db, fake, 'jira-bad-token', { mappings: TEST_MAPPINGS }, { email: fake.email, apiToken: wrong });
    const summary = await runSync(db, 'jira-bad-token', { http: FAST_HTTP });
    expect(summary.status).toBe('failed');
    expect(summary.errors).toEqual(['Jira refused the credentials (401): check the account email and API token (id.atlassian.com → Security → API tokens)']);
    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.error).not.toContain(wrong);
    expect(run.error).not.toContain(Buffer.from(`${fake.email}:${wrong}`).toString('base64'));
  });

  it('fails clearly when the site cannot be reached', async () => {
    const db = getTestDb();
    const port = await closedPort();
    await createSource(db, { kind: 'jira', name: 'jira-nowhere', settings: { siteUrl: `http://127.0.0.1:${port}`, defaultTeam: 'platform' }, credentials: { email: 'a@example.com', apiToken: 't' } });
    const summary = await runSync(db, 'jira-nowhere', { http: { retries: 1, retryUnitMs: 5 } });
    expect(summary.status).toBe('failed');
    expect(summary.errors[0]).toBe(`Cannot reach Jira at http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('fails clearly on a JQL Jira refuses, and on a mapping to a team that does not exist', async () => {
    const db = getTestDb();
    await addFakeJiraSource(db, fake, 'jira-bad-jql', { incidentJql: 'issuetype Incident', defaultTeam: 'platform' });
    const badJql = await runSync(db, 'jira-bad-jql', { http: FAST_HTTP });
    expect(badJql.status).toBe('failed');
    expect(badJql.errors[0]).toMatch(/^Jira refused the incident JQL "issuetype Incident": Error in the JQL Query: /);

    await addFakeJiraSource(db, fake, 'jira-no-team', { mappings: [{ project: 'OPS', team: 'ghosts' }] });
    fake.resetLog();
    const noTeam = await runSync(db, 'jira-no-team', { http: FAST_HTTP });
    expect(noTeam.status).toBe('failed');
    expect(noTeam.errors[0]).toMatch(/maps incidents to team\(s\) that do not exist: ghosts\. Create them/);
    expect(fake.log).toHaveLength(0);
  });

  it('walks everything again when the mapping changes, and clears the unmapped condition', async () => {
    const db = getTestDb();
    await updateSource(db, 'jira', { settings: { siteUrl: fake.url, mappings: [...TEST_MAPPINGS, { project: 'WEB', repository: 'acme/web' }] } });
    fake.searches.length = 0;
    const summary = await runSync(db, 'jira', { http: FAST_HTTP });
    expect(summary.errors).toEqual([]);
    expect(fake.searches[0]?.jql).toBe('(issuetype = Incident) ORDER BY created ASC, key ASC');
    const web = fake.issues.filter((issue) => issue.project === 'WEB' && issue.issuetype === 'Incident');
    expect(summary.counts.created).toBe(web.length);
    const stored = await storedIncidents(getTestDb(), 'jira');
    expect(stored.filter((row) => row.repository?.fullName === 'acme/web')).toHaveLength(web.length);
    const source = await db.source.findUniqueOrThrow({ where: { name: 'jira' }, select: { state: true } });
    expect(source.state).not.toHaveProperty('incidents:unmapped');
  });

  it('collects security findings from their own JQL', async () => {
    const db = getTestDb();
    const fixed = fake.addIssue({ project: 'OPS', issuetype: 'Vulnerability', components: ['Payments'], priority: 'Highest', labels: ['pentest'] });
    fake.resolve(fixed);
    const wontFix = fake.addIssue({ project: 'OPS', issuetype: 'Vulnerability', components: ['Payments'], priority: 'Low', labels: ['pentest'] });
    fake.resolve(wontFix, "Won't Fix");
    const open = fake.addIssue({ project: 'OPS', issuetype: 'Vulnerability', components: ['Payments'], priority: 'Medium', labels: ['pentest'] });
    const teamOnly = fake.addIssue({ project: 'PAY', issuetype: 'Vulnerability', labels: ['pentest'] });
    await addFakeJiraSource(db, fake, 'jira-findings', { mappings: TEST_MAPPINGS, incidentJql: 'issuetype = Incident AND project = PAY', securityFindingJql: 'issuetype = Vulnerability AND labels = pentest' });
    const summary = await runSync(db, 'jira-findings', { http: FAST_HTTP });
    expect(summary.errors).toEqual([]);
    const source = await db.source.findUniqueOrThrow({ where: { name: 'jira-findings' }, select: { id: true, state: true } });
    const findings = await db.finding.findMany({ where: { sourceId: source.id }, orderBy: { externalId: 'asc' }, select: { externalId: true, tool: true, severity: true, state: true, dismissedReason: true, repository: { select: { fullName: true } } } });
    expect(findings).toEqual([
      { externalId: `issue:${fixed.id}`, tool: 'jira', severity: 'critical', state: 'fixed', dismissedReason: null, repository: { fullName: 'acme/payments-api' } },
      { externalId: `issue:${wontFix.id}`, tool: 'jira', severity: 'low', state: 'dismissed', dismissedReason: "won't fix", repository: { fullName: 'acme/payments-api' } },
      { externalId: `issue:${open.id}`, tool: 'jira', severity: 'medium', state: 'open', dismissedReason: null, repository: { fullName: 'acme/payments-api' } },
    ]);
    expect((source.state as Record<string, { message: string }>)['security-findings:unmapped']?.message).toContain(teamOnly.key);
  });
});
