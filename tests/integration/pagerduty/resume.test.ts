// A PagerDuty sync killed at 20 random points (before or after any request, record write or cursor
// commit) and resumed each time, while incidents keep being opened and resolved: in the end nothing
// is lost, nothing duplicated, and every stored incident shows PagerDuty's latest state.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { createKillSwitch, idDiscrepancies, Killed } from '@/tests/helpers/github/killable-sync';
import { useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { seededRandom } from '@/tests/helpers/jira/fake-data';
import { createTeams, FAST_HTTP } from '@/tests/helpers/jira/test-source';
import { FakePagerDuty } from '@/tests/helpers/pagerduty/fake-pagerduty';
import { addFakePagerDutySource, buildPdIncidents, expectedIncidents, expectedTarget } from '@/tests/helpers/pagerduty/test-source';
import { PagerDutyClient } from '@/lib/collectors/pagerduty/client';
import { pagerDutySettings } from '@/lib/collectors/pagerduty/settings';
import { syncPagerDuty } from '@/lib/collectors/pagerduty/sync';

useTestEncryptionKey();

let fake: FakePagerDuty;
beforeAll(async () => {
  fake = await FakePagerDuty.start();
});
afterAll(async () => {
  await fake?.close();
});

it('resumes a PagerDuty sync killed at 20 random points with 0 incidents lost and 0 duplicated', async () => {
  const db = getTestDb();
  await createTeams(db);
  buildPdIncidents(fake, 360, 17);
  const source = await addFakePagerDutySource(db, fake, 'pd-resume', { windowDays: 7 });
  const settings = pagerDutySettings.parse(source.settings);
  const seed = 20260412;
  const random = seededRandom(seed);

  const kill = createKillSwitch(db, source, 'pagerduty');
  const sync = () => {
    const { around, sink, state } = kill.process();
    const client = new PagerDutyClient({ apiUrl: fake.url, token: fake.token, ...FAST_HTTP });
    const [list, get, serverTime] = [client.listIncidents.bind(client), client.getIncident.bind(client), client.serverTime.bind(client)];
    client.listIncidents = (input, signal) => around(() => list(input, signal));
    client.getIncident = (id, signal) => around(() => get(id, signal));
    client.serverTime = (signal) => around(() => serverTime(signal));
    // Small pages: one walk outlasts the dying syncs.
    return syncPagerDuty({ client, store: sink, state, settings, full: false, now: () => new Date(), pageSize: 10 });
  };

  const killedAt: number[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    const killAt = 1 + Math.floor(random() * 40);
    kill.arm(killAt);
    // PagerDuty moves on while the syncs keep dying: incidents are resolved, acknowledged and opened.
    if (attempt % 4 === 0) {
      const open = fake.incidents.filter((incident) => incident.status !== 'resolved');
      for (const incident of open.slice(0, 3)) fake.resolve(incident);
      const triggered = fake.incidents.find((incident) => incident.status === 'triggered');
      if (triggered) fake.acknowledge(triggered);
      fake.addIncident({ service: 'PGATEWY' });
      fake.addIncident({ service: 'PSECOPS' });
      fake.tick();
    }
    await expect(sync(), `attempt ${attempt} (seed ${seed})`).rejects.toBeInstanceOf(Killed);
    killedAt.push(killAt);
  }
  expect(killedAt).toHaveLength(20);

  kill.arm(Number.POSITIVE_INFINITY);
  expect((await sync()).errors).toEqual([]);
  // Incidents resolved after a sync saw them open are re-read by the next one.
  expect((await sync()).errors).toEqual([]);

  const expected = expectedIncidents(fake, Number.NEGATIVE_INFINITY);
  const stored = await db.incident.findMany({
    where: { sourceId: source.id },
    select: { externalId: true, resolvedAt: true, repository: { select: { fullName: true } }, team: { select: { slug: true } } },
  });
  expect(idDiscrepancies(stored.map((row) => row.externalId), expected)).toEqual({ lost: [], extra: [], duplicated: 0 });
  for (const row of stored) {
    const incident = expected.get(row.externalId)!;
    expect(row.resolvedAt?.toISOString() ?? null, incident.id).toBe(incident.resolved_at ? new Date(incident.resolved_at).toISOString() : null);
    const target = expectedTarget(incident)!;
    expect(row.repository?.fullName ?? row.team?.slug, incident.id).toBe(target.repository ?? target.team);
  }
}, 120_000);
