// Maintains the derived columns of the schema (Deployment.counted / rolledBackAt, Change.isRework /
// shippedById / deployedAt, Incident.causeDeploymentId / linkKind, Finding.excluded) from all the data
// present, so metrics never depend on the order records arrived in. The definitions are those of
// lib/metrics/reference/links.ts; the property test in tests/integration/metrics holds the two equal.
//
// Every statement is set-based over the records of the given repositories, and writes only rows whose
// derived value actually changes.
import type { DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { loadMetricSettings } from '@/lib/metrics/settings';

/**
 * What changed. `repositoryIds`: repositories whose deployments, changes, incidents or findings were
 * written (before and after a record moved), whose production rule changed, or which moved between
 * teams. `teamIds`: teams whose team-only incidents were written, or whose set of repositories
 * changed (the old and the new team, the old and the new parent): their team-only incidents, and those
 * of their ancestors, are relinked. `'all'`: everything (e.g. after the incident window changed).
 */
export type RelinkTarget = 'all' | { repositoryIds: readonly number[]; teamIds?: readonly number[] };

/** Arbitrary constant: every relink takes this transaction-level advisory lock. */
const RELINK_LOCK = [7_241_001, 1] as const;
/** Relinking everything on a large database takes a while; a batch's relink takes milliseconds. */
const RELINK_TIMEOUT_MS = 15 * 60_000;

/**
 * Recompute the derived columns affected by `target`. Call it in the transaction that wrote the
 * records: the advisory lock makes concurrent relinks run one after the other, so the second sees
 * the first's committed rows. Take the same lock first thing in a writing transaction
 * (`lockRelink`) to avoid lock-order deadlocks between two concurrent batches on the same rows.
 */
export async function relink(db: DbClient, target: RelinkTarget): Promise<void> {
  if (target !== 'all' && target.repositoryIds.length === 0 && (target.teamIds ?? []).length === 0) return;
  // Given the root client, relink in a transaction of its own: all derived columns change together.
  if ('$transaction' in db) {
    await db.$transaction((tx) => relinkInTransaction(tx, target), { timeout: RELINK_TIMEOUT_MS, maxWait: RELINK_TIMEOUT_MS });
    return;
  }
  await relinkInTransaction(db, target);
}

async function relinkInTransaction(db: DbClient, target: RelinkTarget): Promise<void> {
  await lockRelink(db);
  const { incidentWindowHours } = await loadMetricSettings(db);
  const scope = relinkScope(target);
  await relinkCounted(db, scope);
  await relinkRollbacks(db, scope);
  await relinkChanges(db, scope);
  await relinkIncidents(db, scope, incidentWindowHours);
  await relinkFindings(db, scope);
}

export async function lockRelink(db: DbClient): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(${RELINK_LOCK[0]}::int, ${RELINK_LOCK[1]}::int)`;
}

interface RelinkScope {
  all: boolean;
  repositoryIds: number[];
  teamIds: number[];
}

function relinkScope(target: RelinkTarget): RelinkScope {
  if (target === 'all') return { all: true, repositoryIds: [], teamIds: [] };
  return { all: false, repositoryIds: [...new Set(target.repositoryIds)], teamIds: [...new Set(target.teamIds ?? [])] };
}

/** `column = ANY(repositoryIds)`, or no condition at all when relinking everything. */
function inRepositories(scope: RelinkScope, column: string): Prisma.Sql {
  // `column` is always a constant from this file, never input.
  return scope.all ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(column)} = ANY(${scope.repositoryIds}::int[])`;
}

/** A deployment counts when it succeeded in an environment matching the whole production rule. */
async function relinkCounted(db: DbClient, scope: RelinkScope): Promise<void> {
  await db.$executeRaw`
    UPDATE "Deployment" d SET counted = NOT d.counted
    FROM "Repository" r
    WHERE r.id = d."repositoryId" AND ${inRepositories(scope, 'd."repositoryId"')}
      AND d.counted <> (d.status = 'success' AND d.environment ~* ('^(?:' || r."productionPattern" || ')$'))`;
}

/**
 * rolledBackAt: when the next counted deployment of the repository (by finishedAt, then externalId in
 * code point order, then id) is a rollback, its finishedAt. Deployments that do not count have none.
 */
