// The benchmark cannot rot: `npm run bench` runs end to end at a tiny scale, and on the reference
// dataset's shape (skewed, two team levels) the app's metric layer and the naive baseline it is
// compared with compute the same numbers — so the benchmark compares equals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getTeamMetricsReports } from '@/lib/metrics';
import { parsePeriod } from '@/lib/metrics/period';
import { relink } from '@/lib/store/relink';
import { naiveOverview } from '@/scripts/bench/naive';
import { loadReferenceDataset, REFERENCE_END, scaled } from '@/scripts/bench/reference-dataset';
import { runBench } from '@/tests/helpers/bench';
import { getTestDatabase, getTestDb } from '@/tests/helpers/database';
import { databaseUrl, dropDatabase } from '@/tests/helpers/postgres-admin';

const SCALE = 0.001;

describe('npm run bench', () => {
  const serverUrl = databaseUrl(getTestDatabase().url, 'postgres');
  const benchDatabase = `vitals_bench_${scaled(SCALE).deployments}`;
  // Also before: a killed earlier run may have left it, and this test wants to see it loaded.
  beforeAll(() => dropDatabase(serverUrl, benchDatabase));
  afterAll(() => dropDatabase(serverUrl, benchDatabase));

  it('loads the reference dataset and prints the overview and team page tables', async () => {
    const { code, output } = await runBench(['--scale', String(SCALE), '--runs', '2', '--naive-runs', '1', '--only', 'overview,team'], serverUrl);
    expect(code, output).toBe(0);
    expect(output).toContain(`Loading the reference dataset into ${benchDatabase}`);
    for (const row of ['(a)  app metric layer, served', '(a1) app metric layer, after a write', '(a0) app metric layer, every cell computed',
      '(b)  raw-SQL floor', '(c)  naive', 'p95 ratios: a/b = ', 'targets: (a) ≤ 1.5 × (b): ', 'metric cards (report), served',
      'weekly lead time, 6 months, computed']) {
      expect(output).toContain(row);
    }
    // A second run reuses the loaded database.
    const again = await runBench(['--scale', String(SCALE), '--runs', '1', '--naive-runs', '1', '--only', 'team'], serverUrl);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(`Reusing ${benchDatabase}`);
  }, 180_000);
});

describe('the naive baseline', () => {
  const db = getTestDb();
  const DAY = 86_400_000;
  const period = parsePeriod({
    from: new Date(REFERENCE_END.getTime() - 90 * DAY).toISOString().slice(0, 10),
    to: REFERENCE_END.toISOString().slice(0, 10),
  });

  it('computes the numbers the app computes, for every team and both periods', async () => {
    await loadReferenceDataset(getTestDatabase().url, scaled(0.003), 7, () => {});
    await relink(db, 'all');
    const [app, naive] = await Promise.all([getTeamMetricsReports(db, FULL_ACCESS, period), naiveOverview(db, period)]);
    expect(naive).toHaveLength(app.length * 2);
    app.forEach((report, index) => {
      [report.current, report.previous].forEach((values, which) => {
        const baseline = naive[index * 2 + which];
        expect(baseline?.team).toBe(report.team.slug);
        expect({
          deployments: values.deploymentFrequency.count,
          leadTime: values.leadTime.median,
          changeFailureRate: values.changeFailureRate.value,
          recovery: values.failedDeploymentRecovery.median,
          restore: values.timeToRestore.median,
          open: values.timeToRestore.open,
          rework: values.reworkRate.rework,
          remediation: values.timeToRemediate.overall.mean,
          backlog: values.openBacklog.total,
          breached: values.slaCompliance.breached.total,
          withinSla: values.slaCompliance.withinSla,
          opened: values.netResolveRate.opened,
          secrets: values.secretExposureTime.median,
          security: values.securityChangeFailureRate.failed,
        }).toEqual({
          deployments: baseline?.deployments,
          leadTime: closeTo(baseline?.leadTime),
          changeFailureRate: closeTo(baseline?.changeFailureRate),
          recovery: closeTo(baseline?.recovery),
          restore: closeTo(baseline?.restore),
          open: baseline?.open,
          rework: baseline?.rework,
          remediation: closeTo(baseline?.remediation),
          backlog: baseline?.backlog,
          breached: baseline?.breached,
          withinSla: baseline?.withinSla,
          opened: baseline?.opened,
          secrets: closeTo(baseline?.secrets),
          security: baseline?.security,
        });
      });
    });
    // Not a vacuous comparison: the busiest teams have data in every column.
    expect(app.some((report) => (report.current.leadTime.count ?? 0) > 10 && report.current.changeFailureRate.failed > 0)).toBe(true);
  }, 120_000);
});

/** Durations agree to floating-point noise (the app subtracts in SQL, the baseline in JavaScript). */
function closeTo(value: number | null | undefined): unknown {
  return value === null || value === undefined ? value ?? null : expect.closeTo(value, 6);
}
