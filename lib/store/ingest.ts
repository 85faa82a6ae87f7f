// Idempotent writes of normalised records (the API v1 shapes), used by the ingest API, the collectors
// and the demo seeder. Each call is one transaction: one set-based upsert keyed by (sourceId, externalId)
// that writes only the records whose values differ, with their own derived columns computed in the same
// statement; after deployments, the links they can reach are recomputed (lib/store/relink.ts). So the
// result is the same whatever order records arrive in and however often a batch is re-sent — and a
// re-sent batch that changes nothing costs one read.
import type { Db, DbTransaction } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { InvalidInputError } from '@/lib/errors';
import { loadMetricSettings } from '@/lib/metrics/settings';
import { changeLinks, countedSql, excludedSql, incidentLinks, lockRelink, relink, type PreviousDeployment, type WrittenDeployments } from '@/lib/store/relink';
import { ensureRepositories } from '@/lib/store/repositories';
import type { ChangeInput, DeploymentInput, FindingInput, IncidentInput } from '@/lib/validations/ingest';

export interface IngestResult {
  /** Records that did not exist. */
  created: number;
  /** Records that existed (rewritten when a value differs, left alone when none does). */
  updated: number;
}

/** A record the upsert inserted or rewrote; records whose values were all equal are not returned. */
type WrittenRow = { id: number; inserted: boolean };

/**
 * A batch as one JSON parameter, read back with json_to_recordset(…) AS t(column type, …): one string
 * for the driver instead of an array per column, each escaped element by element. Dates become ISO
 * strings, absent fields NULL; keys the column list does not name are ignored.
 *
 * PostgreSQL text cannot hold the NUL character. The API refuses it as input (lib/api/request.ts);
 * text a collector brings (a PR title, a Jira summary) has it removed here, so one odd record never
 * fails its whole batch, and every sync after it, with a server error.
 */
function asJson(rows: readonly object[]): string {
  const json = JSON.stringify(rows);
  // Rare, so the common case pays one substring search (a false alarm, an escaped backslash before
  // "u0000", only costs a second pass that changes nothing).
  return json.includes('\\u0000') ? JSON.stringify(rows, withoutNul) : json;
}

const withoutNul = (_key: string, value: unknown) => (typeof value === 'string' ? value.replaceAll('\0', '') : value);

function assertUniqueExternalIds(kind: string, records: { externalId: string }[]): void {
  const firstIndex = new Map<string, number>();
  records.forEach((record, index) => {
    const earlier = firstIndex.get(record.externalId);
    if (earlier !== undefined) {
      throw new InvalidInputError(`${kind}[${index}].externalId`, `"${record.externalId}" also appears at ${kind}[${earlier}]`);
    }
    firstIndex.set(record.externalId, index);
  });
}

async function withTransaction<T>(db: Db, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return db.$transaction(work, { timeout: 120_000, maxWait: 30_000 });
}

// Column lists below are constants, never input; they are spliced into the SQL as names.
const names = (columns: readonly string[]) => Prisma.raw(columns.map((column) => `"${column}"`).join(', '));
const columnList = (relation: string, columns: readonly string[]) => columns.map((column) => `${relation}."${column}"`).join(', ');

/** `ON CONFLICT … DO UPDATE SET` every column in `columns` (and updatedAt). */
function updateAll(columns: readonly string[]): Prisma.Sql {
  return Prisma.raw(`ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        ${columns.map((column) => `"${column}" = EXCLUDED."${column}"`).join(', ')}, "updatedAt" = now()`);
}

/**
 * As `updateAll`, only where one of the columns differs from the stored value: an unchanged record is
 * neither rewritten (no dead row, no index entries) nor relinked.
 */
function updateChanged(table: string, columns: readonly string[]): Prisma.Sql {
  return Prisma.sql`${updateAll(columns)}
      WHERE (${Prisma.raw(columnList(`"${table}"`, columns))}) IS DISTINCT FROM (${Prisma.raw(columnList('EXCLUDED', columns))})`;
}

