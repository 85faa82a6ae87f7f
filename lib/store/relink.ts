// Maintains the derived columns of the schema (Deployment.counted / rolledBackAt, Change.isRework /
// shippedById / deployedAt, Incident.causeDeploymentId / linkKind, Finding.excluded) from all the data
// present, so metrics never depend on the order records arrived in. The definitions are those of
// lib/metrics/reference/links.ts; the property test in tests/integration/metrics holds the two equal.
//
// Every statement is set-based over the records of the given repositories (or, after a write, over
// those within reach of the written deployments), looks neighbours up through the (repositoryId,
// counted, finishedAt) index with min/max probes (so plans stay good whatever the statistics say), and
// writes only rows whose derived value actually changes.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { loadMetricSettings } from '@/lib/metrics/settings';

/**
 * What changed. `'all'`: everything (e.g. after the incident window changed). `repositoryIds`:
 * repositories whose production rule changed, or which moved between teams; `teamIds`: teams whose
 * set of repositories changed (the old and the new team, the old and the new parent): their team-only
 * incidents, and those of their ancestors, are relinked. `deployments`: deployments a writer inserted or
 * changed (lib/store/ingest.ts); only the links they can reach are recomputed.
 *
 * Changes, incidents and findings written by lib/store/ingest.ts need no relink: nothing else depends
 * on them, and their own derived columns are computed as they are written (`changeLinks`,
 * `incidentLinks`, `excludedSql`).
 */
export type RelinkTarget = 'all' | { repositoryIds: readonly number[]; teamIds?: readonly number[] } | { deployments: WrittenDeployments };

export interface WrittenDeployments {
  /** Deployments inserted or changed (their own columns or their list of changes). */
  ids: readonly number[];
  /** Where those that existed were before the write (a deployment may move, or stop counting). */
  previous: readonly PreviousDeployment[];
}

export interface PreviousDeployment {
  id: number;
  repositoryId: number;
  finishedAt: Date;
  counted: boolean;
}

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
  if (isEmpty(target)) return;
  if ('$transaction' in db) {
    await db.$transaction((tx) => relinkInTransaction(tx, target), { timeout: RELINK_TIMEOUT_MS, maxWait: RELINK_TIMEOUT_MS });
    return;
  }
  await relinkInTransaction(db, target);
}

export async function lockRelink(db: DbClient): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(${RELINK_LOCK[0]}::int, ${RELINK_LOCK[1]}::int)`;
}

function isEmpty(target: RelinkTarget): boolean {
  if (target === 'all') return false;
  if ('deployments' in target) return target.deployments.ids.length === 0;
  return target.repositoryIds.length === 0 && (target.teamIds ?? []).length === 0;
}

async function relinkInTransaction(db: DbClient, target: RelinkTarget): Promise<void> {
  await lockRelink(db);
  // These are short statements over index probes: compiling them to machine code costs more than it saves.
  await db.$executeRaw`SET LOCAL jit = off`;
  const { incidentWindowHours } = await loadMetricSettings(db);
  const statements = target !== 'all' && 'deployments' in target
    ? deploymentStatements(target.deployments, incidentWindowHours)
    : [{ table: 'Deployment' as const, statement: countedStatement(relinkScope(target)) }, ...linkStatements(relinkScope(target), incidentWindowHours)];
  for (const { table, statement } of statements) {
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

interface RelinkScope {
  all: boolean;
  repositoryIds: number[];
  teamIds: number[];
}

function relinkScope(target: 'all' | { repositoryIds: readonly number[]; teamIds?: readonly number[] }): RelinkScope {
  if (target === 'all') return { all: true, repositoryIds: [], teamIds: [] };
  return { all: false, repositoryIds: [...new Set(target.repositoryIds)], teamIds: [...new Set(target.teamIds ?? [])] };
}

// `column` arguments below are always constants from this file, never input.

/** `column = ANY(repositoryIds)`, or no condition at all when relinking everything. */
function inRepositories(scope: RelinkScope, column: string): Prisma.Sql {
  return scope.all ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(column)} = ANY(${scope.repositoryIds}::int[])`;
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

function countedStatement(scope: RelinkScope): Prisma.Sql {
  return countedOf(inRepositories(scope, 'd."repositoryId"'));
}

function countedOf(deployments: Prisma.Sql): Prisma.Sql {
  // Only successes can count; a failure needs a look only if it is wrongly marked as counted.
  return Prisma.sql`
    UPDATE "Deployment" d SET counted = NOT d.counted
    FROM "Repository" r
    WHERE r.id = d."repositoryId" AND ${deployments}
      AND (d.status = 'success' OR d.counted)
      AND d.counted <> ${countedSql('d', 'r')}`;
}

