// Results must not depend on the order records arrive in: every fixture written one record at a time
// (relinking only what each write touched) in several orders, and in a few batches, stores the same
// links and gives the same metrics as the reference. Covers a change arriving after its deployment, an
// incident arriving before the deployment that caused it, and explicit causes across repositories.
import { describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getMetricsReports } from '@/lib/metrics';
import { parsePeriod } from '@/lib/metrics/period';
import { linkDataset, referenceMetrics } from '@/lib/metrics/reference';
import { allFixtures } from '@/tests/unit/metrics/fixtures';
import { expectMetrics } from '@/tests/unit/metrics/fixtures/compare';
import { referenceLinks } from '@/tests/unit/metrics/fixtures/links-by-name';
import { getTestDb } from '@/tests/helpers/database';
import { clearDataset, storeDataset, storedLinks, type StoreOptions } from '@/tests/integration/metrics/helpers/store-dataset';

const arrivals: { name: string; options: StoreOptions }[] = [
  { name: 'one by one, reversed', options: { order: 'reversed', batches: 1000 } },
  { name: 'one by one, shuffled (seed 1)', options: { order: { seed: 1 }, batches: 1000 } },
  { name: 'one by one, shuffled (seed 2)', options: { order: { seed: 2 }, batches: 1000 } },
  { name: 'three batches, shuffled (seed 3)', options: { order: { seed: 3 }, batches: 3 } },
];

describe.each(allFixtures)('$name', (fixture) => {
  const db = getTestDb();
  const linked = linkDataset(fixture.dataset);

  it.each(arrivals)('$name', async ({ options }) => {
    await clearDataset(db);
    await storeDataset(db, fixture.dataset, options);
    expect(await storedLinks(db)).toEqual(referenceLinks(fixture.dataset));
    for (const fixtureCase of fixture.cases) {
      const period = parsePeriod(fixtureCase.period);
      const [report] = await getMetricsReports(db, FULL_ACCESS, [fixtureCase.scope], period);
      expectMetrics(report?.current, referenceMetrics(linked, fixtureCase.scope, period));
    }
  });
});

describe('organisation settings', () => {
  it('a missing settings row means the defaults (72 h window, default SLA days)', async () => {
    const db = getTestDb();
    const fixture = allFixtures[0]!;
    await clearDataset(db);
    await storeDataset(db, fixture.dataset, { writeSettings: false });
    expect(await storedLinks(db)).toEqual(referenceLinks(fixture.dataset));
    const period = parsePeriod({ from: '2024-01-01', to: '2024-01-31' });
    const [report] = await getMetricsReports(db, FULL_ACCESS, [{ kind: 'org' }], period);
    expect(report?.current.slaCompliance.slaDays).toEqual({ critical: 7, high: 30, medium: 90, low: 180 });
  });
});
