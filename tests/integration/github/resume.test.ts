// A sync killed at 20 random points (before or after any request, record write or cursor commit) and
// resumed each time, while GitHub keeps changing: in the end nothing is lost and nothing duplicated.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { FakeGitHub } from '@/tests/helpers/github/fake-github';
import { expectedRecords, FakeDataBuilder, seededRandom } from '@/tests/helpers/github/fake-data';
import { addFakeGitHubSource, FAST_CLIENT, statusCounts, useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { GitHubClient } from '@/lib/collectors/github/client';
import { githubSettings } from '@/lib/collectors/github/settings';
import { syncGitHub } from '@/lib/collectors/github/sync';
import type { RecordSink, SyncStateStore } from '@/lib/collectors/types';
import { createRecordSink } from '@/lib/sources/record-sink';
import { createSyncStateStore } from '@/lib/sources/sync-state';

useTestEncryptionKey();

class Killed extends Error {}

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

  // One "process" per attempt: once killed at its chosen operation, everything it still does fails,
  // as nothing runs on in a process that died.
  let operations = 0;
  let killAt = Number.POSITIVE_INFINITY;
  let generation = 0;
  const step = (own: number) => {
    if (own !== generation) throw new Killed('this process is dead');
    operations += 1;
    if (operations === killAt) {
      generation += 1;
      throw new Killed(`killed at operation ${operations}`);
    }
  };
  const dbSink = createRecordSink(db, source.id, 'github', (message) => {
    throw new Error(message);
  });
  const dbState = createSyncStateStore(db, source.id);
  const killable = (own: number): { sink: RecordSink; state: SyncStateStore } => {
    const around = async <T>(work: () => Promise<T>): Promise<T> => {
      step(own);
      const result = await work();
      step(own);
      return result;
    };
    return {
      sink: {
        repositories: (records) => around(() => dbSink.repositories(records)),
        changes: (records) => around(() => dbSink.changes(records)),
        deployments: (records) => around(() => dbSink.deployments(records)),
        incidents: (records) => around(() => dbSink.incidents(records)),
        findings: (records) => around(() => dbSink.findings(records)),
      },
      state: {
        get: (stream, key) => dbState.get(stream, key),
        put: (stream, key, value) => around(() => dbState.put(stream, key, value)),
        setCondition: (name, message) => dbState.setCondition(name, message),
      },
    };
  };
  const sync = () => {
    const own = generation;
    const { sink, state } = killable(own);
    const client = new GitHubClient({ baseUrl: fake.url, token: fake.token, ...FAST_CLIENT });
    client.octokit.hook.before('request', () => step(own));
    client.octokit.hook.after('request', () => step(own));
    return syncGitHub({ client, store: sink, state, settings, full: false, now: () => new Date() });
  };

  const killedAt: number[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    operations = 0;
    killAt = 1 + Math.floor(random() * 90);
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

  killAt = Number.POSITIVE_INFINITY;
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
    const lost = [...expected[kind]].filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !expected[kind].has(id));
    expect({ kind, lost, extra, duplicated: ids.length - new Set(ids).size }).toEqual({ kind, lost: [], extra: [], duplicated: 0 });
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
  operations = 0;
  await sync();
  expect(statusCounts(fake)[200] ?? 0).toBe(0);
}, 120_000);
