// Lead time for changes per grid cell (METRICS.md 2): changes whose shipping deployment finished in the
// period, lead time from the first commit (else opening, else merge), kept when > 0; stage medians over
// the kept changes, each stage value as it is.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { cellKey, gridSpan, gridTables, type MetricGrid } from '@/lib/metrics/sql/grid';

export interface LeadTimeRow {
  scope_key: number;
  period_key: number;
  count: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
  coding: number | null;
  review: number | null;
  deploy: number | null;
}

/** The query itself (also what lib/metrics/sql/results.ts versions maintained results by). */
export function leadTimeSql(grid: MetricGrid): Prisma.Sql {
  const span = gridSpan(grid);
  return Prisma.sql`
    WITH ${gridTables(grid)},
    shipped AS (
      -- Durations as date_part of the interval: float8 arithmetic, where EXTRACT returns numeric
      -- (measured: half the cost of this query on a busy team). Timestamps have millisecond precision.
      SELECT m.scope_key, p.period_key,
             date_part('epoch', c."deployedAt" - COALESCE(c."firstCommitAt", c."openedAt", c."mergedAt")) AS lead,
             date_part('epoch', c."openedAt" - c."firstCommitAt") AS coding,
             date_part('epoch', c."mergedAt" - c."openedAt") AS review,
             date_part('epoch', c."deployedAt" - c."mergedAt") AS deploy
      FROM members m
      JOIN periods p ON TRUE
      JOIN "Change" c ON c."repositoryId" = m.repository_id
                     AND c."deployedAt" >= p.from_at AND c."deployedAt" < p.to_at
      -- The grid's span as plain values, so the planner can read just that range of the index.
      WHERE c."deployedAt" >= ${span.from.toISOString()}::timestamptz AND c."deployedAt" < ${span.to.toISOString()}::timestamptz
    )
    SELECT scope_key, period_key,
           count(*)::int AS count,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lead) AS median,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY lead) AS p75,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY lead) AS p90,
           -- percentile_cont skips NULLs: a stage without both ends has no value.
           percentile_cont(0.5) WITHIN GROUP (ORDER BY coding) AS coding,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY review) AS review,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY deploy) AS deploy
    FROM shipped
    WHERE lead > 0
    GROUP BY 1, 2`;
}

export async function queryLeadTime(db: DbClient, grid: MetricGrid): Promise<Map<string, LeadTimeRow>> {
  const rows = await db.$queryRaw<LeadTimeRow[]>(leadTimeSql(grid));
  return new Map(rows.map((row) => [cellKey(row.scope_key, row.period_key), row]));
}
