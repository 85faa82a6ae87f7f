// After a sync the worker computes the overview again for every preset range (app/_lib/warm-dashboards.ts):
// the page a manager then opens, whichever preset it shows, finds every cell ready in the maintained
// metric results, and computes nothing.
import { describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { loadOverview } from '@/app/_lib/metrics-data';
import { resolvePeriod } from '@/app/_lib/period';
import { WARMED_RANGES, warmDashboards } from '@/app/_lib/warm-dashboards';
import { teamRollUpFixture } from '@/tests/unit/metrics/fixtures/teams';
import { getTestDb } from '@/tests/helpers/database';
import { clearDataset, storeDataset } from '@/tests/integration/metrics/helpers/store-dataset';

describe('warming the dashboards', () => {
  const db = getTestDb();
  const now = new Date('2024-03-01T12:00:00Z');
  const entries = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MetricResult"`)[0]!.n;

  it('warms the preset ranges of the period picker, the default first', () => {
    expect(WARMED_RANGES).toEqual(['30d', '7d', '90d', 'quarter']);
  });

  it('leaves the overview of every preset range entirely served', async () => {
    await clearDataset(db);
    await storeDataset(db, teamRollUpFixture.dataset);
    expect(await entries()).toBe(0);

    await warmDashboards(db, now);
    const warmed = await entries();
    expect(warmed).toBeGreaterThan(0);

    for (const range of WARMED_RANGES) {
      const overview = await loadOverview(db, FULL_ACCESS, resolvePeriod({ range }, 'UTC', now).period);
      expect(await entries(), `the ${range} overview computed nothing`).toBe(warmed);
      expect(overview.teams.map((row) => row.team.slug).sort()).toEqual(['cards', 'payments', 'platform', 'web']);
    }
    expect((await loadOverview(db, FULL_ACCESS, resolvePeriod({}, 'UTC', now).period)).org?.current.deploymentFrequency.count).toBe(6);
  });

  it('computes again only the cells a write has outdated', async () => {
    await warmDashboards(db, now);
    const warmed = await entries();
    // Stand-in for a write's invalidation: one entry goes. Only it may be computed again.
    await db.$executeRaw`DELETE FROM "MetricResult" WHERE key = (SELECT min(key) FROM "MetricResult")`;
    const before = (await db.$queryRaw<{ at: Date }[]>`SELECT max("createdAt") AS at FROM "MetricResult"`)[0]!.at;
    await new Promise((resolve) => setTimeout(resolve, 5));

    await warmDashboards(db, now);
    expect(await entries()).toBe(warmed);
    const stored = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MetricResult" WHERE "createdAt" > ${before}`;
    expect(stored[0]!.n).toBe(1);
  });
});
