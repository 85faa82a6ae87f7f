// A Jira sync killed at 20 random points (before or after any request, record write or cursor commit)
// and resumed each time, while Jira keeps changing and once expires its page tokens: in the end
// nothing is lost and nothing duplicated, and the stored incidents are Jira's latest.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { createKillSwitch, idDiscrepancies, Killed } from '@/tests/helpers/github/killable-sync';
import { useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { FakeJira } from '@/tests/helpers/jira/fake-jira';
import { buildJiraIssues, expectedIncidents, expectedTarget, seededRandom, TEST_MAPPINGS } from '@/tests/helpers/jira/fake-data';
import { addFakeJiraSource, createTeams, FAST_HTTP } from '@/tests/helpers/jira/test-source';
import { JiraClient } from '@/lib/collectors/jira/client';
import { jiraSettings } from '@/lib/collectors/jira/settings';
import { syncJira } from '@/lib/collectors/jira/sync';

useTestEncryptionKey();

let fake: FakeJira;
beforeAll(async () => {
  fake = await FakeJira.start();
});
afterAll(async () => {
  await fake?.close();
});

it('resumes a Jira sync killed at 20 random points with 0 incidents lost and 0 duplicated', async () => {
  const db = getTestDb();
  await createTeams(db);
  buildJiraIssues(fake, 420, 5);
  // Jira may answer fewer issues than asked: small pages make one walk outlast the 20 dying syncs.
  fake.maxResultsCap = 5;
  const source = await addFakeJiraSource(db, fake, 'jira-resume', { mappings: TEST_MAPPINGS });
  const settings = jiraSettings.parse(source.settings);
  const seed = 20260311;
  const random = seededRandom(seed);

  const kill = createKillSwitch(db, source, 'jira');
  const sync = () => {
    const { around, sink, state } = kill.process();
    const client = new JiraClient({ siteUrl: fake.url, email: fake.email, apiToken: fake.apiToken, ...FAST_HTTP });
    const search = client.search.bind(client);
    const myself = client.myself.bind(client);
    client.search = (input, signal) => around(() => search(input, signal));
    client.myself = (signal) => around(() => myself(signal));
    return syncJira({ client, store: sink, state, settings, full: false, now: () => new Date() });
  };

  const killedAt: number[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    const killAt = 1 + Math.floor(random() * 40);
    kill.arm(killAt);
    // Jira moves on while the syncs keep dying.
    if (attempt === 5 || attempt === 12) {
      const open = fake.issues.filter((issue) => !issue.resolutiondate && issue.issuetype === 'Incident');
      for (const issue of open.slice(0, 5)) fake.resolve(issue);
      fake.addIssue({ project: 'PAY' });
      fake.addIssue({ project: 'OPS', components: ['Payments'] });
    }
    if (attempt === 9) {
      const moved = fake.issues.find((issue) => issue.project === 'OPS' && issue.components.length === 0 && issue.issuetype === 'Incident');
      if (moved) fake.touch(moved, { components: ['Payments'] });
    }
    // Tokens held in a saved cursor stop working (as after 7 days): the walk starts over.
    if (attempt === 3) fake.expireTokens();
    await expect(sync(), `attempt ${attempt} (seed ${seed})`).rejects.toBeInstanceOf(Killed);
    killedAt.push(killAt);
  }
  expect(killedAt).toHaveLength(20);
  expect(fake.log.some((entry) => entry.status === 400)).toBe(true);

  kill.arm(Number.POSITIVE_INFINITY);
  const final = await sync();
  expect(final.errors).toEqual([]);
  // Edits made to issues a walk had already passed are read by the next sync, whose search starts
  // no later than Jira's clock when that walk began.
  fake.maxResultsCap = 100;
  const next = await sync();
  expect(next.errors).toEqual([]);

  const expected = expectedIncidents(fake);
  const stored = await db.incident.findMany({
    where: { sourceId: source.id },
    select: { externalId: true, resolvedAt: true, repository: { select: { fullName: true } }, team: { select: { slug: true } } },
  });
  expect(idDiscrepancies(stored.map((row) => row.externalId), expected)).toEqual({ lost: [], extra: [], duplicated: 0 });
  // Changes made while syncs were dying arrived too.
  for (const row of stored) {
    const issue = expected.get(row.externalId)!;
    expect(row.resolvedAt?.toISOString() ?? null, issue.key).toBe(issue.resolutiondate ? new Date(issue.resolutiondate).toISOString() : null);
    const target = expectedTarget(issue)!;
    expect(row.repository?.fullName ?? row.team?.slug, issue.key).toBe(target.repository ?? target.team);
  }

  // And the cursor left behind is complete: the next sync reads only the overlap hour.
  fake.searches.length = 0;
  await sync();
  expect(fake.searches).toHaveLength(1);
  expect(fake.searches[0]?.jql).toMatch(/AND updated >= "/);
  expect(fake.searches[0]?.returned).toBeLessThan(20);
}, 120_000);
