// Acceptance (issue 5): incidents synced from Jira and PagerDuty appear in time to restore, change
// failure rate and failed-deployment recovery time (MTTR) of the teams they are mapped to, with
// explicit causes honoured (a Jira cause field, a `root cause:` line in an ADF description) and the
// 72-hour heuristic otherwise (for a repository, or for a team-only incident over its team's
// repositories), exactly as METRICS.md says. Every expected number below is worked out by hand from
// the data, in the comments next to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { adfDocument, FakeJira } from '@/tests/helpers/jira/fake-jira';
import { createTeams, FAST_HTTP } from '@/tests/helpers/jira/test-source';
import { FakePagerDuty } from '@/tests/helpers/pagerduty/fake-pagerduty';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getMetricsReport } from '@/lib/metrics';
import type { MetricValues, Period } from '@/lib/metrics/types';
import { runSync } from '@/lib/sources/run-sync';
import { createSource } from '@/lib/sources/sources';
import { ingestDeployments } from '@/lib/store/ingest';
import { deploymentInput } from '@/lib/validations/ingest';

useTestEncryptionKey();

const H = 3600;
const APRIL: Period = { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z'), timeZone: 'UTC' };
const sha = (digit: string) => digit.repeat(40);

// Production deployments (all succeed). Teams: platform owns acme/gateway and acme/search, and its
// child team payments owns acme/payments-api.
const DEPLOYMENTS = [
  { externalId: 'G1', repository: 'acme/gateway', finishedAt: '2026-04-02T10:00:00Z', sha: sha('a') },
  { externalId: 'G2', repository: 'acme/gateway', finishedAt: '2026-04-10T10:00:00Z', sha: sha('b') },
  { externalId: 'G3', repository: 'acme/gateway', finishedAt: '2026-04-20T10:00:00Z', sha: sha('c') },
  { externalId: 'P1', repository: 'acme/payments-api', finishedAt: '2026-04-03T08:00:00Z', sha: sha('d') },
  { externalId: 'P2', repository: 'acme/payments-api', finishedAt: '2026-04-12T08:00:00Z', sha: sha('e') },
  { externalId: 'P3', repository: 'acme/payments-api', finishedAt: '2026-04-25T08:00:00Z', sha: sha('f') },
];
// Arrive after the incidents: links are the same whatever order records come in.
const LATE_DEPLOYMENTS = [
  { externalId: 'G4', repository: 'acme/gateway', finishedAt: '2026-04-16T10:00:00Z', sha: sha('1') },
  { externalId: 'P4', repository: 'acme/payments-api', finishedAt: '2026-04-18T08:00:00Z', sha: sha('2') },
  { externalId: 'S1', repository: 'acme/search', finishedAt: '2026-04-27T12:00:00Z', sha: sha('3') },
];

let jira: FakeJira;
let pagerDuty: FakePagerDuty;
const ids: Record<string, string> = {};

async function ingest(db: ReturnType<typeof getTestDb>, sourceId: number, records: typeof DEPLOYMENTS) {
  await ingestDeployments(db, sourceId, records.map((record) => deploymentInput.parse({ ...record, environment: 'production', status: 'success' })));
}

beforeAll(async () => {
  const db = getTestDb();
  await createTeams(db);
  const ci = await createSource(db, { kind: 'ingest', name: 'ci', settings: {} });
  await ingest(db, ci.id, DEPLOYMENTS);

  jira = await FakeJira.start();
  const issue = (key: string, input: Parameters<FakeJira['addIssue']>[0]) => {
    ids[key] = `issue:${jira.addIssue({ statusCategory: 'done', ...input }).id}`;
  };
  // J1 — OPS/Payments → acme/payments-api; 2 h after P2, no cause named → heuristic P2. Restored in 3 h.
  issue('J1', { project: 'OPS', components: ['Payments'], created: '2026-04-12T10:00:00Z', resolutiondate: '2026-04-12T13:00:00Z' });
  // J2 — OPS → team platform (no repository); 23 h after G3, the latest of the team's (and its child
  // team's) deployments within 72 h → heuristic G3. Restored in 6 h.
  issue('J2', { project: 'OPS', created: '2026-04-21T09:00:00Z', resolutiondate: '2026-04-21T15:00:00Z' });
  // J3 — OPS/Payments; the cause field names P1's SHA, 6 days after P1 (beyond the window): explicit P1. 2 h.
  issue('J3', { project: 'OPS', components: ['Payments'], created: '2026-04-09T10:00:00Z', resolutiondate: '2026-04-09T12:00:00Z', custom: { customfield_10050: sha('d') } });
  // J4 — PAY → team payments; the ADF description names G1's SHA, in the other team's repository 13 days
  // earlier: explicit G1. Restored in 1 h.
  issue('J4', { project: 'PAY', created: '2026-04-15T10:00:00Z', resolutiondate: '2026-04-15T11:00:00Z', description: adfDocument('Refunds failed.', `Root cause: ${sha('a')}`) });
  // J5 — OPS → team platform; no deployment of the team in the 72 h before → unlinked: counts for time
  // to restore only. Restored in 4 h.
  issue('J5', { project: 'OPS', created: '2026-04-08T00:00:00Z', resolutiondate: '2026-04-08T04:00:00Z' });
  jira.clock = Date.parse('2026-05-01T00:00:00Z');
  await createSource(db, {
    kind: 'jira',
    name: 'jira',
    settings: {
      siteUrl: jira.url,
      mappings: [
        { project: 'OPS', component: 'Payments', repository: 'acme/payments-api' },
        { project: 'OPS', team: 'platform' },
        { project: 'PAY', team: 'payments' },
      ],
      fields: { cause: 'customfield_10050' },
    },
    credentials: { email: jira.email, apiToken: jira.apiToken },
  });

  pagerDuty = await FakePagerDuty.start();
  const incident = (key: string, input: Parameters<FakePagerDuty['addIncident']>[0]) => {
    ids[key] = `incident:${pagerDuty.addIncident(input).id}`;
  };
  // D1 — payments-api service; 1.5 h after P3 → heuristic P3. Restored in 1 h.
  incident('D1', { service: 'PPAYAPI', created_at: '2026-04-25T09:30:00Z', resolved_at: '2026-04-25T10:30:00Z' });
  // D2 — gateway service → team platform; 1 h after G2 → heuristic G2. Restored in 1.5 h.
  incident('D2', { service: 'PGATEWY', created_at: '2026-04-10T11:00:00Z', resolved_at: '2026-04-10T12:30:00Z' });
  // D3 — payments-api service, 26 h after P3, still open → heuristic P3, which stays unrecovered.
  incident('D3', { service: 'PPAYAPI', created_at: '2026-04-26T10:00:00Z', status: 'acknowledged' });
  // D4 — SecOps service → team payments, a security incident; 24 h after P2 → heuristic P2. Restored in 1 h.
  incident('D4', { service: 'PSECOPS', created_at: '2026-04-13T08:00:00Z', resolved_at: '2026-04-13T09:00:00Z', priority: 'P1' });
  pagerDuty.clock = Date.parse('2026-05-01T00:00:00Z');
  await createSource(db, {
    kind: 'pagerduty',
    name: 'pagerduty',
    settings: {
      apiUrl: pagerDuty.url,
      services: [
        { service: 'PGATEWY', team: 'platform' },
        { service: 'PPAYAPI', repository: 'acme/payments-api' },
        { service: 'PSECOPS', team: 'payments', security: true },
      ],
    },
    credentials: { token: pagerDuty.token },
  });

  for (const name of ['jira', 'pagerduty']) {
    const summary = await runSync(db, name, { http: FAST_HTTP });
    expect(summary.errors, name).toEqual([]);
  }
  await ingest(db, ci.id, LATE_DEPLOYMENTS);
});

afterAll(async () => {
  await jira?.close();
  await pagerDuty?.close();
});

const report = async (scope: Parameters<typeof getMetricsReport>[2]): Promise<MetricValues> =>
  (await getMetricsReport(getTestDb(), FULL_ACCESS, scope, APRIL)).current;

describe('Jira and PagerDuty incidents in the DORA metrics', () => {
  it('links each incident as METRICS.md says: explicit causes first, else the 72-hour heuristic, else unlinked', async () => {
    const db = getTestDb();
    const incidents = await db.incident.findMany({ select: { externalId: true, linkKind: true, causeDeployment: { select: { externalId: true } } } });
    const links = Object.fromEntries(
      Object.entries(ids).map(([key, externalId]) => {
        const row = incidents.find((candidate) => candidate.externalId === externalId);
        return [key, row ? `${row.linkKind ?? 'unlinked'}:${row.causeDeployment?.externalId ?? '-'}` : 'missing'];
      }),
    );
    expect(links).toEqual({
      J1: 'heuristic:P2',
      J2: 'heuristic:G3',
      J3: 'explicit:P1',
      J4: 'explicit:G1',
      J5: 'unlinked:-',
      D1: 'heuristic:P3',
      D2: 'heuristic:G2',
      D3: 'heuristic:P3',
      D4: 'heuristic:P2',
    });
  });

  it('team payments: its repository’s incidents and its own team-only incidents', async () => {
    const values = await report({ kind: 'team', slug: 'payments' });
    // P1..P4 counted; P1 (J3), P2 (J1, D4), P3 (D1, D3) failed.
    expect(values.changeFailureRate).toMatchObject({ failed: 3, deployments: 4, value: 0.75 });
    // P1: J3 resolved 04-09 12:00 − 04-03 08:00 = 148 h; P2: latest of J1/D4 resolved 04-13 09:00 − 04-12 08:00
    // = 25 h; P3: D3 still open → unrecovered.
    expect(values.failedDeploymentRecovery).toMatchObject({ recovered: 2, unrecovered: 1, median: (148 * H + 25 * H) / 2, mean: (148 * H + 25 * H) / 2 });
    // Resolved in April: J1 3 h, J3 2 h, D1 1 h (payments-api), J4 1 h, D4 1 h (team-only); D3 open.
    expect(values.timeToRestore).toMatchObject({ resolved: 5, median: 1 * H, mean: 8 * H / 5, open: 1 });
    // p90 interpolates between the 4th (2 h) and 5th (3 h) of five values: 2.6 h.
    expect(values.timeToRestore.p90).toBeCloseTo(2.6 * H, 6);
    // P2 failed through D4, a security incident (PagerDuty SecOps service).
    expect(values.securityChangeFailureRate).toMatchObject({ failed: 1, deployments: 4, value: 0.25 });
  });

  it('team platform: its repositories and its child team’s, with every team-only incident below it', async () => {
    const values = await report({ kind: 'team', slug: 'platform' });
    // 9 counted; failed G1 (J4, explicit from the payments team), G2 (D2), G3 (J2), P1, P2, P3.
    expect(values.changeFailureRate).toMatchObject({ failed: 6, deployments: 9, value: 6 / 9 });
    // G1 313 h, G2 2.5 h, G3 29 h, P1 148 h, P2 25 h; P3 unrecovered → median 29 h.
    expect(values.failedDeploymentRecovery).toMatchObject({ recovered: 5, unrecovered: 1, median: 29 * H, mean: ((313 + 2.5 + 29 + 148 + 25) * H) / 5 });
    // J1 3, J2 6, J3 2, J4 1, J5 4 (unlinked, still counted), D1 1, D2 1.5, D4 1 hours; D3 open.
    expect(values.timeToRestore).toMatchObject({ resolved: 8, median: 1.75 * H, mean: 19.5 * H / 8, open: 1 });
  });

  it('a repository scope holds only that repository’s incidents, never team-only ones', async () => {
    const gateway = await report({ kind: 'repo', fullName: 'acme/gateway' });
    // Incidents with a repository only: none of the gateway's own (J2, D2, J4, J5 are team-only).
    expect(gateway.timeToRestore).toEqual({ resolved: 0, median: null, mean: null, p90: null, open: 0 });
    // Its deployments still failed through them.
    expect(gateway.changeFailureRate).toMatchObject({ failed: 3, deployments: 4 });
    const payments = await report({ kind: 'repo', fullName: 'acme/payments-api' });
    expect(payments.timeToRestore).toMatchObject({ resolved: 3, median: 2 * H, open: 1 });
  });
});
