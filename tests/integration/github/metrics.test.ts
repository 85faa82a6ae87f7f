// Acceptance: a source pointed by URL at the fake GitHub, collected with runSync, then
// GET /api/v1/metrics — compared with the reference definitions run over a dataset built straight from
// the fake's raw data (not through the collector's mappers), for the org and a repository, for the
// period and the previous one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/metrics/route';
import { createApiToken } from '@/lib/auth/tokens';
import { referenceMetrics, type Dataset } from '@/lib/metrics/reference';
import { DEFAULT_METRIC_SETTINGS, type Period, type Scope, type Severity } from '@/lib/metrics/types';
import { jsonRequest, readJson } from '@/tests/helpers/api';
import { getTestDb } from '@/tests/helpers/database';
import { FakeGitHub, type FakeRepo } from '@/tests/helpers/github/fake-github';
import { FakeDataBuilder, SMALL_SHAPE } from '@/tests/helpers/github/fake-data';
import { addFakeGitHubSource, FAST_CLIENT, useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { runSync } from '@/lib/sources/run-sync';

useTestEncryptionKey();

let fake: FakeGitHub;
let readToken = '';
beforeAll(async () => {
  fake = await FakeGitHub.start();
  new FakeDataBuilder(fake, 2026).build(SMALL_SHAPE);
  const db = getTestDb();
  await addFakeGitHubSource(db, fake, 'gh');
  const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
  expect(summary.errors).toEqual([]);
  readToken = (await createApiToken(db, { name: 'reader', scopes: ['read'] })).token;
}, 120_000);
afterAll(async () => {
  await fake?.close();
});

const TERMINAL = ['success', 'failure', 'error'];

/** The fake's raw data as the metric definitions see it: an independent reading of GitHub's objects. */
function datasetFromFake(repos: FakeRepo[]): Dataset {
  const dataset: Dataset = { settings: DEFAULT_METRIC_SETTINGS, teams: [], repositories: [], deployments: [], changes: [], incidents: [], findings: [] };
  let id = 1;
  repos.filter((repo) => !repo.archived).forEach((repo, index) => {
    const repositoryId = index + 1;
    const full = `${repo.owner}/${repo.name}`;
    dataset.repositories.push({ id: repositoryId, fullName: full, teamId: null, productionPattern: '^prod(uction)?$' });
    for (const d of repo.deployments) {
      if (!/^prod(uction)?$/i.test(d.environment)) continue;
      const outcome = [...d.statuses].sort((a, b) => b.id - a.id).find((s) => TERMINAL.includes(s.state));
      if (!outcome) continue;
      dataset.deployments.push({
        id: id++, externalId: `deployment:${d.id}`, repositoryId, environment: d.environment, status: outcome.state as 'success' | 'failure' | 'error',
        sha: d.sha, finishedAt: new Date(outcome.created_at), isRollback: d.task.includes('rollback'), changeRefs: [],
      });
    }
    for (const p of repo.pulls) {
      if (!p.merged_at || p.base !== repo.default_branch) continue;
      const first = Math.min(...p.commits.slice(0, 250).map((c) => Date.parse(c.date)));
      dataset.changes.push({
        id: id++, externalId: `pr:${p.id}`, repositoryId, title: p.title, labels: p.labels, firstCommitAt: new Date(first),
        openedAt: new Date(p.created_at), mergedAt: new Date(p.merged_at), mergeSha: p.merge_commit_sha,
      });
    }
    for (const issue of repo.issues) {
      if (issue.isPullRequest || !issue.labels.includes('incident')) continue;
      dataset.incidents.push({
        id: id++, externalId: `issue:${issue.id}`, repositoryId, teamId: null, security: issue.labels.includes('security'),
        startedAt: new Date(issue.created_at), resolvedAt: issue.state === 'closed' && issue.closed_at ? new Date(issue.closed_at) : null,
        causeRef: /root cause: ([0-9a-f]{40})/.exec(issue.body ?? '')?.[1] ?? null,
      });
    }
    const alerts: [string, typeof repo.codeScanningAlerts][] = [['code-scanning', repo.codeScanningAlerts], ['dependabot', repo.dependabotAlerts]];
    for (const [tool, list] of alerts) {
      for (const a of list) {
        dataset.findings.push({
          id: id++, externalId: `${tool}:${full}#${a.number}`, repositoryId, tool, severity: a.severity as Severity,
          state: a.state as 'open' | 'fixed' | 'dismissed', dismissedReason: a.dismissed_reason ?? null, openedAt: new Date(a.created_at),
          fixedAt: a.fixed_at ? new Date(a.fixed_at) : null, dismissedAt: a.dismissed_at ? new Date(a.dismissed_at) : null,
        });
      }
    }
    for (const a of repo.secretScanningAlerts) {
      const resolved = a.state === 'resolved';
      const fixed = resolved && a.resolution === 'revoked';
      dataset.findings.push({
        id: id++, externalId: `secret-scanning:${full}#${a.number}`, repositoryId, tool: 'secret-scanning', severity: 'critical',
        state: !resolved ? 'open' : fixed ? 'fixed' : 'dismissed', dismissedReason: resolved && !fixed ? a.resolution ?? null : null,
        openedAt: new Date(a.created_at), fixedAt: fixed && a.resolved_at ? new Date(a.resolved_at) : null,
        dismissedAt: resolved && !fixed && a.resolved_at ? new Date(a.resolved_at) : null,
      });
    }
  });
  return dataset;
}

/** Equal, with numbers compared to 1e-9 relative (SQL and JavaScript round differently). */
function expectClose(actual: unknown, expected: unknown, path = 'metrics'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual, path).toBeTypeOf('object');
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

it.each([
  ['org', { kind: 'org' } as Scope],
  ['repo:acme/service-2', { kind: 'repo', fullName: 'acme/service-2' } as Scope],
])('GET /api/v1/metrics?scope=%s agrees with the reference computed from the fake GitHub data', async (scopeParam, scope) => {
  const { status, body } = await readJson(await GET(jsonRequest(`/api/v1/metrics?scope=${scopeParam}&from=2026-01-05&to=2026-03-02&tz=UTC`, { token: readToken })));
  expect(status).toBe(200);
  const dataset = datasetFromFake(fake.repos);
  const period: Period = { from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z'), timeZone: 'UTC' };
  const previous: Period = { from: new Date('2025-11-09T00:00:00Z'), to: period.from, timeZone: 'UTC' };
  const current = referenceMetrics(dataset, scope, period);
  // The data set is not trivial: it has deployments, lead times, failures and findings to agree on.
  expect(current.deploymentFrequency.count).toBeGreaterThan(5);
  expect(current.leadTime.count).toBeGreaterThan(5);
  expect(current.openBacklog).toBeDefined();
  expectClose(JSON.parse(JSON.stringify(body.current)), JSON.parse(JSON.stringify(current)));
  expectClose(JSON.parse(JSON.stringify(body.previous)), JSON.parse(JSON.stringify(referenceMetrics(dataset, scope, previous))));
});
