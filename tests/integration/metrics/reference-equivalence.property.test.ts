// Property: for random datasets, written through the store in a random order and batching, then with
// some deployments re-sent with other values, the SQL gives the reference's value for all 12 metrics,
// for the org, every team and every repository, for several periods (across the New York DST change)
// and their previous periods.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getMetricsReports } from '@/lib/metrics';
import { parsePeriod, previousPeriod } from '@/lib/metrics/period';
import { linkDataset, referenceMetrics } from '@/lib/metrics/reference';
import type { Dataset } from '@/lib/metrics/reference/dataset';
import type { Scope } from '@/lib/metrics/types';
import { differences } from '@/tests/unit/metrics/fixtures/compare';
import { referenceLinks } from '@/tests/unit/metrics/fixtures/links-by-name';
import { getTestDb } from '@/tests/helpers/database';
import { arbitraryDataset, arbitraryDeploymentUpdates, type GeneratedDeploymentUpdate } from '@/tests/integration/metrics/helpers/arbitrary-dataset';
import { clearDataset, storeDataset, storedLinks, updateDeployments, type DeploymentUpdate } from '@/tests/integration/metrics/helpers/store-dataset';

const RUNS = Number(process.env.METRICS_PROPERTY_RUNS ?? 200);

const PERIODS = [
  parsePeriod({ from: '2024-03-01', to: '2024-04-01', timeZone: 'America/New_York' }),
  parsePeriod({ from: '2024-03-07', to: '2024-03-14', timeZone: 'America/New_York' }),
  parsePeriod({ from: '2024-02-25', to: '2024-03-26', timeZone: 'UTC' }),
];

function deploymentUpdates(dataset: Dataset, generated: GeneratedDeploymentUpdate[]): DeploymentUpdate[] {
  const updates = new Map<string, DeploymentUpdate>();
  for (const update of generated) {
    const deployment = dataset.deployments[update.pick % Math.max(dataset.deployments.length, 1)];
    if (!deployment) continue;
    const repository = update.moveTo === undefined ? undefined : dataset.repositories[update.moveTo % dataset.repositories.length];
    updates.set(deployment.externalId, {
      externalId: deployment.externalId,
      repositoryId: repository?.id,
      environment: update.environment,
      status: update.status,
      sha: update.sha,
      finishedAt: update.finishedAt,
      isRollback: update.isRollback,
      changeRefs: update.refs,
    });
  }
  return [...updates.values()];
}

function scopesOf(dataset: Dataset): Scope[] {
  return [
    { kind: 'org' },
    ...dataset.teams.map((team) => ({ kind: 'team' as const, slug: team.slug })),
    ...dataset.repositories.map((repository) => ({ kind: 'repo' as const, fullName: repository.fullName })),
  ];
}

describe('SQL equals the reference on random datasets', () => {
  it(`holds for ${RUNS} datasets`, async () => {
    const db = getTestDb();
    await fc.assert(
      fc.asyncProperty(
        arbitraryDataset, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1_000_000 }), arbitraryDeploymentUpdates,
        async (original, batches, seed, generatedUpdates) => {
        await clearDataset(db);
        const ids = await storeDataset(db, original, { order: { seed }, batches });
        expect(await storedLinks(db)).toEqual(referenceLinks(original));
        // Then some deployments are re-sent with other values (moved in time, to another repository, …).
        const updates = deploymentUpdates(original, generatedUpdates);
        const dataset = updates.length === 0 ? original : await updateDeployments(db, original, ids, updates);
        expect(await storedLinks(db)).toEqual(referenceLinks(dataset));
        const linked = linkDataset(dataset);
        const scopes = scopesOf(dataset);
        for (const period of PERIODS) {
          const reports = await getMetricsReports(db, FULL_ACCESS, scopes, period);
          const problems = reports.flatMap((report, index) => {
            const scope = scopes[index] as Scope;
            return [
              ...differences(report.current, referenceMetrics(linked, scope, period), `${JSON.stringify(scope)} current`),
              ...differences(report.previous, referenceMetrics(linked, scope, previousPeriod(period)), `${JSON.stringify(scope)} previous`),
            ];
          });
          expect(problems).toEqual([]);
        }
      }),
      { numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: 25 * 60_000 },
    );
  }, 30 * 60_000);
});
