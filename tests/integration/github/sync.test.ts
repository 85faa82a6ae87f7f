// The GitHub collector end to end: a GitHub source in a real database, pointed by URL at the fake
// GitHub built from GitHub's OpenAPI description, synced with runSync as the CLI and worker do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { FakeGitHub } from '@/tests/helpers/github/fake-github';
import { expectedRecords, FakeDataBuilder, SMALL_SHAPE } from '@/tests/helpers/github/fake-data';
import { addFakeGitHubSource, FAST_CLIENT, statusCounts, useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { runSync } from '@/lib/sources/run-sync';
import { PULL_COMMITS_CAP } from '@/lib/collectors/github/sync';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { listSourceHealth } from '@/lib/records/collector-runs';

useTestEncryptionKey();

let fake: FakeGitHub;
let data: FakeDataBuilder;

async function storedIds(sourceName: string) {
  const db = getTestDb();
  const source = await db.source.findUniqueOrThrow({ where: { name: sourceName }, select: { id: true } });
  const where = { sourceId: source.id };
  const ids = async (rows: Promise<{ externalId: string }[]>) => (await rows).map((row) => row.externalId).sort();
  return {
    changes: await ids(db.change.findMany({ where, select: { externalId: true } })),
    deployments: await ids(db.deployment.findMany({ where, select: { externalId: true } })),
    incidents: await ids(db.incident.findMany({ where, select: { externalId: true } })),
    findings: await ids(db.finding.findMany({ where, select: { externalId: true } })),
  };
}

beforeAll(async () => {
  fake = await FakeGitHub.start();
  data = new FakeDataBuilder(fake, 7);
  data.build(SMALL_SHAPE);
  // A pull request past GitHub's 250-commit listing cap.
  data.addPull(fake.repo('acme/service-1'), { commits: 300 });
}, 60_000);

afterAll(async () => {
  await fake?.close();
});

describe('GitHub sync against the fake GitHub', () => {
  it('imports every record the fake serves on a full sync, and records the run', async () => {
    const db = getTestDb();
    await addFakeGitHubSource(db, fake, 'gh');
    const progress: number[] = [];
    const summary = await runSync(db, 'gh', { trigger: 'cli', github: FAST_CLIENT, onProgress: (p) => progress.push(p.repositoriesDone) });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');

    const expected = expectedRecords(fake);
    const stored = await storedIds('gh');
    expect(stored.changes).toEqual([...expected.changes].sort());
    expect(stored.deployments).toEqual([...expected.deployments].sort());
    expect(stored.incidents).toEqual([...expected.incidents].sort());
    expect(stored.findings).toEqual([...expected.findings].sort());
    expect(summary.counts.created).toBe(expected.changes.size + expected.deployments.size + expected.incidents.size + expected.findings.size);

    // Archived repositories are skipped; the others carry GitHub's fields.
    const repos = await db.repository.findMany({ orderBy: { fullName: 'asc' }, select: { fullName: true, defaultBranch: true, url: true, sourceId: true } });
    expect(repos.map((repo) => repo.fullName)).toEqual([...expected.repositories].sort());
    expect(repos.find((repo) => repo.fullName === 'acme/service-2')?.defaultBranch).toBe('trunk');

    // The first commit of a pull request past the cap comes from the 250 commits GitHub lists.
    const big = fake.repo('acme/service-1').pulls.find((pull) => pull.commits.length === 300)!;
    const change = await db.change.findFirstOrThrow({ where: { externalId: `pr:${big.id}` } });
    const listed = big.commits.slice(0, PULL_COMMITS_CAP).map((commit) => Date.parse(commit.date));
    expect(change.firstCommitAt?.getTime()).toBe(Math.min(...listed));

    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toBe('cli');
    expect(run.finishedAt).not.toBeNull();
    expect((run.counts as { created: number }).created).toBe(summary.counts.created);
    expect(progress.at(-1)).toBe(expected.repositories.size);

    // The rate-limit window GitHub last reported is kept on the run and shown on collector health.
    // Workers run in parallel, so the last answer read may be a few requests older than the fake's count.
    const saved = run.counts as { rateLimitRemaining?: number; rateLimitLimit?: number; rateLimitResetAt?: number };
    expect(saved.rateLimitRemaining).toBeGreaterThanOrEqual(fake.rateLimit.remaining);
    expect(saved.rateLimitRemaining).toBeLessThan(fake.rateLimit.limit);
    expect(saved.rateLimitLimit).toBe(fake.rateLimit.limit);
    expect(saved.rateLimitResetAt).toBe(fake.rateLimit.resetAt);
    const health = (await listSourceHealth(FULL_ACCESS, db)).find((source) => source.name === 'gh');
    expect(health?.rateLimit).toEqual({
      remaining: saved.rateLimitRemaining,
      limit: fake.rateLimit.limit,
      resetAt: new Date(fake.rateLimit.resetAt * 1000),
    });
  });

  it('answers an unchanged re-sync with at least 95 % 304s and writes nothing', async () => {
    const db = getTestDb();
    fake.resetLog();
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    const counts = statusCounts(fake);
    const total = fake.log.length;
    expect(summary.status).toBe('succeeded');
    expect((counts[304] ?? 0) / total).toBeGreaterThanOrEqual(0.95);
    expect(summary.counts.created + summary.counts.updated).toBe(0);
    expect(summary.counts.notModified).toBe(counts[304]);
  });

  it('fetches only what changed on an incremental sync', async () => {
    const db = getTestDb();
    const repo = fake.repo('acme/service-3');
    const newPull = data.addPull(repo, { commits: 2 });
    const incident = repo.issues.find((issue) => issue.labels.includes('incident') && issue.state === 'open')!;
    data.touch(incident, { state: 'closed', closed_at: '2026-06-01T10:00:00Z' });
    const deployment = data.addDeployment(repo, { environment: 'production', outcome: 'success' });
    const alert = repo.dependabotAlerts.find((candidate) => candidate.state === 'open')!;
    data.touch(alert, { state: 'fixed', fixed_at: '2026-06-02T10:00:00Z' });

    fake.resetLog();
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.errors).toEqual([]);
    expect(summary.counts.created).toBe(2); // the pull request and the deployment
    expect(summary.counts.updated).toBeGreaterThanOrEqual(2); // the incident and the alert
    // Only the changed streams' first pages, the new items' details, and 304s elsewhere.
    expect(fake.log.length).toBeLessThan(40);
    expect(fake.log.filter((entry) => entry.status === 200).length).toBeLessThanOrEqual(8);

    const stored = await storedIds('gh');
    expect(stored.changes).toContain(`pr:${newPull.id}`);
    expect(stored.deployments).toContain(`deployment:${deployment.id}`);
    const resolved = await db.incident.findFirstOrThrow({ where: { externalId: `issue:${incident.id}` } });
    expect(resolved.resolvedAt?.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    const fixed = await db.finding.findFirstOrThrow({ where: { externalId: `dependabot:acme/service-3#${alert.number}` } });
    expect(fixed.state).toBe('fixed');
    expect(fixed.fixedAt?.toISOString()).toBe('2026-06-02T10:00:00.000Z');
  });

  it('finishes a deployment that was in progress on an earlier sync', async () => {
    const db = getTestDb();
    const repo = fake.repo('acme/service-1');
    const deployment = data.addDeployment(repo, { environment: 'production', outcome: 'in_progress' });
    await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(await db.deployment.count({ where: { externalId: `deployment:${deployment.id}` } })).toBe(0);
    deployment.statuses.push({ id: data.id(), state: 'failure', created_at: data.tick() });
    await runSync(db, 'gh', { github: FAST_CLIENT });
    const stored = await db.deployment.findFirstOrThrow({ where: { externalId: `deployment:${deployment.id}` } });
    expect(stored.status).toBe('failure');
  });

  it('re-fetches everything with full: true without duplicating', async () => {
    const db = getTestDb();
    const before = await storedIds('gh');
    fake.resetLog();
    const summary = await runSync(db, 'gh', { full: true, github: FAST_CLIENT });
    expect(statusCounts(fake)[304] ?? 0).toBe(0);
    expect(summary.counts.created).toBe(0);
    expect(await storedIds('gh')).toEqual(before);
  });
});
