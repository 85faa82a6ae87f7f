// Simulates how each team ships: when deployments happen (continuous flow or release trains), which pull
// requests each one carries, which ones fail and how the team recovers (rollback, hotfix or revert), and
// the incidents those failures raise. Lead-time stages, failure rates and recovery times follow the
// team's DeliveryProfile, so the metrics computed later land in the band the profile was built for.
import { INCIDENT_SEVERITIES } from '@/lib/demo/catalog';
import {
  DAY, HOUR, MINUTE, progressAt, startOfUtcDay, valueAt,
  type ChangeKind, type PlannedChange, type PlannedDeployment, type PlannedIncident, type RepoContext, type Window,
} from '@/lib/demo/model';
import type { DeliveryProfile } from '@/lib/demo/organisation';
import type { Random } from '@/lib/demo/random';
import { changeText, hotfixLabel, hotfixText, revertTitle } from '@/lib/demo/text';

/** Everything the simulation of one repository produced. */
export interface RepositoryActivity {
  deployments: PlannedDeployment[];
  changes: PlannedChange[];
  incidents: PlannedIncident[];
}

/** How far after a deployment an incident may start and still be linked by the 72 h heuristic (margin). */
const DETECTION_CAP = 60 * HOUR;

function deployable(repo: RepoContext): boolean {
  return !repo.spec.neverDeployed;
}

/** Candidate production deployment times per repository of one delivery unit (a team, or one repository). */
export function scheduleDeployments(rng: Random, delivery: DeliveryProfile, repos: RepoContext[], window: Window): Map<RepoContext, number[]> {
  const candidates = new Map<RepoContext, number[]>(repos.map((repo) => [repo, []]));
  const targets = repos.filter(deployable);
  if (targets.length === 0) return candidates;
  const add = (repo: RepoContext, at: number) => {
    if (at >= window.from && at < Math.min(window.now, repo.activeUntil)) candidates.get(repo)?.push(at);
  };

  if (delivery.cadence === 'flow') {
    for (let dayStart = startOfUtcDay(window.from); dayStart < window.now; dayStart += DAY) {
      const progress = progressAt(delivery, window, dayStart);
      const weekday = new Date(dayStart).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      if (!rng.chance(weekend ? delivery.weekendDeployChance : valueAt(delivery.deployDayChance, progress))) continue;
      const count = weekend ? 1 : 1 + rng.poisson(Math.max(0, valueAt(delivery.deploysPerDeployDay, progress) - 1));
      for (let i = 0; i < count; i += 1) {
        // Working hours in US Eastern time (13:30–22:30 UTC), so every deployment falls on one local day.
        const repo = rng.weighted(targets.map((target) => [target, target.spec.weight] as const));
        add(repo, dayStart + rng.between(weekend ? 15 : 13.5, weekend ? 20 : 22.5) * HOUR);
      }
    }
  } else {
    let release = alignToWeekday(window.from + rng.between(3, valueAt(delivery.releaseEveryDays, 0) * 0.7) * DAY, delivery);
    while (release < window.now) {
      const progress = progressAt(delivery, window, release);
      const participants = targets.filter((target, index) => index === 0 || rng.chance(0.85));
      let at = release;
      for (const repo of participants) {
        at += rng.between(8, 35) * MINUTE;
        add(repo, at);
      }
      const gapDays = valueAt(delivery.releaseEveryDays, progress) + rng.int(-4, 4);
      release = alignToWeekday(release + gapDays * DAY, delivery);
    }
  }
  for (const times of candidates.values()) times.sort((a, b) => a - b);
  return candidates;
}

/** The release window on or after `at`: the profile's weekday, at its hour (UTC). */
function alignToWeekday(at: number, delivery: DeliveryProfile): number {
  let day = startOfUtcDay(at);
  while (new Date(day).getUTCDay() !== delivery.releaseWeekday) day += DAY;
  return day + delivery.releaseHourUtc * HOUR;
}

/**
 * Decides which deployments fail, by error diffusion rather than independent coin flips: a team with
 * thirty deployments and a 10 % failure rate gets about three failures, not zero or seven, so even
 * teams with few deployments land near their intended change failure rate. The threshold is random,
 * so which deployments fail still is. One budget is shared by all repositories of a team.
 */