type Statement = { table: LinkedTable; statement: Prisma.Sql };

/** Every statement after `counted`, in order, with the table each writes. */
function linkStatements(scope: RelinkScope, incidentWindowHours: number): Statement[] {
  return [
    { table: 'Deployment', statement: rollbacksStatement(scope) },
    { table: 'Change', statement: changesStatement(Prisma.sql`c.id IN (${changeTargets(scope)})`) },
    { table: 'Incident', statement: incidentsStatement(Prisma.sql`i.id IN (${incidentTargets(scope)})`, incidentWindowHours) },
    { table: 'Finding', statement: findingsStatement(scope) },
  ];
}

/**
 * rolledBackAt: when the next counted deployment of the repository (by finishedAt, then externalId in
 * code point order, then id) is a rollback, its finishedAt. Deployments that do not count have none.
 */
function rollbacksStatement(scope: RelinkScope): Prisma.Sql {
  return Prisma.sql`
    WITH candidates AS (
      SELECT d.id, d."repositoryId", d.counted, d."isRollback", d."finishedAt", d."externalId"
      FROM "Deployment" d
      WHERE ${inRepositories(scope, 'd."repositoryId"')} AND (d.counted OR d."rolledBackAt" IS NOT NULL)
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
  return Prisma.sql`SELECT id FROM "Change" WHERE ${inRepositories(scope, '"repositoryId"')}`;
}

/** `which` is a condition on `c`, the "Change" rows to recompute. */
function changesStatement(which: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH target AS MATERIALIZED (
      SELECT c.id AS key, c."repositoryId", c."externalId", c."mergeSha", c."mergedAt", c.labels, c.title
      FROM "Change" c WHERE ${which}
    )
    UPDATE "Change" c
    SET "shippedById" = derived.shipped_by_id, "deployedAt" = derived.deployed_at, "isRework" = derived.is_rework
    FROM (${changeLinks('target')}) derived
    WHERE c.id = derived.key
      AND (c."shippedById" IS DISTINCT FROM derived.shipped_by_id
        OR c."deployedAt" IS DISTINCT FROM derived.deployed_at
        OR c."isRework" IS DISTINCT FROM derived.is_rework)`;
}

/**
 * The derived columns of the changes in relation `target` (a CTE name; columns key, "repositoryId",
 * "externalId", "mergeSha" — lower case —, "mergedAt", labels, title): `key`, `shipped_by_id`,
 * `deployed_at`, `is_rework`. They depend on the change and on deployments only, so a writer computes
 * them for the changes it writes, in the same statement (lib/store/ingest.ts).
 */
export function changeLinks(target: string): Prisma.Sql {
  const t = Prisma.raw(target);
  return Prisma.sql`
    WITH listed AS (
      SELECT t.key AS change_key, d.id, d."finishedAt", d."externalId"
      FROM ${t} t
      JOIN "DeploymentChange" dc ON dc.ref = t."externalId"
      JOIN "Deployment" d ON d.id = dc."deploymentId" AND d."repositoryId" = t."repositoryId" AND d.counted
      UNION
      SELECT t.key, d.id, d."finishedAt", d."externalId"
      FROM ${t} t
      JOIN "DeploymentChange" dc ON dc.ref = t."mergeSha"
      JOIN "Deployment" d ON d.id = dc."deploymentId" AND d."repositoryId" = t."repositoryId" AND d.counted
    ),
    explicit AS (
      SELECT DISTINCT ON (change_key) change_key, id, "finishedAt"
      FROM listed
      ORDER BY change_key, "finishedAt", "externalId" COLLATE "C", id
    )
    SELECT t.key,
           COALESCE(explicit.id, fallback.id) AS shipped_by_id,
           COALESCE(explicit."finishedAt", fallback."finishedAt") AS deployed_at,
           (EXISTS (SELECT 1 FROM unnest(t.labels) AS label WHERE lower(label) = 'hotfix')
             OR COALESCE(starts_with(t.title, 'Revert '), false)) AS is_rework
    FROM ${t} t
    LEFT JOIN explicit ON explicit.change_key = t.key
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
    ) fallback ON TRUE`;
}

/**
 * Incidents whose cause may have changed: those of the repositories; team-only ones of the teams (and
 * their ancestors) holding those repositories or named in `teamIds`; and those naming a cause
 * explicitly that is, or may now be, a deployment of the repositories (explicit causes cross
 * repositories), or that names nothing found yet.
 */
