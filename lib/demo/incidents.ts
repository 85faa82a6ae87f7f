// Incidents beyond the ones failed deployments raise (lib/demo/delivery.ts): outages nobody deployed,
// security incidents, incidents filed against a team rather than a repository, long-open ones, and one
// that names a staging deployment. Each is placed so the cause rules of METRICS.md give the intended link.
import { INCIDENT_SEVERITIES, OPERATIONAL_INCIDENTS } from '@/lib/demo/catalog';
import { DAY, HOUR, MINUTE, type PlannedDeployment, type PlannedIncident, type RepoContext, type Window } from '@/lib/demo/model';
import type { TeamSpec } from '@/lib/demo/organisation';
import type { Random } from '@/lib/demo/random';

/** The organisation's incident window: incidents this soon after a deployment are blamed on it. */
const LINK_WINDOW = 72 * HOUR;

export interface TeamScope {
  spec: TeamSpec;
  /** The team's repositories, its descendants' included. */
  repos: RepoContext[];
}

export interface IncidentInputs {
  rng: Random;
  window: Window;
  /** Leaf teams and groups. */
  teams: TeamScope[];
  deployments: PlannedDeployment[];
  /** Incidents raised by failed deployments; some are turned into security incidents here. */
  failureIncidents: PlannedIncident[];
}

/** Finish times of counted deployments, sorted, for any set of repositories. */
class DeploymentIndex {
  private readonly byRepo = new Map<RepoContext, PlannedDeployment[]>();

  constructor(deployments: PlannedDeployment[]) {
    for (const deployment of deployments) {
      if (!deployment.counted) continue;
      const list = this.byRepo.get(deployment.repo) ?? [];
      list.push(deployment);
      this.byRepo.set(deployment.repo, list);
    }
    for (const list of this.byRepo.values()) list.sort((a, b) => a.finishedAt - b.finishedAt);
  }

  counted(repos: RepoContext[]): PlannedDeployment[] {
    return repos.flatMap((repo) => this.byRepo.get(repo) ?? []).sort((a, b) => a.finishedAt - b.finishedAt);
  }

  /** No counted deployment of these repositories in [at - window, at]: the heuristic finds no cause. */
  quiet(repos: RepoContext[], at: number): boolean {
    return repos.every((repo) => !(this.byRepo.get(repo) ?? []).some(
      (deployment) => deployment.finishedAt <= at && at - deployment.finishedAt <= LINK_WINDOW + MINUTE,
    ));
  }
}

function incident(fields: Pick<PlannedIncident, 'title' | 'severity' | 'startedAt' | 'resolvedAt'>
  & Partial<Pick<PlannedIncident, 'repo' | 'team' | 'security' | 'cause'>>): PlannedIncident {
  return {
    repo: null, team: null, security: false, cause: undefined, ...fields, number: 0, externalId: '', url: '',
  };
}

