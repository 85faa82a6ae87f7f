// Time to restore service per grid cell (METRICS.md 5): every incident of the scope, linked or not —
// durations of those resolved in the period, and those open at `to` whenever they started. Incidents
// with a repository belong to its scopes; team-only incidents to their team's (never a repository's).
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { cellKey, gridTables, type MetricGrid } from '@/lib/metrics/sql/grid';

export interface TimeToRestoreRow {
  scope_key: number;
  period_key: number;
  resolved: number;
  median: number | null;
  mean: number | null;
  p90: number | null;
  open: number;
}

/** The query itself (also what lib/metrics/sql/results.ts versions maintained results by). */
export function timeToRestoreSql(grid: MetricGrid): Prisma.Sql {
  return Prisma.sql`
    WITH ${gridTables(grid)},
    scoped AS (
      SELECT m.scope_key, i."startedAt", i."resolvedAt"
      FROM members m JOIN "Incident" i ON i."repositoryId" = m.repository_id
      UNION ALL
      SELECT t.scope_key, i."startedAt", i."resolvedAt"
      FROM team_members t JOIN "Incident" i ON i."teamId" = t.team_id AND i."repositoryId" IS NULL
    ),
    cells AS (
      SELECT s.scope_key, p.period_key,
             (s."resolvedAt" >= p.from_at AND s."resolvedAt" < p.to_at) AS resolved_in_period,
             date_part('epoch', s."resolvedAt" - s."startedAt") AS duration,
             (s."startedAt" < p.to_at AND (s."resolvedAt" IS NULL OR s."resolvedAt" >= p.to_at)) AS open_at_end
      FROM scoped s
      JOIN periods p ON (s."resolvedAt" >= p.from_at AND s."resolvedAt" < p.to_at)
                     OR (s."startedAt" < p.to_at AND (s."resolvedAt" IS NULL OR s."resolvedAt" >= p.to_at))
    )
    SELECT scope_key, period_key,
           count(*) FILTER (WHERE resolved_in_period)::int AS resolved,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FILTER (WHERE resolved_in_period) AS median,
           (avg(duration) FILTER (WHERE resolved_in_period))::float8 AS mean,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY duration) FILTER (WHERE resolved_in_period) AS p90,
           count(*) FILTER (WHERE open_at_end)::int AS open
    FROM cells
    GROUP BY 1, 2`;
}

export async function queryTimeToRestore(db: DbClient, grid: MetricGrid): Promise<Map<string, TimeToRestoreRow>> {
  const rows = await db.$queryRaw<TimeToRestoreRow[]>(timeToRestoreSql(grid));
  return new Map(rows.map((row) => [cellKey(row.scope_key, row.period_key), row]));
}
