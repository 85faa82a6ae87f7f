// A sync killed at 20 random points (before or after any request, record write or cursor commit) and
// resumed each time, while GitHub keeps changing: in the end nothing is lost and nothing duplicated.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { createKillSwitch, idDiscrepancies, Killed } from '@/tests/helpers/github/killable-sync';
import { FakeGitHub } from '@/tests/helpers/github/fake-github';
import { expectedRecords, FakeDataBuilder, seededRandom } from '@/tests/helpers/github/fake-data';
import { addFakeGitHubSource, FAST_CLIENT, statusCounts, useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { GitHubClient } from '@/lib/collectors/github/client';
import { githubSettings } from '@/lib/collectors/github/settings';
import { syncGitHub } from '@/lib/collectors/github/sync';

useTestEncryptionKey();

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start();
}, 60_000);
afterAll(async () => {
  await fake?.close();
});

it('resumes a sync killed at 20 random points with 0 records lost and 0 duplicated', async () => {
  const db = getTestDb();
  const data = new FakeDataBuilder(fake, 99);
  data.build({ repos: 2, deploymentsPerRepo: 20, pullsPerRepo: 140, issuesPerRepo: 10, codeScanningPerRepo: 8, dependabotPerRepo: 110, secretsPerRepo: 4 });
  const source = await addFakeGitHubSource(db, fake, 'gh-resume');
  const settings = githubSettings.parse(source.settings);
  const seed = 20260105;
  const random = seededRandom(seed);

  const kill = createKillSwitch(db, source, 'github');
  const sync = () => {
    const { step, sink, state } = kill.process();
    const client = new GitHubClient({ baseUrl: fake.url, token: fake.token, ...FAST_CLIENT });
    client.octokit.hook.before('request', () => step());
    client.octokit.hook.after('request', () => step());
    return syncGitHub({ client, store: sink, state, settings, full: false, now: () => new Date() });
  };

  const killedAt: number[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    const killAt = 1 + Math.floor(random() * 90);
    kill.arm(killAt);
    // GitHub moves on while the syncs keep dying.
    if (attempt === 7) {
      data.addPull(fake.repo('acme/service-1'), { commits: 3 });
      data.addDeployment(fake.repo('acme/service-2'), { environment: 'production', outcome: 'success' });
    }
    if (attempt === 13) {
      const issue = fake.repo('acme/service-1').issues.find((candidate) => candidate.state === 'open' && candidate.labels.includes('incident'));
      if (issue) data.touch(issue, { state: 'closed', closed_at: data.tick() });
      const alert = fake.repo('acme/service-2').codeScanningAlerts.find((candidate) => candidate.state === 'open');
      if (alert) data.touch(alert, { state: 'fixed', fixed_at: data.tick() });
    }
    await expect(sync(), `attempt ${attempt} (seed ${seed})`).rejects.toBeInstanceOf(Killed);
    killedAt.push(killAt);
  }
  expect(killedAt).toHaveLength(20);

  kill.arm(Number.POSITIVE_INFINITY);
  const final = await sync();
  expect(final.errors).toEqual([]);

  const expected = expectedRecords(fake);
  const where = { sourceId: source.id };
  const stored = {
    changes: await db.change.findMany({ where, select: { externalId: true } }),
    deployments: await db.deployment.findMany({ where, select: { externalId: true } }),
    incidents: await db.incident.findMany({ where, select: { externalId: true, resolvedAt: true } }),
    findings: await db.finding.findMany({ where, select: { externalId: true, state: true } }),
  };
  for (const kind of ['changes', 'deployments', 'incidents', 'findings'] as const) {
    const ids = stored[kind].map((row) => row.externalId);
    expect({ kind, ...idDiscrepancies(ids, expected[kind]) }).toEqual({ kind, lost: [], extra: [], duplicated: 0 });
  }
  // Changes made while syncs were dying arrived too.
  for (const repo of fake.repos.filter((candidate) => !candidate.archived)) {
    for (const issue of repo.issues.filter((candidate) => candidate.labels.includes('incident'))) {
      const row = stored.incidents.find((candidate) => candidate.externalId === `issue:${issue.id}`);
      expect(row?.resolvedAt?.toISOString() ?? null).toBe(issue.state === 'closed' && issue.closed_at ? new Date(issue.closed_at).toISOString() : null);
    }
  }

  // And the cursors left behind are complete: the next sync is all 304s.
  fake.resetLog();
  kill.arm(Number.POSITIVE_INFINITY);
  await sync();
  expect(statusCounts(fake)[200] ?? 0).toBe(0);
}, 120_000);