export function extraIncidents({ rng, window, teams, deployments, failureIncidents }: IncidentInputs): PlannedIncident[] {
  const index = new DeploymentIndex(deployments);
  const out: PlannedIncident[] = [];
  const leafTeams = teams.filter((team) => team.spec.parent !== null);

  const quietSlot = (repos: RepoContext[], from: number, to: number): number | undefined => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const at = rng.between(from, to);
      if (index.quiet(repos, at)) return at;
    }
    return undefined;
  };
  /** A quiet moment in one of the team's repositories, trying the least busy ones first. */
  const quietInTeam = (team: TeamScope, from: number, to: number): { repo: RepoContext; at: number } | undefined => {
    const repos = [...team.repos].filter((repo) => !repo.spec.neverDeployed).sort((a, b) => a.spec.weight - b.spec.weight);
    for (const repo of repos) {
      const at = quietSlot([repo], from, to);
      if (at !== undefined) return { repo, at };
    }
    return undefined;
  };
  const resolveAfter = (startedAt: number, medianHours: number): number | undefined => {
    const resolvedAt = startedAt + Math.max(10 * MINUTE, rng.logNormal(medianHours * HOUR, 0.9));
    return resolvedAt < window.now ? resolvedAt : undefined;
  };

  // Outages no deployment caused: they count for time to restore, never for change failure.
  for (const team of leafTeams) {
    const count = 1 + rng.poisson(1.6);
    for (let i = 0; i < count; i += 1) {
      const slot = quietInTeam(team, window.from + 3 * DAY, window.now - 2 * DAY);
      if (!slot) continue;
      const outages = team.spec.vocabulary?.outages ?? [];
      out.push(incident({
        repo: slot.repo, title: rng.pick(outages.length > 0 ? outages : OPERATIONAL_INCIDENTS), severity: rng.weighted(INCIDENT_SEVERITIES),
        startedAt: slot.at, resolvedAt: resolveAfter(slot.at, 3),
      }));
    }
  }

  // Some failed deployments were security incidents (security change failure rate).
  const mustHaveSecurityFailure = new Set(['identity-access', 'lab-results', 'data-platform']);
  for (const team of leafTeams) {
    const titles = team.spec.vocabulary?.securityIncidents ?? [];
    // The last title is the deployment-caused one; the first is used for standalone incidents below.
    const title = titles[titles.length - 1];
    if (!title || !(mustHaveSecurityFailure.has(team.spec.slug) || rng.chance(0.5))) continue;
    const candidates = failureIncidents.filter((candidate) => candidate.repo !== null && team.repos.includes(candidate.repo)
      && candidate.resolvedAt !== undefined && candidate.startedAt > window.from + 20 * DAY);
    if (candidates.length === 0) continue;
    const chosen = rng.pick(candidates);
    chosen.security = true;
    chosen.title = title;
    chosen.severity = rng.chance(0.3) ? 'SEV1' : 'SEV2';
  }

  // Security incidents with no deployment behind them.
  for (const slug of ['patient-portal', 'sre']) {
    const team = leafTeams.find((candidate) => candidate.spec.slug === slug);
    const title = team?.spec.vocabulary?.securityIncidents[0];
    if (!team || !title) continue;
    const slot = quietInTeam(team, window.from + 30 * DAY, window.now - 7 * DAY);
    if (!slot) continue;
    out.push(incident({ repo: slot.repo, title, severity: 'SEV2', security: true, startedAt: slot.at, resolvedAt: resolveAfter(slot.at, 8) }));
  }

  // Still open at the end of the period: a fresh security incident, a fresh outage and a forgotten one.
  const telehealth = leafTeams.find((team) => team.spec.slug === 'telehealth');
  const telehealthRepo = telehealth?.repos.find((repo) => repo.spec.name === 'waiting-room');
  const telehealthTitle = telehealth?.spec.vocabulary?.securityIncidents[0];
  if (telehealthRepo && telehealthTitle) {
    out.push(incident({
      repo: telehealthRepo, title: telehealthTitle, severity: 'SEV2', security: true,
      startedAt: window.now - rng.between(20, 40) * HOUR, resolvedAt: undefined,
    }));
  }
  const lab = leafTeams.find((team) => team.spec.slug === 'lab-results');
  if (lab) {
    const slot = quietInTeam(lab, window.now - 3 * DAY, window.now - 2 * HOUR);
    const repo = slot?.repo ?? lab.repos[0];
    if (repo) {
      out.push(incident({
        repo, title: 'Results viewer timing out for inpatient units', severity: 'SEV2',
        startedAt: slot?.at ?? window.now - 5 * HOUR, resolvedAt: undefined,
      }));
    }
  }
  const mobile = leafTeams.find((team) => team.spec.slug === 'mobile');
  if (mobile) {
    const slot = quietInTeam(mobile, window.now - 45 * DAY, window.now - 30 * DAY);
    if (slot) {
      out.push(incident({
        repo: slot.repo, title: 'Push notifications delayed for some Android devices', severity: 'SEV4',
        startedAt: slot.at, resolvedAt: undefined,
      }));
    }
  }

  // Filed against a team (no repository): the heuristic looks at every repository of the team.
  for (const team of teams) {
    if (team.spec.parent !== null && !rng.chance(0.7)) continue;
    const symptoms = team.spec.vocabulary?.symptoms ?? leafTeams
      .filter((leaf) => leaf.spec.parent === team.spec.slug)
      .flatMap((leaf) => leaf.spec.vocabulary?.symptoms ?? []);
    const counted = index.counted(team.repos).filter((deployment) => !deployment.isRollback
      && deployment.finishedAt > window.from + 14 * DAY && deployment.finishedAt < window.now - 14 * DAY);
    if (counted.length < 2 || symptoms.length === 0) continue;
    const position = rng.int(0, counted.length - 2);
    const cause = counted[position];
    const next = counted[position + 1];
    if (!cause || !next) continue;
    const gap = Math.min(next.finishedAt - cause.finishedAt, 48 * HOUR);
    const heuristic = gap > 20 * MINUTE && rng.chance(0.6);
    const startedAt = cause.finishedAt + (heuristic ? gap * rng.between(0.2, 0.8) : rng.between(30, 180) * MINUTE);
    out.push(incident({
      team: team.spec.slug, title: rng.pick(symptoms), severity: rng.weighted(INCIDENT_SEVERITIES),
      startedAt, resolvedAt: resolveAfter(startedAt, 2),
      cause: heuristic ? undefined : { deployment: cause, by: 'sha' },
    }));
  }

  // Names a staging deployment as its cause: stored, but not a production failure, and not relinked.
  const staging = deployments.filter((deployment) => deployment.repo.team?.slug === 'data-platform' && !deployment.counted
    && deployment.status === 'success' && deployment.finishedAt < window.now - 10 * DAY);
  if (staging.length > 0) {
    const cause = rng.pick(staging);
    const startedAt = cause.finishedAt + rng.between(20, 90) * MINUTE;
    out.push(incident({
      repo: cause.repo, title: 'QA dashboards broken after the dev warehouse refresh', severity: 'SEV4',
      startedAt, resolvedAt: startedAt + rng.between(2, 6) * HOUR, cause: { deployment: cause, by: 'externalId' },
    }));
  }

  return out;
}
