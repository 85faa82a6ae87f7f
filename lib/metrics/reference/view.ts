// The records of one scope and one period, after linking: what every reference metric starts from.
import type { Period, Scope } from '@/lib/metrics/types';
import type { LinkedChange, LinkedDataset, LinkedDeployment, LinkedFinding, LinkedIncident } from '@/lib/metrics/reference/links';
import { incidentInScope, scopeMembers } from '@/lib/metrics/reference/scope';

export interface ScopedView {
  period: Period;
  linked: LinkedDataset;
  /** Counted deployments of the scope with finishedAt in the period. */
  deployments: LinkedDeployment[];
  /** Changes of the scope (shipped or not). */
  changes: LinkedChange[];
  /** Incidents of the scope, linked or not. */
  incidents: LinkedIncident[];
  /** Findings of the scope, without those dismissed as never real (as if they never existed). */
  findings: LinkedFinding[];
}

export function inPeriod(instant: Date | null, period: Period): instant is Date {
  return instant !== null && instant.getTime() >= period.from.getTime() && instant.getTime() < period.to.getTime();
}

export function scopedView(linked: LinkedDataset, scope: Scope, period: Period): ScopedView {
  const members = scopeMembers(linked, scope);
  return {
    period,
    linked,
    deployments: linked.deployments.filter((deployment) =>
      deployment.counted && members.repositoryIds.has(deployment.repositoryId) && inPeriod(deployment.finishedAt, period)),
    changes: linked.changes.filter((change) => members.repositoryIds.has(change.repositoryId)),
    incidents: linked.incidents.filter((incident) => incidentInScope(incident, members)),
    findings: linked.findings.filter((finding) => !finding.excluded && members.repositoryIds.has(finding.repositoryId)),
  };
}

