// Findings fixed in each grid cell's period (METRICS.md 7, 9, 10, 11): remediation times overall and
// per severity, how many within their SLA, and secret exposure. A finding's fixedAt counts only in
// state `fixed`; findings dismissed as never real (excluded) do not exist here.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { SECRET_SCANNING_TOOL } from '@/lib/metrics/reference/security';
import { cellKey, gridSpan, gridTables, type MetricGrid } from '@/lib/metrics/sql/grid';
import type { MetricSettings } from '@/lib/metrics/types';

export interface RemediationRow {
  scope_key: number;
  period_key: number;
  /** null: every severity together. */
  severity: string | null;
  fixed: number;
  mean: number | null;
  median: number | null;
  within_sla: number;
  secrets_fixed: number;
  secrets_median: number | null;
}

/** The query itself (also what lib/metrics/sql/results.ts versions maintained results by). */
export function remediationSql(grid: MetricGrid, settings: MetricSettings): Prisma.Sql {
  const { slaDays } = settings;
  const span = gridSpan(grid);
  return Prisma.sql`
    WITH ${gridTables(grid)},
    fixed AS (
      SELECT m.scope_key, p.period_key, f.severity, f.tool,
             date_part('epoch', f."fixedAt" - f."openedAt") AS seconds,
             CASE f.severity WHEN 'critical' THEN ${slaDays.critical}::int WHEN 'high' THEN ${slaDays.high}::int
                             WHEN 'medium' THEN ${slaDays.medium}::int WHEN 'low' THEN ${slaDays.low}::int END * 86400 AS sla_seconds
      FROM members m
      JOIN periods p ON TRUE
      JOIN "Finding" f ON f."repositoryId" = m.repository_id AND NOT f.excluded AND f.state = 'fixed'
                      AND f."fixedAt" >= p.from_at AND f."fixedAt" < p.to_at
      -- The grid's span as plain values, so the planner can read just that range of the index.
      WHERE f."fixedAt" >= ${span.from.toISOString()}::timestamptz AND f."fixedAt" < ${span.to.toISOString()}::timestamptz
    )
    SELECT scope_key, period_key,
           CASE WHEN GROUPING(severity) = 0 THEN severity END AS severity,
           count(*)::int AS fixed,
           avg(seconds)::float8 AS mean,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
           count(*) FILTER (WHERE seconds <= sla_seconds)::int AS within_sla,
           count(*) FILTER (WHERE tool = ${SECRET_SCANNING_TOOL})::int AS secrets_fixed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE tool = ${SECRET_SCANNING_TOOL}) AS secrets_median
    FROM fixed
    GROUP BY GROUPING SETS ((scope_key, period_key), (scope_key, period_key, severity))`;
}

export async function queryRemediation(db: DbClient, grid: MetricGrid, settings: MetricSettings): Promise<Map<string, RemediationRow[]>> {
  const rows = await db.$queryRaw<RemediationRow[]>(remediationSql(grid, settings));
  const byCell = new Map<string, RemediationRow[]>();
  for (const row of rows) {
    const key = cellKey(row.scope_key, row.period_key);
    byCell.set(key, [...(byCell.get(key) ?? []), row]);
  }
  return byCell;
}
