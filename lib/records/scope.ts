// Resolves the scope of a record query (org, team, repository, or "everything I may see") against the
// caller's access into Prisma filters. Scope rules follow METRICS.md: a team includes its descendants'
// repositories; a team-only incident belongs to its team and that team's ancestors, never to a repository.
import { ForbiddenError, NotFoundError, type AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Scope } from '@/lib/metrics/types';
import { withDescendants } from '@/lib/metrics/scope';
import { getVisibleTeams } from '@/lib/records/visible-teams';

export interface ResolvedScope {
  /** Repositories in scope; null means every repository (org scope with full access). */
  repositoryIds: number[] | null;
  /** Teams whose team-only incidents are in scope; null means all (org scope), [] means none. */
  incidentTeamIds: number[] | null;
  /** Human label for headings, e.g. "Payments" or "acme/api". */
  label: string;
}

/**
 * `scope` null means "everything the caller may see": the org for full access, else the union of the
 * caller's teams. An explicit scope the caller may not read throws ForbiddenError.
 */
export async function resolveRecordScope(access: AccessScope, db: Db, scope: Scope | null): Promise<ResolvedScope> {
  const visible = await getVisibleTeams(access, db);

  if (scope === null || scope.kind === 'org') {
    if (visible.all) return { repositoryIds: null, incidentTeamIds: null, label: 'All teams' };
    if (scope?.kind === 'org') throw new ForbiddenError('The whole organisation is outside your access.');
    const repos = await db.repository.findMany({ where: { teamId: { in: visible.ids } }, select: { id: true } });
    return { repositoryIds: repos.map((r) => r.id), incidentTeamIds: visible.ids, label: 'Your teams' };
  }

  if (scope.kind === 'team') {
    const all = await db.team.findMany({ select: { id: true, slug: true, name: true, parentId: true } });
    const team = all.find((t) => t.slug === scope.slug);
    if (!team) throw new NotFoundError(`No team "${scope.slug}".`);
    if (!visible.ids.includes(team.id)) throw new ForbiddenError();
    const teamIds = [...withDescendants(all, [team.id])];
    const repos = await db.repository.findMany({ where: { teamId: { in: teamIds } }, select: { id: true } });
    return { repositoryIds: repos.map((r) => r.id), incidentTeamIds: teamIds, label: team.name };
  }

  const repo = await db.repository.findUnique({ where: { fullName: scope.fullName }, select: { id: true, teamId: true, fullName: true } });
  if (!repo) throw new NotFoundError(`No repository "${scope.fullName}".`);
  const readable = visible.all || (repo.teamId !== null && visible.ids.includes(repo.teamId));
  if (!readable) throw new ForbiddenError();
  return { repositoryIds: [repo.id], incidentTeamIds: [], label: repo.fullName };
}

/** `where` for records that always have a repository (deployments, changes, findings). */
export function repositoryFilter(scope: ResolvedScope): { repositoryId?: { in: number[] } } {
  return scope.repositoryIds === null ? {} : { repositoryId: { in: scope.repositoryIds } };
}

/** `where` for incidents: by repository, or team-only incidents of the scope's teams. */
export function incidentScopeFilter(scope: ResolvedScope) {
  if (scope.repositoryIds === null) return {};
  const byRepo = { repositoryId: { in: scope.repositoryIds } };
  if (scope.incidentTeamIds === null) return {};
  if (scope.incidentTeamIds.length === 0) return byRepo;
  return { OR: [byRepo, { repositoryId: null, teamId: { in: scope.incidentTeamIds } }] };
}

/** Parses the `scope` search parameter: `org`, `team:<slug>` or `repo:<owner/name>`. */
export function parseScopeParam(value: string | null | undefined): Scope | null {
  if (!value) return null;
  if (value === 'org') return { kind: 'org' };
  if (value.startsWith('team:') && value.length > 5) return { kind: 'team', slug: value.slice(5) };
  if (value.startsWith('repo:') && value.includes('/')) return { kind: 'repo', fullName: value.slice(5) };
  return null;
}

export function formatScopeParam(scope: Scope): string {
  if (scope.kind === 'org') return 'org';
  if (scope.kind === 'team') return `team:${scope.slug}`;
  return `repo:${scope.fullName}`;
}
