// Deterministic data sets for the fake GitHub, and the records a correct collector must import from
// them, computed independently of the collector's code.
import type { FakeAlert, FakeGitHub, FakeIssue, FakePull, FakeRepo } from './fake-github';

import { seededRandom } from '@/scripts/lib/seeded-random';

export { seededRandom };

/** GitHub writes instants without milliseconds. */
export const ghTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface RepoContent {
  deploymentsPerRepo: number;
  pullsPerRepo: number;
  issuesPerRepo: number;
  codeScanningPerRepo: number;
  dependabotPerRepo: number;
  secretsPerRepo: number;
}

export interface DataShape extends RepoContent {
  repos: number;
  /** Every `every`-th repository has these counts instead: a few busy services among many quiet ones. */
  busy?: { every: number } & Partial<RepoContent>;
}

export const SMALL_SHAPE: DataShape = {
  repos: 3, deploymentsPerRepo: 25, pullsPerRepo: 130, issuesPerRepo: 12, codeScanningPerRepo: 15, dependabotPerRepo: 120, secretsPerRepo: 6,
};

const START = Date.parse('2026-01-05T08:00:00Z');

export class FakeDataBuilder {
  private nextId = 1000;
  private clock = START;
  readonly random: () => number;

  constructor(
    private readonly fake: FakeGitHub,
    seed = 42,
  ) {
    this.random = seededRandom(seed);
  }

  id(): number {
    return (this.nextId += 1 + Math.floor(this.random() * 5));
  }

  /** A strictly later instant each call, so "updated since" orderings are unambiguous. */
  tick(minutes = 1 + Math.floor(this.random() * 120)): string {
    this.clock += minutes * 60_000;
    return ghTime(this.clock);
  }

  sha(): string {
    let out = '';
    for (let i = 0; i < 40; i++) out += Math.floor(this.random() * 16).toString(16);
    return out;
  }

  pick<T>(weighted: [T, number][]): T {
    let roll = this.random();
    for (const [value, weight] of weighted) {
      if ((roll -= weight) < 0) return value;
    }
    return weighted[weighted.length - 1]![0];
  }

  build(shape: DataShape): void {
    for (let r = 0; r < shape.repos; r++) {
      const repo: FakeRepo = {
        owner: this.fake.org,
        name: `service-${r + 1}`,
        id: this.id(),
        default_branch: r % 2 === 0 ? 'main' : 'trunk',
        archived: false,
        updated_at: this.tick(),
        codeScanning: 'on',
        dependabot: 'on',
        secretScanning: 'on',
        deployments: [], runs: [], releases: [], pulls: [], issues: [],
        codeScanningAlerts: [], dependabotAlerts: [], secretScanningAlerts: [],
      };
      this.fake.repos.push(repo);
      const content: RepoContent = shape.busy && (r + 1) % shape.busy.every === 0 ? { ...shape, ...shape.busy } : shape;
      for (let i = 0; i < content.pullsPerRepo; i++) this.addPull(repo);
      for (let i = 0; i < content.deploymentsPerRepo; i++) this.addDeployment(repo);
      for (let i = 0; i < content.issuesPerRepo; i++) this.addIssue(repo);
      for (let i = 0; i < content.codeScanningPerRepo; i++) this.addAlert(repo, 'code');
      for (let i = 0; i < content.dependabotPerRepo; i++) this.addAlert(repo, 'dependabot');
      for (let i = 0; i < content.secretsPerRepo; i++) this.addAlert(repo, 'secret');
    }
    // One archived repository: listed by GitHub, skipped by the collector.
    this.fake.repos.push({
      owner: this.fake.org, name: 'old-monolith', id: this.id(), default_branch: 'master', archived: true, updated_at: this.tick(),
      codeScanning: 'on', dependabot: 'on', secretScanning: 'on',
      deployments: [], runs: [], releases: [], pulls: [this.pull('master', true)], issues: [],
      codeScanningAlerts: [], dependabotAlerts: [], secretScanningAlerts: [],
    });
  }

