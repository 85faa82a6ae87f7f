// Maintains the derived columns of the schema (Deployment.counted / rolledBackAt, Change.isRework /
// shippedById / deployedAt, Incident.causeDeploymentId / linkKind, Finding.excluded) from all the data
// present, so metrics never depend on the order records arrived in. The definitions are those of
// lib/metrics/reference/links.ts; the property test in tests/integration/metrics holds the two equal.
//
// Every statement is set-based over the records of the given repositories, looks neighbours up through
// the (repositoryId, counted, finishedAt) index with min/max probes (so plans stay good whatever the
// statistics say), and writes only rows whose derived value actually changes.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { loadMetricSettings } from '@/lib/metrics/settings';

/**
 * What changed. `repositoryIds`: repositories whose deployments, changes, incidents or findings were
 * written (before and after a record moved), whose production rule changed, or which moved between
 * teams. `teamIds`: teams whose team-only incidents were written, or whose set of repositories
 * changed (the old and the new team, the old and the new parent): their team-only incidents, and those
 * of their ancestors, are relinked. `'all'`: everything (e.g. after the incident window changed).
 *
 * `since` (optional, for batches of recent records): the earliest of the written deployments'
 * finishedAt — old and new values —, changes' mergedAt and incidents' startedAt (new values). Links can
 * then only have changed at or after it, and relink touches only those records instead of the
 * repositories' whole history. Leave it out when a production rule or a team's repositories changed.
 */
export type RelinkTarget = 'all' | { repositoryIds: readonly number[]; teamIds?: readonly number[]; since?: Date };

/** Arbitrary constant: every relink takes this transaction-level advisory lock. */
const RELINK_LOCK = [7_241_001, 1] as const;
/** Relinking everything on a large database takes a while; a batch's relink takes milliseconds. */
const RELINK_TIMEOUT_MS = 15 * 60_000;

/**
 * Recompute the derived columns affected by `target`. Call it in the transaction that wrote the
 * records (given the root client, it opens its own). The advisory lock makes concurrent relinks run
 * one after the other, so the second sees the first's committed rows; take it first thing in a
 * writing transaction (`lockRelink`) to avoid lock-order deadlocks between concurrent batches.
 */
export async function relink(db: DbClient, target: RelinkTarget): Promise<void> {
  if (target !== 'all' && target.repositoryIds.length === 0 && (target.teamIds ?? []).length === 0) return;
  if ('$transaction' in db) {
    await db.$transaction((tx) => relinkInTransaction(tx, target), { timeout: RELINK_TIMEOUT_MS, maxWait: RELINK_TIMEOUT_MS });
    return;
  }
  await relinkInTransaction(db, target);
}

export async function lockRelink(db: DbClient): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(${RELINK_LOCK[0]}::int, ${RELINK_LOCK[1]}::int)`;
}

async function relinkInTransaction(db: DbClient, target: RelinkTarget): Promise<void> {
  await lockRelink(db);
  // These are short statements over index probes: compiling them to machine code costs more than it saves.
  await db.$executeRaw`SET LOCAL jit = off`;
  const { incidentWindowHours } = await loadMetricSettings(db);
  const scope = relinkScope(target);
  await refreshStatistics(db, 'Deployment', await db.$executeRaw(countedStatement(scope)));
  const rollbackFrom = await rollbackLowerBound(db, scope);
  for (const { table, statement } of linkStatements(scope, incidentWindowHours, rollbackFrom)) {
    await refreshStatistics(db, table, await db.$executeRaw(statement));
  }
}

type LinkedTable = 'Deployment' | 'Change' | 'Incident' | 'Finding';

/**
 * Plans depend on how many deployments count, changes are shipped, incidents linked: after a bulk
 * load rewrites much of a table (stale statistics would say nothing counts, nothing is shipped),
 * refresh its statistics inside this transaction, before the next statement is planned.
 */
async function refreshStatistics(db: DbClient, table: LinkedTable, changedRows: number): Promise<void> {
  if (changedRows < 1000) return;
  const [stats] = await db.$queryRaw<{ rows: number }[]>`
    SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = ${`"${table}"`}::regclass`;
  // The table name comes from the closed union above, never from input.
  if (!stats || changedRows * 10 > stats.rows) await db.$executeRawUnsafe(`ANALYZE "${table}"`);
}

/**
 * With `since`, each repository's deployment sequence changed only from `since` on, so rollbacks are
 * recomputed from the last counted deployment before it (whose next deployment may have changed). The
 * earliest such instant over the repositories, as a plain value, lets the planner use the index.
 */
async function rollbackLowerBound(db: DbClient, scope: RelinkScope): Promise<Date | null> {
  if (scope.since === null) return null;
  const [bound] = await db.$queryRaw<{ from: Date | null }[]>`
    SELECT min(COALESCE(
             (SELECT max(p."finishedAt") FROM "Deployment" p
              WHERE p."repositoryId" = r.id AND p.counted AND p."finishedAt" < ${sinceValue(scope)}),
             ${sinceValue(scope)})) AS "from"
    FROM (${repositoriesRelation(scope)}) r`;
  return bound?.from ?? scope.since;
}

export interface RelinkScope {
  all: boolean;
  repositoryIds: number[];
  teamIds: number[];
  since: Date | null;
}

export function relinkScope(target: RelinkTarget): RelinkScope {
  if (target === 'all') return { all: true, repositoryIds: [], teamIds: [], since: null };
  return {
    all: false,
    repositoryIds: [...new Set(target.repositoryIds)],
    teamIds: [...new Set(target.teamIds ?? [])],
    since: target.since ?? null,
  };
}

// `column` arguments below are always constants from this file, never input.

/** `column = ANY(repositoryIds)`, or no condition at all when relinking everything. */
function inRepositories(scope: RelinkScope, column: string): Prisma.Sql {
  return scope.all ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(column)} = ANY(${scope.repositoryIds}::int[])`;
}