function incidentTargets(scope: RelinkScope): Prisma.Sql {
  if (scope.all) return Prisma.sql`SELECT id FROM "Incident"`;
  const repositoryIds = Prisma.sql`${scope.repositoryIds}::int[]`;
  // Deployments whose change can move an explicit cause: those of the repositories.
  const changedDeployments = Prisma.sql`
    SELECT d.id, d."externalId", d.sha FROM "Deployment" d WHERE d."repositoryId" = ANY(${repositoryIds})`;
  return Prisma.sql`
    SELECT i.id FROM "Incident" i
    WHERE i."repositoryId" = ANY(${repositoryIds})
    UNION
    SELECT i.id FROM "Incident" i
    WHERE i."repositoryId" IS NULL AND i."teamId" IN (
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
function incidentsStatement(which: Prisma.Sql, windowHours: number): Prisma.Sql {
  // `which` is a condition on `i`, the "Incident" rows to recompute.
  return Prisma.sql`
    WITH target AS MATERIALIZED (
      SELECT i.id AS key, i."repositoryId", i."teamId", i."startedAt", i."causeRef"
      FROM "Incident" i WHERE ${which}
    )
    UPDATE "Incident" i
    SET "causeDeploymentId" = derived.cause_id, "linkKind" = derived.link_kind
    FROM (${incidentLinks('target', windowHours)}) derived
    WHERE i.id = derived.key
      AND (i."causeDeploymentId" IS DISTINCT FROM derived.cause_id OR i."linkKind" IS DISTINCT FROM derived.link_kind)`;
}

/**
 * The cause of the incidents in relation `target` (a CTE name; columns key, "repositoryId", "teamId",
 * "startedAt", "causeRef"): `key`, `cause_id`, `link_kind`. It depends on the incident, deployments and
 * teams only, so a writer computes it for the incidents it writes, in the same statement.
 */
export function incidentLinks(target: string, windowHours: number): Prisma.Sql {
  const t = Prisma.raw(target);
  return Prisma.sql`
    WITH RECURSIVE subtree(root, id) AS (
      SELECT DISTINCT "teamId", "teamId" FROM ${t} WHERE "repositoryId" IS NULL AND "teamId" IS NOT NULL
      UNION
      SELECT s.root, team.id FROM subtree s JOIN "Team" team ON team."parentId" = s.id
    ),
    explicit AS (
      SELECT t.key, COALESCE(by_external_id.id, by_sha.id) AS deployment_id
      FROM ${t} t
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
      SELECT t.key AS incident_key, t."startedAt", t."repositoryId" AS repository_id
      FROM ${t} t WHERE t."repositoryId" IS NOT NULL
      UNION ALL
      SELECT t.key, t."startedAt", r.id
      FROM ${t} t JOIN subtree s ON s.root = t."teamId" JOIN "Repository" r ON r."teamId" = s.id
      WHERE t."repositoryId" IS NULL
    ),
    latest AS (
      SELECT c.incident_key, c.repository_id, (
               SELECT max(d."finishedAt") FROM "Deployment" d
               WHERE d."repositoryId" = c.repository_id AND d.counted
                 AND d."finishedAt" <= c."startedAt"
                 AND d."finishedAt" >= c."startedAt" - make_interval(hours => ${windowHours}::int)
             ) AS finished_at
      FROM candidates c
      LEFT JOIN explicit e ON e.key = c.incident_key
      WHERE e.deployment_id IS NULL
    ),
    heuristic AS (
      SELECT DISTINCT ON (l.incident_key) l.incident_key AS key, d.id AS deployment_id
      FROM latest l
      JOIN "Deployment" d ON d."repositoryId" = l.repository_id AND d.counted AND d."finishedAt" = l.finished_at
      ORDER BY l.incident_key, d."finishedAt" DESC, d."externalId" COLLATE "C" DESC, d.id DESC
    )
    SELECT t.key,
           COALESCE(e.deployment_id, h.deployment_id) AS cause_id,
           CASE WHEN e.deployment_id IS NOT NULL THEN 'explicit'
                WHEN h.deployment_id IS NOT NULL THEN 'heuristic' END AS link_kind
    FROM ${t} t
    LEFT JOIN explicit e ON e.key = t.key
    LEFT JOIN heuristic h ON h.key = t.key`;
}

/**
 * Whether a finding is left out of every figure: dismissed as false positive, used in tests or
 * inaccurate. Reasons compare as lib/metrics/types.ts normalizeDismissalReason does: trimmed, lower
 * case, runs of `_`/`-` and of spaces as one space. A finding's own columns decide it, so writers set it
 * with this expression (`finding` names a relation with `state` and `dismissedReason`).
 */
export function excludedSql(finding: string): Prisma.Sql {
  const f = Prisma.raw(finding);
  return Prisma.sql`COALESCE(
        ${f}.state = 'dismissed'
        AND regexp_replace(regexp_replace(lower(regexp_replace(${f}."dismissedReason", '^\\s+|\\s+$', '', 'g')), '[_-]+', ' ', 'g'), '\\s+', ' ', 'g')
            IN ('false positive', 'used in tests', 'inaccurate'),
        false)`;
}

function findingsStatement(scope: RelinkScope): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Finding" f SET excluded = NOT f.excluded
    WHERE ${inRepositories(scope, 'f."repositoryId"')}
      AND (f.state = 'dismissed' OR f.excluded)
      AND f.excluded <> ${excludedSql('f')}`;
}

