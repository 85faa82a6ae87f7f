// The reference derives links from all records at once: the order they are listed in cannot matter.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '@/lib/metrics/period';
import { referenceMetrics } from '@/lib/metrics/reference';
import type { Dataset } from '@/lib/metrics/reference/dataset';
import { allFixtures } from '@/tests/unit/metrics/fixtures';

function reversed(dataset: Dataset): Dataset {
  return {
    ...dataset,
    teams: [...dataset.teams].reverse(),
    repositories: [...dataset.repositories].reverse(),
    deployments: [...dataset.deployments].reverse(),
    changes: [...dataset.changes].reverse(),
    incidents: [...dataset.incidents].reverse(),
    findings: [...dataset.findings].reverse(),
  };
}

describe('order independence', () => {
  it.each(allFixtures)('$name', (fixture) => {
    for (const fixtureCase of fixture.cases) {
      const period = parsePeriod(fixtureCase.period);
      expect(referenceMetrics(reversed(fixture.dataset), fixtureCase.scope, period))
        .toEqual(referenceMetrics(fixture.dataset, fixtureCase.scope, period));
    }
  });
});