/** `column >= since`, or no condition without `since`. */
function fromSince(scope: RelinkScope, column: string): Prisma.Sql {
  return scope.since === null ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(column)} >= ${sinceValue(scope)}`;
}

/**
 * Deployments of the repositories finished since `since`, counted or not. Naming both values of
 * `counted` lets the (repositoryId, counted, finishedAt) index seek straight to `since`.
 */
function deploymentsSince(scope: RelinkScope, alias: string): Prisma.Sql {
  if (scope.since === null) return inRepositories(scope, `${alias}."repositoryId"`);
  return Prisma.sql`${inRepositories(scope, `${alias}."repositoryId"`)} AND ${Prisma.raw(alias)}.counted IN (false, true)
    AND ${fromSince(scope, `${alias}."finishedAt"`)}`;
}

function sinceValue(scope: RelinkScope): Prisma.Sql {
  return Prisma.sql`${(scope.since ?? new Date(0)).toISOString()}::timestamptz`;
}

/** The repositories as a one-column relation `(id)`. */
function repositoriesRelation(scope: RelinkScope): Prisma.Sql {
  return scope.all ? Prisma.sql`SELECT id FROM "Repository"` : Prisma.sql`SELECT unnest(${scope.repositoryIds}::int[]) AS id`;
}

/**
 * Whether a deployment counts: succeeded, in an environment matching the repository's production
 * rule as a whole value, in any case. Exported so a writer can set it on insert and spare an update.
 */
export function countedSql(deployment: string, repository: string): Prisma.Sql {
  const d = Prisma.raw(deployment);
  const r = Prisma.raw(repository);
  return Prisma.sql`(${d}.status = 'success' AND ${d}.environment ~* ('^(?:' || ${r}."productionPattern" || ')$'))`;
}

export function countedStatement(scope: RelinkScope): Prisma.Sql {
  // Only successes can count; a failure needs a look only if it is wrongly marked as counted.
  return Prisma.sql`
    UPDATE "Deployment" d SET counted = NOT d.counted
    FROM "Repository" r
    WHERE r.id = d."repositoryId" AND ${deploymentsSince(scope, 'd')}
      AND (d.status = 'success' OR d.counted)
      AND d.counted <> ${countedSql('d', 'r')}`;
}

/** Every statement after `counted`, in order, with the table each writes (exported for EXPLAIN). */
export function linkStatements(scope: RelinkScope, incidentWindowHours: number, rollbackFrom: Date | null): { table: LinkedTable; statement: Prisma.Sql }[] {
  return [
    { table: 'Deployment', statement: rollbacksStatement(scope, rollbackFrom) },
    { table: 'Change', statement: changesStatement(scope) },
    { table: 'Incident', statement: incidentsStatement(scope, incidentWindowHours) },
    { table: 'Finding', statement: findingsStatement(scope) },
  ];
}

/**
 * rolledBackAt: when the next counted deployment of the repository (by finishedAt, then externalId in
 * code point order, then id) is a rollback, its finishedAt. Deployments that do not count have none.
 */
function rollbacksStatement(scope: RelinkScope, rollbackFrom: Date | null): Prisma.Sql {
  // Per repository: from its last counted deployment before `since`; overall (for the index): rollbackFrom.
  const lowerBound = scope.since === null
    ? Prisma.sql`'-infinity'::timestamptz`
    : Prisma.sql`COALESCE((SELECT max(p."finishedAt") FROM "Deployment" p
                           WHERE p."repositoryId" = r.id AND p.counted AND p."finishedAt" < ${sinceValue(scope)}),
                          ${sinceValue(scope)})`;
  const overall = rollbackFrom === null ? Prisma.sql`TRUE` : Prisma.sql`d."finishedAt" >= ${rollbackFrom.toISOString()}::timestamptz`;
  return Prisma.sql`
    WITH bounds AS MATERIALIZED (
      SELECT r.id, ${lowerBound} AS lower_bound FROM (${repositoriesRelation(scope)}) r
    ),
    candidates AS (
      SELECT d.id, d."repositoryId", d.counted, d."isRollback", d."finishedAt", d."externalId"
      FROM bounds b JOIN "Deployment" d ON d."repositoryId" = b.id AND d.counted AND d."finishedAt" >= b.lower_bound
      WHERE ${overall}
      UNION ALL
      -- Stopped counting: loses its rolledBackAt.
      SELECT d.id, d."repositoryId", d.counted, d."isRollback", d."finishedAt", d."externalId"
      FROM bounds b JOIN "Deployment" d ON d."repositoryId" = b.id AND NOT d.counted AND d."finishedAt" >= b.lower_bound
      WHERE d."rolledBackAt" IS NOT NULL AND ${overall}
    )
    UPDATE "Deployment" d SET "rolledBackAt" = next.rolled_back_at
    FROM (
      SELECT id,
             CASE WHEN counted AND lead("isRollback") OVER w THEN lead("finishedAt") OVER w END AS rolled_back_at
      FROM candidates
      WINDOW w AS (PARTITION BY "repositoryId", counted ORDER BY "finishedAt", "externalId" COLLATE "C", id)
    ) next
    WHERE d.id = next.id AND d."rolledBackAt" IS DISTINCT FROM next.rolled_back_at`;
}

/**
 * A change is shipped by the earliest counted deployment of its repository that lists it (by
 * externalId, or by merge SHA in any case), else by the first counted deployment at or after its merge
 * (ties: smallest externalId). Rework: a `hotfix` label in any case, or a title starting "Revert ".
 */
function changeTargets(scope: RelinkScope): Prisma.Sql {
  if (scope.since === null) return Prisma.sql`SELECT id FROM "Change" WHERE ${inRepositories(scope, '"repositoryId"')}`;
  const since = sinceValue(scope);
  // Changes merged since, shipped since, unshipped but now shippable, or listed by a deployment since.
  return Prisma.sql`
    SELECT id FROM "Change" WHERE ${inRepositories(scope, '"repositoryId"')} AND "mergedAt" >= ${since}
    UNION
    SELECT id FROM "Change" WHERE ${inRepositories(scope, '"repositoryId"')} AND "deployedAt" >= ${since}
    UNION
    SELECT c.id FROM "Change" c
    WHERE ${inRepositories(scope, 'c."repositoryId"')} AND c."deployedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "Deployment" d
                  WHERE d."repositoryId" = c."repositoryId" AND d.counted AND d."finishedAt" >= GREATEST(c."mergedAt", ${since}))
    UNION
    SELECT c.id
    FROM "Deployment" d
    JOIN "DeploymentChange" dc ON dc."deploymentId" = d.id
    JOIN "Change" c ON c."repositoryId" = d."repositoryId" AND c."mergeSha" = dc.ref
    WHERE ${inRepositories(scope, 'd."repositoryId"')} AND d.counted AND d."finishedAt" >= ${since}
    UNION
    -- By externalId, through the (sourceId, externalId) key: a list may name any source's change.
    SELECT c.id
    FROM "Deployment" d
    JOIN "DeploymentChange" dc ON dc."deploymentId" = d.id
    CROSS JOIN "Source" s
    JOIN "Change" c ON c."sourceId" = s.id AND c."externalId" = dc.ref AND c."repositoryId" = d."repositoryId"
    WHERE ${inRepositories(scope, 'd."repositoryId"')} AND d.counted AND d."finishedAt" >= ${since}`;
}

function changesStatement(scope: RelinkScope): Prisma.Sql {
  return Prisma.sql`
    WITH target AS MATERIALIZED (
      SELECT c.id, c."repositoryId", c."externalId", c."mergeSha", c."mergedAt", c.labels, c.title
      FROM "Change" c WHERE c.id IN (${changeTargets(scope)})
    ),
    listed AS (
      SELECT t.id AS change_id, d.id, d."finishedAt", d."externalId"
      FROM target t
      JOIN "DeploymentChange" dc ON dc.ref = t."externalId"
      JOIN "Deployment" d ON d.id = dc."deploymentId" AND d."repositoryId" = t."repositoryId" AND d.counted
      UNION
      SELECT t.id, d.id, d."finishedAt", d."externalId"
      FROM target t
      JOIN "DeploymentChange" dc ON dc.ref = t."mergeSha"
      JOIN "Deployment" d ON d.id = dc."deploymentId" AND d."repositoryId" = t."repositoryId" AND d.counted
    ),
    explicit AS (
      SELECT DISTINCT ON (change_id) change_id, id, "finishedAt"
      FROM listed
      ORDER BY change_id, "finishedAt", "externalId" COLLATE "C", id
    ),
    derived AS (
      SELECT t.id,
             COALESCE(explicit.id, fallback.id) AS shipped_by_id,
             COALESCE(explicit."finishedAt", fallback."finishedAt") AS deployed_at,
             (EXISTS (SELECT 1 FROM unnest(t.labels) AS label WHERE lower(label) = 'hotfix')
               OR COALESCE(starts_with(t.title, 'Revert '), false)) AS is_rework
      FROM target t
      LEFT JOIN explicit ON explicit.change_id = t.id
      LEFT JOIN LATERAL (
        SELECT d.id, d."finishedAt"
        FROM "Deployment" d
        WHERE explicit.id IS NULL
          AND d."repositoryId" = t."repositoryId" AND d.counted
          AND d."finishedAt" = (SELECT min(first."finishedAt") FROM "Deployment" first
                                WHERE first."repositoryId" = t."repositoryId" AND first.counted
                                  AND first."finishedAt" >= t."mergedAt")
        ORDER BY d."externalId" COLLATE "C", d.id
        LIMIT 1
      ) fallback ON TRUE
    )
    UPDATE "Change" c
    SET "shippedById" = derived.shipped_by_id, "deployedAt" = derived.deployed_at, "isRework" = derived.is_rework
    FROM derived
    WHERE c.id = derived.id
      AND (c."shippedById" IS DISTINCT FROM derived.shipped_by_id
        OR c."deployedAt" IS DISTINCT FROM derived.deployed_at
        OR c."isRework" IS DISTINCT FROM derived.is_rework)`;
}

/**
 * Incidents whose cause may have changed: those of the repositories; team-only ones of the teams (and
 * their ancestors) holding those repositories or named in `teamIds` (with `since`: those started since,
 * as older windows hold no changed deployment); and those naming a cause explicitly that is, or may now
 * be, a deployment of the repositories (explicit causes cross repositories), or that names nothing
 * found yet.
 */
function incidentTargets(scope: RelinkScope): Prisma.Sql {
  if (scope.all) return Prisma.sql`SELECT id FROM "Incident"`;
  const repositoryIds = Prisma.sql`${scope.repositoryIds}::int[]`;
  // Deployments whose change can move an explicit cause: those of the repositories (since `since`).
  const changedDeployments = Prisma.sql`
    SELECT d.id, d."externalId", d.sha FROM "Deployment" d WHERE ${deploymentsSince(scope, 'd')}`;
  return Prisma.sql`
    SELECT i.id FROM "Incident" i
    WHERE i."repositoryId" = ANY(${repositoryIds}) AND ${fromSince(scope, 'i."startedAt"')}
    UNION
    SELECT i.id FROM "Incident" i
    WHERE i."repositoryId" IS NULL AND ${fromSince(scope, 'i."startedAt"')} AND i."teamId" IN (
      WITH RECURSIVE ancestors(id) AS (
        SELECT "teamId" FROM "Repository" WHERE id = ANY(${repositoryIds}) AND "teamId" IS NOT NULL
        UNION SELECT unnest(${scope.teamIds}::int[])
        UNION SELECT t."parentId" FROM "Team" t JOIN ancestors a ON t.id = a.id WHERE t."parentId" IS NOT NULL
      )
      SELECT id FROM ancestors)
    UNION
    SELECT i.id FROM "Incident" i
    WHERE i."causeRef" IS NOT NULL AND (
      i."causeDeploymentId" IS NULL
      OR i."causeDeploymentId" IN (SELECT id FROM (${changedDeployments}) changed)
      OR i."causeRef" IN (SELECT "externalId" FROM (${changedDeployments}) changed)
      OR lower(i."causeRef") IN (SELECT sha FROM (${changedDeployments}) changed WHERE sha IS NOT NULL))`;
}

/**
 * The explicitly named deployment (by externalId, else by sha — stored in lower case; counted ones
 * first, then the earliest) wins, even one that does not count; otherwise the latest counted deployment
 * of the incident's repository (a team-only incident: of its team's repositories, children included)
 * at most the window before its start, both ends included (ties: greatest externalId); otherwise none.
 */
function incidentsStatement(scope: RelinkScope, windowHours: number): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE target AS MATERIALIZED (
      SELECT i.id, i."repositoryId", i."teamId", i."startedAt", i."causeRef"
      FROM "Incident" i WHERE i.id IN (${incidentTargets(scope)})
    ),
    subtree(root, id) AS (
      SELECT DISTINCT "teamId", "teamId" FROM target WHERE "repositoryId" IS NULL AND "teamId" IS NOT NULL
      UNION
      SELECT s.root, t.id FROM subtree s JOIN "Team" t ON t."parentId" = s.id
    ),
    explicit AS (
      SELECT t.id, COALESCE(by_external_id.id, by_sha.id) AS deployment_id
      FROM target t
      LEFT JOIN LATERAL (
        SELECT d.id FROM "Deployment" d WHERE d."externalId" = t."causeRef"
        ORDER BY d.counted DESC, d."finishedAt", d."externalId" COLLATE "C", d.id LIMIT 1
      ) by_external_id ON TRUE
      LEFT JOIN LATERAL (
        SELECT d.id FROM "Deployment" d WHERE by_external_id.id IS NULL AND d.sha = lower(t."causeRef")
        ORDER BY d.counted DESC, d."finishedAt", d."externalId" COLLATE "C", d.id LIMIT 1
      ) by_sha ON TRUE
      WHERE t."causeRef" IS NOT NULL
    ),
    candidates AS (
      SELECT t.id AS incident_id, t."startedAt", t."repositoryId" AS repository_id
      FROM target t WHERE t."repositoryId" IS NOT NULL
      UNION ALL
      SELECT t.id, t."startedAt", r.id
      FROM target t JOIN subtree s ON s.root = t."teamId" JOIN "Repository" r ON r."teamId" = s.id
      WHERE t."repositoryId" IS NULL
    ),
    latest AS (
      SELECT c.incident_id, c.repository_id, (
               SELECT max(d."finishedAt") FROM "Deployment" d
               WHERE d."repositoryId" = c.repository_id AND d.counted
                 AND d."finishedAt" <= c."startedAt"
                 AND d."finishedAt" >= c."startedAt" - make_interval(hours => ${windowHours}::int)
             ) AS finished_at
      FROM candidates c
      LEFT JOIN explicit e ON e.id = c.incident_id
      WHERE e.deployment_id IS NULL
    ),
    heuristic AS (
      SELECT DISTINCT ON (l.incident_id) l.incident_id AS id, d.id AS deployment_id
      FROM latest l
      JOIN "Deployment" d ON d."repositoryId" = l.repository_id AND d.counted AND d."finishedAt" = l.finished_at
      ORDER BY l.incident_id, d."finishedAt" DESC, d."externalId" COLLATE "C" DESC, d.id DESC
    ),
    derived AS (
      SELECT t.id,
             COALESCE(e.deployment_id, h.deployment_id) AS cause_id,
             CASE WHEN e.deployment_id IS NOT NULL THEN 'explicit'
                  WHEN h.deployment_id IS NOT NULL THEN 'heuristic' END AS link_kind
      FROM target t
      LEFT JOIN explicit e ON e.id = t.id
      LEFT JOIN heuristic h ON h.id = t.id
    )
    UPDATE "Incident" i
    SET "causeDeploymentId" = derived.cause_id, "linkKind" = derived.link_kind
    FROM derived
    WHERE i.id = derived.id
      AND (i."causeDeploymentId" IS DISTINCT FROM derived.cause_id OR i."linkKind" IS DISTINCT FROM derived.link_kind)`;
}

/**
 * Findings dismissed as false positive, used in tests or inaccurate are left out of every figure.
 * Reasons compare as lib/metrics/types.ts normalizeDismissalReason does: trimmed, lower case, runs of
 * `_`/`-` and of spaces as one space.
 */
function findingsStatement(scope: RelinkScope): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Finding" f SET excluded = NOT f.excluded
    WHERE ${inRepositories(scope, 'f."repositoryId"')}
      AND (f.state = 'dismissed' OR f.excluded)
      AND f.excluded <> COALESCE(
        f.state = 'dismissed'
        AND regexp_replace(regexp_replace(lower(regexp_replace(f."dismissedReason", '^\\s+|\\s+$', '', 'g')), '[_-]+', ' ', 'g'), '\\s+', ' ', 'g')
            IN ('false positive', 'used in tests', 'inaccurate'),
        false)`;
}