export class FailureBudget {
  private debt: number;
  private threshold: number;

  constructor(private readonly rng: Random) {
    this.debt = rng.next();
    this.threshold = rng.between(0.5, 1.5);
  }

  nextFails(rate: number): boolean {
    this.debt += rate;
    if (this.debt < this.threshold) return false;
    this.debt -= this.threshold;
    this.threshold = this.rng.between(0.5, 1.5);
    return true;
  }
}

/** Simulates one repository through the demo period. */
export function simulateRepository(repo: RepoContext, candidates: number[], window: Window, failures: FailureBudget): RepositoryActivity {
  const simulation = new RepositorySimulation(repo, window, failures);
  simulation.run(candidates);
  return simulation.activity;
}

class RepositorySimulation {
  readonly activity: RepositoryActivity = { deployments: [], changes: [], incidents: [] };
  private readonly rng: Random;
  private readonly delivery: DeliveryProfile;
  /** Changes merged after this instant ship with the next production deployment. */
  private boundary: number;
  /** The sha production runs when healthy: what a rollback returns to. */
  private healthySha: string;

  constructor(private readonly repo: RepoContext, private readonly window: Window, private readonly failures: FailureBudget) {
    this.rng = repo.rng.fork('delivery');
    this.delivery = repo.delivery;
    this.boundary = window.from - 4 * DAY;
    this.healthySha = this.rng.hex(40);
  }

  run(candidates: number[]): void {
    const end = Math.min(this.window.now, this.repo.activeUntil);
    let nextAllowed = Number.NEGATIVE_INFINITY;
    for (const at of candidates) {
      if (at < nextAllowed || at >= end) continue;
      const progress = progressAt(this.delivery, this.window, at);
      const deployment = this.regularDeployment(at, progress);
      if (!deployment) continue;
      if (!this.failures.nextFails(valueAt(this.delivery.failureRate, progress))) {
        this.healthySha = deployment.sha;
        continue;
      }
      nextAllowed = this.fail(deployment, progress, end);
    }
    this.unshippedTail(end);
  }

  /** A production deployment at `at` carrying the changes merged since the previous one. */
  private regularDeployment(at: number, progress: number): PlannedDeployment | undefined {
    const rng = this.rng;
    const train = this.delivery.cadence === 'train';
    const duration = (train ? rng.between(20, 70) : rng.between(4, 22)) * MINUTE;
    const startedAt = at - duration;
    const latestMerge = startedAt - 2 * MINUTE;
    const earliestMerge = this.boundary + MINUTE;
    if (latestMerge <= earliestMerge) return undefined;

    const count = Math.max(1, rng.poisson(valueAt(this.delivery.changesPerDeploy, progress)));
    const changes: PlannedChange[] = [];
    for (let i = 0; i < count; i += 1) {
      let mergedAt: number;
      if (train) {
        // Code freeze: a release carries what was merged up to a day before the window.
        const freeze = Math.max(earliestMerge + MINUTE, Math.min(latestMerge, at - DAY));
        mergedAt = rng.between(earliestMerge, freeze);
      } else {
        const wait = rng.logNormal(valueAt(this.delivery.deployWaitHours, progress) * HOUR, 0.9);
        mergedAt = at - wait;
        if (mergedAt > latestMerge || mergedAt < earliestMerge) mergedAt = rng.between(earliestMerge, latestMerge);
      }
      changes.push(this.ordinaryChange(mergedAt, progress));
    }
    changes.sort((a, b) => a.mergedAt - b.mergedAt);
    const head = changes[changes.length - 1];
    const sha = head ? head.mergeSha : rng.hex(40);
    const lastMerge = head ? head.mergedAt : earliestMerge;

    this.preProduction(sha, lastMerge, startedAt, changes);
    if (rng.chance(this.delivery.failedAttemptRate)) this.failedAttempt(sha, lastMerge, startedAt, changes);
    const deployment = this.production(sha, startedAt, at, changes, false);
    this.boundary = at;
    return deployment;
  }

  private production(sha: string, startedAt: number, finishedAt: number, changes: PlannedChange[], isRollback: boolean): PlannedDeployment {
    const deployment: PlannedDeployment = {
      repo: this.repo,
      environment: this.repo.spec.production ?? 'production',
      status: 'success',
      sha,
      startedAt,
      finishedAt,
      isRollback,
      changes,
      counted: true,
      externalId: '',
    };
    this.activity.deployments.push(deployment);
    return deployment;
  }

