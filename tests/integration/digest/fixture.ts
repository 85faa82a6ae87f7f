// Known records for digest tests, written through the same store the ingest API uses: three teams
// (checkout is a child of payments), deployments, changes, incidents and findings in ISO week 2026-W10
// (2–8 March 2026) and the week before, users of several roles and their digest subscriptions.
import type { Db } from '@/lib/db';
import { ingestChanges, ingestDeployments, ingestFindings, ingestIncidents } from '@/lib/store/ingest';
import { putTeam } from '@/lib/store/teams';

export const WEEK = '2026-W10';
/** Monday 9 March 2026, 08:05 UTC: the W10 digest is due for UTC and Berlin subscribers. */
export const SEND_NOW = new Date('2026-03-09T08:05:00Z');

export interface DigestFixture {
  sourceId: number;
  users: { executive: string; platformManager: string; newcomer: string };
  subscriptions: { executive: number; platformManager: number; checkoutAddress: number; newcomer: number; unsubscribed: number };
}

const at = (iso: string) => `${iso}:00Z`;

export async function seedDigestFixture(db: Db): Promise<DigestFixture> {
  await db.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, timeZone: 'UTC' }, update: { timeZone: 'UTC' } });
  const source = await db.source.create({ data: { kind: 'ingest', name: 'digest-fixture', schedule: '0 0 1 1 *' } });
  await putTeam(db, 'payments', { name: 'Payments', repositories: ['acme/pay'] });
  await putTeam(db, 'checkout', { name: 'Checkout', parent: 'payments', repositories: ['acme/checkout'] });
  await putTeam(db, 'platform', { name: 'Platform', repositories: ['acme/infra'] });

  await ingestChanges(db, source.id, [
    { externalId: 'pr-1', repository: 'acme/pay', title: 'Add refunds', firstCommitAt: new Date(at('2026-03-01T10:00')), openedAt: new Date(at('2026-03-02T09:00')), mergedAt: new Date(at('2026-03-03T08:00')) },
    { externalId: 'pr-2', repository: 'acme/pay', title: 'Revert "Add refunds"', firstCommitAt: new Date(at('2026-03-04T09:00')), openedAt: new Date(at('2026-03-04T09:30')), mergedAt: new Date(at('2026-03-04T10:00')) },
    { externalId: 'pr-3', repository: 'acme/checkout', title: 'Faster cart', firstCommitAt: new Date(at('2026-02-20T10:00')), openedAt: new Date(at('2026-02-23T10:00')), mergedAt: new Date(at('2026-03-02T10:00')) },
    { externalId: 'pr-4', repository: 'acme/pay', title: 'Old work', firstCommitAt: new Date(at('2026-02-20T10:00')), openedAt: new Date(at('2026-02-21T10:00')), mergedAt: new Date(at('2026-02-24T08:00')) },
  ]);
  const deployment = (externalId: string, repository: string, finishedAt: string, extra: Record<string, unknown> = {}) => ({
    externalId, repository, environment: 'production', status: 'success' as const, finishedAt: new Date(at(finishedAt)), ...extra,
  });
  await ingestDeployments(db, source.id, [
    deployment('d-pay-0', 'acme/pay', '2026-02-24T12:00'),
    deployment('d-pay-1', 'acme/pay', '2026-03-03T12:00'),
    deployment('d-pay-2', 'acme/pay', '2026-03-04T12:00'),
    deployment('d-pay-3', 'acme/pay', '2026-03-05T12:00'),
    deployment('d-co-1', 'acme/checkout', '2026-03-02T12:00'),
    deployment('d-co-2', 'acme/checkout', '2026-03-06T12:00'),
    deployment('d-infra-1', 'acme/infra', '2026-02-25T12:00'),
    deployment('d-infra-2', 'acme/infra', '2026-02-26T12:00'),
    deployment('d-infra-3', 'acme/infra', '2026-03-03T12:00'),
    { ...deployment('d-pay-x', 'acme/pay', '2026-03-04T13:00'), status: 'failure' as const },
  ]);
  await ingestIncidents(db, source.id, [
    { externalId: 'inc-1', repository: 'acme/pay', title: 'Refunds double-charged', severity: 'sev2', startedAt: new Date(at('2026-03-04T13:00')), resolvedAt: new Date(at('2026-03-04T15:00')), causeDeployment: 'd-pay-2' },
    { externalId: 'inc-2', repository: 'acme/infra', title: 'Leaked deploy key <rotated?>', severity: 'sev1', security: true, startedAt: new Date(at('2026-03-07T09:00')) },
    { externalId: 'inc-3', team: 'checkout', title: 'Cart latency', severity: 'sev3', startedAt: new Date(at('2026-03-08T20:00')) },
  ]);
  await ingestFindings(db, source.id, [
    { externalId: 'f-1', repository: 'acme/pay', tool: 'code-scanning', title: 'SQL injection in refunds', severity: 'critical', state: 'open', openedAt: new Date(at('2026-02-01T00:00')) },
    { externalId: 'f-2', repository: 'acme/infra', tool: 'dependabot', title: 'openssl: CVE-2026-0001', severity: 'high', state: 'open', openedAt: new Date(at('2026-01-01T00:00')) },
    { externalId: 'f-3', repository: 'acme/checkout', tool: 'dependabot', title: 'lodash: prototype pollution', severity: 'medium', state: 'open', openedAt: new Date(at('2026-03-03T00:00')) },
    { externalId: 'f-4', repository: 'acme/pay', tool: 'secret-scanning', title: 'AWS key', severity: 'critical', state: 'fixed', openedAt: new Date(at('2026-03-02T00:00')), fixedAt: new Date(at('2026-03-02T06:00')) },
  ]);

  const teams = new Map((await db.team.findMany({ select: { id: true, slug: true } })).map((team) => [team.slug, team.id]));
  const executive = await db.user.create({ data: { email: 'erin@example.test', name: 'Erin Executive', role: 'executive' } });
  const platformManager = await db.user.create({
    data: { email: 'pat@example.test', name: 'Pat Platform', role: 'manager', memberships: { create: [{ teamId: teams.get('platform') ?? 0, role: 'manager' }] } },
  });
  const newcomer = await db.user.create({ data: { email: 'nora@example.test', name: 'Nora Newcomer', role: null } });
  const created = new Date('2026-01-01T00:00:00Z');
  const subscribe = async (data: { userId?: string; email?: string; teamId?: number; timeZone?: string; active?: boolean }) =>
    (await db.digestSubscription.create({ data: { timeZone: 'UTC', createdAt: created, ...data }, select: { id: true } })).id;
  return {
    sourceId: source.id,
    users: { executive: executive.id, platformManager: platformManager.id, newcomer: newcomer.id },
    subscriptions: {
      executive: await subscribe({ userId: executive.id }),
      platformManager: await subscribe({ userId: platformManager.id, timeZone: 'Europe/Berlin' }),
      checkoutAddress: await subscribe({ email: 'checkout-lead@example.test', teamId: teams.get('checkout') ?? 0 }),
      newcomer: await subscribe({ userId: newcomer.id }),
      unsubscribed: await subscribe({ email: 'gone@example.test', active: false }),
    },
  };
}
