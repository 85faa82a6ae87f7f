// The demo organisation as plain records, ready for the store: a pure function of a seed and an end date,
// so `npm run demo` always shows "the last six months" and the same seed always gives the same data.
import {
  DEMO_OWNER, TEAMS, UNOWNED_DELIVERY, UNOWNED_FALLBACK_VOCABULARY, UNOWNED_REPOSITORIES, UNOWNED_SECURITY, UNOWNED_VOCABULARIES,
} from '@/lib/demo/organisation';
import { FailureBudget, scheduleDeployments, simulateRepository } from '@/lib/demo/delivery';
import { generateFindings } from '@/lib/demo/findings';
import { extraIncidents, type TeamScope } from '@/lib/demo/incidents';
import {
  DAY, HOUR, MINUTE, startOfUtcDay,
  type PlannedChange, type PlannedDeployment, type PlannedFinding, type PlannedIncident, type RepoContext, type Window,
} from '@/lib/demo/model';
import { Random } from '@/lib/demo/random';
import { teamHandles } from '@/lib/demo/text';
import type { Role } from '@/lib/access/viewer';
import { DEFAULT_METRIC_SETTINGS } from '@/lib/metrics/types';
import type { ChangeInput, DeploymentInput, FindingInput, IncidentInput } from '@/lib/validations/ingest';

export const DEFAULT_DEMO_SEED = 20_260_101;
/** Length of the demo history: 26 weeks, "the last six months". */
export const DEMO_PERIOD_DAYS = 182;
export const DEMO_SOURCE_NAME = 'demo';
export const DEMO_EMAIL_DOMAIN = 'demo.vitals.local';
/** Where incidents filed against a team (not a repository) live, as GitHub issues. */
const INCIDENT_REPOSITORY = 'incident-response';

export interface DemoOrgSettings {
  name: string;
  timeZone: string;
  incidentWindowHours: number;
  slaCriticalDays: number;
  slaHighDays: number;
  slaMediumDays: number;
  slaLowDays: number;
}

export interface DemoTeam {
  slug: string;
  name: string;
  parent: string | null;
  /** "owner/name" of the repositories mapped to this team (not its children's). */
  repositories: string[];
  /** The DORA story the team was built to tell. */
  intended: string;
}

export interface DemoRepository {
  fullName: string;
  team: string | null;
  url: string;
  defaultBranch: string;
  archived: boolean;
}

export interface DemoUser {
  email: string;
  name: string;
  role: Role | null;
  memberships: { team: string; role: 'manager' | 'member' }[];
}

export interface DemoCollectorRun {
  trigger: 'schedule' | 'manual' | 'webhook' | 'cli';
  status: 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date;
  counts: Record<string, number>;
  error: string | null;
}

export interface DemoSource {
  name: string;
  kind: 'github';
  /** Valid GitHub source settings (lib/collectors/github/settings.ts is strict, so the note is in `state`). */
  settings: { organization: string; incidentLabels: string[]; securityLabel: string };
  /** Never synced: there is no token, and the data is generated. */
  enabled: false;
  /** Conditions shown to admins, in the collector's shape: `<stream>:<owner/name>` → message and since. */
  state: Record<string, { message: string; since: string }>;
}

export interface DemoData {
  seed: number;
  /** The demo period, `[from, to)`: 182 days ending at the `now` it was generated for. */
  period: { from: Date; to: Date };
  orgSettings: DemoOrgSettings;
  source: DemoSource;
  teams: DemoTeam[];
  repositories: DemoRepository[];
  changes: ChangeInput[];
  deployments: DeploymentInput[];
  incidents: IncidentInput[];
  findings: FindingInput[];
  users: DemoUser[];
  collectorRuns: DemoCollectorRun[];
}

export interface GenerateOptions {
  seed?: number;
  /** End of the demo period: the seeder passes the current time, tests a fixed date. */
  now: Date;
}

const githubUrl = (repo: string) => `https://github.com/${DEMO_OWNER}/${repo}`;

