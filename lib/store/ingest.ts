// Idempotent writes of normalised records (the API v1 shapes), used by the ingest API, the collectors
// and the demo seeder. Each call is one transaction: set-based upserts keyed by (sourceId, externalId),
// then the derived links of every touched repository are recomputed, so the result is the same
// whatever order records arrive in and however often a batch is re-sent.
import type { Db, DbTransaction } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';
import { lockRelink, relink } from '@/lib/store/relink';
import { ensureRepositories } from '@/lib/store/repositories';
import type { ChangeInput, DeploymentInput, FindingInput, IncidentInput } from '@/lib/validations/ingest';

export interface IngestResult {
  created: number;
  updated: number;
}

type UpsertedRow = { repositoryId: number | null; inserted: boolean };

type Table = 'Deployment' | 'Change' | 'Incident' | 'Finding';

const iso = (value: Date | undefined | null) => (value ? value.toISOString() : null);

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

/** The column whose instants bound the links a write can change (relink's `since`); findings have none. */
const LINK_TIME_COLUMN = { Deployment: 'finishedAt', Change: 'mergedAt', Incident: 'startedAt', Finding: null } as const;

interface PreviousState {
  /** Repositories these externalIds belonged to before this write (a record may move). */
  repositoryIds: number[];
  /** Their earliest link time before this write (a record may move in time too). */
  earliest: Date | null;
}

async function previousState(tx: DbTransaction, table: Table, sourceId: number, externalIds: string[]): Promise<PreviousState> {
  const timeColumn = LINK_TIME_COLUMN[table];
  // Table and column names come from the closed constants above, never from input.
  const rows = await tx.$queryRawUnsafe<{ repositoryId: number | null; earliest: Date | null }[]>(
    `SELECT "repositoryId", ${timeColumn ? `min("${timeColumn}")` : 'NULL::timestamptz'} AS earliest
     FROM "${table}" WHERE "sourceId" = $1 AND "externalId" = ANY($2::text[]) GROUP BY "repositoryId"`,
    sourceId,
    externalIds,
  );
  const times = rows.flatMap((row) => (row.earliest ? [row.earliest.getTime()] : []));
  return {
    repositoryIds: rows.flatMap((row) => (row.repositoryId === null ? [] : [row.repositoryId])),
    earliest: times.length > 0 ? new Date(Math.min(...times)) : null,
  };
}

function summarise(rows: UpsertedRow[]): IngestResult {
  const created = rows.filter((row) => row.inserted).length;
  return { created, updated: rows.length - created };
}

async function withTransaction<T>(db: Db, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return db.$transaction(work, { timeout: 120_000, maxWait: 30_000 });
}

/**
 * The frame every ingest shares: refuse duplicate ids, then in one transaction create unknown
 * repositories, run the kind's upsert, and relink the repositories touched before and after — only
 * from the earliest instant the batch touched (old or new), so a batch of recent records does not
 * recompute the repositories' whole history.
 */
async function upsertBatch<R extends { externalId: string; repository?: string }>(
  db: Db,
  sourceId: number,
  kind: string,
  table: Table,
  records: R[],
  linkTimeOf: ((record: R) => Date) | null,
  upsert: (tx: DbTransaction, repositories: Map<string, number>) => Promise<{ rows: UpsertedRow[]; teamIds?: number[] }>,
): Promise<IngestResult> {
  assertUniqueExternalIds(kind, records);
  if (records.length === 0) return { created: 0, updated: 0 };
  return withTransaction(db, async (tx) => {
    // Taken first, so two concurrent batches queue here instead of deadlocking on each other's rows.
    await lockRelink(tx);
    const repositories = await ensureRepositories(tx, records.flatMap((r) => (r.repository ? [r.repository] : [])));
    const before = await previousState(tx, table, sourceId, records.map((r) => r.externalId));
    const { rows, teamIds = [] } = await upsert(tx, repositories);
    const touched = rows.flatMap((row) => (row.repositoryId === null ? [] : [row.repositoryId]));
    const since = linkTimeOf
      ? new Date(Math.min(...records.map((r) => linkTimeOf(r).getTime()), before.earliest?.getTime() ?? Infinity))
      : undefined;
    await relink(tx, { repositoryIds: [...new Set([...before.repositoryIds, ...touched])], teamIds, ...(since ? { since } : {}) });
    return summarise(rows);
  });
}

function repositoryIdOf(repositories: Map<string, number>, fullName: string): number {
  const id = repositories.get(fullName);
  if (id === undefined) throw new Error(`Repository ${fullName} was not created`);
  return id;
}

