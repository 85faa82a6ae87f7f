// GitHub answers other than 200/304: features switched off and missing scopes become source
// conditions (not failed runs), rate limits are waited out as GitHub asks, 5xx and network errors
// (also a body cut off halfway, an answer that does not come in time) are retried, a limit that resets
// too late ends the run so the next one resumes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getTestDb, truncateAllTables } from '@/tests/helpers/database';
import { FakeGitHub } from '@/tests/helpers/github/fake-github';
import { expectedRecords, FakeDataBuilder } from '@/tests/helpers/github/fake-data';
import { addFakeGitHubSource, FAST_CLIENT, useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { runSync } from '@/lib/sources/run-sync';

useTestEncryptionKey();

const SHAPE = { repos: 3, deploymentsPerRepo: 6, pullsPerRepo: 12, issuesPerRepo: 4, codeScanningPerRepo: 4, dependabotPerRepo: 4, secretsPerRepo: 2 };

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start();
}, 60_000);
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  await truncateAllTables();
  fake.repos.length = 0;
  fake.faults.length = 0;
  fake.rateLimit = { limit: 5000, remaining: 5000, resetAt: Math.floor(Date.now() / 1000) + 3600 };
  new FakeDataBuilder(fake, 3).build(SHAPE);
  fake.resetLog();
});

async function findingCount() {
  return getTestDb().finding.count();
}

describe('GitHub features that are off', () => {
  it('records Advanced Security off, Dependabot off and secret scanning off as source conditions, not failures', async () => {
    const db = getTestDb();
    fake.repo('acme/service-1').codeScanning = 403;
    fake.repo('acme/service-2').codeScanning = 404;
    fake.repo('acme/service-2').dependabot = 403;
    fake.repo('acme/service-3').secretScanning = 404;
    await addFakeGitHubSource(db, fake, 'gh');
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.skipped).toBe(4);
    const source = await db.source.findUniqueOrThrow({ where: { name: 'gh' } });
    const state = source.state as Record<string, { message: string }>;
    expect(Object.keys(state).sort()).toEqual([
      'code-scanning:acme/service-1', 'code-scanning:acme/service-2', 'dependabot:acme/service-2', 'secret-scanning:acme/service-3',
    ]);
    expect(state['code-scanning:acme/service-1']?.message).toMatch(/^403: Advanced Security must be enabled/);
    expect(await findingCount()).toBe(expectedRecords(fake).findings.size);

    // Switched on later: the condition clears and the alerts arrive.
    fake.repo('acme/service-1').codeScanning = 'on';
    await runSync(db, 'gh', { github: FAST_CLIENT });
    const after = await db.source.findUniqueOrThrow({ where: { name: 'gh' } });
    expect(Object.keys(after.state as object)).not.toContain('code-scanning:acme/service-1');
    expect(await findingCount()).toBe(expectedRecords(fake).findings.size);
  });

  it('treats a missing token scope (403 on a stream) as a condition too', async () => {
    const db = getTestDb();
    fake.inject({ match: /\/repos\/acme\/service-2\/pulls\?/, status: 403, times: 1, message: 'Resource not accessible by personal access token' });
    await addFakeGitHubSource(db, fake, 'gh');
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.status).toBe('succeeded');
    expect(summary.conditions['pulls:acme/service-2']).toBe('403: Resource not accessible by personal access token');
  });
});