export function generateDemoData({ seed = DEFAULT_DEMO_SEED, now }: GenerateOptions): DemoData {
  const end = now.getTime();
  if (!Number.isFinite(end)) throw new Error('generateDemoData needs a valid `now`');
  const window: Window = { from: startOfUtcDay(end) - DEMO_PERIOD_DAYS * DAY, now: end };
  const root = new Random(seed);

  // ---------------------------------------------------------------- repositories and people
  const taken = new Set<string>();
  const repos: RepoContext[] = [];
  const unitRepos: { label: string; delivery: RepoContext['delivery']; repos: RepoContext[] }[] = [];
  for (const team of TEAMS) {
    if (team.repositories.length === 0) continue;
    const authors = teamHandles(root.fork(`people:${team.slug}`), 6, taken);
    const delivery = team.delivery ?? UNOWNED_DELIVERY;
    const contexts = team.repositories.map((spec) => context(root, window, spec, team, authors, {
      delivery, security: team.security ?? UNOWNED_SECURITY, vocabulary: team.vocabulary ?? UNOWNED_FALLBACK_VOCABULARY,
    }));
    repos.push(...contexts);
    unitRepos.push({ label: team.slug, delivery, repos: contexts });
  }
  const sharedAuthors = teamHandles(root.fork('people:unowned'), 4, taken);
  for (const spec of UNOWNED_REPOSITORIES) {
    const repo = context(root, window, spec, null, sharedAuthors, {
      delivery: UNOWNED_DELIVERY, security: UNOWNED_SECURITY,
      vocabulary: UNOWNED_VOCABULARIES[spec.name] ?? UNOWNED_FALLBACK_VOCABULARY,
    });
    repos.push(repo);
    unitRepos.push({ label: spec.name, delivery: UNOWNED_DELIVERY, repos: [repo] });
  }

  // ---------------------------------------------------------------- delivery
  const deployments: PlannedDeployment[] = [];
  const changes: PlannedChange[] = [];
  const failureIncidents: PlannedIncident[] = [];
  for (const unit of unitRepos) {
    const schedule = scheduleDeployments(root.fork(`schedule:${unit.label}`), unit.delivery, unit.repos, window);
    const failures = new FailureBudget(root.fork(`failures:${unit.label}`));
    for (const repo of unit.repos) {
      const activity = simulateRepository(repo, schedule.get(repo) ?? [], window, failures);
      deployments.push(...activity.deployments);
      changes.push(...activity.changes);
      failureIncidents.push(...activity.incidents);
    }
  }

  // ---------------------------------------------------------------- incidents and findings
  const scopes: TeamScope[] = TEAMS.map((team) => ({
    spec: team,
    repos: repos.filter((repo) => repo.team !== null && (repo.team.slug === team.slug || repo.team.parent === team.slug)),
  }));
  const incidents = [
    ...failureIncidents,
    ...extraIncidents({ rng: root.fork('incidents'), window, teams: scopes, deployments, failureIncidents }),
  ].filter((incident) => incident.startedAt < window.now);
  const findings = generateFindings(root.fork('findings'), repos, changes, window);

  assignIdentifiers(root.fork('identifiers'), repos, deployments, changes, incidents, findings);

  return {
    seed,
    period: { from: new Date(window.from), to: new Date(window.now) },
    orgSettings: {
      name: 'Medisphere Health',
      timeZone: 'America/New_York',
      incidentWindowHours: DEFAULT_METRIC_SETTINGS.incidentWindowHours,
      slaCriticalDays: DEFAULT_METRIC_SETTINGS.slaDays.critical,
      slaHighDays: DEFAULT_METRIC_SETTINGS.slaDays.high,
      slaMediumDays: DEFAULT_METRIC_SETTINGS.slaDays.medium,
      slaLowDays: DEFAULT_METRIC_SETTINGS.slaDays.low,
    },
    source: {
      name: DEMO_SOURCE_NAME,
      kind: 'github',
      settings: { organization: DEMO_OWNER, incidentLabels: ['incident'], securityLabel: 'security' },
      enabled: false,
      state: {
        demo: {
          message: 'Demo data generated by `npm run demo` for a fictitious organisation; this source is never synced.',
          since: new Date(window.now - 26 * HOUR).toISOString(),
        },
        ...Object.fromEntries(repos.filter((repo) => repo.spec.codeScanningDisabled).map((repo) => [`code-scanning:${repo.fullName}`, {
          message: '403: Advanced Security must be enabled for this repository to use code scanning.',
          since: new Date(window.now - 26 * HOUR).toISOString(),
        }])),
      },
    },
    teams: TEAMS.map((team) => ({
      slug: team.slug,
      name: team.name,
      parent: team.parent,
      repositories: team.repositories.map((spec) => `${DEMO_OWNER}/${spec.name}`),
      intended: team.intended,
    })),
    repositories: repos.map((repo) => ({
      fullName: repo.fullName,
      team: repo.team?.slug ?? null,
      url: repo.url,
      defaultBranch: repo.spec.defaultBranch ?? 'main',
      archived: repo.spec.archived ?? false,
    })),
    changes: changes.sort(byTime((change) => change.mergedAt)).map(changeRecord),
    deployments: deployments.sort(byTime((deployment) => deployment.finishedAt)).map(deploymentRecord),
    incidents: incidents.sort(byTime((incident) => incident.startedAt)).map(incidentRecord),
    findings: findings.sort(byTime((item) => item.openedAt)).map(findingRecord),
    users: demoUsers(),
    collectorRuns: collectorRuns(root.fork('runs'), window, {
      deployments: deployments.length, changes: changes.length, incidents: incidents.length, findings: findings.length,
    }),
  };
}

