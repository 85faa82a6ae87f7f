// Per-team record counts for the first page: how much data each team has, so a new user sees at once
// whether collection works. Counts include child teams' repositories, as every team scope does.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { withDescendants } from '@/lib/metrics/scope';
import { getVisibleTeams, type TeamNode } from '@/lib/records/visible-teams';

export interface RecordCounts {
  repositories: number;
  deployments: number;
  changes: number;
  incidents: number;
  findings: number;
}

export interface TeamRecordCounts extends TeamNode {
  counts: RecordCounts;
}

const emptyCounts = (): RecordCounts => ({ repositories: 0, deployments: 0, changes: 0, incidents: 0, findings: 0 });

export async function listTeamRecordCounts(access: AccessScope, db: Db): Promise<TeamRecordCounts[]> {
  const visible = await getVisibleTeams(access, db);
  if (visible.teams.length === 0) return [];
  const teamIn = { in: visible.ids };

  const [repos, deployments, changes, incidentsByRepo, incidentsByTeam, findings] = await Promise.all([
    db.repository.findMany({ where: { teamId: teamIn }, select: { id: true, teamId: true } }),
    db.deployment.groupBy({ by: ['repositoryId'], where: { repository: { teamId: teamIn } }, _count: { _all: true } }),
    db.change.groupBy({ by: ['repositoryId'], where: { repository: { teamId: teamIn } }, _count: { _all: true } }),
    db.incident.groupBy({ by: ['repositoryId'], where: { repository: { teamId: teamIn } }, _count: { _all: true } }),
    // Team-only incidents (no repository) belong to their team and its ancestors.
    db.incident.groupBy({ by: ['teamId'], where: { repositoryId: null, teamId: teamIn }, _count: { _all: true } }),
    db.finding.groupBy({ by: ['repositoryId'], where: { repository: { teamId: teamIn } }, _count: { _all: true } }),
  ]);

  const teamOfRepo = new Map(repos.map((r) => [r.id, r.teamId]));
  const own = new Map<number, RecordCounts>(visible.teams.map((t) => [t.id, emptyCounts()]));
  const add = (teamId: number | null | undefined, key: keyof RecordCounts, n: number) => {
    if (teamId === null || teamId === undefined) return;
    const counts = own.get(teamId);
    if (counts) counts[key] += n;
  };
  for (const repo of repos) add(repo.teamId, 'repositories', 1);
  for (const row of deployments) add(teamOfRepo.get(row.repositoryId), 'deployments', row._count._all);
  for (const row of changes) add(teamOfRepo.get(row.repositoryId), 'changes', row._count._all);
  for (const row of incidentsByRepo) add(row.repositoryId === null ? null : teamOfRepo.get(row.repositoryId), 'incidents', row._count._all);
  for (const row of incidentsByTeam) add(row.teamId, 'incidents', row._count._all);
  for (const row of findings) add(teamOfRepo.get(row.repositoryId), 'findings', row._count._all);

  return visible.teams.map((team) => {
    const total = emptyCounts();
    for (const id of withDescendants(visible.teams, [team.id])) {
      const counts = own.get(id);
      if (!counts) continue;
      for (const key of Object.keys(total) as (keyof RecordCounts)[]) total[key] += counts[key];
    }
    return { ...team, counts: total };
  });
}
