// Deployment frequency per grid cell: the count, and the window medians its band needs (METRICS.md 1):
// distinct calendar days with a deployment per whole 7-day window, deployments per whole 30-day window,
// windows cut from `from`, empty windows included.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { cellKey, dayStartsArray, gridSpan, gridTables, type MetricGrid } from '@/lib/metrics/sql/grid';

export interface DeploymentFrequencyRow {
  scope_key: number;
  period_key: number;
  count: number;
  median_deploy_days_per_7_days: number | null;
  median_deployments_per_30_days: number | null;
}

/** The query itself (also what lib/metrics/sql/results.ts versions maintained results by). */
export function deploymentFrequencySql(grid: MetricGrid): Prisma.Sql {
  const span = gridSpan(grid);
  return Prisma.sql`
    WITH ${gridTables(grid)},
    per_day AS (
      -- day: the calendar day within the period, 0-based (width_bucket is 1-based over the grid's days).
      SELECT m.scope_key, p.period_key,
             width_bucket(d."finishedAt", ${dayStartsArray(grid)}) - 1 - p.first_day AS day,
             count(*) AS deployments
      FROM members m
      JOIN periods p ON TRUE
      JOIN "Deployment" d ON d."repositoryId" = m.repository_id AND d.counted
                         AND d."finishedAt" >= p.from_at AND d."finishedAt" < p.to_at
      -- The grid's span as plain values, so the planner can read just that range of the index.
      WHERE d."finishedAt" >= ${span.from.toISOString()}::timestamptz AND d."finishedAt" < ${span.to.toISOString()}::timestamptz
      GROUP BY 1, 2, 3
    ),
    cells AS (
      SELECT scope_key, period_key, sum(deployments)::int AS count FROM per_day GROUP BY 1, 2
    ),
    windows AS (
      SELECT c.scope_key, c.period_key, size, window_index
      FROM cells c
      JOIN periods p USING (period_key)
      CROSS JOIN (VALUES (7), (30)) AS sizes(size)
      CROSS JOIN LATERAL generate_series(0, p.days / size - 1) AS window_index
    ),
    per_window AS (
      SELECT w.scope_key, w.period_key, w.size,
             count(d.day)::float8 AS deploy_days,
             COALESCE(sum(d.deployments), 0)::float8 AS deployments
      FROM windows w
      LEFT JOIN per_day d ON d.scope_key = w.scope_key AND d.period_key = w.period_key
                         AND d.day >= 0 AND d.day / w.size = w.window_index
      GROUP BY w.scope_key, w.period_key, w.size, w.window_index
    )
    SELECT c.scope_key, c.period_key, c.count,
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY deploy_days) FROM per_window pw
             WHERE pw.scope_key = c.scope_key AND pw.period_key = c.period_key AND pw.size = 7) AS median_deploy_days_per_7_days,
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY deployments) FROM per_window pw
             WHERE pw.scope_key = c.scope_key AND pw.period_key = c.period_key AND pw.size = 30) AS median_deployments_per_30_days
    FROM cells c`;
}

export async function queryDeploymentFrequency(db: DbClient, grid: MetricGrid): Promise<Map<string, DeploymentFrequencyRow>> {
  const rows = await db.$queryRaw<DeploymentFrequencyRow[]>(deploymentFrequencySql(grid));
  return new Map(rows.map((row) => [cellKey(row.scope_key, row.period_key), row]));
}
