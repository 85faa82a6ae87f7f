// The hand-computed fixtures through the database: rows written with the Prisma client, relinked,
// and every metric computed by the SQL equal to the hand-computed values and to the reference.
import { beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getMetricsReport } from '@/lib/metrics';
import { parsePeriod, previousPeriod } from '@/lib/metrics/period';
import { referenceMetrics } from '@/lib/metrics/reference';
import { allFixtures } from '@/tests/unit/metrics/fixtures';
import { expectMetrics } from '@/tests/unit/metrics/fixtures/compare';
import { referenceLinks } from '@/tests/unit/metrics/fixtures/links-by-name';
import { getTestDb } from '@/tests/helpers/database';
import { clearDataset, storeDataset, storedLinks } from '@/tests/integration/metrics/helpers/store-dataset';

describe.each(allFixtures)('$name', (fixture) => {
  const db = getTestDb();

  beforeAll(async () => {
    await clearDataset(db);
    await storeDataset(db, fixture.dataset);
  });

  it('stores the links the reference derives', async () => {
    expect(await storedLinks(db)).toEqual(referenceLinks(fixture.dataset));
  });

  it.each(fixture.cases)('$name', async (fixtureCase) => {
    const period = parsePeriod(fixtureCase.period);
    const report = await getMetricsReport(db, FULL_ACCESS, fixtureCase.scope, period);
    expectMetrics(report.current, fixtureCase.expected);
    expectMetrics(report.current, referenceMetrics(fixture.dataset, fixtureCase.scope, period));
    expectMetrics(report.previous, referenceMetrics(fixture.dataset, fixtureCase.scope, previousPeriod(period)));
  });
});
