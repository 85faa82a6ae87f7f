// The PagerDuty collector end to end: a PagerDuty source in a real database, pointed by API URL at the
// fake PagerDuty (PagerDuty's v2 shapes), synced with runSync as the CLI and worker do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { MemoryState, MemoryStore } from '@/tests/helpers/github/memory-store';
import { createTeams, FAST_HTTP, storedIncidents } from '@/tests/helpers/jira/test-source';
import { FakePagerDuty } from '@/tests/helpers/pagerduty/fake-pagerduty';
import { addFakePagerDutySource, buildPdIncidents, expectedIncidents, expectedTarget, TEST_SERVICES, UNMAPPED_SERVICE } from '@/tests/helpers/pagerduty/test-source';
import { PagerDutyClient } from '@/lib/collectors/pagerduty/client';
import { pagerDutySettings } from '@/lib/collectors/pagerduty/settings';
import { syncPagerDuty } from '@/lib/collectors/pagerduty/sync';
import { runSync } from '@/lib/sources/run-sync';

useTestEncryptionKey();

const DAY = 86_400_000;
let fake: FakePagerDuty;

beforeAll(async () => {
  fake = await FakePagerDuty.start();
  buildPdIncidents(fake, 320, 3);
  await createTeams(getTestDb());
});

afterAll(async () => {
  await fake?.close();
});

const listRequests = () => fake.log.filter((entry) => entry.path === '/incidents' && entry.query.has('since'));

