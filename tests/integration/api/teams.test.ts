import { beforeAll, describe, expect, it } from 'vitest';
import { PUT } from '@/app/api/v1/teams/[slug]/route';
import { createApiToken } from '@/lib/auth/tokens';
import { ingestDeployments, ingestIncidents } from '@/lib/store/ingest';
import { getTestDb } from '@/tests/helpers/database';
import { jsonRequest, readJson, routeParams } from '@/tests/helpers/api';

const db = () => getTestDb();
let adminToken = '';
let readToken = '';

const putTeam = (slug: string, body: unknown, token = adminToken) =>
  PUT(jsonRequest(`/api/v1/teams/${slug}`, { method: 'PUT', token, body }), routeParams({ slug })).then(readJson);

const repositoriesOf = async (slug: string) =>
  (await db().repository.findMany({ where: { team: { slug } }, select: { fullName: true }, orderBy: { fullName: 'asc' } })).map((r) => r.fullName);

beforeAll(async () => {
  adminToken = (await createApiToken(db(), { name: 'admin', scopes: ['admin'] })).token;
  readToken = (await createApiToken(db(), { name: 'read', scopes: ['read', 'ingest'] })).token;
});

describe('PUT /api/v1/teams/{slug}', () => {
  it('creates a team with its repositories, then replaces the mapping', async () => {
    const created = await putTeam('clinical', { name: 'Clinical', repositories: ['acme/ehr', 'acme/labs'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'clinical', name: 'Clinical', parent: null, repositories: ['acme/ehr', 'acme/labs'] });
    expect(await repositoriesOf('clinical')).toEqual(['acme/ehr', 'acme/labs']);

    const replaced = await putTeam('clinical', { name: 'Clinical care', repositories: ['acme/labs', 'acme/pharmacy'] });
    expect(replaced.status).toBe(200);
    expect(await repositoriesOf('clinical')).toEqual(['acme/labs', 'acme/pharmacy']);
    const released = await db().repository.findUniqueOrThrow({ where: { fullName: 'acme/ehr' } });
    expect(released.teamId).toBeNull();
  });

  it('nests a team under a parent and refuses cycles and unknown parents', async () => {
    await putTeam('platform', { name: 'Platform', repositories: [] });
    expect((await putTeam('sre', { name: 'SRE', parent: 'platform', repositories: ['acme/infra'] })).status).toBe(201);
    const sre = await db().team.findUniqueOrThrow({ where: { slug: 'sre' }, include: { parent: true } });
    expect(sre.parent?.slug).toBe('platform');

    const cycle = await putTeam('platform', { name: 'Platform', parent: 'sre', repositories: [] });
    expect(cycle.status).toBe(422);
    expect(JSON.stringify(cycle.body)).toContain('descendant');
    expect((await putTeam('sre', { name: 'SRE', parent: 'sre', repositories: [] })).status).toBe(422);
    expect((await putTeam('mobile', { name: 'Mobile', parent: 'nowhere', repositories: [] })).status).toBe(422);
    expect(await db().team.findUnique({ where: { slug: 'mobile' } })).toBeNull();
  });

  it('refuses bad slugs, bad bodies and callers without the admin scope', async () => {
    expect((await putTeam('Bad Slug', { name: 'x', repositories: [] })).status).toBe(422);
    expect((await putTeam('ok', { name: '', repositories: [] })).status).toBe(422);
    expect((await putTeam('ok', { name: 'ok', repositories: ['not a repo'] })).status).toBe(422);
    expect((await putTeam('ok', { name: 'ok', repositories: [] }, readToken)).status).toBe(403);
    expect((await putTeam('ok', { name: 'ok', repositories: [] }, '')).status).toBe(401);
    expect(await db().team.findUnique({ where: { slug: 'ok' } })).toBeNull();
  });

  it('records every change in the audit trail', async () => {
    await putTeam('audited', { name: 'Audited', repositories: ['acme/audited'] });
    const events = await db().auditEvent.findMany({ where: { target: 'team:audited' } });
    expect(events.map((event) => event.action)).toEqual(['team.create']);
    expect(events[0]?.actorType).toBe('token');
  });

  it('relinks the team-only incidents of a team that loses a repository to another', async () => {
    await putTeam('payments', { name: 'Payments', repositories: ['acme/billing'] });
    const source = await db().source.create({ data: { kind: 'ingest', name: 'team-move-test' } });
    await ingestDeployments(db(), source.id, [
      { externalId: 'bill-1', repository: 'acme/billing', environment: 'production', status: 'success', finishedAt: new Date('2026-05-01T10:00:00Z') },
    ]);
    await ingestIncidents(db(), source.id, [
      { externalId: 'pay-outage', team: 'payments', title: 'Card payments down', startedAt: new Date('2026-05-01T12:00:00Z') },
    ]);
    const linked = await db().incident.findFirstOrThrow({ where: { externalId: 'pay-outage' }, include: { causeDeployment: true } });
    expect(linked.causeDeployment?.externalId).toBe('bill-1');

    await putTeam('finance', { name: 'Finance', repositories: ['acme/billing'] });
    const unlinked = await db().incident.findFirstOrThrow({ where: { externalId: 'pay-outage' } });
    expect(unlinked.causeDeploymentId).toBeNull();
  });
});
