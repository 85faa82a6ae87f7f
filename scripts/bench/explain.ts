// The plans of the app's six metric queries for the org overview's grid (every team × the period and
// the one before), computed from the records rather than the maintained results, with the settings of
// the app's metric snapshot: what docs/performance.md shows. `npm run bench -- --only explain`.
import type { Db } from '@/lib/db';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { previousPeriod } from '@/lib/metrics/period';
import { loadOrganisation, resolveScope, visibleTeams } from '@/lib/metrics/scope';
import { loadMetricSettings } from '@/lib/metrics/settings';
import { applyMetricSessionSettings, metricGrid, metricQuerySql, QUERY_NAMES } from '@/lib/metrics/sql';
import type { Period } from '@/lib/metrics/types';

export async function explainOverview(db: Db, period: Period): Promise<string> {
  const organisation = await loadOrganisation(db);
  const scopes = visibleTeams(organisation, FULL_ACCESS).map((team) => resolveScope(organisation, FULL_ACCESS, { kind: 'team', slug: team.slug }));
  const grid = metricGrid(scopes, [period, previousPeriod(period)]);
  const settings = await loadMetricSettings(db);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION READ ONLY`;
    await applyMetricSessionSettings(tx);
    const sections: string[] = [];
    for (const name of QUERY_NAMES) {
      const sql = metricQuerySql(name, grid, settings);
      // The statement is the app's own, with its values bound as parameters.
      const plan = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`, ...sql.values);
      sections.push(`-- ${name}\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
    }
    return sections.join('\n\n');
  }, { isolationLevel: 'RepeatableRead', timeout: 300_000, maxWait: 300_000 });
}
