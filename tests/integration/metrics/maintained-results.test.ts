// Maintained metric results (lib/metrics/sql/results.ts): a cell answered once is served from
// MetricResult until a write touches its records — whatever wrote them, since the database's own
// triggers drop the entries — and a result computed before a write committed is never stored.
import { beforeEach, describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getMetricsReport, getTeamMetricsReports } from '@/lib/metrics';
import { parsePeriod } from '@/lib/metrics/period';
import { readResults, storeResults } from '@/lib/metrics/sql/results';
import { teamRollUpFixture } from '@/tests/unit/metrics/fixtures/teams';
import { getTestDb } from '@/tests/helpers/database';
import { clearDataset, storeDataset, type StoredIds } from '@/tests/integration/metrics/helpers/store-dataset';

const february = parsePeriod({ from: '2024-02-01', to: '2024-03-02' });

describe('maintained metric results', () => {
  const db = getTestDb();
  let ids: StoredIds;
  const repositoryId = (fullName: string) => ids.repositories.get(teamRollUpFixture.dataset.repositories.find((r) => r.fullName === fullName)!.id)!;
  const teamId = (slug: string) => ids.teams.get(teamRollUpFixture.dataset.teams.find((t) => t.slug === slug)!.id)!;
  const entriesHolding = async (repository: number) =>
    (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MetricResult" WHERE ${repository}::int = ANY("repositoryIds")`)[0]!.n;
  const entries = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MetricResult"`)[0]!.n;
  /** The overview computed from the records alone, nothing stored read. */
  const fresh = async () => {
    await db.$executeRaw`DELETE FROM "MetricResult"`;
    return getTeamMetricsReports(db, FULL_ACCESS, february);
  };

  beforeEach(async () => {
    await clearDataset(db);
    ids = await storeDataset(db, teamRollUpFixture.dataset);
  });

  it('keeps the search for outdated results lean: no GIN pending list, vacuumed after 1,000 dead rows', async () => {
    // Every write searches these indexes for its repositories (up to 2,000 a batch); a pending list, or
    // dead results a vacuum has not removed yet, are read again by every search.
    const options = await db.$queryRaw<{ relname: string; reloptions: string[] | null }[]>`
      SELECT relname, reloptions FROM pg_class
      WHERE relname IN ('MetricResult', 'MetricResult_repositoryIds_idx', 'MetricResult_teamIds_idx') ORDER BY relname`;
    expect(options).toEqual([
      { relname: 'MetricResult', reloptions: ['autovacuum_vacuum_scale_factor=0', 'autovacuum_vacuum_threshold=1000'] },
      { relname: 'MetricResult_repositoryIds_idx', reloptions: ['fastupdate=off'] },
      { relname: 'MetricResult_teamIds_idx', reloptions: ['fastupdate=off'] },
    ]);
  });

  it('stores what it computed and serves it again', async () => {
    const first = await getTeamMetricsReports(db, FULL_ACCESS, february);
    // 4 teams × 2 periods × 6 queries.
    expect(await entries()).toBe(48);
    // Served, not recomputed: a stored answer that no longer matches the records shows through.
    await db.$executeRaw`UPDATE "MetricResult" SET payload = jsonb_set(payload, '{count}', '99') WHERE payload ? 'median_deploy_days_per_7_days'`;
    const served = await getTeamMetricsReports(db, FULL_ACCESS, february);
    expect(served.every((report) => report.current.deploymentFrequency.count === 99)).toBe(true);
    expect(await fresh()).toEqual(first);
  });

  it('drops the results of every scope holding a written repository, and only those', async () => {
    await getTeamMetricsReports(db, FULL_ACCESS, february);
    const cards = repositoryId('cards/svc');
    expect(await entriesHolding(cards)).toBe(36); // cards, payments and platform
    expect(await entriesHolding(repositoryId('web/site'))).toBe(12);

    await db.deployment.create({
      data: { sourceId: ids.sourceId, externalId: 'late', repositoryId: cards, environment: 'production', status: 'success', finishedAt: new Date('2024-02-20T10:00:00Z'), counted: true },
    });
    expect(await entriesHolding(cards)).toBe(0);
    expect(await entriesHolding(repositoryId('web/site'))).toBe(12);

    const after = await getTeamMetricsReports(db, FULL_ACCESS, february);
    const cardsReport = after.find((report) => report.team.slug === 'cards')!;
    expect(cardsReport.current.deploymentFrequency.count).toBe(3);
    expect(after).toEqual(await fresh());
  });

  it.each([
    ['an update', (id: number) => db.$executeRaw`UPDATE "Deployment" SET "finishedAt" = "finishedAt" + interval '1 hour' WHERE "repositoryId" = ${id}`],
    ['a delete', (id: number) => db.$executeRaw`DELETE FROM "Deployment" WHERE "repositoryId" = ${id}`],
    ['a finding', (id: number) => db.$executeRaw`UPDATE "Finding" SET state = 'fixed', "fixedAt" = '2024-02-10' WHERE "repositoryId" = ${id}`],
    ['a change', (id: number) => db.$executeRaw`INSERT INTO "Change" ("sourceId", "externalId", "repositoryId", "mergedAt", "updatedAt") SELECT ${ids.sourceId}, 'c-new', ${id}, '2024-02-03', now()`],
    ['a deleted repository (cascade)', (id: number) => db.$executeRaw`DELETE FROM "Repository" WHERE id = ${id}`],
  ])('drops them on %s, whoever writes it', async (_name, write) => {
    await getTeamMetricsReports(db, FULL_ACCESS, february);
    const cards = repositoryId('cards/svc');
    await write(cards);
    expect(await entriesHolding(cards)).toBe(0);
    expect(await entriesHolding(repositoryId('web/site'))).toBe(12);
    expect(await getTeamMetricsReports(db, FULL_ACCESS, february)).toEqual(await fresh());
  });

  it('drops the results of a team-only incident\'s team, and of its cause deployment\'s repository', async () => {
    await getTeamMetricsReports(db, FULL_ACCESS, february);
    const web = teamId('web');
    const teamEntries = async (team: number) =>
      (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MetricResult" WHERE ${team}::int = ANY("teamIds")`)[0]!.n;
    expect(await teamEntries(web)).toBe(12);
    await db.$executeRaw`INSERT INTO "Incident" ("sourceId", "externalId", "teamId", title, "startedAt", "updatedAt")
      VALUES (${ids.sourceId}, 'team-only', ${web}, 'Site down', '2024-02-12', now())`;
    expect(await teamEntries(web)).toBe(0);

    // An incident of web/site naming a cards/svc deployment as its cause decides that deployment's outcome.
    await getTeamMetricsReports(db, FULL_ACCESS, february);
    const cards = repositoryId('cards/svc');
    await db.$executeRaw`UPDATE "Incident" SET "causeDeploymentId" = (SELECT id FROM "Deployment" WHERE "externalId" = 'k2'), "linkKind" = 'explicit'
      WHERE "externalId" = 't3'`;
    expect(await entriesHolding(cards)).toBe(0);
    const after = await getTeamMetricsReports(db, FULL_ACCESS, february);
    expect(after.find((report) => report.team.slug === 'cards')!.current.changeFailureRate.failed).toBeGreaterThan(0);
    expect(after).toEqual(await fresh());
  });

  it('keys results by the scope\'s members: a repository moving teams is counted where it now is', async () => {
    const before = await getMetricsReport(db, FULL_ACCESS, { kind: 'team', slug: 'web' }, february);
    await db.repository.update({ where: { id: repositoryId('cards/svc') }, data: { teamId: teamId('web') } });
    const after = await getMetricsReport(db, FULL_ACCESS, { kind: 'team', slug: 'web' }, february);
    expect(after.current.deploymentFrequency.count).toBe(before.current.deploymentFrequency.count + 2);
  });

  it('does not store results computed in a snapshot a write has since outdated', async () => {
    const { epoch } = await readResults(db, []);
    const entry = { key: 'outdated', repositoryIds: [repositoryId('web/site')], teamIds: [], payload: null };
    await db.$executeRaw`UPDATE "Finding" SET severity = 'critical' WHERE "repositoryId" = ${repositoryId('pay/api')}`;
    expect(await storeResults(db, epoch, [entry])).toBe(false);
    expect(await entries()).toBe(0);
    const current = await readResults(db, []);
    expect(await storeResults(db, current.epoch, [entry])).toBe(true);
    expect(await entries()).toBe(1);
  });

  it('does not wait for a write in progress, nor store what it may not see', async () => {
    const { epoch } = await readResults(db, []);
    const entry = { key: 'during-a-write', repositoryIds: [repositoryId('web/site')], teamIds: [], payload: null };
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let written = () => {};
    const writing = new Promise<void>((resolve) => (written = resolve));
    const writer = db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "Finding" SET severity = 'low' WHERE "repositoryId" = ${repositoryId('pay/api')}`;
      written();
      await released;
    }, { timeout: 30_000, maxWait: 30_000 });
    await writing;
    // Its epoch is not yet committed, so the stored epoch still matches: the lock alone says no.
    expect(await storeResults(db, epoch, [entry])).toBe(false);
    release();
    await writer;
    expect(await entries()).toBe(0);
  });
});