/** `NOT EXISTS` a stored record of the source with the same externalId and the same `columns` as `incoming`. */
function notStoredAlready(table: string, sourceId: number, incoming: string, columns: readonly string[]): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (
        SELECT 1 FROM ${Prisma.raw(`"${table}"`)} stored
        WHERE stored."sourceId" = ${sourceId} AND stored."externalId" = ${Prisma.raw(incoming)}."externalId"
          AND (${Prisma.raw(columnList('stored', columns))}) IS NOT DISTINCT FROM (${Prisma.raw(columnList(incoming, columns))}))`;
}

/**
 * The frame every ingest shares: refuse duplicate ids, then in one transaction create unknown
 * repositories, run the kind's upsert, and relink what the deployments it wrote can reach.
 */
async function upsertBatch<R extends { externalId: string; repository?: string }>(
  db: Db,
  kind: string,
  records: R[],
  upsert: (tx: DbTransaction, repositories: Map<string, number>) => Promise<{ rows: WrittenRow[]; deployments?: WrittenDeployments }>,
): Promise<IngestResult> {
  assertUniqueExternalIds(kind, records);
  if (records.length === 0) return { created: 0, updated: 0 };
  return withTransaction(db, async (tx) => {
    // Taken first, so two concurrent batches queue here instead of deadlocking on each other's rows.
    await lockRelink(tx);
    const repositories = await ensureRepositories(tx, records.flatMap((r) => (r.repository ? [r.repository] : [])));
    const { rows, deployments } = await upsert(tx, repositories);
    if (deployments) await relink(tx, { deployments });
    const created = rows.filter((row) => row.inserted).length;
    return { created, updated: records.length - created };
  });
}

function repositoryIdOf(repositories: Map<string, number>, fullName: string): number {
  const id = repositories.get(fullName);
  if (id === undefined) throw new Error(`Repository ${fullName} was not created`);
  return id;
}

const CHANGE_COLUMNS = ['repositoryId', 'number', 'title', 'labels', 'author', 'firstCommitAt', 'openedAt', 'mergedAt', 'mergeSha', 'url'] as const;
const CHANGE_LINK_COLUMNS = ['shippedById', 'deployedAt', 'isRework'] as const;

export function ingestChanges(db: Db, sourceId: number, records: ChangeInput[]): Promise<IngestResult> {
  return upsertBatch(db, 'changes', records, async (tx, repositories) => {
    // Only the records that differ from what is stored are written, with their links (which depend on
    // the change and on deployments only, so nothing else needs relinking).
    const rows = await tx.$queryRaw<WrittenRow[]>`
      WITH incoming AS MATERIALIZED (
        SELECT * FROM json_to_recordset(${asJson(records.map((r) => ({
          ...r, repositoryId: repositoryIdOf(repositories, r.repository), labels: r.labels ?? [], mergeSha: r.mergeSha?.toLowerCase(),
        })))}::json)
          AS t("externalId" text, "repositoryId" int, "number" int, "title" text, "labels" text[], "author" text,
               "firstCommitAt" timestamptz, "openedAt" timestamptz, "mergedAt" timestamptz, "mergeSha" text, "url" text)
      ),
      target AS MATERIALIZED (
        SELECT i."externalId" AS key, i.* FROM incoming i WHERE ${notStoredAlready('Change', sourceId, 'i', CHANGE_COLUMNS)}
      )
      INSERT INTO "Change" ("sourceId", "externalId", ${names(CHANGE_COLUMNS)}, ${names(CHANGE_LINK_COLUMNS)}, "updatedAt")
      SELECT ${sourceId}, t."externalId", ${Prisma.raw(columnList('t', CHANGE_COLUMNS))},
             links.shipped_by_id, links.deployed_at, links.is_rework, now()
      FROM target t JOIN (${changeLinks('target')}) links ON links.key = t.key
      ${updateAll([...CHANGE_COLUMNS, ...CHANGE_LINK_COLUMNS])}
      RETURNING id, (xmax = 0) AS inserted`;
    return { rows };
  });
}

// `counted` follows the others (it is derived from them and the repository's production rule).
const DEPLOYMENT_COLUMNS = ['repositoryId', 'environment', 'status', 'sha', 'startedAt', 'finishedAt', 'isRollback', 'url', 'counted'] as const;

export function ingestDeployments(db: Db, sourceId: number, records: DeploymentInput[]): Promise<IngestResult> {
  return upsertBatch(db, 'deployments', records, async (tx, repositories) => {
    // Every record of the batch with its id; the written ones with where they were before (the CTE
    // `previous` reads the table as it was before this statement's insert).
    const rows = await tx.$queryRaw<(WrittenRow & { externalId: string; written: boolean; previousRepositoryId: number | null; previousFinishedAt: Date | null; previousCounted: boolean | null })[]>`
      WITH previous AS MATERIALIZED (
        SELECT id, "externalId", "repositoryId", "finishedAt", counted FROM "Deployment"
        WHERE "sourceId" = ${sourceId} AND "externalId" = ANY(${records.map((r) => r.externalId)}::text[])
      ),
      written AS (
        INSERT INTO "Deployment" ("sourceId", "externalId", "repositoryId", "environment", "status", "sha",
                                  "startedAt", "finishedAt", "isRollback", "url", "counted", "updatedAt")
        -- Counted from the start: a new deployment is not written a second time just to set it.
        SELECT ${sourceId}, t.*, ${countedSql('t', 'r')}, now()
        FROM json_to_recordset(${asJson(records.map((r) => ({
          ...r, repositoryId: repositoryIdOf(repositories, r.repository), sha: r.sha?.toLowerCase(), isRollback: r.isRollback ?? false,
        })))}::json)
          AS t("externalId" text, "repositoryId" int, "environment" text, "status" text, "sha" text, "startedAt" timestamptz,
               "finishedAt" timestamptz, "isRollback" boolean, "url" text)
        JOIN "Repository" r ON r.id = t."repositoryId"
        ${updateChanged('Deployment', DEPLOYMENT_COLUMNS)}
        RETURNING id, "externalId", (xmax = 0) AS inserted
      )
      SELECT COALESCE(w.id, p.id) AS id, COALESCE(w."externalId", p."externalId") AS "externalId",
             w.id IS NOT NULL AS written, COALESCE(w.inserted, false) AS inserted,
             p."repositoryId" AS "previousRepositoryId", p."finishedAt" AS "previousFinishedAt", p.counted AS "previousCounted"
      FROM written w FULL JOIN previous p ON p."externalId" = w."externalId"`;
    const relisted = await replaceChangeRefs(tx, records, new Map(rows.map((row) => [row.externalId, row.id])));
    const changed = rows.filter((row) => row.written || relisted.has(row.id));
    const previous: PreviousDeployment[] = changed.flatMap((row) =>
      row.previousRepositoryId === null || row.previousFinishedAt === null
        ? []
        : [{ id: row.id, repositoryId: row.previousRepositoryId, finishedAt: row.previousFinishedAt, counted: row.previousCounted === true }]);
    return { rows: rows.filter((row) => row.written), deployments: { ids: changed.map((row) => row.id), previous } };
  });
}

/**
 * The explicit change list is part of a deployment record: a re-sent deployment replaces it. Only the
 * differences are written; returns the deployments whose list changed.
 */
async function replaceChangeRefs(tx: DbTransaction, records: DeploymentInput[], idByExternalId: Map<string, number>): Promise<Set<number>> {
  const deploymentIds: number[] = [];
  const refs: string[] = [];
  for (const record of records) {
    const id = idByExternalId.get(record.externalId);
    if (id === undefined) continue;
    for (const ref of new Set(record.changes ?? [])) {
      deploymentIds.push(id);
      // SHAs compare in lower case; change ids are kept as sent.
      refs.push(/^[0-9a-fA-F]{40}$/.test(ref) ? ref.toLowerCase() : ref);
    }
  }
  const changed = await tx.$queryRaw<{ deploymentId: number }[]>`
    WITH wanted AS (
      SELECT DISTINCT * FROM unnest(${deploymentIds}::int[], ${refs}::text[]) AS w("deploymentId", ref)
    ),
    removed AS (
      DELETE FROM "DeploymentChange" dc
      WHERE dc."deploymentId" = ANY(${[...idByExternalId.values()]}::int[])
        AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w."deploymentId" = dc."deploymentId" AND w.ref = dc.ref)
      RETURNING dc."deploymentId"
    ),
    added AS (
      INSERT INTO "DeploymentChange" ("deploymentId", "ref") SELECT "deploymentId", ref FROM wanted
      ON CONFLICT DO NOTHING
      RETURNING "deploymentId"
    )
    SELECT "deploymentId" FROM removed UNION SELECT "deploymentId" FROM added`;
  return new Set(changed.map((row) => row.deploymentId));
}

const INCIDENT_COLUMNS = ['repositoryId', 'teamId', 'title', 'severity', 'security', 'startedAt', 'resolvedAt', 'causeRef', 'url'] as const;
const INCIDENT_LINK_COLUMNS = ['causeDeploymentId', 'linkKind'] as const;

export function ingestIncidents(db: Db, sourceId: number, records: IncidentInput[]): Promise<IngestResult> {
  return upsertBatch(db, 'incidents', records, async (tx, repositories) => {
    const teamIdBySlug = await resolveIncidentTeams(tx, records);
    const { incidentWindowHours } = await loadMetricSettings(tx);
    // Only the records that differ from what is stored are written, with their cause (which depends on
    // the incident, deployments and teams only, so nothing else needs relinking).
    const rows = await tx.$queryRaw<WrittenRow[]>`
      WITH incoming AS MATERIALIZED (
        SELECT * FROM json_to_recordset(${asJson(records.map((r) => ({
          ...r,
          repositoryId: r.repository ? repositoryIdOf(repositories, r.repository) : null,
          teamId: r.team ? (teamIdBySlug.get(r.team) ?? null) : null,
          security: r.security ?? false,
          causeRef: r.causeDeployment,
        })))}::json)
          AS t("externalId" text, "repositoryId" int, "teamId" int, "title" text, "severity" text, "security" boolean,
               "startedAt" timestamptz, "resolvedAt" timestamptz, "causeRef" text, "url" text)
      ),
      target AS MATERIALIZED (
        SELECT i."externalId" AS key, i.* FROM incoming i WHERE ${notStoredAlready('Incident', sourceId, 'i', INCIDENT_COLUMNS)}
      )
      INSERT INTO "Incident" ("sourceId", "externalId", ${names(INCIDENT_COLUMNS)}, ${names(INCIDENT_LINK_COLUMNS)}, "updatedAt")
      SELECT ${sourceId}, t."externalId", ${Prisma.raw(columnList('t', INCIDENT_COLUMNS))}, links.cause_id, links.link_kind, now()
      FROM target t JOIN (${incidentLinks('target', incidentWindowHours)}) links ON links.key = t.key
      ${updateAll([...INCIDENT_COLUMNS, ...INCIDENT_LINK_COLUMNS])}
      RETURNING id, (xmax = 0) AS inserted`;
    return { rows };
  });
}

async function resolveIncidentTeams(tx: DbTransaction, records: IncidentInput[]): Promise<Map<string, number>> {
  const slugs = [...new Set(records.flatMap((r) => (r.team ? [r.team] : [])))];
  const teams = await tx.team.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const idBySlug = new Map(teams.map((team) => [team.slug, team.id]));
  records.forEach((record, index) => {
    if (record.team && !idBySlug.has(record.team)) {
      throw new InvalidInputError(`incidents[${index}].team`, `no team with slug "${record.team}"`);
    }
  });
  return idBySlug;
}

const FINDING_COLUMNS = ['repositoryId', 'tool', 'ruleId', 'title', 'severity', 'state', 'dismissedReason', 'openedAt', 'fixedAt', 'dismissedAt', 'url', 'excluded'] as const;

export function ingestFindings(db: Db, sourceId: number, records: FindingInput[]): Promise<IngestResult> {
  return upsertBatch(db, 'findings', records, async (tx, repositories) => ({
    // A finding's one derived value, `excluded`, depends on its own columns: set here, nothing to relink.
    rows: await tx.$queryRaw<WrittenRow[]>`
      INSERT INTO "Finding" ("sourceId", "externalId", "repositoryId", "tool", "ruleId", "title", "severity", "state",
                             "dismissedReason", "openedAt", "fixedAt", "dismissedAt", "url", "excluded", "updatedAt")
      SELECT ${sourceId}, t.*, ${excludedSql('t')}, now()
      FROM json_to_recordset(${asJson(records.map((r) => ({ ...r, repositoryId: repositoryIdOf(repositories, r.repository) })))}::json)
        AS t("externalId" text, "repositoryId" int, "tool" text, "ruleId" text, "title" text, "severity" text, "state" text,
             "dismissedReason" text, "openedAt" timestamptz, "fixedAt" timestamptz, "dismissedAt" timestamptz, "url" text)
      ${updateChanged('Finding', FINDING_COLUMNS)}
      RETURNING id, (xmax = 0) AS inserted`,
  }));
}
