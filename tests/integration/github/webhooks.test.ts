// POST /api/webhooks/github with payloads from @octokit/webhooks-examples (GitHub's recorded
// deliveries), signed with @octokit/webhooks-methods: good, bad and replayed signatures, the 1 MB
// limit, and deliveries updating the very records the poller writes.
import { randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import { sign } from '@octokit/webhooks-methods';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { FakeGitHub } from '@/tests/helpers/github/fake-github';
import { FakeDataBuilder } from '@/tests/helpers/github/fake-data';
import { addFakeGitHubSource, FAST_CLIENT, useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { runSync } from '@/lib/sources/run-sync';
import { POST } from '@/app/api/webhooks/github/route';

useTestEncryptionKey();
const SECRET = 'webhook-secret-for-tests-0123456789';
process.env.GITHUB_WEBHOOK_SECRET = SECRET;

type Payload = Record<string, unknown> & { repository: Record<string, unknown> };

function example(event: string, pick: (payload: Payload) => boolean = () => true): Payload {
  const found = (examples as unknown as { name: string; examples: Payload[] }[]).find((entry) => entry.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no ${event} example`);
  return structuredClone(found);
}

function inRepository(payload: Payload, fullName: string, defaultBranch = 'main'): Payload {
  payload.repository = { ...payload.repository, full_name: fullName, name: fullName.split('/')[1], default_branch: defaultBranch };
  return payload;
}

async function deliver(event: string, payload: unknown, options: { deliveryId?: string; secret?: string; body?: string } = {}) {
  const body = options.body ?? JSON.stringify(payload);
  const request = new NextRequest('http://localhost/api/webhooks/github', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.deliveryId ?? randomUUID(),
      'x-hub-signature-256': await sign(options.secret ?? SECRET, body),
    },
    body,
  });
  const response = await POST(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let fake: FakeGitHub;
let data: FakeDataBuilder;
beforeAll(async () => {
  fake = await FakeGitHub.start();
  data = new FakeDataBuilder(fake, 11);
  data.build({ repos: 2, deploymentsPerRepo: 5, pullsPerRepo: 5, issuesPerRepo: 3, codeScanningPerRepo: 3, dependabotPerRepo: 3, secretsPerRepo: 2 });
  const db = getTestDb();
  await addFakeGitHubSource(db, fake, 'gh', { severityLabels: { sev1: 'critical' } });
  await runSync(db, 'gh', { github: FAST_CLIENT });
}, 60_000);
afterAll(async () => {
  await fake?.close();
});

describe('POST /api/webhooks/github', () => {
  it('stores a finished production deployment from a signed deployment_status delivery', async () => {
    const payload = inRepository(example('deployment_status', (p) => (p.deployment_status as { state: string }).state === 'success'), 'acme/service-1');
    const response = await deliver('deployment_status', payload);
    expect(response).toMatchObject({ status: 200, body: { status: 'processed', source: 'gh', created: 1 } });
    const id = (payload.deployment as { id: number }).id;
    const stored = await getTestDb().deployment.findFirstOrThrow({ where: { externalId: `deployment:${id}` } });
    expect(stored.status).toBe('success');
    expect(stored.environment).toBe('production');
  });

  it('refuses a bad signature and stores nothing', async () => {
    const payload = inRepository(example('dependabot_alert'), 'acme/service-1');
    (payload.alert as { number: number }).number = 9001;
    const response = await deliver('dependabot_alert', payload, { secret: 'not-the-secret' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'invalid_signature', message: expect.any(String) } });
    expect(await getTestDb().finding.count({ where: { externalId: 'dependabot:acme/service-1#9001' } })).toBe(0);
    // A signature over other bytes is as bad as a wrong secret.
    const body = JSON.stringify(payload);
    const request = new NextRequest('http://localhost/api/webhooks/github', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'dependabot_alert', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': await sign(SECRET, `${body} `) },
      body,
    });
    expect((await POST(request)).status).toBe(401);
  });

  it('ignores a replayed delivery id', async () => {
    const payload = inRepository(example('code_scanning_alert'), 'acme/service-2');
    const deliveryId = randomUUID();
    const first = await deliver('code_scanning_alert', payload, { deliveryId });
    expect(first.body.status).toBe('processed');
    const alert = payload.alert as { state: string; fixed_at: string | null };
    alert.state = 'fixed';
    alert.fixed_at = '2026-03-01T00:00:00Z';
    const replay = await deliver('code_scanning_alert', payload, { deliveryId });
    expect(replay).toMatchObject({ status: 202, body: { status: 'duplicate' } });
    const stored = await getTestDb().finding.findFirstOrThrow({ where: { externalId: `code-scanning:acme/service-2#${(payload.alert as { number: number }).number}` } });
    expect(stored.state).toBe('open');
  });

  it('refuses bodies over 1 MB', async () => {
    const payload = inRepository(example('issues'), 'acme/service-1');
    (payload.issue as { body: string }).body = 'x'.repeat(1024 * 1024);
    const response = await deliver('issues', payload);
    expect(response.status).toBe(413);
  });

  it('updates the same records the poller wrote (alerts, incidents), and the poller agrees afterwards', async () => {
    const db = getTestDb();
    const repo = fake.repo('acme/service-1');
    const fakeAlert = repo.dependabotAlerts.find((alert) => alert.state === 'open') ?? repo.dependabotAlerts[0]!;
    const before = await db.finding.findFirstOrThrow({ where: { externalId: `dependabot:acme/service-1#${fakeAlert.number}` } });

    const payload = inRepository(example('dependabot_alert'), 'acme/service-1');
    Object.assign(payload.alert as object, { number: fakeAlert.number, state: 'fixed', created_at: fakeAlert.created_at, fixed_at: '2026-05-05T05:05:05Z' });
    expect((await deliver('dependabot_alert', payload)).body).toMatchObject({ status: 'processed', created: 0, updated: 1 });
    const after = await db.finding.findFirstOrThrow({ where: { externalId: before.externalId } });
    expect(after.id).toBe(before.id);
    expect(after.state).toBe('fixed');

    const issue = repo.issues.find((candidate) => candidate.labels.includes('incident'))!;
    const issuePayload = inRepository(example('issues'), 'acme/service-1');
    issuePayload.action = 'closed';
    Object.assign(issuePayload.issue as object, {
      id: issue.id, number: issue.number, title: issue.title, created_at: issue.created_at, state: 'closed', closed_at: '2026-05-06T06:00:00Z',
      labels: [{ name: 'incident' }, { name: 'sev1' }], body: 'root cause: deployment 1234',
    });
    expect((await deliver('issues', issuePayload)).body).toMatchObject({ status: 'processed', updated: 1 });
    const incident = await db.incident.findFirstOrThrow({ where: { externalId: `issue:${issue.id}` } });
    expect(incident).toMatchObject({ severity: 'critical', causeRef: 'deployment:1234' });
    expect(incident.resolvedAt?.toISOString()).toBe('2026-05-06T06:00:00.000Z');

    // GitHub now says the same through the API: one row each still.
    data.touch(fakeAlert, { state: 'fixed', fixed_at: '2026-05-05T05:05:05Z' });
    await runSync(db, 'gh', { github: FAST_CLIENT });
    expect(await db.finding.count({ where: { externalId: before.externalId } })).toBe(1);
  });

  it('stores a merged pull request with its first commit date, asked of GitHub as the poller does', async () => {
    const db = getTestDb();
    const repo = fake.repo('acme/service-2');
    const pull = data.addPull(repo, { commits: 4 });
    const payload = inRepository(example('pull_request', (p) => p.action === 'closed'), 'acme/service-2', repo.default_branch);
    const pr = payload.pull_request as Record<string, unknown>;
    Object.assign(pr, { id: pull.id, number: pull.number, merged: true, merged_at: pull.merged_at, created_at: pull.created_at, updated_at: pull.updated_at, labels: [{ name: 'hotfix' }] });
    pr.base = { ...(pr.base as object), ref: repo.default_branch };
    expect((await deliver('pull_request', payload)).body).toMatchObject({ status: 'processed', created: 1 });
    const change = await db.change.findFirstOrThrow({ where: { externalId: `pr:${pull.id}` } });
    expect(change.firstCommitAt?.getTime()).toBe(Math.min(...pull.commits.map((commit) => Date.parse(commit.date))));
    expect(change.labels).toEqual(['hotfix']);

    const unmerged = inRepository(example('pull_request', (p) => p.action === 'closed'), 'acme/service-2', repo.default_branch);
    expect((await deliver('pull_request', unmerged)).body).toMatchObject({ status: 'ignored', reason: 'not merged' });
  });

  it('takes secret scanning alerts (no recorded example exists) and workflow runs for a workflow deploy rule', async () => {
    const db = getTestDb();
    const secret = {
      action: 'resolved',
      alert: { number: 77, state: 'resolved', resolution: 'revoked', created_at: '2026-02-01T00:00:00Z', resolved_at: '2026-02-01T03:00:00Z', secret_type: 'github_personal_access_token', secret_type_display_name: 'GitHub Personal Access Token' },
      repository: { full_name: 'acme/service-1', default_branch: 'main' },
    };
    expect((await deliver('secret_scanning_alert', secret)).body).toMatchObject({ status: 'processed', created: 1 });
    const finding = await db.finding.findFirstOrThrow({ where: { externalId: 'secret-scanning:acme/service-1#77' } });
    expect(finding).toMatchObject({ severity: 'critical', state: 'fixed', tool: 'secret-scanning' });

    // A repository whose deploys are a workflow: a separate source for the Codertocat org.
    const { createSource } = await import('@/lib/sources/sources');
    await createSource(db, {
      kind: 'github', name: 'codertocat', credentials: { token: 'unused' },
      settings: { organization: 'Codertocat', apiUrl: fake.url, deploy: { kind: 'workflow', workflows: ['Manually triggered workflow'] } },
    });
    const run = example('workflow_run', (p) => p.action === 'completed');
    Object.assign(run.workflow_run as object, { conclusion: 'success', status: 'completed', head_branch: 'main' });
    expect((await deliver('workflow_run', run)).body).toMatchObject({ status: 'processed', source: 'codertocat', created: 1 });
    const deployment = await db.deployment.findFirstOrThrow({ where: { externalId: `run:${(run.workflow_run as { id: number }).id}` } });
    expect(deployment).toMatchObject({ status: 'success', environment: 'production' });

    expect((await deliver('ping', { zen: 'Keep it logically awesome.' })).status).toBe(200);
    expect((await deliver('star', inRepository(example('star'), 'acme/service-1'))).body).toMatchObject({ status: 'ignored' });
  });
});