function context(root: Random, window: Window, spec: RepoContext['spec'], team: RepoContext['team'], authors: string[],
  profile: Pick<RepoContext, 'delivery' | 'security' | 'vocabulary'>): RepoContext {
  return {
    spec,
    fullName: `${DEMO_OWNER}/${spec.name}`,
    url: githubUrl(spec.name),
    team,
    ...profile,
    activeUntil: spec.activeUntilDay === undefined ? window.now : window.from + spec.activeUntilDay * DAY,
    authors,
    rng: root.fork(`repo:${spec.name}`),
  };
}

/** Ascending by time; Array.prototype.sort is stable, so ties keep the (deterministic) generation order. */
function byTime<T>(time: (item: T) => number) {
  return (a: T, b: T) => time(a) - time(b);
}

/**
 * Numbers and ids as GitHub would have assigned them: pull requests and issues share one counter per
 * repository, deployment ids grow with time across the whole of GitHub, alert numbers per repository.
 */
function assignIdentifiers(rng: Random, repos: RepoContext[], deployments: PlannedDeployment[], changes: PlannedChange[],
  incidents: PlannedIncident[], findings: PlannedFinding[]): void {
  const counters = new Map<string, number>();
  const issueRepo = (incident: PlannedIncident) => incident.repo?.spec.name ?? INCIDENT_REPOSITORY;
  const firstNumber = new Map(repos.map((repo) => [repo.spec.name, repo.spec.firstNumber]));
  const numbered = [
    ...changes.map((change) => ({ repo: change.repo.spec.name, at: change.openedAt, assign: (n: number) => {
      change.number = n;
      change.externalId = `${DEMO_OWNER}/${change.repo.spec.name}#${n}`;
    } })),
    ...incidents.map((incident) => ({ repo: issueRepo(incident), at: incident.startedAt, assign: (n: number) => {
      incident.number = n;
      incident.externalId = `${DEMO_OWNER}/${issueRepo(incident)}#${n}`;
      incident.url = `${githubUrl(issueRepo(incident))}/issues/${n}`;
    } })),
  ].sort((a, b) => a.at - b.at || a.repo.localeCompare(b.repo));
  for (const item of numbered) {
    // Issues and pull requests outside the demo data take numbers too.
    const next = (counters.get(item.repo) ?? firstNumber.get(item.repo) ?? 300) + 1 + rng.poisson(0.5);
    counters.set(item.repo, next);
    item.assign(next);
  }

  let deploymentId = 1_800_000_000 + rng.int(0, 50_000_000);
  for (const deployment of [...deployments].sort((a, b) => a.startedAt - b.startedAt)) {
    deploymentId += 1 + rng.int(0, 60_000);
    deployment.externalId = String(deploymentId);
  }

  const alertCounters = new Map<string, number>();
  for (const item of [...findings].sort((a, b) => a.openedAt - b.openedAt)) {
    const key = `${item.repo.spec.name}/${item.tool}`;
    const next = (alertCounters.get(key) ?? rng.int(0, 40)) + 1;
    alertCounters.set(key, next);
    item.number = next;
  }
}

function changeRecord(change: PlannedChange): ChangeInput {
  return {
    externalId: change.externalId,
    repository: change.repo.fullName,
    number: change.number,
    title: change.title,
    labels: change.labels,
    author: change.author,
    ...(change.firstCommitAt === undefined ? {} : { firstCommitAt: new Date(change.firstCommitAt) }),
    openedAt: new Date(change.openedAt),
    mergedAt: new Date(change.mergedAt),
    mergeSha: change.mergeSha,
    url: `${change.repo.url}/pull/${change.number}`,
  };
}

function deploymentRecord(deployment: PlannedDeployment): DeploymentInput {
  const linking = deployment.repo.spec.linking;
  const listed = linking === 'fallback' || deployment.isRollback
    ? undefined
    : deployment.changes.map((change) => (linking === 'ids' ? change.externalId : change.mergeSha));
  return {
    externalId: deployment.externalId,
    repository: deployment.repo.fullName,
    environment: deployment.environment,
    status: deployment.status,
    sha: deployment.sha,
    startedAt: new Date(deployment.startedAt),
    finishedAt: new Date(deployment.finishedAt),
    ...(deployment.isRollback ? { isRollback: true } : {}),
    ...(listed ? { changes: listed } : {}),
    url: `${deployment.repo.url}/deployments/${deployment.environment}`,
  };
}

