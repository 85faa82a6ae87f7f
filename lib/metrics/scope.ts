// Resolves metric scopes to the records they hold, checking the caller's access first (DESIGN.md
// "Access control": the check lives in the query layer). A team holds its descendants' repositories and
// team-only incidents; the org holds every repository, teamed or not; a repository never holds
// team-only incidents.
import { ForbiddenError, NotFoundError, type AccessScope } from '@/lib/access/viewer';
import type { DbClient } from '@/lib/db';
import type { ScopeMembers } from '@/lib/metrics/sql/grid';
import type { Scope } from '@/lib/metrics/types';

export interface TeamNode {
  id: number;
  slug: string;
  name: string;
  parentId: number | null;
}

interface RepositoryNode {
  id: number;
  fullName: string;
  teamId: number | null;
}

/** Teams and repositories: small tables, loaded once per request and resolved in memory. */
export interface Organisation {
  teams: TeamNode[];
  repositories: RepositoryNode[];
}

export async function loadOrganisation(db: DbClient): Promise<Organisation> {
  const [teams, repositories] = await Promise.all([
    db.$queryRaw<TeamNode[]>`SELECT id, slug, name, "parentId" FROM "Team" ORDER BY id`,
    db.$queryRaw<RepositoryNode[]>`SELECT id, "fullName", "teamId" FROM "Repository" ORDER BY id`,
  ]);
  return { teams, repositories };
}

/** The teams and all their descendants (a cycle in the data cannot loop forever). */
export function withDescendants(teams: readonly TeamNode[], roots: Iterable<number>): Set<number> {
  const found = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (team.parentId !== null && found.has(team.parentId) && !found.has(team.id)) {
        found.add(team.id);
        grew = true;
      }
    }
  }
  return found;
}

/** Team ids the access covers (null: everything, including the org scope). */
export function coveredTeamIds(organisation: Organisation, access: AccessScope): Set<number> | null {
  return access.kind === 'all' ? null : withDescendants(organisation.teams, access.teamIds);
}

export interface ResolvedScope extends ScopeMembers {
  scope: Scope;
  /** The team, for team scopes. */
  team: TeamNode | null;
}

/** NotFoundError for an unknown team or repository, ForbiddenError when the access does not cover it. */
export function resolveScope(organisation: Organisation, access: AccessScope, scope: Scope): ResolvedScope {
  const covered = coveredTeamIds(organisation, access);
  switch (scope.kind) {
    case 'org':
      if (covered !== null) throw new ForbiddenError('The whole organisation is outside your access.');
      return {
        scope,
        team: null,
        repositoryIds: organisation.repositories.map((repository) => repository.id),
        teamIds: organisation.teams.map((team) => team.id),
      };
    case 'team': {
      const team = organisation.teams.find((candidate) => candidate.slug === scope.slug);
      if (!team) throw new NotFoundError(`No team "${scope.slug}".`);
      if (covered !== null && !covered.has(team.id)) throw new ForbiddenError();
      const teamIds = withDescendants(organisation.teams, [team.id]);
      return {
        scope,
        team,
        repositoryIds: organisation.repositories
          .filter((repository) => repository.teamId !== null && teamIds.has(repository.teamId))
          .map((repository) => repository.id),
        teamIds: [...teamIds],
      };
    }
    case 'repo': {
      const repository = organisation.repositories.find((candidate) => candidate.fullName === scope.fullName);
      if (!repository) throw new NotFoundError(`No repository "${scope.fullName}".`);
      if (covered !== null && (repository.teamId === null || !covered.has(repository.teamId))) throw new ForbiddenError();
      return { scope, team: null, repositoryIds: [repository.id], teamIds: [] };
    }
  }
}

/** Teams the access may read, in id order. */
export function visibleTeams(organisation: Organisation, access: AccessScope): TeamNode[] {
  const covered = coveredTeamIds(organisation, access);
  return organisation.teams.filter((team) => covered === null || covered.has(team.id));
}
