// Repositories are referenced by "owner/name" everywhere records arrive; unknown ones are created on
// first sight (with no team) so a new pipeline can report before an admin maps it.
import type { DbClient } from '@/lib/db';

/** Ids of the named repositories, creating the missing ones. */
export async function ensureRepositories(db: DbClient, fullNames: Iterable<string>): Promise<Map<string, number>> {
  const names = [...new Set(fullNames)];
  if (names.length === 0) return new Map();
  const ids = await idsOf(db, names);
  const missing = names.filter((name) => !ids.has(name));
  if (missing.length === 0) return ids;
  // Only unknown names are inserted: a batch naming 2,000 known repositories is then one read, not
  // 2,000 speculative inserts. ON CONFLICT covers a concurrent writer creating the same one.
  await db.$executeRaw`
    INSERT INTO "Repository" ("fullName", "updatedAt")
    SELECT name, now() FROM unnest(${missing}::text[]) AS name
    ON CONFLICT ("fullName") DO NOTHING`;
  for (const [name, id] of await idsOf(db, missing)) ids.set(name, id);
  return ids;
}

async function idsOf(db: DbClient, names: string[]): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ id: number; fullName: string }[]>`
    SELECT id, "fullName" FROM "Repository" WHERE "fullName" = ANY(${names}::text[])`;
  return new Map(rows.map((row) => [row.fullName, row.id]));
}
