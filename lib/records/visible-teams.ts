// Which teams and repositories an AccessScope may read. Team access includes every descendant team
// (DESIGN.md: a manager of a parent team reads its children), resolved here once per request.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';

export interface TeamNode {
  id: number;
  slug: string;
  name: string;
  parentId: number | null;
}

export interface VisibleTeams {
  /** Every team the scope may read, sorted by name. */
  teams: TeamNode[];
  /** Ids of the teams above, for Prisma `in` filters. */
  ids: number[];
  /** True when the scope reads the whole organisation (including repositories in no team). */
  all: boolean;
}

/** Ids of `rootIds` and all their descendants, given the full team list. */
export function descendantIds(teams: readonly TeamNode[], rootIds: readonly number[]): Set<number> {
  const childrenOf = new Map<number, number[]>();
  for (const team of teams) {
    if (team.parentId === null) continue;
    const siblings = childrenOf.get(team.parentId) ?? [];
    siblings.push(team.id);
    childrenOf.set(team.parentId, siblings);
  }
  const result = new Set<number>();
  const queue = [...rootIds];
  while (queue.length > 0) {
    const id = queue.pop();
    if (id === undefined || result.has(id)) continue;
    result.add(id);
    queue.push(...(childrenOf.get(id) ?? []));
  }
  return result;
}

export async function getVisibleTeams(access: AccessScope, db: Db): Promise<VisibleTeams> {
  const all = await db.team.findMany({
    select: { id: true, slug: true, name: true, parentId: true },
    orderBy: { name: 'asc' },
  });
  if (access.kind === 'all') return { teams: all, ids: all.map((t) => t.id), all: true };
  const allowed = descendantIds(all, access.teamIds);
  const teams = all.filter((team) => allowed.has(team.id));
  return { teams, ids: teams.map((t) => t.id), all: false };
}

/**
 * A Prisma `where` fragment for repositories the scope may read. Repositories in no team belong to the
 * org scope only, so only full access sees them.
 */
export function repositoryWhere(visible: VisibleTeams): { teamId?: { in: number[] } } {
  return visible.all ? {} : { teamId: { in: visible.ids } };
}
