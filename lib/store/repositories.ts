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