describe('PagerDuty sync against the fake PagerDuty', () => {
  it('imports every incident of the mapped services window by window, page by page, and records the run', async () => {
    const db = getTestDb();
    await addFakePagerDutySource(db, fake, 'pd');
    const summary = await runSync(db, 'pd', { trigger: 'cli', http: FAST_HTTP });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');

    // Everything created in the 180 days before PagerDuty's clock (the default look-back).
    const expected = expectedIncidents(fake, fake.clock - 180 * DAY);
    expect(expected.size).toBeGreaterThan(200);
    const stored = await storedIncidents(getTestDb(), 'pd');
    expect(stored.map((row) => row.externalId)).toEqual([...expected.keys()].sort());
    for (const row of stored) {
      const incident = expected.get(row.externalId)!;
      const target = expectedTarget(incident)!;
      expect({ id: row.externalId, team: row.team?.slug, repository: row.repository?.fullName, security: row.security }).toEqual({
        id: row.externalId, team: target.team, repository: target.repository, security: target.security,
      });
      expect(row.title).toBe(incident.title);
      expect(row.startedAt.toISOString()).toBe(new Date(incident.created_at).toISOString());
      expect(row.resolvedAt?.toISOString() ?? null).toBe(incident.resolved_at ? new Date(incident.resolved_at).toISOString() : null);
      const severity = incident.priority ? { P1: 'critical', P2: 'high', P3: 'medium', P4: 'low' }[incident.priority] : incident.urgency;
      expect(row.severity).toBe(severity);
      expect(row.causeRef).toBe(/root cause: (\w+)/.exec(incident.description)?.[1] ?? null);
      expect(row.url).toBe(`https://subdomain.pagerduty.com/incidents/${incident.id}`);
    }

    // The listing asks for the mapped services in every status, oldest first, in windows of ≤ 30 days,
    // and pages through windows holding more than 100 incidents.
    const lists = listRequests();
    for (const entry of lists) {
      expect(entry.query.getAll('service_ids[]').sort()).toEqual(TEST_SERVICES.map((rule) => rule.service).sort());
      expect(entry.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged', 'resolved']);
      expect(entry.query.get('sort_by')).toBe('created_at:asc');
      expect(Date.parse(entry.query.get('until')!) - Date.parse(entry.query.get('since')!)).toBeLessThanOrEqual(30 * DAY);
      expect(entry.query.getAll('service_ids[]')).not.toContain(UNMAPPED_SERVICE);
    }
    expect(lists.length).toBeGreaterThanOrEqual(7);
    expect(lists.some((entry) => Number(entry.query.get('offset')) >= 100)).toBe(true);

    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.status).toBe('succeeded');
    expect((run.counts as { incidents: number }).incidents).toBeGreaterThanOrEqual(expected.size);
  });

  it('re-reads the incidents it saw open, and lists only incidents created since the last sync', async () => {
    const db = getTestDb();
    const openBefore = fake.incidents.filter((incident) => incident.status !== 'resolved' && expectedTarget(incident));
    expect(openBefore.length).toBeGreaterThan(10);
    const lastClock = fake.clock;
    for (const incident of openBefore.slice(0, 4)) fake.resolve(incident);
    const fresh = [fake.addIncident({ service: 'PGATEWY' }), fake.addIncident({ service: 'PPAYAPI', priority: 'P1', description: 'root cause: deploy-7781' })];
    fake.addIncident({ service: UNMAPPED_SERVICE });
    // Older answers have no resolved_at: the last status change of a resolved incident stands in.
    fake.omitResolvedAt = true;

    fake.resetLog();
    const summary = await runSync(db, 'pd', { http: FAST_HTTP });
    fake.omitResolvedAt = false;
    expect(summary.errors).toEqual([]);
    expect(summary.counts.created).toBe(2);

    // One read per incident seen open, then one window from the watermark less the overlap.
    const reads = fake.log.filter((entry) => /^\/incidents\/P/.test(entry.path));
    expect(reads.map((entry) => entry.path.split('/')[2]).sort()).toEqual(openBefore.map((incident) => incident.id).sort());
    const lists = listRequests();
    expect(lists).toHaveLength(1);
    expect(Date.parse(lists[0]!.query.get('since')!)).toBe(lastClock - 10 * 60_000);

    const stored = await storedIncidents(getTestDb(), 'pd');
    for (const incident of openBefore.slice(0, 4)) {
      expect(stored.find((row) => row.externalId === `incident:${incident.id}`)?.resolvedAt?.toISOString()).toBe(new Date(incident.resolved_at!).toISOString());
    }
    const payment = stored.find((row) => row.externalId === `incident:${fresh[1]!.id}`);
    expect(payment).toMatchObject({ severity: 'critical', causeRef: 'deploy-7781', repository: { fullName: 'acme/payments-api' } });

    // A third sync re-reads the incidents still open (not the four resolved ones) and finds nothing new.
    fake.resetLog();
    const third = await runSync(db, 'pd', { http: FAST_HTTP });
    expect(third.counts.created).toBe(0);
    const reread = fake.log.filter((entry) => /^\/incidents\/P/.test(entry.path)).map((entry) => entry.path.split('/')[2]);
    expect(reread).toHaveLength(openBefore.length - 4 + 2);
    expect(reread).toContain(fresh[0]!.id);
  });

  it('drops an incident that was deleted while open', async () => {
    const db = getTestDb();
    const open = fake.incidents.find((incident) => incident.status !== 'resolved' && expectedTarget(incident))!;
    fake.incidents.splice(fake.incidents.indexOf(open), 1);
    fake.resetLog();
    expect((await runSync(db, 'pd', { http: FAST_HTTP })).errors).toEqual([]);
    fake.resetLog();
    expect((await runSync(db, 'pd', { http: FAST_HTTP })).errors).toEqual([]);
    expect(fake.log.filter((entry) => entry.path === `/incidents/${open.id}`)).toHaveLength(0);
  });

  it('sits through 429s honouring retry-after or ratelimit-reset, and retries 5xx and dropped connections', async () => {
    const db = getTestDb();
    fake.addIncident({ service: 'PSECOPS' });
    fake.tick();
    fake.resetLog();
    fake.inject({ match: /^GET \/incidents\?since=/, status: 429, times: 1, headers: { 'retry-after': '2' }, body: { error: { message: 'Rate Limit Exceeded', code: 2020 } } });
    fake.inject({ match: /^GET \/incidents\?since=/, status: 429, times: 1, headers: { 'ratelimit-reset': '3', 'ratelimit-remaining': '0' } });
    fake.inject({ match: /^GET \/incidents\/P/, status: 502, times: 1, body: '<html>Bad gateway</html>' });
    fake.inject({ match: /^GET \/incidents\?limit=1/, status: 0, times: 1, drop: true });
    const summary = await runSync(db, 'pd', { http: FAST_HTTP });
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.rateLimitWaits).toBe(2);
    expect(summary.counts.created).toBe(1);
    expect(fake.statusCounts()).toMatchObject({ 0: 1, 429: 2, 502: 1 });
  });

  it('fails clearly on a refused API key, never showing it', async () => {
    const db = getTestDb();
    const wrong = 'u+wrongKey_abcdef987654';
    await addFakePagerDutySource(db, fake, 'pd-bad-key', {}, wrong);
    const summary = await runSync(db, 'pd-bad-key', { http: FAST_HTTP });
    expect(summary.status).toBe('failed');
    expect(summary.errors).toEqual(['PagerDuty refused the credentials (401): check the REST API key (Integrations → API Access Keys; a read-only key is enough)']);
    const run = await db.collectorRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run.error).not.toContain(wrong);
  });

  it('halves a window whose incidents outrun offset paging', async () => {
    // The collector alone, over an in-memory store: the cap is PagerDuty's 10,000, lowered here to 40.
    const local = await FakePagerDuty.start();
    try {
      local.offsetCap = 40;
      buildPdIncidents(local, 150, 9);
      const settings = pagerDutySettings.parse({ apiUrl: local.url, services: TEST_SERVICES, windowDays: 180, lookbackDays: 180 });
      const client = new PagerDutyClient({ apiUrl: local.url, token: local.token, ...FAST_HTTP });
      const store = new MemoryStore();
      const result = await syncPagerDuty({ client, store, state: new MemoryState(), settings, full: false, now: () => new Date(), offsetCap: 40, pageSize: 20 });
      expect(result.errors).toEqual([]);
      const expected = expectedIncidents(local, local.clock - 180 * DAY);
      expect([...store.incidentRecords.keys()].sort()).toEqual([...expected.keys()].sort());
      expect(local.statusCounts()[400]).toBeUndefined();
      const windows = new Set(local.log.filter((entry) => entry.query.has('since')).map((entry) => entry.query.get('until')));
      expect(windows.size).toBeGreaterThan(2);
    } finally {
      await local.close();
    }
  });
});
