// The GitHub-specific columns of Repository (default branch, archived, url, production pattern,
// owning source), upserted by fullName so rows created earlier by the ingest API are completed.
import type { Db } from '@/lib/db';
import type { RepositoryRecord } from '@/lib/collectors/types';
import { lockRelink, relink } from '@/lib/store/relink';

export async function upsertSourceRepositories(db: Db, sourceId: number, provider: string, records: RepositoryRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.$transaction(async (tx) => {
    await lockRelink(tx);
    const before = await tx.repository.findMany({
      where: { fullName: { in: records.map((r) => r.fullName) } },
      select: { fullName: true, productionPattern: true },
    });
    const patternBefore = new Map(before.map((row) => [row.fullName, row.productionPattern]));
    const rows = await tx.$queryRaw<{ id: number; fullName: string }[]>`
      INSERT INTO "Repository" ("fullName", provider, "defaultBranch", archived, url, "productionPattern", "sourceId", "updatedAt")
      SELECT t.*, now() FROM unnest(
        ${records.map((r) => r.fullName)}::text[],
        ${records.map(() => provider)}::text[],
        ${records.map((r) => r.defaultBranch)}::text[],
        ${records.map((r) => r.archived)}::boolean[],
        ${records.map((r) => r.url ?? null)}::text[],
        ${records.map((r) => r.productionPattern)}::text[],
        ${records.map(() => sourceId)}::int[]) AS t
      ON CONFLICT ("fullName") DO UPDATE SET
        provider = EXCLUDED.provider, "defaultBranch" = EXCLUDED."defaultBranch", archived = EXCLUDED.archived,
        url = EXCLUDED.url, "productionPattern" = EXCLUDED."productionPattern", "sourceId" = EXCLUDED."sourceId",
        "updatedAt" = now()
      WHERE ("Repository".provider, "Repository"."defaultBranch", "Repository".archived, "Repository".url,
             "Repository"."productionPattern", "Repository"."sourceId")
        IS DISTINCT FROM (EXCLUDED.provider, EXCLUDED."defaultBranch", EXCLUDED.archived, EXCLUDED.url,
             EXCLUDED."productionPattern", EXCLUDED."sourceId")
      RETURNING id, "fullName"`;
    // A changed production rule changes which deployments count: recompute the derived links.
    const wanted = new Map(records.map((r) => [r.fullName, r.productionPattern]));
    const changed = rows.filter((row) => patternBefore.has(row.fullName) && patternBefore.get(row.fullName) !== wanted.get(row.fullName));
    await relink(tx, { repositoryIds: changed.map((row) => row.id) });
  });
}
