// Findings as they stand at each grid cell's `to` (METRICS.md 8, 9, 10): the open backlog by severity
// and exact age bucket, those past their SLA, accepted risks, and those opened in the period (for the
// net resolve rate). Open at `to`: opened before it, neither fixed nor dismissed before it.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { cellKey, gridSpan, gridTables, type MetricGrid } from '@/lib/metrics/sql/grid';
import type { MetricSettings } from '@/lib/metrics/types';

export interface BacklogRow {
  scope_key: number;
  period_key: number;
  severity: string;
  open: number;
  up_to_30: number;
  up_to_60: number;
  up_to_90: number;
  over_90: number;
  breached: number;
  accepted: number;
  opened: number;
}

const DAY = 86_400;

/** The query itself (also what lib/metrics/sql/results.ts versions maintained results by). */
export function backlogSql(grid: MetricGrid, settings: MetricSettings): Prisma.Sql {
  const { slaDays } = settings;
  const span = gridSpan(grid);
  const earliestEnd = new Date(Math.min(...grid.periods.map((p) => p.period.to.getTime())));
  return Prisma.sql`
    WITH ${gridTables(grid)},
    known AS (
      SELECT m.scope_key, p.period_key, p.from_at, f.severity, f."openedAt",
             (f.state = 'dismissed' AND f."dismissedAt" < p.to_at) AS accepted,
             NOT COALESCE(f.state = 'fixed' AND f."fixedAt" < p.to_at, false)
               AND NOT COALESCE(f.state = 'dismissed' AND f."dismissedAt" < p.to_at, false) AS open,
             date_part('epoch', p.to_at - f."openedAt") AS age,
             CASE f.severity WHEN 'critical' THEN ${slaDays.critical}::int WHEN 'high' THEN ${slaDays.high}::int
                             WHEN 'medium' THEN ${slaDays.medium}::int WHEN 'low' THEN ${slaDays.low}::int END * ${DAY}::int AS sla_seconds
      FROM members m
      JOIN periods p ON TRUE
      JOIN "Finding" f ON f."repositoryId" = m.repository_id AND NOT f.excluded AND f."openedAt" < p.to_at
      -- Skip what no cell can see: opened before every period and fixed before the earliest period end
      -- (neither opened in, nor open or accepted at the end of, any period).
      WHERE f."openedAt" < ${span.to.toISOString()}::timestamptz
        AND NOT (f."openedAt" < ${span.from.toISOString()}::timestamptz
                 AND COALESCE(f.state = 'fixed' AND f."fixedAt" < ${earliestEnd.toISOString()}::timestamptz, false))
    )
    SELECT scope_key, period_key, severity,
           count(*) FILTER (WHERE open)::int AS open,
           count(*) FILTER (WHERE open AND age <= ${30 * DAY}::int)::int AS up_to_30,
           count(*) FILTER (WHERE open AND age > ${30 * DAY}::int AND age <= ${60 * DAY}::int)::int AS up_to_60,
           count(*) FILTER (WHERE open AND age > ${60 * DAY}::int AND age <= ${90 * DAY}::int)::int AS up_to_90,
           count(*) FILTER (WHERE open AND age > ${90 * DAY}::int)::int AS over_90,
           count(*) FILTER (WHERE open AND age > sla_seconds)::int AS breached,
           count(*) FILTER (WHERE accepted)::int AS accepted,
           count(*) FILTER (WHERE "openedAt" >= from_at)::int AS opened
    FROM known
    GROUP BY 1, 2, 3`;
}

export async function queryBacklog(db: DbClient, grid: MetricGrid, settings: MetricSettings): Promise<Map<string, BacklogRow[]>> {
  const rows = await db.$queryRaw<BacklogRow[]>(backlogSql(grid, settings));
  const byCell = new Map<string, BacklogRow[]>();
  for (const row of rows) {
    const key = cellKey(row.scope_key, row.period_key);
    byCell.set(key, [...(byCell.get(key) ?? []), row]);
  }
  return byCell;
}
