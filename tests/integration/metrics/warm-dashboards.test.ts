// After a sync the worker computes the default overview again (app/_lib/warm-dashboards.ts): the page a
// manager then opens finds every cell ready in the maintained metric results, and computes nothing.
import { describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { loadOverview } from '@/app/_lib/metrics-data';
import { resolvePeriod } from '@/app/_lib/period';
import { warmDashboards } from '@/app/_lib/warm-dashboards';
import { teamRollUpFixture } from '@/tests/unit/metrics/fixtures/teams';
import { getTestDb } from '@/tests/helpers/database';
import { clearDataset, storeDataset } from '@/tests/integration/metrics/helpers/store-dataset';

describe('warming the dashboards', () => {
  const db = getTestDb();
  const now = new Date('2024-03-01T12:00:00Z');
  const entries = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MetricResult"`)[0]!.n;

  it('leaves the default overview entirely served', async () => {
    await clearDataset(db);
    await storeDataset(db, teamRollUpFixture.dataset);
    expect(await entries()).toBe(0);

    await warmDashboards(db, now);
    const warmed = await entries();
    expect(warmed).toBeGreaterThan(0);

    const overview = await loadOverview(db, FULL_ACCESS, resolvePeriod({}, 'UTC', now).period);
    expect(await entries()).toBe(warmed);
    expect(overview.teams.map((row) => row.team.slug).sort()).toEqual(['cards', 'payments', 'platform', 'web']);
    expect(overview.org?.current.deploymentFrequency.count).toBe(6);
  });
});