async function relinkRollbacks(db: DbClient, scope: RelinkScope): Promise<void> {
  await db.$executeRaw`
    UPDATE "Deployment" d SET "rolledBackAt" = next.rolled_back_at
    FROM (
      SELECT id,
             CASE WHEN counted AND lead("isRollback") OVER w THEN lead("finishedAt") OVER w END AS rolled_back_at
      FROM "Deployment"
      WHERE ${inRepositories(scope, '"repositoryId"')}
      WINDOW w AS (PARTITION BY "repositoryId", counted ORDER BY "finishedAt", "externalId" COLLATE "C", id)
    ) next
    WHERE d.id = next.id AND d."rolledBackAt" IS DISTINCT FROM next.rolled_back_at`;
}

/**
 * A change is shipped by the earliest counted deployment of its repository that lists it (by
 * externalId, or by merge SHA in any case), else by the first counted deployment at or after its merge.
 */
async function relinkChanges(db: DbClient, scope: RelinkScope): Promise<void> {
  await db.$executeRaw`
    WITH listed AS (
      SELECT c.id AS change_id, d.id, d."finishedAt", d."externalId"
      FROM "Deployment" d
      JOIN "DeploymentChange" dc ON dc."deploymentId" = d.id
      JOIN "Change" c ON c."repositoryId" = d."repositoryId" AND c."externalId" = dc.ref
      WHERE d.counted AND ${inRepositories(scope, 'd."repositoryId"')}
      UNION
      SELECT c.id, d.id, d."finishedAt", d."externalId"
      FROM "Deployment" d
      JOIN "DeploymentChange" dc ON dc."deploymentId" = d.id
      JOIN "Change" c ON c."repositoryId" = d."repositoryId" AND lower(c."mergeSha") = lower(dc.ref)
      WHERE d.counted AND ${inRepositories(scope, 'd."repositoryId"')}
    ),
    explicit AS (
      SELECT DISTINCT ON (change_id) change_id, id, "finishedAt"
      FROM listed
      ORDER BY change_id, "finishedAt", "externalId" COLLATE "C", id
    ),
    derived AS (
      SELECT c.id,
             COALESCE(explicit.id, fallback.id) AS shipped_by_id,
             COALESCE(explicit."finishedAt", fallback."finishedAt") AS deployed_at,
             (EXISTS (SELECT 1 FROM unnest(c.labels) AS label WHERE lower(label) = 'hotfix')
               OR COALESCE(starts_with(c.title, 'Revert '), false)) AS is_rework
      FROM "Change" c
      LEFT JOIN explicit ON explicit.change_id = c.id
      LEFT JOIN LATERAL (
        SELECT d.id, d."finishedAt"
        FROM "Deployment" d
        WHERE explicit.id IS NULL
          AND d."repositoryId" = c."repositoryId" AND d.counted AND d."finishedAt" >= c."mergedAt"
        ORDER BY d."finishedAt", d."externalId" COLLATE "C", d.id
        LIMIT 1
      ) fallback ON TRUE
      WHERE ${inRepositories(scope, 'c."repositoryId"')}
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
 * their ancestors) holding those repositories or named in `teamIds`; and those naming a cause
 * explicitly that is, or may now be, a deployment of the repositories (explicit causes cross
 * repositories). Then: the explicitly named deployment (by externalId, else by sha; counted first,
 * then earliest) wins; otherwise the latest counted deployment of the incident's repositories at most
 * the window before its start (ties: greatest externalId); otherwise unlinked.
 */
async function relinkIncidents(db: DbClient, scope: RelinkScope, windowHours: number): Promise<void> {
  const targets = scope.all
    ? Prisma.sql`SELECT id FROM "Incident"`
    : Prisma.sql`
      SELECT i.id FROM "Incident" i WHERE i."repositoryId" = ANY(${scope.repositoryIds}::int[])
      UNION
      SELECT i.id FROM "Incident" i
      WHERE i."repositoryId" IS NULL AND i."teamId" IN (
        WITH RECURSIVE ancestors(id) AS (
          SELECT "teamId" FROM "Repository" WHERE id = ANY(${scope.repositoryIds}::int[]) AND "teamId" IS NOT NULL
          UNION SELECT unnest(${scope.teamIds}::int[])
          UNION SELECT t."parentId" FROM "Team" t JOIN ancestors a ON t.id = a.id WHERE t."parentId" IS NOT NULL
        )
        SELECT id FROM ancestors)
      UNION
      SELECT i.id FROM "Incident" i
      WHERE i."causeRef" IS NOT NULL AND (
        i."causeDeploymentId" IS NULL
        OR EXISTS (SELECT 1 FROM "Deployment" d
                   WHERE d.id = i."causeDeploymentId" AND d."repositoryId" = ANY(${scope.repositoryIds}::int[]))
        OR EXISTS (SELECT 1 FROM "Deployment" d
                   WHERE d."externalId" = i."causeRef" AND d."repositoryId" = ANY(${scope.repositoryIds}::int[]))
        OR EXISTS (SELECT 1 FROM "Deployment" d
                   WHERE d.sha = lower(i."causeRef") AND d."repositoryId" = ANY(${scope.repositoryIds}::int[])))`;
  await db.$executeRaw`
    WITH RECURSIVE target AS (${targets}),
    subtree(root, id) AS (
      SELECT DISTINCT i."teamId", i."teamId" FROM "Incident" i JOIN target USING (id)
      WHERE i."repositoryId" IS NULL AND i."teamId" IS NOT NULL
      UNION
      SELECT s.root, t.id FROM subtree s JOIN "Team" t ON t."parentId" = s.id
    ),
    incident_repositories AS (
      SELECT i.id AS incident_id, i."repositoryId" AS repository_id
      FROM "Incident" i JOIN target USING (id) WHERE i."repositoryId" IS NOT NULL
      UNION ALL
      SELECT i.id, r.id
      FROM "Incident" i JOIN target USING (id)
      JOIN subtree s ON s.root = i."teamId"
      JOIN "Repository" r ON r."teamId" = s.id
      WHERE i."repositoryId" IS NULL
    ),
    derived AS (
      SELECT i.id,
             COALESCE(by_external_id.id, by_sha.id) AS explicit_id,
             heuristic.id AS heuristic_id
      FROM "Incident" i
      JOIN target USING (id)
      LEFT JOIN LATERAL (
        SELECT d.id FROM "Deployment" d WHERE d."externalId" = i."causeRef"
        ORDER BY d.counted DESC, d."finishedAt", d."externalId" COLLATE "C", d.id LIMIT 1
      ) by_external_id ON TRUE
      LEFT JOIN LATERAL (
        SELECT d.id FROM "Deployment" d WHERE by_external_id.id IS NULL AND d.sha = lower(i."causeRef")
        ORDER BY d.counted DESC, d."finishedAt", d."externalId" COLLATE "C", d.id LIMIT 1
      ) by_sha ON TRUE
      LEFT JOIN LATERAL (
        SELECT d.id
        FROM incident_repositories ir
        JOIN "Deployment" d ON d."repositoryId" = ir.repository_id
        WHERE ir.incident_id = i.id AND by_external_id.id IS NULL AND by_sha.id IS NULL
          AND d.counted
          AND d."finishedAt" <= i."startedAt"
          AND d."finishedAt" >= i."startedAt" - make_interval(hours => ${windowHours}::int)
        ORDER BY d."finishedAt" DESC, d."externalId" COLLATE "C" DESC, d.id DESC
        LIMIT 1
      ) heuristic ON TRUE
    )
    UPDATE "Incident" i
    SET "causeDeploymentId" = COALESCE(derived.explicit_id, derived.heuristic_id),
        "linkKind" = CASE WHEN derived.explicit_id IS NOT NULL THEN 'explicit'
                          WHEN derived.heuristic_id IS NOT NULL THEN 'heuristic' END
    FROM derived
    WHERE i.id = derived.id
      AND (i."causeDeploymentId" IS DISTINCT FROM COALESCE(derived.explicit_id, derived.heuristic_id)
        OR i."linkKind" IS DISTINCT FROM CASE WHEN derived.explicit_id IS NOT NULL THEN 'explicit'
                                              WHEN derived.heuristic_id IS NOT NULL THEN 'heuristic' END)`;
}

/**
 * Findings dismissed as false positive, used in tests or inaccurate are left out of every figure.
 * Reasons compare as lib/metrics/types.ts normalizeDismissalReason does: trimmed, lower case, runs of
 * `_`/`-` and of spaces as one space.
 */
async function relinkFindings(db: DbClient, scope: RelinkScope): Promise<void> {
  await db.$executeRaw`
    UPDATE "Finding" f SET excluded = NOT f.excluded
    WHERE ${inRepositories(scope, 'f."repositoryId"')}
      AND f.excluded <> COALESCE(
        f.state = 'dismissed'
        AND regexp_replace(regexp_replace(lower(regexp_replace(f."dismissedReason", '^\\s+|\\s+$', '', 'g')), '[_-]+', ' ', 'g'), '\\s+', ' ', 'g')
            IN ('false positive', 'used in tests', 'inaccurate'),
        false)`;
}