export function ingestChanges(db: Db, sourceId: number, records: ChangeInput[]): Promise<IngestResult> {
  return upsertBatch(db, sourceId, 'changes', 'Change', records, (r) => r.mergedAt, async (tx, repositories) => ({
    rows: await tx.$queryRaw<UpsertedRow[]>`
      INSERT INTO "Change" ("sourceId", "externalId", "repositoryId", "number", "title", "labels", "author",
                            "firstCommitAt", "openedAt", "mergedAt", "mergeSha", "url", "updatedAt")
      SELECT ${sourceId}, t."externalId", t."repositoryId", t."number", t."title",
             ARRAY(SELECT jsonb_array_elements_text(t."labels")), t."author",
             t."firstCommitAt", t."openedAt", t."mergedAt", t."mergeSha", t."url", now()
      FROM unnest(${records.map((r) => r.externalId)}::text[],
                  ${records.map((r) => repositoryIdOf(repositories, r.repository))}::int[],
                  ${records.map((r) => r.number ?? null)}::int[], ${records.map((r) => r.title ?? null)}::text[],
                  ${records.map((r) => JSON.stringify(r.labels ?? []))}::jsonb[],
                  ${records.map((r) => r.author ?? null)}::text[],
                  ${records.map((r) => iso(r.firstCommitAt))}::timestamptz[],
                  ${records.map((r) => iso(r.openedAt))}::timestamptz[],
                  ${records.map((r) => iso(r.mergedAt))}::timestamptz[],
                  ${records.map((r) => r.mergeSha?.toLowerCase() ?? null)}::text[],
                  ${records.map((r) => r.url ?? null)}::text[])
        AS t("externalId", "repositoryId", "number", "title", "labels", "author",
             "firstCommitAt", "openedAt", "mergedAt", "mergeSha", "url")
      ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        "repositoryId" = EXCLUDED."repositoryId", "number" = EXCLUDED."number", "title" = EXCLUDED."title",
        "labels" = EXCLUDED."labels", "author" = EXCLUDED."author", "firstCommitAt" = EXCLUDED."firstCommitAt",
        "openedAt" = EXCLUDED."openedAt", "mergedAt" = EXCLUDED."mergedAt", "mergeSha" = EXCLUDED."mergeSha",
        "url" = EXCLUDED."url", "updatedAt" = now()
      RETURNING "repositoryId", (xmax = 0) AS inserted`,
  }));
}

export function ingestDeployments(db: Db, sourceId: number, records: DeploymentInput[]): Promise<IngestResult> {
  return upsertBatch(db, sourceId, 'deployments', 'Deployment', records, (r) => r.finishedAt, async (tx, repositories) => {
    const rows = await tx.$queryRaw<(UpsertedRow & { id: number; externalId: string })[]>`
      INSERT INTO "Deployment" ("sourceId", "externalId", "repositoryId", "environment", "status", "sha",
                                "startedAt", "finishedAt", "isRollback", "url", "updatedAt")
      SELECT ${sourceId}, t.*, now()
      FROM unnest(${records.map((r) => r.externalId)}::text[],
                  ${records.map((r) => repositoryIdOf(repositories, r.repository))}::int[],
                  ${records.map((r) => r.environment)}::text[], ${records.map((r) => r.status)}::text[],
                  ${records.map((r) => r.sha?.toLowerCase() ?? null)}::text[],
                  ${records.map((r) => iso(r.startedAt))}::timestamptz[],
                  ${records.map((r) => iso(r.finishedAt))}::timestamptz[],
                  ${records.map((r) => r.isRollback ?? false)}::boolean[],
                  ${records.map((r) => r.url ?? null)}::text[])
        AS t("externalId", "repositoryId", "environment", "status", "sha", "startedAt", "finishedAt", "isRollback", "url")
      ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        "repositoryId" = EXCLUDED."repositoryId", "environment" = EXCLUDED."environment",
        "status" = EXCLUDED."status", "sha" = EXCLUDED."sha", "startedAt" = EXCLUDED."startedAt",
        "finishedAt" = EXCLUDED."finishedAt", "isRollback" = EXCLUDED."isRollback", "url" = EXCLUDED."url",
        "updatedAt" = now()
      RETURNING id, "externalId", "repositoryId", (xmax = 0) AS inserted`;
    await replaceChangeRefs(tx, records, new Map(rows.map((row) => [row.externalId, row.id])));
    return { rows };
  });
}

