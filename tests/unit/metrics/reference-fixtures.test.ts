// Hand-computed fixtures through the reference definitions.
import { describe, it } from 'vitest';
import { parsePeriod } from '@/lib/metrics/period';
import { referenceMetrics } from '@/lib/metrics/reference';
import { allFixtures } from '@/tests/unit/metrics/fixtures';
import { expectMetrics } from '@/tests/unit/metrics/fixtures/compare';

describe.each(allFixtures)('$name', (fixture) => {
  it.each(fixture.cases)('$name', (fixtureCase) => {
    const actual = referenceMetrics(fixture.dataset, fixtureCase.scope, parsePeriod(fixtureCase.period));
    expectMetrics(actual, fixtureCase.expected);
  });
});