  private pull(base: string, merged: boolean, commitCount = 1 + Math.floor(this.random() * 5)): FakePull {
    const number = this.nextNumber();
    const created = this.clock;
    const commits = Array.from({ length: commitCount }, (_, i) => ({ sha: this.sha(), date: ghTime(created - (commitCount - i) * 3_600_000 - Math.floor(this.random() * 3_600_000)) }));
    const closed = this.tick();
    const hotfix = this.random() < 0.1;
    return {
      id: this.id(), number, title: this.random() < 0.05 ? `Revert "Change ${number - 1}"` : `Change ${number}`,
      labels: hotfix ? ['hotfix'] : this.random() < 0.3 ? ['enhancement'] : [],
      state: 'closed', base, created_at: ghTime(created), updated_at: closed, closed_at: closed,
      merged_at: merged ? closed : null, merge_commit_sha: merged ? this.sha() : null, commits,
    };
  }

  private numbers = 0;
  private nextNumber(): number {
    return (this.numbers += 1);
  }

  addPull(repo: FakeRepo, options: { commits?: number } = {}): FakePull {
    const kind = this.pick<'merged' | 'other-base' | 'unmerged' | 'open'>([['merged', 0.8], ['other-base', 0.07], ['unmerged', 0.08], ['open', 0.05]]);
    const pull = this.pull(kind === 'other-base' ? 'release/1.x' : repo.default_branch, kind === 'merged' || kind === 'other-base', options.commits);
    if (options.commits) {
      pull.state = 'closed';
      pull.base = repo.default_branch;
      pull.merged_at = pull.closed_at;
      pull.merge_commit_sha = this.sha();
    } else if (kind === 'open') {
      pull.state = 'open';
      pull.closed_at = null;
    }
    repo.pulls.push(pull);
    return pull;
  }

  addDeployment(repo: FakeRepo, options: { environment?: string; outcome?: string } = {}) {
    const environment = options.environment ?? this.pick([['production', 0.55], ['Prod', 0.1], ['staging', 0.2], ['preview-42', 0.1], ['production-eu', 0.05]]);
    const created = this.tick();
    const outcome = options.outcome ?? this.pick([['success', 0.78], ['failure', 0.1], ['error', 0.04], ['in_progress', 0.05], ['inactive-only', 0.03]]);
    const statuses: { id: number; state: string; created_at: string }[] = [{ id: this.id(), state: 'queued', created_at: created }];
    if (outcome === 'in_progress') statuses.push({ id: this.id(), state: 'in_progress', created_at: this.tick(2) });
    else if (outcome === 'inactive-only') statuses.push({ id: this.id(), state: 'inactive', created_at: this.tick(2) });
    else statuses.push({ id: this.id(), state: outcome, created_at: this.tick(3 + Math.floor(this.random() * 20)) });
    const deployment = {
      id: this.id(), environment, sha: this.sha(), task: this.random() < 0.05 ? 'deploy:rollback' : 'deploy',
      description: null, created_at: created, statuses,
    };
    repo.deployments.push(deployment);
    return deployment;
  }

  addIssue(repo: FakeRepo, options: { incident?: boolean } = {}): FakeIssue {
    const incident = options.incident ?? this.random() < 0.75;
    const created = this.tick();
    const closed = this.random() < 0.7;
    const prod = repo.deployments.filter((d) => /^prod(uction)?$/i.test(d.environment));
    const cause = prod.length > 0 && this.random() < 0.3 ? prod[Math.floor(this.random() * prod.length)] : undefined;
    const labels = incident ? ['incident', ...(this.random() < 0.5 ? ['sev1'] : ['severity: high']), ...(this.random() < 0.2 ? ['security'] : [])] : ['bug'];
    const issue: FakeIssue = {
      id: this.id(), number: this.nextNumber(), title: incident ? `Outage ${this.numbers}` : `Bug ${this.numbers}`,
      body: cause ? `Customers saw errors.\n\nroot cause: ${cause.sha}\n` : 'Details in the channel.',
      labels, state: closed ? 'closed' : 'open', created_at: created, updated_at: created, closed_at: null,
    };
    if (closed) {
      issue.closed_at = this.tick(30);
      issue.updated_at = issue.closed_at;
    }
    repo.issues.push(issue);
    return issue;
  }

