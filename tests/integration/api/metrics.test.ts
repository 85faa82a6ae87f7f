// GET /api/v1/metrics over a small hand-computed dataset pushed through the ingest API.
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as ingestRoute } from '@/app/api/v1/ingest/[kind]/route';
import { GET } from '@/app/api/v1/metrics/route';
import { PUT as putTeamRoute } from '@/app/api/v1/teams/[slug]/route';
import { createApiToken } from '@/lib/auth/tokens';
import { getTestDb } from '@/tests/helpers/database';
import { jsonRequest, readJson, routeParams } from '@/tests/helpers/api';

const db = () => getTestDb();
const tokens = { admin: '', ingest: '', read: '', otherTeam: '' };
const HOUR = 3600;

const metrics = (query: string, token = tokens.read) => GET(jsonRequest(`/api/v1/metrics?${query}`, { token })).then(readJson);

async function send(kind: string, records: unknown[]) {
  const response = await ingestRoute(jsonRequest(`/api/v1/ingest/${kind}`, { token: tokens.ingest, body: { [kind]: records } }), routeParams({ kind }));
  expect(response.status).toBe(200);
}

async function putTeam(slug: string, body: unknown) {
  const response = await putTeamRoute(jsonRequest(`/api/v1/teams/${slug}`, { method: 'PUT', token: tokens.admin, body }), routeParams({ slug }));
  expect(response.status).toBeLessThan(300);
}

beforeAll(async () => {
  tokens.admin = (await createApiToken(db(), { name: 'admin', scopes: ['admin'] })).token;
  tokens.ingest = (await createApiToken(db(), { name: 'ingest', scopes: ['ingest'] })).token;
  tokens.read = (await createApiToken(db(), { name: 'read', scopes: ['read'] })).token;
  await putTeam('clinical', { name: 'Clinical', repositories: ['acme/ehr'] });
  await putTeam('labs', { name: 'Labs', parent: 'clinical', repositories: ['acme/labs'] });
  await putTeam('other', { name: 'Other', repositories: ['acme/other'] });
  tokens.otherTeam = (await createApiToken(db(), { name: 'other-reader', scopes: ['read'], teamSlugs: ['other'] })).token;

  // Sent in an awkward order on purpose: the incident and the changes before their deployments.
  await send('incidents', [
    { externalId: 'i1', repository: 'acme/labs', title: 'Lab results delayed', startedAt: '2026-03-04T12:00:00Z', resolvedAt: '2026-03-04T14:00:00Z' },
  ]);
  await send('changes', [
    { externalId: 'c1', repository: 'acme/labs', firstCommitAt: '2026-03-01T10:00:00Z', openedAt: '2026-03-01T12:00:00Z', mergedAt: '2026-03-02T08:00:00Z' },
    { externalId: 'c2', repository: 'acme/labs', firstCommitAt: '2026-03-03T10:00:00Z', openedAt: '2026-03-03T11:00:00Z', mergedAt: '2026-03-04T09:00:00Z' },
  ]);
  await send('deployments', [
    { externalId: 'd1', repository: 'acme/labs', environment: 'production', status: 'success', finishedAt: '2026-03-02T10:00:00Z' },
    { externalId: 'd2', repository: 'acme/labs', environment: 'Production', status: 'success', finishedAt: '2026-03-04T10:00:00Z' },
    { externalId: 'd3', repository: 'acme/labs', environment: 'production', status: 'failure', finishedAt: '2026-03-05T10:00:00Z' },
    { externalId: 'd4', repository: 'acme/labs', environment: 'staging', status: 'success', finishedAt: '2026-03-05T11:00:00Z' },
    { externalId: 'o1', repository: 'acme/other', environment: 'prod', status: 'success', finishedAt: '2026-03-03T10:00:00Z' },
  ]);
});

