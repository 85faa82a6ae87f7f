// Which teams and repositories an AccessScope may read. Team access includes every descendant team
// (DESIGN.md: a manager of a parent team reads its children), resolved here once per request.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
// One definition of what an access covers, shared with the metrics engine so pages and numbers agree.
import { withDescendants, type TeamNode } from '@/lib/metrics/scope';

export type { TeamNode };

export interface VisibleTeams {
  /** Every team the scope may read, sorted by name. */
  teams: TeamNode[];
  /** Ids of the teams above, for Prisma `in` filters. */
  ids: number[];
  /** True when the scope reads the whole organisation (including repositories in no team). */
  all: boolean;
}

export async function getVisibleTeams(access: AccessScope, db: Db): Promise<VisibleTeams> {
  const all = await db.team.findMany({
    select: { id: true, slug: true, name: true, parentId: true },
    orderBy: { name: 'asc' },
  });
  if (access.kind === 'all') return { teams: all, ids: all.map((t) => t.id), all: true };
  const allowed = withDescendants(all, access.teamIds);
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