  /** Staging (or UAT, TestFlight…) before production, with the same sha; never counted. */
  private preProduction(sha: string, lastMerge: number, productionStart: number, changes: PlannedChange[]): void {
    const environment = this.repo.spec.preProduction;
    if (!environment || !this.rng.chance(0.9)) return;
    const lead = this.delivery.cadence === 'train' ? this.rng.between(6, 30) * HOUR : this.rng.between(10, 120) * MINUTE;
    const finishedAt = Math.max(lastMerge + 5 * MINUTE, productionStart - lead);
    if (finishedAt >= productionStart - MINUTE) return;
    this.activity.deployments.push({
      repo: this.repo,
      environment,
      status: this.rng.chance(0.04) ? 'failure' : 'success',
      sha,
      startedAt: finishedAt - this.rng.between(3, 15) * MINUTE,
      finishedAt,
      isRollback: false,
      changes,
      counted: false,
      externalId: '',
    });
  }

  /** A production attempt whose pipeline failed before the successful one: stored, never counted. */
  private failedAttempt(sha: string, lastMerge: number, productionStart: number, changes: PlannedChange[]): void {
    const finishedAt = productionStart - this.rng.between(5, 45) * MINUTE;
    const startedAt = finishedAt - this.rng.between(2, 12) * MINUTE;
    if (startedAt <= lastMerge) return;
    this.activity.deployments.push({
      repo: this.repo,
      environment: this.repo.spec.production ?? 'production',
      status: this.rng.chance(0.7) ? 'failure' : 'error',
      sha,
      startedAt,
      finishedAt,
      isRollback: false,
      changes,
      counted: false,
      externalId: '',
    });
  }

  private ordinaryChange(mergedAt: number, progress: number): PlannedChange {
    const rng = this.rng;
    const kind = rng.weighted<Exclude<ChangeKind, 'hotfix' | 'revert'>>([
      ['feature', 45], ['defect', 25], ['chore', 16], ['dependency', 14],
    ]);
    const text = changeText(rng, this.repo, kind);
    const reviewMedian = valueAt(this.delivery.reviewHours, progress) * HOUR;
    const review = kind === 'dependency' ? rng.logNormal(reviewMedian * 1.5, 1.1) : rng.logNormal(reviewMedian, 0.9);
    const openedAt = mergedAt - Math.max(5 * MINUTE, review);
    let firstCommitAt: number | undefined;
    if (kind === 'dependency') {
      // Dependabot commits and opens in the same minute.
      firstCommitAt = openedAt - rng.between(0, 2) * MINUTE;
    } else if (!rng.chance(0.03)) {
      // The rest: a few pull requests whose commits the collector could not read (lead time falls back to openedAt).
      firstCommitAt = openedAt - Math.max(2 * MINUTE, rng.logNormal(valueAt(this.delivery.codingHours, progress) * HOUR, 1));
    }
    // A rare label-only hotfix: urgent work that did not come from a failed deployment.
    const labels = kind === 'defect' && rng.chance(0.03) ? [...text.labels, hotfixLabel(this.repo)] : text.labels;
    return this.change({ kind, title: text.title, labels, author: text.author, firstCommitAt, openedAt, mergedAt });
  }

  private change(fields: Omit<PlannedChange, 'repo' | 'mergeSha' | 'number' | 'externalId'>): PlannedChange {
    const change: PlannedChange = { ...fields, repo: this.repo, mergeSha: this.rng.hex(40), number: 0, externalId: '' };
    this.activity.changes.push(change);
    return change;
  }

