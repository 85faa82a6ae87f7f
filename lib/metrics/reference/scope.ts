// Which records a scope holds (METRICS.md "Precise rules", scope): a team holds its descendants'
// repositories and team-only incidents; the org holds every repository, teamed or not.
import type { Scope } from '@/lib/metrics/types';
import type { Dataset, IncidentRecord } from '@/lib/metrics/reference/dataset';

export interface ScopeMembers {
  repositoryIds: ReadonlySet<number>;
  /** Teams whose team-only incidents belong to the scope. */
  teamIds: ReadonlySet<number>;
}

/** The team and all its descendants (a cycle in the data cannot loop forever). */
export function teamSubtree(dataset: Pick<Dataset, 'teams'>, teamId: number): Set<number> {
  const subtree = new Set([teamId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of dataset.teams) {
      if (team.parentId !== null && subtree.has(team.parentId) && !subtree.has(team.id)) {
        subtree.add(team.id);
        grew = true;
      }
    }
  }
  return subtree;
}

/** Repositories of a team and of its child teams, at any depth. */
export function repositoriesOfTeam(dataset: Pick<Dataset, 'teams' | 'repositories'>, teamId: number): Set<number> {
  const teams = teamSubtree(dataset, teamId);
  return new Set(dataset.repositories.filter((repository) => repository.teamId !== null && teams.has(repository.teamId)).map((repository) => repository.id));
}

export function scopeMembers(dataset: Pick<Dataset, 'teams' | 'repositories'>, scope: Scope): ScopeMembers {
  switch (scope.kind) {
    case 'org':
      return {
        repositoryIds: new Set(dataset.repositories.map((repository) => repository.id)),
        teamIds: new Set(dataset.teams.map((team) => team.id)),
      };
    case 'team': {
      const team = dataset.teams.find((candidate) => candidate.slug === scope.slug);
      if (!team) throw new Error(`Unknown team "${scope.slug}".`);
      return { repositoryIds: repositoriesOfTeam(dataset, team.id), teamIds: teamSubtree(dataset, team.id) };
    }
    case 'repo': {
      const repository = dataset.repositories.find((candidate) => candidate.fullName === scope.fullName);
      if (!repository) throw new Error(`Unknown repository "${scope.fullName}".`);
      return { repositoryIds: new Set([repository.id]), teamIds: new Set() };
    }
  }
}

/** An incident with a repository belongs to that repository's scopes; a team-only one to its team's. */
export function incidentInScope(incident: IncidentRecord, members: ScopeMembers): boolean {
  if (incident.repositoryId !== null) return members.repositoryIds.has(incident.repositoryId);
  return incident.teamId !== null && members.teamIds.has(incident.teamId);
}
