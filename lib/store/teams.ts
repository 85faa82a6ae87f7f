// Teams as code: PUT a team with its parent and repositories, replacing its previous mapping.
import type { Db } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';
import { lockRelink, relink } from '@/lib/store/relink';
import { ensureRepositories } from '@/lib/store/repositories';
import type { TeamInput } from '@/lib/validations/ingest';

export interface PutTeamResult {
  created: boolean;
  team: { id: number; slug: string; name: string; parent: string | null; repositories: string[] };
}

export async function putTeam(db: Db, slug: string, input: TeamInput): Promise<PutTeamResult> {
  return db.$transaction(async (tx) => {
    await lockRelink(tx);
    let parentId: number | null = null;
    if (input.parent) {
      if (input.parent === slug) throw new InvalidInputError('parent', 'a team cannot be its own parent');
      const parent = await tx.team.findUnique({ where: { slug: input.parent }, select: { id: true } });
      if (!parent) throw new InvalidInputError('parent', `no team with slug "${input.parent}"`);
      parentId = parent.id;
    }

    const existing = await tx.team.findUnique({ where: { slug }, select: { id: true, parentId: true } });
    if (existing && parentId !== null) {
      // The new parent must not be this team or one of its descendants.
      const cycle = await tx.$queryRaw<{ id: number }[]>`
        WITH RECURSIVE tree AS (
          SELECT id FROM "Team" WHERE id = ${existing.id}
          UNION SELECT child.id FROM "Team" child JOIN tree ON child."parentId" = tree.id)
        SELECT id FROM tree WHERE id = ${parentId}`;
      if (cycle.length > 0) throw new InvalidInputError('parent', `"${input.parent}" is a descendant of "${slug}"`);
    }

    const team = await tx.team.upsert({
      where: { slug },
      create: { slug, name: input.name, parentId },
      update: { name: input.name, parentId },
    });
    const repositories = await ensureRepositories(tx, input.repositories);
    const wanted = [...repositories.values()];
    const previous = await tx.repository.findMany({ where: { teamId: team.id }, select: { id: true } });
    // Teams that lose a repository to this one: their team-only incidents may have been linked through it.
    const losing = await tx.repository.findMany({
      where: { id: { in: wanted }, teamId: { not: team.id } },
      select: { teamId: true },
    });
    await tx.repository.updateMany({ where: { teamId: team.id, id: { notIn: wanted } }, data: { teamId: null } });
    await tx.repository.updateMany({ where: { id: { in: wanted } }, data: { teamId: team.id } });
    // Team-only incidents are linked through their team's repositories (descendants included): this
    // team's set may have changed, and so may its old and new ancestors'.
    const teamIds = [
      team.id,
      ...(existing?.parentId ? [existing.parentId] : []),
      ...(parentId ? [parentId] : []),
      ...losing.flatMap((repo) => (repo.teamId === null ? [] : [repo.teamId])),
    ];
    await relink(tx, { repositoryIds: [...new Set([...previous.map((repo) => repo.id), ...wanted])], teamIds });

    return {
      created: existing === null,
      team: { id: team.id, slug, name: team.name, parent: input.parent ?? null, repositories: [...input.repositories].sort() },
    };
  });
}
