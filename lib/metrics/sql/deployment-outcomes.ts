// What became of the counted deployments of each grid cell (METRICS.md 3, 4, 6, 12): failed (a linked
// incident, or rolled back by the next deployment), recovered and how fast, rework, security failure.
// A deployment's outcome is its own: incidents linked to it count whatever scope they belong to.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { cellKey, gridSpan, gridTables, type MetricGrid } from '@/lib/metrics/sql/grid';

export interface DeploymentOutcomesRow {
  scope_key: number;
  period_key: number;
  deployments: number;
  failed: number;
  recovered: number;
  recovery_median: number | null;
  recovery_mean: number | null;
  rework: number;
  security_failed: number;
}

/** The query itself (also what lib/metrics/sql/results.ts versions maintained results by). */
export function deploymentOutcomesSql(grid: MetricGrid): Prisma.Sql {
  const span = gridSpan(grid);
  return Prisma.sql`
    WITH ${gridTables(grid)},
    cells AS MATERIALIZED (
      SELECT m.scope_key, p.period_key, d.id, d."finishedAt", d."rolledBackAt", d."isRollback"
      FROM members m
      JOIN periods p ON TRUE
      JOIN "Deployment" d ON d."repositoryId" = m.repository_id AND d.counted
                         AND d."finishedAt" >= p.from_at AND d."finishedAt" < p.to_at
      -- The grid's span as plain values, so the planner can read just that range of the index.
      WHERE d."finishedAt" >= ${span.from.toISOString()}::timestamptz AND d."finishedAt" < ${span.to.toISOString()}::timestamptz
    ),
    -- Incidents linked to deployments (an explicit cause may be an incident of another repository or
    -- team, so they are found through the deployment, not the scope). Incidents are few next to
    -- deployments: aggregating all linked ones is cheaper than finding them per deployment.
    causes AS (
      SELECT i."causeDeploymentId" AS id,
             count(*) FILTER (WHERE i."resolvedAt" IS NULL) AS unresolved,
             max(i."resolvedAt") AS last_resolved,
             bool_or(i.security) AS security
      FROM "Incident" i
      WHERE i."causeDeploymentId" IS NOT NULL
      GROUP BY 1
    ),
    -- Deployments shipping a rework change: such a change was deployed when its deployment finished.
    reworked AS (
      SELECT DISTINCT ch."shippedById" AS id
      FROM members m
      JOIN "Change" ch ON ch."repositoryId" = m.repository_id
                      AND ch."deployedAt" >= ${span.from.toISOString()}::timestamptz
                      AND ch."deployedAt" < ${span.to.toISOString()}::timestamptz
      WHERE ch."isRework"
    ),
    outcomes AS (
      SELECT cells.scope_key, cells.period_key,
             (c.id IS NOT NULL OR cells."rolledBackAt" IS NOT NULL) AS failed,
             COALESCE(c.security, false) AS security_failed,
             -- Recovery: the last incident's resolution when all are resolved, the rollback, the earlier
             -- of the two when both exist (LEAST ignores NULLs).
             LEAST(
               CASE WHEN c.unresolved = 0
                    THEN date_part('epoch', c.last_resolved - cells."finishedAt") END,
               date_part('epoch', cells."rolledBackAt" - cells."finishedAt")
             ) AS recovery,
             (cells."isRollback" OR r.id IS NOT NULL) AS rework
      FROM cells
      LEFT JOIN causes c ON c.id = cells.id
      LEFT JOIN reworked r ON r.id = cells.id
    )
    SELECT o.scope_key, o.period_key,
           count(*)::int AS deployments,
           count(*) FILTER (WHERE o.failed)::int AS failed,
           count(*) FILTER (WHERE o.failed AND o.recovery IS NOT NULL)::int AS recovered,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY o.recovery) FILTER (WHERE o.failed) AS recovery_median,
           (avg(o.recovery) FILTER (WHERE o.failed))::float8 AS recovery_mean,
           count(*) FILTER (WHERE o.rework)::int AS rework,
           count(*) FILTER (WHERE o.security_failed)::int AS security_failed
    FROM outcomes o
    GROUP BY 1, 2`;
}

export async function queryDeploymentOutcomes(db: DbClient, grid: MetricGrid): Promise<Map<string, DeploymentOutcomesRow>> {
  const rows = await db.$queryRaw<DeploymentOutcomesRow[]>(deploymentOutcomesSql(grid));
  return new Map(rows.map((row) => [cellKey(row.scope_key, row.period_key), row]));
}
