// The raw-SQL floor of the org overview: for every team, one hand-written aggregate per metric over
// the same tables and derived columns the app reads, with no layer around them. What the app's
// metric layer is measured against; it returns the raw rows and assembles nothing.
import type { Db, DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { calendarWindows, previousPeriod } from '@/lib/metrics/period';
import { applyMetricSessionSettings } from '@/lib/metrics/sql';
import type { Period } from '@/lib/metrics/types';

const TEAM_REPOSITORIES = Prisma.sql`
  tree(team_id, member_id) AS (
    SELECT id, id FROM "Team"
    UNION ALL SELECT tree.team_id, t.id FROM "Team" t JOIN tree ON t."parentId" = tree.member_id),
  team_repos AS (SELECT tree.team_id, r.id AS repo_id FROM tree JOIN "Repository" r ON r."teamId" = tree.member_id)`;

/** Counted deployments of each team in the period. */
const DEPLOYMENTS = (p: Period) => Prisma.sql`
  team_deployments AS (
    SELECT tr.team_id, d.* FROM team_repos tr
    JOIN "Deployment" d ON d."repositoryId" = tr.repo_id AND d.counted AND d."finishedAt" >= ${p.from} AND d."finishedAt" < ${p.to})`;

/** Findings of each team, excluded ones left out. */
const FINDINGS = Prisma.sql`
  team_findings AS (
    SELECT tr.team_id, f.* FROM team_repos tr JOIN "Finding" f ON f."repositoryId" = tr.repo_id AND NOT f.excluded)`;

/** An interval in seconds, in float8 arithmetic (EXTRACT would compute in numeric, twice as slow). */
const epoch = (expression: Prisma.Sql) => Prisma.sql`date_part('epoch', ${expression})`;

function queries(db: DbClient, p: Period): Promise<unknown>[] {
  const windows7 = calendarWindows(p, 7);
  const windows30 = calendarWindows(p, 30);
  const windowTable = (windows: Period[]) =>
    Prisma.sql`SELECT * FROM unnest(${windows.map((w) => w.from)}::timestamptz[], ${windows.map((w) => w.to)}::timestamptz[]) AS w(from_at, to_at)`;
  return [
    // 1. deployment frequency
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${DEPLOYMENTS(p)}
      SELECT team_id, count(*) FROM team_deployments GROUP BY team_id`,
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, w AS (${windowTable(windows7)})
      SELECT team_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM (
        SELECT t.id AS team_id, w.from_at, count(DISTINCT (d."finishedAt" AT TIME ZONE ${p.timeZone})::date) AS days
        FROM "Team" t CROSS JOIN w LEFT JOIN team_repos tr ON tr.team_id = t.id
        LEFT JOIN "Deployment" d ON d."repositoryId" = tr.repo_id AND d.counted AND d."finishedAt" >= w.from_at AND d."finishedAt" < w.to_at
        GROUP BY 1, 2) x GROUP BY team_id`,
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, w AS (${windowTable(windows30)})
      SELECT team_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM (
        SELECT t.id AS team_id, w.from_at, count(d.id) AS n
        FROM "Team" t CROSS JOIN w LEFT JOIN team_repos tr ON tr.team_id = t.id
        LEFT JOIN "Deployment" d ON d."repositoryId" = tr.repo_id AND d.counted AND d."finishedAt" >= w.from_at AND d."finishedAt" < w.to_at
        GROUP BY 1, 2) x GROUP BY team_id`,
    // 2. lead time
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}
      SELECT tr.team_id, count(*), percentile_cont(ARRAY[0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY v.lead),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY v.coding), percentile_cont(0.5) WITHIN GROUP (ORDER BY v.review),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY v.deploy)
      FROM team_repos tr JOIN "Change" c ON c."repositoryId" = tr.repo_id AND c."deployedAt" >= ${p.from} AND c."deployedAt" < ${p.to}
      CROSS JOIN LATERAL (SELECT ${epoch(Prisma.sql`c."deployedAt" - COALESCE(c."firstCommitAt", c."openedAt", c."mergedAt")`)} AS lead,
                                 ${epoch(Prisma.sql`c."openedAt" - c."firstCommitAt"`)} AS coding,
                                 ${epoch(Prisma.sql`c."mergedAt" - c."openedAt"`)} AS review,
                                 ${epoch(Prisma.sql`c."deployedAt" - c."mergedAt"`)} AS deploy) v
      WHERE v.lead > 0 GROUP BY tr.team_id`,
    // 3. change failure rate
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${DEPLOYMENTS(p)}
      SELECT team_id, count(*), count(*) FILTER (WHERE d."rolledBackAt" IS NOT NULL
        OR EXISTS (SELECT 1 FROM "Incident" i WHERE i."causeDeploymentId" = d.id)) FROM team_deployments d GROUP BY team_id`,
    // 4. failed deployment recovery time
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${DEPLOYMENTS(p)}
      SELECT team_id, count(*) FILTER (WHERE rec IS NULL), percentile_cont(0.5) WITHIN GROUP (ORDER BY rec), avg(rec) FROM (
        SELECT d.team_id, LEAST(CASE WHEN inc.n > 0 AND inc.unresolved = 0 THEN ${epoch(Prisma.sql`inc.last - d."finishedAt"`)} END,
                                ${epoch(Prisma.sql`d."rolledBackAt" - d."finishedAt"`)}) AS rec
        FROM team_deployments d
        CROSS JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE i."resolvedAt" IS NULL) AS unresolved, max(i."resolvedAt") AS last
                            FROM "Incident" i WHERE i."causeDeploymentId" = d.id) inc
        WHERE inc.n > 0 OR d."rolledBackAt" IS NOT NULL) x GROUP BY team_id`,
    // 5. time to restore service
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}
      SELECT team_id,
             percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ttr) FILTER (WHERE resolved_in),
             avg(ttr) FILTER (WHERE resolved_in), count(*) FILTER (WHERE NOT resolved_in)
      FROM (SELECT team_id, ${epoch(Prisma.sql`"resolvedAt" - "startedAt"`)} AS ttr,
                   COALESCE("resolvedAt" >= ${p.from} AND "resolvedAt" < ${p.to}, false) AS resolved_in
            FROM (SELECT tr.team_id, i."startedAt", i."resolvedAt" FROM team_repos tr JOIN "Incident" i ON i."repositoryId" = tr.repo_id
                  UNION ALL
                  SELECT tree.team_id, i."startedAt", i."resolvedAt" FROM tree JOIN "Incident" i ON i."repositoryId" IS NULL AND i."teamId" = tree.member_id) x
            WHERE ("resolvedAt" >= ${p.from} AND "resolvedAt" < ${p.to}) OR ("startedAt" < ${p.to} AND ("resolvedAt" IS NULL OR "resolvedAt" >= ${p.to}))) y
      GROUP BY team_id`,
    // 6. rework rate
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${DEPLOYMENTS(p)},
      reworked AS (SELECT DISTINCT c."shippedById" AS id FROM "Repository" r
                   JOIN "Change" c ON c."repositoryId" = r.id AND c."deployedAt" >= ${p.from} AND c."deployedAt" < ${p.to}
                   WHERE c."isRework")
      SELECT team_id, count(*), count(*) FILTER (WHERE d."isRollback" OR rw.id IS NOT NULL)
      FROM team_deployments d LEFT JOIN reworked rw ON rw.id = d.id GROUP BY team_id`,
    // 7. time to remediate by severity
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${FINDINGS}
      SELECT team_id, severity, count(*), avg(t), percentile_cont(0.5) WITHIN GROUP (ORDER BY t)
      FROM (SELECT team_id, severity, ${epoch(Prisma.sql`"fixedAt" - "openedAt"`)} AS t FROM team_findings
            WHERE state = 'fixed' AND "fixedAt" >= ${p.from} AND "fixedAt" < ${p.to}) x GROUP BY ROLLUP (team_id, severity)`,
    // 8. open backlog at `to`, by severity and age
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${FINDINGS}
      SELECT team_id, severity, width_bucket(${epoch(Prisma.sql`${p.to}::timestamptz - "openedAt"`)}, ARRAY[0, 2592000.001, 5184000.001, 7776000.001]::float8[]) AS age, count(*)
      FROM team_findings WHERE "openedAt" < ${p.to}
        AND NOT (state = 'fixed' AND "fixedAt" < ${p.to}) AND NOT (state = 'dismissed' AND "dismissedAt" < ${p.to})
      GROUP BY 1, 2, 3`,
    // 9. SLA compliance and breaches
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${FINDINGS},
      sla(severity, days) AS (VALUES ('critical', 7), ('high', 30), ('medium', 90), ('low', 180))
      SELECT team_id, count(*) FILTER (WHERE fixed_in), count(*) FILTER (WHERE fixed_in AND "fixedAt" - "openedAt" <= make_interval(days => sla.days)),
             count(*) FILTER (WHERE open_at_to AND ${p.to}::timestamptz - "openedAt" > make_interval(days => sla.days))
      FROM (SELECT *, state = 'fixed' AND "fixedAt" >= ${p.from} AND "fixedAt" < ${p.to} AS fixed_in,
                   "openedAt" < ${p.to} AND NOT (state = 'fixed' AND "fixedAt" < ${p.to}) AND NOT (state = 'dismissed' AND "dismissedAt" < ${p.to}) AS open_at_to
            FROM team_findings) f JOIN sla USING (severity)
      WHERE fixed_in OR open_at_to GROUP BY team_id`,
    // 10. net resolve rate
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${FINDINGS}
      SELECT team_id, count(*) FILTER (WHERE state = 'fixed' AND "fixedAt" >= ${p.from} AND "fixedAt" < ${p.to}),
             count(*) FILTER (WHERE "openedAt" >= ${p.from} AND "openedAt" < ${p.to})
      FROM team_findings WHERE ("fixedAt" >= ${p.from} AND "fixedAt" < ${p.to}) OR ("openedAt" >= ${p.from} AND "openedAt" < ${p.to}) GROUP BY team_id`,
    // 11. secret exposure time
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${FINDINGS}
      SELECT team_id, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ${epoch(Prisma.sql`"fixedAt" - "openedAt"`)})
      FROM team_findings WHERE tool = 'secret-scanning' AND state = 'fixed' AND "fixedAt" >= ${p.from} AND "fixedAt" < ${p.to} GROUP BY team_id`,
    // 12. security change failure rate
    db.$queryRaw`WITH RECURSIVE ${TEAM_REPOSITORIES}, ${DEPLOYMENTS(p)}
      SELECT team_id, count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Incident" i WHERE i."causeDeploymentId" = d.id AND i.security))
      FROM team_deployments d GROUP BY team_id`,
  ];
}

/**
 * Every metric for every team over the period and the one before it, as the overview shows: in one
 * read-only snapshot with the settings the app's metric layer uses, so only the layer differs.
 */
export async function floorOverview(db: Db, period: Period): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION READ ONLY`;
    await applyMetricSessionSettings(tx);
    for (const p of [period, previousPeriod(period)]) {
      for (const query of queries(tx, p)) await query;
    }
  }, { isolationLevel: 'RepeatableRead', timeout: 300_000, maxWait: 300_000 });
}
