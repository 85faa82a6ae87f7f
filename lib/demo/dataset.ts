// The demo data as a reference-metrics Dataset (lib/metrics/reference), so the bands the demo is built to
// show can be checked without a database: the tests compute every team's metrics from this.
import type { DemoData } from '@/lib/demo/generate';
import type { Dataset } from '@/lib/metrics/reference';

export const DEFAULT_PRODUCTION_PATTERN = '^prod(uction)?$';

export function demoDataset(data: DemoData): Dataset {
  const teamIds = new Map(data.teams.map((team, index) => [team.slug, index + 1]));
  const repositoryIds = new Map(data.repositories.map((repository, index) => [repository.fullName, index + 1]));
  const repositoryId = (fullName: string): number => {
    const id = repositoryIds.get(fullName);
    if (id === undefined) throw new Error(`Demo record names an unknown repository ${fullName}`);
    return id;
  };
  const settings = data.orgSettings;
  return {
    settings: {
      incidentWindowHours: settings.incidentWindowHours,
      slaDays: { critical: settings.slaCriticalDays, high: settings.slaHighDays, medium: settings.slaMediumDays, low: settings.slaLowDays },
    },
    teams: data.teams.map((team) => ({
      id: teamIds.get(team.slug) ?? 0,
      slug: team.slug,
      parentId: team.parent === null ? null : teamIds.get(team.parent) ?? null,
    })),
    repositories: data.repositories.map((repository) => ({
      id: repositoryId(repository.fullName),
      fullName: repository.fullName,
      teamId: repository.team === null ? null : teamIds.get(repository.team) ?? null,
      productionPattern: DEFAULT_PRODUCTION_PATTERN,
    })),
    deployments: data.deployments.map((deployment, index) => ({
      id: index + 1,
      externalId: deployment.externalId,
      repositoryId: repositoryId(deployment.repository),
      environment: deployment.environment,
      status: deployment.status,
      sha: deployment.sha ?? null,
      finishedAt: deployment.finishedAt,
      isRollback: deployment.isRollback ?? false,
      changeRefs: deployment.changes ?? [],
    })),
    changes: data.changes.map((change, index) => ({
      id: index + 1,
      externalId: change.externalId,
      repositoryId: repositoryId(change.repository),
      title: change.title ?? null,
      labels: change.labels ?? [],
      firstCommitAt: change.firstCommitAt ?? null,
      openedAt: change.openedAt ?? null,
      mergedAt: change.mergedAt,
      mergeSha: change.mergeSha ?? null,
    })),
    incidents: data.incidents.map((incident, index) => ({
      id: index + 1,
      externalId: incident.externalId,
      repositoryId: incident.repository === undefined ? null : repositoryId(incident.repository),
      teamId: incident.team === undefined ? null : teamIds.get(incident.team) ?? null,
      security: incident.security ?? false,
      startedAt: incident.startedAt,
      resolvedAt: incident.resolvedAt ?? null,
      causeRef: incident.causeDeployment ?? null,
    })),
    findings: data.findings.map((finding, index) => ({
      id: index + 1,
      externalId: finding.externalId,
      repositoryId: repositoryId(finding.repository),
      tool: finding.tool,
      severity: finding.severity,
      state: finding.state,
      dismissedReason: finding.dismissedReason ?? null,
      openedAt: finding.openedAt,
      fixedAt: finding.fixedAt ?? null,
      dismissedAt: finding.dismissedAt ?? null,
    })),
  };
}
