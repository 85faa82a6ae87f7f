// The benchmark's measurements against DATABASE_URL (the loaded reference database); run by
// scripts/bench.ts in its own process. Prints one table.
import { parseArgs } from 'node:util';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { disconnectDb, getDb } from '@/lib/db';
import { getMetricSeries, getMetricsReport, getTeamMetricsReports } from '@/lib/metrics';
import { parsePeriod } from '@/lib/metrics/period';
import { REFERENCE_END } from './reference-dataset';
import { floorOverview } from './floor';
import { naiveOverview } from './naive';
import { formatTable, timeRuns, type Timing } from './timing';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'naive-runs': { type: 'string', default: '20' }, only: { type: 'string' } },
});
const runs = Number(values.runs);
const naiveRuns = Number(values['naive-runs']);
const only = values.only?.split(',') ?? null;
const wanted = (part: string) => only === null || only.includes(part);

const DAY = 86_400_000;
const to = REFERENCE_END.toISOString().slice(0, 10);
const from = new Date(REFERENCE_END.getTime() - 90 * DAY).toISOString().slice(0, 10);
const period = parsePeriod({ from, to, timeZone: 'UTC' });
const sixMonths = parsePeriod({ from: new Date(REFERENCE_END.getTime() - 182 * DAY).toISOString().slice(0, 10), to, timeZone: 'UTC' });

const db = getDb();
const rows: Timing[] = [];
try {
  if (wanted('overview')) {
    const teams = await db.team.count();
    console.log(`\nOrg overview: all 12 metrics for all ${teams} teams, ${from} to ${to} and the 90 days before (${runs} runs each)`);
    const app = await timeRuns('(a) app metric layer', runs, () => getTeamMetricsReports(db, FULL_ACCESS, period));
    const floor = await timeRuns('(b) raw-SQL floor', runs, () => floorOverview(db, period));
    const naive = await timeRuns('(c) naive Prisma + JavaScript', naiveRuns, () => naiveOverview(db, period));
    rows.push(app, floor, naive);
    console.log(formatTable([app, floor, naive]));
    console.log(`a/b (p95) = ${(app.p95 / floor.p95).toFixed(2)}   c/a (p95) = ${(naive.p95 / app.p95).toFixed(1)}`);
  }
  if (wanted('team')) {
    // The busiest team: the first child team holds the busiest repositories.
    const busiest = await db.team.findFirstOrThrow({ where: { parentId: { not: null } }, orderBy: { id: 'asc' } });
    const scope = { kind: 'team' as const, slug: busiest.slug };
    console.log(`\nTeam page of ${busiest.slug} (the busiest team)`);
    const report = await timeRuns('metric cards (report)', runs, () => getMetricsReport(db, FULL_ACCESS, scope, period));
    const trend = await timeRuns('weekly trend of lead time, 6 months', runs, () =>
      getMetricSeries(db, FULL_ACCESS, scope, sixMonths, { metric: 'leadTime', granularity: 'week' }));
    const deployments = await timeRuns('weekly deployment frequency, 6 months', runs, () =>
      getMetricSeries(db, FULL_ACCESS, scope, sixMonths, { metric: 'deploymentFrequency', granularity: 'week' }));
    rows.push(report, trend, deployments);
    console.log(formatTable([report, trend, deployments]));
  }
} finally {
  await disconnectDb();
}