  addAlert(repo: FakeRepo, tool: 'code' | 'dependabot' | 'secret'): FakeAlert {
    const list = tool === 'code' ? repo.codeScanningAlerts : tool === 'dependabot' ? repo.dependabotAlerts : repo.secretScanningAlerts;
    const created = this.tick();
    const alert: FakeAlert = { number: list.length + 1, state: 'open', created_at: created, updated_at: created, severity: this.pick([['critical', 0.1], ['high', 0.3], ['medium', 0.4], ['low', 0.2]]) };
    const fate = this.random();
    if (tool === 'secret') {
      if (fate < 0.4) Object.assign(alert, { state: 'resolved', resolution: 'revoked', resolved_at: this.tick(60) });
      else if (fate < 0.55) Object.assign(alert, { state: 'resolved', resolution: 'false_positive', resolved_at: this.tick(60) });
    } else if (fate < 0.45) {
      Object.assign(alert, { state: 'fixed', fixed_at: this.tick(60) });
    } else if (fate < 0.6) {
      const reason = tool === 'code' ? this.pick([['false positive', 0.5], ["won't fix", 0.5]]) : this.pick([['inaccurate', 0.5], ['tolerable_risk', 0.5]]);
      Object.assign(alert, { state: 'dismissed', dismissed_reason: reason, dismissed_at: this.tick(60) });
    }
    alert.updated_at = alert.fixed_at ?? alert.dismissed_at ?? alert.resolved_at ?? created;
    list.push(alert);
    return alert;
  }

  /** Marks an item changed now (as GitHub bumps updated_at on any edit). */
  touch<T extends { updated_at: string }>(item: T, change: Partial<T> = {}): T {
    Object.assign(item, change, { updated_at: this.tick() });
    return item;
  }
}

export interface ExpectedRecords {
  changes: Set<string>;
  deployments: Set<string>;
  incidents: Set<string>;
  findings: Set<string>;
  repositories: Set<string>;
}

/** What a correct collector imports from the fake with default settings, derived from the raw data. */
export function expectedRecords(fake: FakeGitHub): ExpectedRecords {
  const expected: ExpectedRecords = { changes: new Set(), deployments: new Set(), incidents: new Set(), findings: new Set(), repositories: new Set() };
  for (const repo of fake.repos) {
    if (repo.archived) continue;
    const full = `${repo.owner}/${repo.name}`;
    expected.repositories.add(full);
    for (const pull of repo.pulls) if (pull.merged_at && pull.base === repo.default_branch) expected.changes.add(`pr:${pull.id}`);
    for (const d of repo.deployments) {
      const production = ['production', 'prod'].includes(d.environment.toLowerCase());
      if (production && d.statuses.some((s) => ['success', 'failure', 'error'].includes(s.state))) expected.deployments.add(`deployment:${d.id}`);
    }
    for (const issue of repo.issues) if (!issue.isPullRequest && issue.labels.includes('incident')) expected.incidents.add(`issue:${issue.id}`);
    if (repo.codeScanning === 'on') for (const a of repo.codeScanningAlerts) expected.findings.add(`code-scanning:${full}#${a.number}`);
    if (repo.dependabot === 'on') for (const a of repo.dependabotAlerts) expected.findings.add(`dependabot:${full}#${a.number}`);
    if (repo.secretScanning === 'on') for (const a of repo.secretScanningAlerts) expected.findings.add(`secret-scanning:${full}#${a.number}`);
  }
  return expected;
}