  /**
   * The deployment at `deployment` failed. Decide how the team notices and recovers, record the incident
   * (if any) and the recovery deployment, and return when the next ordinary deployment may happen.
   */
  private fail(deployment: PlannedDeployment, progress: number, end: number): number {
    const rng = this.rng;
    const recovery = Math.max(8 * MINUTE, rng.logNormal(valueAt(this.delivery.recoveryHours, progress) * HOUR, 0.7));
    const recoverAt = deployment.finishedAt + recovery;
    const rollback = rng.chance(this.delivery.rollbackShare);
    const withIncident = rollback ? rng.chance(0.35) : true;
    const detectedAt = deployment.finishedAt + Math.min(DETECTION_CAP, recovery * rng.between(0.1, 0.5));
    const symptom = rng.pick(this.repo.vocabulary.symptoms);

    if (recoverAt >= end - 10 * MINUTE) {
      // Still broken at the end of the period: an open incident and no recovery yet.
      if (detectedAt < end - MINUTE) this.failureIncident(deployment, symptom, detectedAt, undefined);
      else this.healthySha = deployment.sha;
      return Number.POSITIVE_INFINITY;
    }

    let recoveryDeployment: PlannedDeployment;
    if (rollback) {
      const duration = rng.between(2, 8) * MINUTE;
      recoveryDeployment = this.production(this.healthySha, recoverAt - duration, recoverAt, [], true);
    } else {
      recoveryDeployment = this.fixForward(deployment, recoverAt, symptom);
      this.healthySha = recoveryDeployment.sha;
    }
    if (withIncident) {
      const resolvedAt = recoverAt + rng.between(5, 40) * MINUTE;
      this.failureIncident(deployment, symptom, detectedAt, resolvedAt < this.window.now ? resolvedAt : undefined);
    }
    this.boundary = recoverAt;
    return recoverAt + 30 * MINUTE;
  }

  /** A hotfix or a revert pull request, merged and deployed to recover from `failed`. */
  private fixForward(failed: PlannedDeployment, recoverAt: number, symptom: string): PlannedDeployment {
    const rng = this.rng;
    const duration = Math.min((recoverAt - failed.finishedAt) * 0.3, rng.between(4, 20) * MINUTE);
    const startedAt = recoverAt - duration;
    const span = startedAt - failed.finishedAt;
    const firstCommitAt = failed.finishedAt + span * rng.between(0.15, 0.45);
    const openedAt = firstCommitAt + span * rng.between(0.05, 0.25);
    const mergedAt = startedAt - span * rng.between(0.02, 0.1);
    const reverted = failed.changes.filter((change) => change.kind !== 'dependency');
    const original = reverted.length > 0 && rng.chance(0.4) ? rng.pick(reverted) : undefined;
    const change = original
      ? this.change({
        kind: 'revert', title: revertTitle(original.title), labels: [], author: rng.pick(this.repo.authors),
        // GitHub's revert button creates the commit and opens the pull request together.
        firstCommitAt: openedAt - MINUTE, openedAt, mergedAt,
      })
      : this.change({ kind: 'hotfix', ...hotfixText(rng, this.repo, symptom), firstCommitAt, openedAt, mergedAt });
    if (this.delivery.cadence === 'flow') this.preProduction(change.mergeSha, mergedAt, startedAt, [change]);
    return this.production(change.mergeSha, startedAt, recoverAt, [change], false);
  }

  private failureIncident(deployment: PlannedDeployment, symptom: string, startedAt: number, resolvedAt: number | undefined): void {
    const rng = this.rng;
    const link = rng.weighted([['sha', 3], ['externalId', 2], ['heuristic', 5]] as const);
    this.activity.incidents.push({
      repo: this.repo,
      team: null,
      title: symptom,
      severity: rng.weighted(INCIDENT_SEVERITIES),
      security: false,
      startedAt,
      resolvedAt,
      cause: link === 'heuristic' ? undefined : { deployment, by: link },
      number: 0,
      externalId: '',
      url: '',
    });
  }

  /** Pull requests merged after the last deployment: not shipped yet, so they have no lead time. */
  private unshippedTail(end: number): void {
    if (end < this.window.now) return;
    const count = this.repo.spec.neverDeployed ? 6 + this.rng.poisson(8) : this.rng.poisson(1.2);
    const earliest = this.repo.spec.neverDeployed ? this.window.from : Math.max(this.boundary + MINUTE, end - 5 * DAY);
    for (let i = 0; i < count; i += 1) {
      const mergedAt = this.rng.between(earliest, end - 5 * MINUTE);
      if (mergedAt <= earliest) continue;
      this.ordinaryChange(mergedAt, progressAt(this.delivery, this.window, mergedAt));
    }
  }
}
