// The dashboard measurements of `npm run bench`: the org overview through the app's metric layer —
// as served (results maintained on write), right after a write, and computed from the records — next
// to the raw-SQL floor and the naive baseline; then the busiest team's page.
import type { Db } from '@/lib/db';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { getMetricSeries, getMetricsReport, getTeamMetricsReports } from '@/lib/metrics';
import type { Period } from '@/lib/metrics/types';
import { floorOverview } from './floor';
import { naiveOverview } from './naive';
import { formatTable, timeRuns, type Timing } from './timing';

/** The targets of docs/performance.md, checked on every run. */
export const TARGETS = { overviewP95Ms: 150, overviewOverFloor: 1.5 } as const;

const forgetResults = (db: Db) => db.$executeRaw`DELETE FROM "MetricResult"`;

export interface OverviewTimings {
  served: Timing;
  afterWrite: Timing;
  computed: Timing;
  floor: Timing;
  naive: Timing;
}

export async function measureOverview(db: Db, period: Period, runs: number, naiveRuns: number): Promise<OverviewTimings> {
  const overview = () => getTeamMetricsReports(db, FULL_ACCESS, period);
  // A write as a sync would make: the busiest repository's latest deployment, rewritten as it is. The
  // triggers drop the results of every scope holding that repository (its team, the parent team).
  const [busiest] = await db.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Deployment" WHERE "repositoryId" = (SELECT id FROM "Repository" ORDER BY id LIMIT 1)
    ORDER BY "finishedAt" DESC LIMIT 1`;
  const touchBusiest = () => db.$executeRaw`UPDATE "Deployment" SET "updatedAt" = "updatedAt" WHERE id = ${busiest?.id ?? 0}`;

  const served = await timeRuns('(a)  app metric layer, served (results maintained on write)', runs, overview);
  const afterWrite = await timeRuns('(a1) app metric layer, after a write to the busiest repository', runs, overview, { before: touchBusiest });
  const computed = await timeRuns('(a0) app metric layer, every cell computed from the records', runs, overview, { before: () => forgetResults(db) });
  const floor = await timeRuns('(b)  raw-SQL floor: hand-written aggregates on the records', runs, () => floorOverview(db, period));
  const naive = await timeRuns('(c)  naive: rows through Prisma, metrics in JavaScript', naiveRuns, () => naiveOverview(db, period));
  return { served, afterWrite, computed, floor, naive };
}

export function formatOverview(t: OverviewTimings): string {
  const ratio = (a: Timing, b: Timing) => (a.p95 / b.p95).toFixed(2);
  const yes = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const overFloor = t.served.p95 / t.floor.p95;
  return [
    formatTable([t.served, t.afterWrite, t.computed, t.floor, t.naive]),
    `  p95 ratios: a/b = ${ratio(t.served, t.floor)}   a1/b = ${ratio(t.afterWrite, t.floor)}   a0/b = ${ratio(t.computed, t.floor)}   ` +
      `c/a = ${ratio(t.naive, t.served)}   c/a0 = ${ratio(t.naive, t.computed)}`,
    `  targets: (a) ≤ ${TARGETS.overviewOverFloor} × (b): ${yes(overFloor <= TARGETS.overviewOverFloor)} (${overFloor.toFixed(3)})   ` +
      `(a) p95 ≤ ${TARGETS.overviewP95Ms} ms: ${yes(t.served.p95 <= TARGETS.overviewP95Ms)} (${t.served.p95.toFixed(1)} ms)`,
  ].join('\n');
}

/** The busiest team's page: its metric cards and two 6-month weekly trends, served and computed. */
export async function measureTeamPage(db: Db, slug: string, period: Period, sixMonths: Period, runs: number): Promise<Timing[]> {
  const scope = { kind: 'team' as const, slug };
  const pages = [
    ['metric cards (report)', () => getMetricsReport(db, FULL_ACCESS, scope, period)],
    ['weekly lead time, 6 months', () => getMetricSeries(db, FULL_ACCESS, scope, sixMonths, { metric: 'leadTime', granularity: 'week' })],
    ['weekly deployment frequency, 6 months', () => getMetricSeries(db, FULL_ACCESS, scope, sixMonths, { metric: 'deploymentFrequency', granularity: 'week' })],
  ] as const;
  const timings: Timing[] = [];
  for (const [name, work] of pages) {
    timings.push(await timeRuns(`${name}, served`, runs, work));
    timings.push(await timeRuns(`${name}, computed`, runs, work, { before: () => forgetResults(db) }));
  }
  return timings;
}