describe('GET /api/v1/metrics', () => {
  it('computes the hand-computed values for a team, including its child team', async () => {
    const { status, body } = await metrics('scope=team:clinical&from=2026-03-01&to=2026-03-08&tz=UTC');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scope: { kind: 'team', slug: 'clinical' },
      benchmark: 'dora-2023',
      period: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z', timeZone: 'UTC' },
      previousPeriod: { from: '2026-02-22T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
      current: {
        deploymentFrequency: { count: 2, perWeek: 2, band: null },
        leadTime: { count: 2, median: 24 * HOUR },
        changeFailureRate: { failed: 1, deployments: 2, value: 0.5, band: 'low' },
        failedDeploymentRecovery: { recovered: 1, unrecovered: 0, median: 4 * HOUR, mean: 4 * HOUR, band: 'high' },
        timeToRestore: { resolved: 1, median: 2 * HOUR, open: 0 },
        reworkRate: { rework: 0, deployments: 2, value: 0 },
      },
      previous: {
        deploymentFrequency: { count: 0, perWeek: 0 },
        leadTime: { count: 0, median: null },
        changeFailureRate: { value: null },
      },
    });
  });

  it('gives null, never 0, for statistics over nothing', async () => {
    const { status, body } = await metrics('scope=repo:acme/ehr&from=2026-03-01&to=2026-03-08');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      current: {
        deploymentFrequency: { count: 0, perWeek: 0 },
        leadTime: { median: null, p75: null, p90: null },
        changeFailureRate: { value: null },
        timeToRestore: { median: null, open: 0 },
        netResolveRate: { value: null },
      },
    });
  });

  it('reads midnight in the requested time zone', async () => {
    // 2026-03-04 in Tokyo ends at 15:00 UTC: d2 (10:00 UTC) is inside, d1 of 03-02 too; 03-05 is outside.
    const { body } = await metrics('scope=repo:acme/labs&from=2026-03-02&to=2026-03-05&tz=Asia/Tokyo');
    expect(body).toMatchObject({
      period: { from: '2026-03-01T15:00:00.000Z', to: '2026-03-04T15:00:00.000Z', timeZone: 'Asia/Tokyo' },
      current: { deploymentFrequency: { count: 2 } },
    });
  });

  it('lets a token limited to one team read that team only', async () => {
    expect((await metrics('scope=team:other&from=2026-03-01&to=2026-03-08', tokens.otherTeam)).body).toMatchObject({
      current: { deploymentFrequency: { count: 1 } },
    });
    expect((await metrics('scope=team:clinical&from=2026-03-01&to=2026-03-08', tokens.otherTeam)).status).toBe(403);
    expect((await metrics('scope=repo:acme/labs&from=2026-03-01&to=2026-03-08', tokens.otherTeam)).status).toBe(403);
    expect((await metrics('scope=org&from=2026-03-01&to=2026-03-08', tokens.otherTeam)).status).toBe(403);
  });

  it('answers bad requests with a 4xx and a clear message', async () => {
    const cases: [string, number, string][] = [
      ['scope=team:nobody&from=2026-03-01&to=2026-03-08', 404, 'nobody'],
      ['scope=teams:clinical&from=2026-03-01&to=2026-03-08', 422, 'scope'],
      ['scope=org&from=2026-3-1&to=2026-03-08', 422, 'from'],
      ['scope=org&from=2026-03-08&to=2026-03-01', 400, 'after'],
      ['scope=org&from=2026-02-30&to=2026-03-08', 400, ''],
      ['scope=org&from=2026-03-01&to=2026-03-08&tz=Mars/Olympus', 400, 'Mars/Olympus'],
      ['scope=org&from=2010-01-01&to=2026-03-08', 422, 'at most'],
    ];
    for (const [query, status, text] of cases) {
      const result = await metrics(query);
      expect({ query, status: result.status }).toEqual({ query, status });
      expect(result.body).toEqual({ error: { code: expect.any(String), message: expect.stringContaining(text) } });
    }
  });

  it('needs a read token', async () => {
    expect((await metrics('scope=org', '')).status).toBe(401);
    expect((await metrics('scope=org', tokens.ingest)).status).toBe(403);
  });
});