describe('GitHub rate limits and errors', () => {
  it('waits as long as retry-after and x-ratelimit-reset say, then carries on', async () => {
    const db = getTestDb();
    fake.inject({ match: /\/repos\/acme\/service-1\/pulls\?/, status: 429, times: 1, headers: { 'retry-after': '1' }, message: 'Too many requests' });
    fake.inject({ match: /\/repos\/acme\/service-2\/issues\?/, status: 403, times: 1, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });
    await addFakeGitHubSource(db, fake, 'gh');
    // Real seconds here: the point is that the waits are honoured.
    const summary = await runSync(db, 'gh', { github: { retryUnitMs: 1000 } });
    expect(summary.errors).toEqual([]);
    expect(summary.counts.rateLimitWaits).toBe(2);
    for (const pattern of [/\/service-1\/pulls\?/, /\/service-2\/issues\?/]) {
      const hits = fake.log.filter((entry) => pattern.test(entry.url));
      expect(hits[0]?.status === 429 || hits[0]?.status === 403).toBe(true);
      expect(hits[1]?.status).toBe(200);
      expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(950);
    }
  }, 30_000);

  it('waits for the primary rate limit to reset when no requests are left', async () => {
    const db = getTestDb();
    await addFakeGitHubSource(db, fake, 'gh');
    let resetsAt = 0;
    const summary = await runSync(db, 'gh', {
      github: { retryUnitMs: 1000 },
      onProgress: (progress) => {
        // Exhaust the limit once, part-way through the run.
        if (resetsAt === 0 && progress.counts.requests >= 10) {
          resetsAt = Math.floor(Date.now() / 1000) + 2;
          fake.rateLimit = { limit: 5000, remaining: 0, resetAt: resetsAt };
        }
      },
    });
    expect(summary.errors).toEqual([]);
    expect(summary.counts.rateLimitWaits).toBeGreaterThanOrEqual(1);
    const firstAfter = fake.log.find((entry) => entry.status === 200 && entry.at >= resetsAt * 1000);
    const limited = fake.log.filter((entry) => entry.status === 403);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(firstAfter).toBeDefined();
    expect(await findingCount()).toBe(expectedRecords(fake).findings.size);
  }, 30_000);

  it('ends the run when the limit resets later than allowed, and the next run resumes', async () => {
    const db = getTestDb();
    await addFakeGitHubSource(db, fake, 'gh', { maxRateLimitWaitSeconds: 5 });
    fake.rateLimit = { limit: 5000, remaining: 0, resetAt: Math.floor(Date.now() / 1000) + 3600 };
    const stopped = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(stopped.status).toBe('failed');
    expect(stopped.errors[0]).toMatch(/rate limit exhausted until/);
    fake.rateLimit = { limit: 5000, remaining: 5000, resetAt: Math.floor(Date.now() / 1000) + 3600 };
    const resumed = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(resumed.status).toBe('succeeded');
    expect(await findingCount()).toBe(expectedRecords(fake).findings.size);
    const runs = await db.collectorRun.findMany({ orderBy: { id: 'asc' }, select: { status: true, error: true } });
    expect(runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
  });

  it('retries 5xx answers and dropped connections with backoff', async () => {
    const db = getTestDb();
    fake.inject({ match: /\/repos\/acme\/service-1\/deployments\?/, status: 502, times: 2, message: 'Server Error' });
    fake.inject({ match: /\/repos\/acme\/service-2\/dependabot\/alerts/, status: 503, times: 1, message: 'Service Unavailable' });
    fake.inject({ match: /\/repos\/acme\/service-3\/secret-scanning/, status: 0, times: 1, drop: true });
    await addFakeGitHubSource(db, fake, 'gh');
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');
    const expected = expectedRecords(fake);
    expect(await db.deployment.count()).toBe(expected.deployments.size);
    expect(await findingCount()).toBe(expected.findings.size);
  });

  it('retries an answer cut off mid-body and one that does not come in time', async () => {
    const db = getTestDb();
    fake.inject({ match: /\/repos\/acme\/service-1\/pulls\?/, status: 200, times: 1, truncate: true });
    fake.inject({ match: /\/repos\/acme\/service-2\/code-scanning\/alerts/, status: 200, times: 1, delayMs: 3_000 });
    await addFakeGitHubSource(db, fake, 'gh');
    const summary = await runSync(db, 'gh', { github: { ...FAST_CLIENT, requestTimeoutMs: 1_000 } });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');
    const pulls = fake.log.filter((entry) => /\/service-1\/pulls\?/.test(entry.url));
    expect(pulls.slice(0, 2).map((entry) => entry.status)).toEqual([0, 200]);
    // The late request was received (its fault is spent), given up on after a second, and asked again.
    expect(fake.faults.map((fault) => fault.times)).toEqual([0, 0]);
    expect(summary.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(fake.log.filter((entry) => /\/service-2\/code-scanning\/alerts/.test(entry.url))[0]?.status).toBe(200);
    const expected = expectedRecords(fake);
    expect(await db.change.count()).toBe(expected.changes.size);
    expect(await findingCount()).toBe(expected.findings.size);
  });

  it('waits a minute for a secondary rate limit that names no retry-after', async () => {
    const db = getTestDb();
    fake.inject({ match: /\/repos\/acme\/service-3\/deployments\?/, status: 403, times: 1, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });
    await addFakeGitHubSource(db, fake, 'gh');
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.errors).toEqual([]);
    expect(summary.counts.rateLimitWaits).toBe(1);
    const hits = fake.log.filter((entry) => /\/service-3\/deployments\?/.test(entry.url));
    expect(hits.map((entry) => entry.status)).toEqual([403, 200]);
    // 60 "seconds" of FAST_CLIENT's 20 ms.
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(60 * FAST_CLIENT.retryUnitMs - 50);
  });

  it('records a stream that keeps failing as an error of the run, and still collects the rest', async () => {
    const db = getTestDb();
    fake.inject({ match: /\/repos\/acme\/service-1\/pulls\?/, status: 422, times: 1, message: 'Validation Failed' });
    fake.inject({ match: /\/repos\/acme\/service-2\/deployments\?/, status: 500, times: 100, message: 'Server Error' });
    await addFakeGitHubSource(db, fake, 'gh');
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.status).toBe('failed');
    expect(summary.errors).toEqual([
      expect.stringMatching(/^(pulls acme\/service-1: GitHub answered 422|deployments acme\/service-2: GitHub answered 500)/),
      expect.stringMatching(/^(pulls acme\/service-1: GitHub answered 422|deployments acme\/service-2: GitHub answered 500)/),
    ]);
    expect(await findingCount()).toBe(expectedRecords(fake).findings.size);
    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.error).toContain('GitHub answered 422');
  });

  it('fails a run with a bad token without revealing it', async () => {
    const db = getTestDb();
    await addFakeGitHubSource(db, fake, 'gh');
    const { updateSource } = await import('@/lib/sources/sources');
    await updateSource(db, 'gh', { credentials: { token: 'ghp_wrong_secret_value' } });
    const summary = await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(summary.status).toBe('failed');
    expect(summary.errors.join('\n')).toMatch(/Bad credentials/);
    expect(JSON.stringify(summary)).not.toContain('ghp_wrong_secret_value');
    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(JSON.stringify(run)).not.toContain('ghp_wrong_secret_value');
  });
});