// Written deployments: a write can only move the links within reach of the deployments it inserted or
// changed, so those are found by index probes around each of them, whatever the size of the history.

/** The statements after deployments were written, in order. */
function deploymentStatements(written: WrittenDeployments, incidentWindowHours: number): Statement[] {
  const ids = Prisma.sql`${[...new Set(written.ids)]}::int[]`;
  // `= ANY(ARRAY(…))` rather than `IN (…)`: the planner then expects a handful of rows and probes the
  // primary key, instead of hashing a whole table to join a few thousand ids.
  return [
    { table: 'Deployment', statement: countedOf(Prisma.sql`d.id = ANY(${ids})`) },
    { table: 'Deployment', statement: rollbacksNearDeployments(written) },
    { table: 'Change', statement: changesStatement(Prisma.sql`c.id = ANY(ARRAY(${changesNearDeployments(ids)}))`) },
    { table: 'Incident', statement: incidentsStatement(Prisma.sql`i.id = ANY(ARRAY(${incidentsNearDeployments(ids, incidentWindowHours)}))`, incidentWindowHours) },
  ];
}

/**
 * rolledBackAt of the deployments whose next counted deployment may have changed: the written ones,
 * and the counted deployment just before each place a written one now is or (counted) was.
 */
function rollbacksNearDeployments({ ids, previous }: WrittenDeployments): Prisma.Sql {
  const counted = previous.filter((position) => position.counted);
  return Prisma.sql`
    WITH written AS MATERIALIZED (
      SELECT id, "repositoryId", "finishedAt", "externalId", counted FROM "Deployment" WHERE id = ANY(${[...ids]}::int[])
    ),
    places AS (
      SELECT id, "repositoryId", "finishedAt", "externalId" FROM written WHERE counted
      UNION ALL
      SELECT p.id, p."repositoryId", p."finishedAt", w."externalId"
      FROM unnest(${counted.map((p) => p.id)}::int[], ${counted.map((p) => p.repositoryId)}::int[],
                  ${counted.map((p) => p.finishedAt.toISOString())}::timestamptz[]) AS p(id, "repositoryId", "finishedAt")
      JOIN written w ON w.id = p.id
    ),
    targets AS (
      SELECT id FROM written
      UNION
      SELECT before.id
      FROM places p
      CROSS JOIN LATERAL (
        SELECT b.id FROM "Deployment" b
        WHERE b."repositoryId" = p."repositoryId" AND b.counted AND b."finishedAt" <= p."finishedAt"
          AND (b."finishedAt", b."externalId" COLLATE "C", b.id) < (p."finishedAt", p."externalId" COLLATE "C", p.id)
        ORDER BY b."finishedAt" DESC, b."externalId" COLLATE "C" DESC, b.id DESC
        LIMIT 1
      ) before
    )
    UPDATE "Deployment" d SET "rolledBackAt" = next.rolled_back_at
    FROM (
      SELECT x.id, CASE WHEN after."isRollback" THEN after."finishedAt" END AS rolled_back_at
      FROM "Deployment" x
      LEFT JOIN LATERAL (
        SELECT a."isRollback", a."finishedAt" FROM "Deployment" a
        WHERE x.counted AND a."repositoryId" = x."repositoryId" AND a.counted AND a."finishedAt" >= x."finishedAt"
          AND (a."finishedAt", a."externalId" COLLATE "C", a.id) > (x."finishedAt", x."externalId" COLLATE "C", x.id)
        ORDER BY a."finishedAt", a."externalId" COLLATE "C", a.id
        LIMIT 1
      ) after ON TRUE
      -- Probes by primary key: joining the targets instead let the planner hash the whole table.
      WHERE x.id = ANY(ARRAY(SELECT id FROM targets))
    ) next
    WHERE d.id = next.id AND d."rolledBackAt" IS DISTINCT FROM next.rolled_back_at`;
}

