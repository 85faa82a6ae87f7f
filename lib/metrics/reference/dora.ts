// The six delivery metrics of METRICS.md ("DORA"), defined over a scoped view. Plain loops on purpose:
// this file is the specification the SQL is tested against.
import { calendarWindows, localDayOf, periodLength } from '@/lib/metrics/period';
import { changeFailureRateBand, deploymentFrequencyBand, failedDeploymentRecoveryBand, leadTimeBand } from '@/lib/metrics/bands';
import type {
  ChangeFailureRate, DeploymentFrequency, FailedDeploymentRecovery, LeadTime, ReworkRate, SecurityChangeFailureRate, TimeToRestore,
} from '@/lib/metrics/types';
import type { LinkedDeployment, LinkedIncident } from '@/lib/metrics/reference/links';
import { mean, median, percentile, ratio, secondsBetween } from '@/lib/metrics/reference/statistics';
import { inPeriod, type ScopedView } from '@/lib/metrics/reference/view';

export function deploymentFrequency(view: ScopedView): DeploymentFrequency {
  const { period, deployments } = view;
  const days = periodLength(period);
  const deployDaysPerWeek = calendarWindows(period, 7).map((window) =>
    new Set(deployments.filter((deployment) => inPeriod(deployment.finishedAt, window))
      .map((deployment) => localDayOf(deployment.finishedAt, period.timeZone))).size);
  const deploymentsPer30Days = calendarWindows(period, 30).map((window) =>
    deployments.filter((deployment) => inPeriod(deployment.finishedAt, window)).length);
  return {
    count: deployments.length,
    perWeek: deployments.length / (days / 7),
    band: deploymentFrequencyBand({
      periodDays: days,
      medianDeployDaysPer7Days: median(deployDaysPerWeek),
      medianDeploymentsPer30Days: median(deploymentsPer30Days),
    }),
  };
}

export function leadTime(view: ScopedView): LeadTime {
  const kept = view.changes
    .filter((change) => inPeriod(change.deployedAt, view.period))
    .map((change) => {
      const deployedAt = change.deployedAt as Date;
      const start = change.firstCommitAt ?? change.openedAt ?? change.mergedAt;
      return { change, deployedAt, seconds: secondsBetween(start, deployedAt) };
    })
    .filter((entry) => entry.seconds > 0);
  const seconds = kept.map((entry) => entry.seconds);
  const coding: number[] = [];
  const review: number[] = [];
  const deploy: number[] = [];
  for (const { change, deployedAt } of kept) {
    // Stage values are kept as they are, even 0 or negative; a stage without both ends has no value.
    if (change.firstCommitAt !== null && change.openedAt !== null) coding.push(secondsBetween(change.firstCommitAt, change.openedAt));
    if (change.openedAt !== null) review.push(secondsBetween(change.openedAt, change.mergedAt));
    deploy.push(secondsBetween(change.mergedAt, deployedAt));
  }
  const medianSeconds = median(seconds);
  return {
    count: kept.length,
    median: medianSeconds,
    p75: percentile(seconds, 0.75),
    p90: percentile(seconds, 0.9),
    stages: { coding: median(coding), review: median(review), deploy: median(deploy) },
    band: leadTimeBand(medianSeconds),
  };
}

/** Why and when a counted deployment failed, from every incident linked to it (in scope or not). */
export interface DeploymentOutcome {
  deployment: LinkedDeployment;
  causedIncidents: LinkedIncident[];
  failed: boolean;
  /** Seconds to recovery; null when the failure is not recovered (or there is none). */
  recoverySeconds: number | null;
}

export function deploymentOutcome(deployment: LinkedDeployment, view: ScopedView): DeploymentOutcome {
  const causedIncidents = view.linked.incidents.filter((incident) => incident.causeDeploymentId === deployment.id);
  const failed = causedIncidents.length > 0 || deployment.rolledBackAt !== null;
  const recoveries: number[] = [];
  const resolved = causedIncidents.map((incident) => incident.resolvedAt).filter((at): at is Date => at !== null);
  if (causedIncidents.length > 0 && resolved.length === causedIncidents.length) {
    const lastResolved = Math.max(...resolved.map((at) => at.getTime()));
    recoveries.push(secondsBetween(deployment.finishedAt, new Date(lastResolved)));
  }
  if (deployment.rolledBackAt !== null) recoveries.push(secondsBetween(deployment.finishedAt, deployment.rolledBackAt));
  return {
    deployment,
    causedIncidents,
    failed,
    recoverySeconds: recoveries.length > 0 ? Math.min(...recoveries) : null,
  };
}

export function changeFailureRate(view: ScopedView): ChangeFailureRate {
  const failed = view.deployments.filter((deployment) => deploymentOutcome(deployment, view).failed).length;
  const value = ratio(failed, view.deployments.length);
  return { failed, deployments: view.deployments.length, value, band: changeFailureRateBand(value) };
}

export function failedDeploymentRecovery(view: ScopedView): FailedDeploymentRecovery {
  const failures = view.deployments.map((deployment) => deploymentOutcome(deployment, view)).filter((outcome) => outcome.failed);
  const times = failures.map((outcome) => outcome.recoverySeconds).filter((seconds): seconds is number => seconds !== null);
  const medianSeconds = median(times);
  return {
    recovered: times.length,
    unrecovered: failures.length - times.length,
    median: medianSeconds,
    mean: mean(times),
    band: failedDeploymentRecoveryBand(medianSeconds),
  };
}

export function timeToRestore(view: ScopedView): TimeToRestore {
  const { period } = view;
  const durations = view.incidents
    .filter((incident) => inPeriod(incident.resolvedAt, period))
    .map((incident) => secondsBetween(incident.startedAt, incident.resolvedAt as Date));
  const open = view.incidents.filter((incident) =>
    incident.startedAt.getTime() < period.to.getTime()
    && (incident.resolvedAt === null || incident.resolvedAt.getTime() >= period.to.getTime())).length;
  return { resolved: durations.length, median: median(durations), mean: mean(durations), p90: percentile(durations, 0.9), open };
}

export function reworkRate(view: ScopedView): ReworkRate {
  const rework = view.deployments.filter((deployment) =>
    deployment.isRollback
    || view.linked.changes.some((change) => change.shippedById === deployment.id && change.isRework)).length;
  return { rework, deployments: view.deployments.length, value: ratio(rework, view.deployments.length) };
}

export function securityChangeFailureRate(view: ScopedView): SecurityChangeFailureRate {
  // Only incident failures count here: a rollback alone says nothing about security.
  const failed = view.deployments.filter((deployment) =>
    deploymentOutcome(deployment, view).causedIncidents.some((incident) => incident.security)).length;
  return { failed, deployments: view.deployments.length, value: ratio(failed, view.deployments.length) };
}
