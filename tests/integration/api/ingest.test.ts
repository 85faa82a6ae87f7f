import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/ingest/[kind]/route';
import { createApiToken, revokeApiToken } from '@/lib/auth/tokens';
import { getTestDb } from '@/tests/helpers/database';
import { jsonRequest, readJson, routeParams } from '@/tests/helpers/api';

const db = () => getTestDb();
let ingestToken = '';
let readToken = '';

const ingest = (kind: string, body: unknown, token = ingestToken) =>
  POST(jsonRequest(`/api/v1/ingest/${kind}`, { token, body }), routeParams({ kind })).then(readJson);

const deployment = (n: number, overrides: Record<string, unknown> = {}) => ({
  externalId: `dep-${n}`,
  repository: 'acme/api',
  environment: 'production',
  status: 'success',
  sha: `${n}`.padStart(7, 'a'),
  finishedAt: `2026-03-0${(n % 9) + 1}T10:00:00Z`,
  ...overrides,
});

beforeAll(async () => {
  ingestToken = (await createApiToken(db(), { name: 'ci', scopes: ['ingest'] })).token;
  readToken = (await createApiToken(db(), { name: 'reader', scopes: ['read'] })).token;
});

describe('POST /api/v1/ingest/*', () => {
  it('creates, then updates the same records when the batch is sent again', async () => {
    const batch = { deployments: [deployment(1), deployment(2), deployment(3)] };
    expect(await ingest('deployments', batch)).toEqual({ status: 200, body: { created: 3, updated: 0 } });
    expect(await ingest('deployments', batch)).toEqual({ status: 200, body: { created: 0, updated: 3 } });
    expect(await db().deployment.count({ where: { externalId: { in: ['dep-1', 'dep-2', 'dep-3'] } } })).toBe(3);
    const stored = await db().deployment.findFirstOrThrow({ where: { externalId: 'dep-1' }, include: { repository: true } });
    expect(stored.repository.fullName).toBe('acme/api');
    expect(stored.counted).toBe(true);
  });

  it('stores nothing of a batch with one bad record, and names the record and field', async () => {
    const before = await db().deployment.count();
    const result = await ingest('deployments', {
      deployments: [deployment(10), { ...deployment(11), finishedAt: 'yesterday' }, deployment(12)],
    });
    expect(result.status).toBe(422);
    expect(result.body).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('deployments[1].finishedAt') } });
    expect(await db().deployment.count()).toBe(before);
  });

  it('refuses wrong types, unknown fields and bad enums with 422', async () => {
    const cases = [
      { deployments: [{ ...deployment(20), isRollback: 'yes' }] },
      { deployments: [{ ...deployment(21), colour: 'blue' }] },
      { deployments: [{ ...deployment(22), status: 'succeeded' }] },
      { deployments: [] },
      { changes: [] },
    ];
    for (const body of cases) expect((await ingest('deployments', body)).status).toBe(422);
    expect(await db().deployment.count({ where: { externalId: { in: ['dep-20', 'dep-21', 'dep-22'] } } })).toBe(0);
  });

  it('refuses a duplicate externalId within one batch', async () => {
    const result = await ingest('deployments', { deployments: [deployment(30), deployment(30)] });
    expect(result.status).toBe(422);
    expect(JSON.stringify(result.body)).toContain('deployments[1].externalId');
    expect(await db().deployment.count({ where: { externalId: 'dep-30' } })).toBe(0);
  });

  it('refuses an incident naming an unknown team, storing nothing', async () => {
    const result = await ingest('incidents', {
      incidents: [
        { externalId: 'inc-ok', repository: 'acme/api', title: 'ok', startedAt: '2026-03-01T00:00:00Z' },
        { externalId: 'inc-bad', team: 'nobody', title: 'bad', startedAt: '2026-03-01T00:00:00Z' },
      ],
    });
    expect(result.status).toBe(422);
    expect(JSON.stringify(result.body)).toContain('incidents[1].team');
    expect(await db().incident.count()).toBe(0);
  });

  it('refuses more than 5,000 records', async () => {
    const deployments = Array.from({ length: 5001 }, (_, i) => ({ ...deployment(i), externalId: `bulk-${i}`, sha: undefined }));
    const body = JSON.stringify({ deployments });
    expect(body.length).toBeLessThan(1024 * 1024);
    const response = await POST(jsonRequest('/api/v1/ingest/deployments', { token: ingestToken, rawBody: body }), routeParams({ kind: 'deployments' }));
    expect(response.status).toBe(422);
    expect(await db().deployment.count({ where: { externalId: { startsWith: 'bulk-' } } })).toBe(0);
  });

  it('refuses a body over 1 MB with 413, whatever Content-Length says', async () => {
    const big = JSON.stringify({ deployments: [{ ...deployment(40), url: `https://x.test/${'a'.repeat(2 * 1024 * 1024)}` }] });
    const honest = await POST(jsonRequest('/api/v1/ingest/deployments', { token: ingestToken, rawBody: big }), routeParams({ kind: 'deployments' }));
    expect(honest.status).toBe(413);
    const lying = await POST(
      jsonRequest('/api/v1/ingest/deployments', { token: ingestToken, rawBody: big, headers: { 'content-length': '10', 'content-type': 'application/json' } }),
      routeParams({ kind: 'deployments' }),
    );
    expect(lying.status).toBe(413);
    expect(await db().deployment.count({ where: { externalId: 'dep-40' } })).toBe(0);
  });

  it('answers 400 for a body that is not JSON and 415 for another content type', async () => {
    const notJson = await POST(jsonRequest('/api/v1/ingest/changes', { token: ingestToken, rawBody: '{"changes": [' }), routeParams({ kind: 'changes' }));
    expect(notJson.status).toBe(400);
    const text = await POST(
      jsonRequest('/api/v1/ingest/changes', { token: ingestToken, rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      routeParams({ kind: 'changes' }),
    );
    expect(text.status).toBe(415);
  });

  it('answers 400, storing nothing, for a NUL character in any string (PostgreSQL text cannot hold one)', async () => {
    const before = await db().deployment.count();
    for (const body of [
      { deployments: [deployment(90, { environment: 'prod\u0000uction' })] },
      { deployments: [deployment(91, { externalId: 'dep-\u0000' })] },
    ]) {
      const answer = await ingest('deployments', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: { code: 'invalid_json', message: expect.stringContaining('NUL') } });
    }
    // Spelled with an escaped backslash it is an ordinary string.
    const fine = await ingest('deployments', { deployments: [deployment(92, { environment: 'prod\\u0000' })] });
    expect(fine.status).toBe(200);
    expect(await db().deployment.count()).toBe(before + 1);
  });

  it('answers 401 without a token or with an unknown or revoked one, and 403 without the ingest scope', async () => {
    const body = { deployments: [deployment(50)] };
    expect((await ingest('deployments', body, '')).status).toBe(401);
    expect((await ingest('deployments', body, 'vit_not-a-real-token')).status).toBe(401);
    expect((await ingest('deployments', body, readToken)).status).toBe(403);
    const revoked = await createApiToken(db(), { name: 'revoked', scopes: ['ingest'] });
    await revokeApiToken(db(), 'revoked');
    expect((await ingest('deployments', body, revoked.token)).status).toBe(401);
    expect(await db().deployment.count({ where: { externalId: 'dep-50' } })).toBe(0);
  });

  it('answers 404 for an unknown record kind', async () => {
    const result = await ingest('commits', { commits: [] });
    expect(result.status).toBe(404);
    expect(result.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('commits') } });
  });

  it('keeps records of different tokens apart even when their ids collide', async () => {
    const other = await createApiToken(db(), { name: 'other-tool', scopes: ['ingest'] });
    const finding = { externalId: 'F-1', repository: 'acme/web', tool: 'trivy', severity: 'high', state: 'open', openedAt: '2026-01-01T00:00:00Z' };
    expect((await ingest('findings', { findings: [finding] })).body).toEqual({ created: 1, updated: 0 });
    expect((await ingest('findings', { findings: [finding] }, other.token)).body).toEqual({ created: 1, updated: 0 });
    expect(await db().finding.count({ where: { externalId: 'F-1' } })).toBe(2);
  });

  it('links a change to its deployment whichever arrives first', async () => {
    const change = (repo: string) => ({ externalId: `${repo}#1`, repository: repo, mergedAt: '2026-02-01T10:00:00Z', firstCommitAt: '2026-01-31T10:00:00Z', mergeSha: 'b'.repeat(40) });
    const deploy = (repo: string) => ({ ...deployment(60), externalId: `${repo}-d`, repository: repo, finishedAt: '2026-02-01T12:00:00Z' });

    await ingest('changes', { changes: [change('acme/first')] });
    await ingest('deployments', { deployments: [deploy('acme/first')] });
    await ingest('deployments', { deployments: [deploy('acme/second')] });
    await ingest('changes', { changes: [change('acme/second')] });

    for (const repo of ['acme/first', 'acme/second']) {
      const stored = await db().change.findFirstOrThrow({ where: { externalId: `${repo}#1` }, include: { shippedBy: true } });
      expect(stored.shippedBy?.externalId).toBe(`${repo}-d`);
      expect(stored.deployedAt?.toISOString()).toBe('2026-02-01T12:00:00.000Z');
    }
  });
});