/**
 * Changes whose shipping deployment may have changed: those a written deployment shipped; those whose
 * first counted deployment at or after their merge may now be a written one (merged after the counted
 * deployment before it, up to it); and those a written deployment lists.
 */
function changesNearDeployments(ids: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id FROM "Change" c WHERE c."shippedById" = ANY(${ids})
    UNION
    -- Both ends of the merge interval bound the index scan (OFFSET 0 keeps the planner from pulling
    -- the lateral up into a join that filters each repository's whole history).
    SELECT merged.id
    FROM "Deployment" w
    CROSS JOIN LATERAL (
      SELECT max(b."finishedAt") AS at FROM "Deployment" b
      WHERE b."repositoryId" = w."repositoryId" AND b.counted AND b."finishedAt" < w."finishedAt"
    ) prior
    CROSS JOIN LATERAL (
      SELECT c.id FROM "Change" c
      WHERE c."repositoryId" = w."repositoryId" AND c."mergedAt" <= w."finishedAt"
        AND c."mergedAt" > COALESCE(prior.at, '-infinity'::timestamptz)
      OFFSET 0
    ) merged
    WHERE w.id = ANY(${ids}) AND w.counted
    UNION
    SELECT c.id
    FROM "Deployment" w
    JOIN "DeploymentChange" dc ON dc."deploymentId" = w.id
    JOIN "Change" c ON c."repositoryId" = w."repositoryId" AND c."mergeSha" = dc.ref
    WHERE w.id = ANY(${ids})
    UNION
    -- By externalId, through the (sourceId, externalId) key: a list may name any source's change.
    SELECT c.id
    FROM "Deployment" w
    JOIN "DeploymentChange" dc ON dc."deploymentId" = w.id
    CROSS JOIN "Source" s
    JOIN "Change" c ON c."sourceId" = s.id AND c."externalId" = dc.ref AND c."repositoryId" = w."repositoryId"
    WHERE w.id = ANY(${ids})`;
}

/**
 * Incidents whose cause may have changed: those a written deployment caused; those of its repository,
 * and team-only ones of its team and that team's ancestors, started within the window after it; and
 * those naming a cause explicitly that a written deployment is (by externalId or sha), or nothing found yet.
 */
function incidentsNearDeployments(ids: Prisma.Sql, windowHours: number): Prisma.Sql {
  const window = Prisma.sql`make_interval(hours => ${windowHours}::int)`;
  return Prisma.sql`
    SELECT i.id FROM "Incident" i WHERE i."causeDeploymentId" = ANY(${ids})
    UNION
    SELECT i.id
    FROM "Deployment" w
    JOIN "Incident" i ON i."repositoryId" = w."repositoryId" AND i."startedAt" >= w."finishedAt" AND i."startedAt" <= w."finishedAt" + ${window}
    WHERE w.id = ANY(${ids}) AND w.counted
    UNION
    SELECT i.id
    FROM (
      WITH RECURSIVE teams(id, at) AS (
        SELECT r."teamId", w."finishedAt"
        FROM "Deployment" w JOIN "Repository" r ON r.id = w."repositoryId"
        WHERE w.id = ANY(${ids}) AND w.counted AND r."teamId" IS NOT NULL
        UNION
        SELECT t."parentId", teams.at FROM "Team" t JOIN teams ON t.id = teams.id WHERE t."parentId" IS NOT NULL
      )
      SELECT id, at FROM teams
    ) team
    JOIN "Incident" i ON i."repositoryId" IS NULL AND i."teamId" = team.id AND i."startedAt" >= team.at AND i."startedAt" <= team.at + ${window}
    UNION
    SELECT i.id FROM "Incident" i
    WHERE i."causeRef" IS NOT NULL AND (
      i."causeDeploymentId" IS NULL
      OR i."causeRef" IN (SELECT "externalId" FROM "Deployment" WHERE id = ANY(${ids}))
      OR lower(i."causeRef") IN (SELECT sha FROM "Deployment" WHERE id = ANY(${ids}) AND sha IS NOT NULL))`;
}
