// Repositories are referenced by "owner/name" everywhere records arrive; unknown ones are created on
// first sight (with no team) so a new pipeline can report before an admin maps it.
import type { DbClient } from '@/lib/db';

/** Ids of the named repositories, creating the missing ones. */
export async function ensureRepositories(db: DbClient, fullNames: Iterable<string>): Promise<Map<string, number>> {
  const names = [...new Set(fullNames)];
  if (names.length === 0) return new Map();
  await db.$executeRaw`
    INSERT INTO "Repository" ("fullName", "updatedAt")
    SELECT name, now() FROM unnest(${names}::text[]) AS name
    ON CONFLICT ("fullName") DO NOTHING`;
  const rows = await db.$queryRaw<{ id: number; fullName: string }[]>`
    SELECT id, "fullName" FROM "Repository" WHERE "fullName" = ANY(${names}::text[])`;
  return new Map(rows.map((row) => [row.fullName, row.id]));
}

/** Repositories of a team and all its descendants. */
export async function repositoryIdsOfTeams(db: DbClient, teamIds: number[]): Promise<number[]> {
  if (teamIds.length === 0) return [];
  const rows = await db.$queryRaw<{ id: number }[]>`
    WITH RECURSIVE tree AS (
      SELECT id FROM "Team" WHERE id = ANY(${teamIds}::int[])
      UNION
      SELECT child.id FROM "Team" child JOIN tree ON child."parentId" = tree.id
    )
    SELECT r.id FROM "Repository" r JOIN tree ON r."teamId" = tree.id`;
  return rows.map((row) => row.id);
}
