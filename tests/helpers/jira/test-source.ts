// A Jira source in the test database pointed (by site URL) at the fake Jira, and the teams its
// mapping names.
import type { Db } from '@/lib/db';
import type { JiraSettingsInput } from '@/lib/collectors/jira/settings';
import { createSource } from '@/lib/sources/sources';
import { putTeam } from '@/lib/store/teams';
import type { FakeJira } from './fake-jira';

/** Tests do not sit through real backoff: one "second" of retry-after or backoff is 20 ms. */
export const FAST_HTTP = { retryUnitMs: 20, retries: 4 } as const;

export async function addFakeJiraSource(db: Db, fake: FakeJira, name: string, settings: Partial<JiraSettingsInput> = {}, credentials?: { email: string; apiToken: string }) {
  return createSource(db, {
    kind: 'jira',
    name,
    settings: { siteUrl: fake.url, ...settings },
    credentials: credentials ?? { email: fake.email, apiToken: fake.apiToken },
  });
}

/** The teams of the tests' org: platform (gateway, search), payments (payments-api). */
export async function createTeams(db: Db): Promise<void> {
  await putTeam(db, 'platform', { name: 'Platform', repositories: ['acme/gateway', 'acme/search'] });
  await putTeam(db, 'payments', { name: 'Payments', parent: 'platform', repositories: ['acme/payments-api'] });
}

/** A source's stored incidents, by external id, with what the Jira and PagerDuty sync tests compare. */
export async function storedIncidents(db: Db, sourceName: string) {
  const source = await db.source.findUniqueOrThrow({ where: { name: sourceName }, select: { id: true } });
  return db.incident.findMany({
    where: { sourceId: source.id },
    select: {
      externalId: true, title: true, startedAt: true, resolvedAt: true, causeRef: true, severity: true, security: true, url: true,
      repository: { select: { fullName: true } }, team: { select: { slug: true } },
    },
    orderBy: { externalId: 'asc' },
  });
}