/** The explicit change list is part of a deployment record: a re-sent deployment replaces it. */
async function replaceChangeRefs(tx: DbTransaction, records: DeploymentInput[], idByExternalId: Map<string, number>) {
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
  await tx.$executeRaw`DELETE FROM "DeploymentChange" WHERE "deploymentId" = ANY(${[...idByExternalId.values()]}::int[])`;
  if (refs.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "DeploymentChange" ("deploymentId", "ref")
      SELECT * FROM unnest(${deploymentIds}::int[], ${refs}::text[]) ON CONFLICT DO NOTHING`;
  }
}

export function ingestIncidents(db: Db, sourceId: number, records: IncidentInput[]): Promise<IngestResult> {
  return upsertBatch(db, sourceId, 'incidents', 'Incident', records, (r) => r.startedAt, async (tx, repositories) => {
    const teamIdBySlug = await resolveIncidentTeams(tx, records);
    const previous = await tx.incident.findMany({
      where: { sourceId, externalId: { in: records.map((r) => r.externalId) }, teamId: { not: null } },
      select: { teamId: true },
    });
    const previousTeamIds = previous.flatMap((row) => (row.teamId === null ? [] : [row.teamId]));
    const rows = await tx.$queryRaw<(UpsertedRow & { teamId: number | null })[]>`
      INSERT INTO "Incident" ("sourceId", "externalId", "repositoryId", "teamId", "title", "severity", "security",
                              "startedAt", "resolvedAt", "causeRef", "url", "updatedAt")
      SELECT ${sourceId}, t.*, now()
      FROM unnest(${records.map((r) => r.externalId)}::text[],
                  ${records.map((r) => (r.repository ? repositoryIdOf(repositories, r.repository) : null))}::int[],
                  ${records.map((r) => (r.team ? (teamIdBySlug.get(r.team) ?? null) : null))}::int[],
                  ${records.map((r) => r.title)}::text[], ${records.map((r) => r.severity ?? null)}::text[],
                  ${records.map((r) => r.security ?? false)}::boolean[],
                  ${records.map((r) => iso(r.startedAt))}::timestamptz[],
                  ${records.map((r) => iso(r.resolvedAt))}::timestamptz[],
                  ${records.map((r) => r.causeDeployment ?? null)}::text[],
                  ${records.map((r) => r.url ?? null)}::text[])
        AS t("externalId", "repositoryId", "teamId", "title", "severity", "security", "startedAt", "resolvedAt", "causeRef", "url")
      ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        "repositoryId" = EXCLUDED."repositoryId", "teamId" = EXCLUDED."teamId", "title" = EXCLUDED."title",
        "severity" = EXCLUDED."severity", "security" = EXCLUDED."security", "startedAt" = EXCLUDED."startedAt",
        "resolvedAt" = EXCLUDED."resolvedAt", "causeRef" = EXCLUDED."causeRef", "url" = EXCLUDED."url",
        "updatedAt" = now()
      RETURNING "repositoryId", "teamId", (xmax = 0) AS inserted`;
    // Team-only incidents (before and after this write) are linked through their team's repositories.
    const teamIds = rows.flatMap((row) => (row.repositoryId === null && row.teamId !== null ? [row.teamId] : []));
    return { rows, teamIds: [...teamIds, ...previousTeamIds] };
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

export function ingestFindings(db: Db, sourceId: number, records: FindingInput[]): Promise<IngestResult> {
  return upsertBatch(db, sourceId, 'findings', 'Finding', records, null, async (tx, repositories) => ({
    rows: await tx.$queryRaw<UpsertedRow[]>`
      INSERT INTO "Finding" ("sourceId", "externalId", "repositoryId", "tool", "ruleId", "title", "severity", "state",
                             "dismissedReason", "openedAt", "fixedAt", "dismissedAt", "url", "updatedAt")
      SELECT ${sourceId}, t.*, now()
      FROM unnest(${records.map((r) => r.externalId)}::text[],
                  ${records.map((r) => repositoryIdOf(repositories, r.repository))}::int[],
                  ${records.map((r) => r.tool)}::text[], ${records.map((r) => r.ruleId ?? null)}::text[],
                  ${records.map((r) => r.title ?? null)}::text[],
                  ${records.map((r) => r.severity)}::text[], ${records.map((r) => r.state)}::text[],
                  ${records.map((r) => r.dismissedReason ?? null)}::text[],
                  ${records.map((r) => iso(r.openedAt))}::timestamptz[],
                  ${records.map((r) => iso(r.fixedAt))}::timestamptz[],
                  ${records.map((r) => iso(r.dismissedAt))}::timestamptz[],
                  ${records.map((r) => r.url ?? null)}::text[])
        AS t("externalId", "repositoryId", "tool", "ruleId", "title", "severity", "state", "dismissedReason",
             "openedAt", "fixedAt", "dismissedAt", "url")
      ON CONFLICT ("sourceId", "externalId") DO UPDATE SET
        "repositoryId" = EXCLUDED."repositoryId", "tool" = EXCLUDED."tool", "ruleId" = EXCLUDED."ruleId",
        "title" = EXCLUDED."title", "severity" = EXCLUDED."severity", "state" = EXCLUDED."state",
        "dismissedReason" = EXCLUDED."dismissedReason", "openedAt" = EXCLUDED."openedAt",
        "fixedAt" = EXCLUDED."fixedAt", "dismissedAt" = EXCLUDED."dismissedAt", "url" = EXCLUDED."url",
        "updatedAt" = now()
      RETURNING "repositoryId", (xmax = 0) AS inserted`,
  }));
}
