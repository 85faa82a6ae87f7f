// Links between records (METRICS.md "Links between records" and its precise rules), derived from all the
// data at once: which deployments count, which were rolled back, which deployment shipped each change,
// which deployment caused each incident, which findings are left out. lib/store/relink.ts maintains the
// same facts as columns; this is the definition they must equal.
import { isExcludedDismissal } from '@/lib/metrics/types';
import { compareText, isReworkChange, productionMatcher, storedChangeRef, storedSha } from '@/lib/metrics/rules';
import type { ChangeRecord, Dataset, DeploymentRecord, FindingRecord, IncidentRecord } from '@/lib/metrics/reference/dataset';
import { repositoriesOfTeam } from '@/lib/metrics/reference/scope';

export interface LinkedDeployment extends DeploymentRecord {
  counted: boolean;
  /** finishedAt of the next counted deployment of the repository when that one is a rollback. */
  rolledBackAt: Date | null;
}

export interface LinkedChange extends ChangeRecord {
  isRework: boolean;
  shippedById: number | null;
  deployedAt: Date | null;
}

export type LinkKind = 'explicit' | 'heuristic';

export interface LinkedIncident extends IncidentRecord {
  /** The cause; an explicitly named deployment may be one that does not count. */
  causeDeploymentId: number | null;
  linkKind: LinkKind | null;
}

export interface LinkedFinding extends FindingRecord {
  excluded: boolean;
}

export interface LinkedDataset extends Omit<Dataset, 'deployments' | 'changes' | 'incidents' | 'findings'> {
  linked: true;
  deployments: LinkedDeployment[];
  changes: LinkedChange[];
  incidents: LinkedIncident[];
  findings: LinkedFinding[];
}

/** "Earlier" for deployments: by finishedAt, then externalId (code point order), then id. */
export function compareDeployments(a: DeploymentRecord, b: DeploymentRecord): number {
  return a.finishedAt.getTime() - b.finishedAt.getTime() || compareText(a.externalId, b.externalId) || a.id - b.id;
}

function earliest<T extends DeploymentRecord>(deployments: readonly T[]): T | null {
  return [...deployments].sort(compareDeployments)[0] ?? null;
}

function latest<T extends DeploymentRecord>(deployments: readonly T[]): T | null {
  return [...deployments].sort(compareDeployments).at(-1) ?? null;
}

function linkDeployments(dataset: Dataset): LinkedDeployment[] {
  const matchers = new Map(dataset.repositories.map((repository) => [repository.id, productionMatcher(repository.productionPattern)]));
  const linked: LinkedDeployment[] = dataset.deployments.map((deployment) => ({
    ...deployment,
    counted: deployment.status === 'success' && (matchers.get(deployment.repositoryId)?.(deployment.environment) ?? false),
    rolledBackAt: null,
  }));
  // "The next deployment" of a repository is its next counted one: failed attempts are not deployments.
  const countedByRepository = new Map<number, LinkedDeployment[]>();
  for (const deployment of linked.filter((candidate) => candidate.counted)) {
    const list = countedByRepository.get(deployment.repositoryId) ?? [];
    list.push(deployment);
    countedByRepository.set(deployment.repositoryId, list);
  }
  for (const list of countedByRepository.values()) {
    list.sort(compareDeployments);
    list.forEach((deployment, index) => {
      const next = list[index + 1];
      if (next?.isRollback) deployment.rolledBackAt = next.finishedAt;
    });
  }
  return linked;
}

function linkChange(change: ChangeRecord, deployments: readonly LinkedDeployment[]): LinkedChange {
  const candidates = deployments.filter((deployment) => deployment.counted && deployment.repositoryId === change.repositoryId);
  // Explicit lists win; only counted deployments' lists are read, and the earliest lister ships it.
  // An entry names the change by its externalId or its merge SHA, as the store keeps them.
  const mergeSha = change.mergeSha === null ? null : storedSha(change.mergeSha);
  const listedBy = candidates.filter((deployment) =>
    deployment.changeRefs.map(storedChangeRef).some((ref) => ref === change.externalId || ref === mergeSha));
  const shipper = earliest(listedBy)
    ?? earliest(candidates.filter((deployment) => deployment.finishedAt.getTime() >= change.mergedAt.getTime()));
  return {
    ...change,
    isRework: isReworkChange(change),
    shippedById: shipper?.id ?? null,
    deployedAt: shipper?.finishedAt ?? null,
  };
}

/** An explicit cause names a SHA in any case (SHAs are hexadecimal: case carries no meaning). */
export function sameSha(ref: string, sha: string | null): boolean {
  return sha !== null && storedSha(ref) === storedSha(sha);
}

/** The deployment an explicit cause names: by externalId, else by sha; counted ones first, then earliest. */
export function resolveExplicitCause<T extends LinkedDeployment>(ref: string, deployments: readonly T[]): T | null {
  const byExternalId = deployments.filter((deployment) => deployment.externalId === ref);
  const named = byExternalId.length > 0 ? byExternalId : deployments.filter((deployment) => sameSha(ref, deployment.sha));
  return earliest(named.filter((deployment) => deployment.counted)) ?? earliest(named);
}

function linkIncident(incident: IncidentRecord, dataset: Dataset, deployments: readonly LinkedDeployment[]): LinkedIncident {
  if (incident.causeRef !== null) {
    const named = resolveExplicitCause(incident.causeRef, deployments);
    if (named) return { ...incident, causeDeploymentId: named.id, linkKind: 'explicit' };
  }
  const repositoryIds = incident.repositoryId !== null
    ? new Set([incident.repositoryId])
    : incident.teamId !== null ? repositoriesOfTeam(dataset, incident.teamId) : new Set<number>();
  const windowMs = dataset.settings.incidentWindowHours * 3_600_000;
  const started = incident.startedAt.getTime();
  // Latest counted deployment at or before the start, at most the window before it (both ends included).
  const cause = latest(deployments.filter((deployment) =>
    deployment.counted
    && repositoryIds.has(deployment.repositoryId)
    && deployment.finishedAt.getTime() <= started
    && started - deployment.finishedAt.getTime() <= windowMs));
  return cause
    ? { ...incident, causeDeploymentId: cause.id, linkKind: 'heuristic' }
    : { ...incident, causeDeploymentId: null, linkKind: null };
}

function linkFinding(finding: FindingRecord): LinkedFinding {
  return { ...finding, excluded: isExcludedDismissal(finding.state, finding.dismissedReason) };
}

/** Every derived fact of the dataset, from all of it at once: arrival order cannot matter. */
export function linkDataset(dataset: Dataset): LinkedDataset {
  const deployments = linkDeployments(dataset);
  return {
    ...dataset,
    linked: true,
    deployments,
    changes: dataset.changes.map((change) => linkChange(change, deployments)),
    incidents: dataset.incidents.map((incident) => linkIncident(incident, dataset, deployments)),
    findings: dataset.findings.map(linkFinding),
  };
}