function incidentRecord(incident: PlannedIncident): IncidentInput {
  const cause = incident.cause;
  return {
    externalId: incident.externalId,
    ...(incident.repo ? { repository: incident.repo.fullName } : {}),
    ...(incident.team ? { team: incident.team } : {}),
    title: incident.title,
    severity: incident.severity,
    ...(incident.security ? { security: true } : {}),
    startedAt: new Date(incident.startedAt),
    ...(incident.resolvedAt === undefined ? {} : { resolvedAt: new Date(incident.resolvedAt) }),
    // The GitHub issue body's "root cause: <sha or deployment id>".
    ...(cause ? { causeDeployment: cause.by === 'sha' ? cause.deployment.sha : cause.deployment.externalId } : {}),
    url: incident.url,
  };
}

const ALERT_PATH = { 'code-scanning': 'code-scanning', dependabot: 'dependabot', 'secret-scanning': 'secret-scanning' } as const;

function findingRecord(finding: PlannedFinding): FindingInput {
  return {
    externalId: `${finding.repo.fullName}/${finding.tool}/${finding.number}`,
    repository: finding.repo.fullName,
    tool: finding.tool,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    state: finding.state,
    ...(finding.dismissedReason === undefined ? {} : { dismissedReason: finding.dismissedReason }),
    openedAt: new Date(finding.openedAt),
    ...(finding.fixedAt === undefined ? {} : { fixedAt: new Date(finding.fixedAt) }),
    ...(finding.dismissedAt === undefined ? {} : { dismissedAt: new Date(finding.dismissedAt) }),
    url: `${finding.repo.url}/security/${ALERT_PATH[finding.tool]}/${finding.number}`,
  };
}

/** One sign-in per role for the demo; managers and members see only their teams. */
export function demoUsers(): DemoUser[] {
  const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;
  return [
    { email: email('alex.admin'), name: 'Alex Admin', role: 'admin', memberships: [] },
    { email: email('erin.executive'), name: 'Erin Executive', role: 'executive', memberships: [] },
    { email: email('maya.manager'), name: 'Maya Manager', role: 'manager', memberships: [{ team: 'clinical', role: 'manager' }] },
    {
      email: email('marco.manager'), name: 'Marco Manager', role: 'manager',
      memberships: [{ team: 'telehealth', role: 'manager' }, { team: 'mobile', role: 'manager' }],
    },
    { email: email('mia.member'), name: 'Mia Member', role: 'member', memberships: [{ team: 'patient-portal', role: 'member' }] },
    { email: email('sam.member'), name: 'Sam Member', role: 'member', memberships: [{ team: 'sre', role: 'member' }] },
    // Signed in but granted nothing: shows what a new user sees before an admin grants a role.
    { email: email('nora.newcomer'), name: 'Nora Newcomer', role: null, memberships: [] },
  ];
}

/** A backfill yesterday, then hourly incremental runs, one of which failed. */
function collectorRuns(rng: Random, window: Window, totals: Record<string, number>): DemoCollectorRun[] {
  const runs: DemoCollectorRun[] = [];
  const backfillStart = window.now - 26 * HOUR;
  runs.push({
    trigger: 'manual', status: 'succeeded', startedAt: new Date(backfillStart),
    finishedAt: new Date(backfillStart + rng.between(4, 9) * MINUTE), counts: totals, error: null,
  });
  const failedAt = 5;
  for (let hoursAgo = 12; hoursAgo >= 1; hoursAgo -= 1) {
    const startedAt = startOfHour(window.now - hoursAgo * HOUR) + rng.between(0, 2) * MINUTE;
    const failed = hoursAgo === failedAt;
    const counts: Record<string, number> = failed ? { deployments: rng.int(0, 4) } : {
      deployments: rng.int(0, 14), changes: rng.int(0, 18), incidents: rng.int(0, 1), findings: rng.int(0, 6),
    };
    runs.push({
      trigger: 'schedule',
      status: failed ? 'failed' : 'succeeded',
      startedAt: new Date(startedAt),
      finishedAt: new Date(startedAt + rng.between(20, 140) * 1000),
      counts,
      error: failed
        ? `GitHub API answered 502 Bad Gateway for GET /repos/${DEMO_OWNER}/hl7-interface-engine/deployments after 3 retries`
        : null,
    });
  }
  const webhookAt = window.now - rng.between(5, 40) * MINUTE;
  runs.push({
    trigger: 'webhook', status: 'succeeded', startedAt: new Date(webhookAt), finishedAt: new Date(webhookAt + 900),
    counts: { deployments: 1 }, error: null,
  });
  return runs;
}

function startOfHour(at: number): number {
  return Math.floor(at / HOUR) * HOUR;
}
