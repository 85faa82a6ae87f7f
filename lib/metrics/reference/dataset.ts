// The plain, in-memory records the reference definitions work on: the same facts the database holds,
// without any derived column (the reference derives everything itself, see links.ts).
import type { MetricSettings, Severity } from '@/lib/metrics/types';

export interface TeamRecord {
  id: number;
  slug: string;
  parentId: number | null;
}

export interface RepositoryRecord {
  id: number;
  fullName: string;
  teamId: number | null;
  /** Whole-value, case-insensitive regular expression for production environments. */
  productionPattern: string;
}

export type DeploymentStatus = 'success' | 'failure' | 'error';

export interface DeploymentRecord {
  id: number;
  externalId: string;
  repositoryId: number;
  environment: string;
  status: DeploymentStatus;
  sha: string | null;
  finishedAt: Date;
  isRollback: boolean;
  /** Changes listed explicitly by the deployment: change externalIds or merge SHAs, as sent. */
  changeRefs: string[];
}

export interface ChangeRecord {
  id: number;
  externalId: string;
  repositoryId: number;
  title: string | null;
  labels: string[];
  firstCommitAt: Date | null;
  openedAt: Date | null;
  mergedAt: Date;
  mergeSha: string | null;
}

export interface IncidentRecord {
  id: number;
  externalId: string;
  repositoryId: number | null;
  teamId: number | null;
  security: boolean;
  startedAt: Date;
  resolvedAt: Date | null;
  /** The cause as the source names it: a deployment externalId or a sha. */
  causeRef: string | null;
}

export type FindingState = 'open' | 'fixed' | 'dismissed';

export interface FindingRecord {
  id: number;
  externalId: string;
  repositoryId: number;
  tool: string;
  severity: Severity;
  state: FindingState;
  dismissedReason: string | null;
  openedAt: Date;
  fixedAt: Date | null;
  dismissedAt: Date | null;
}

export interface Dataset {
  settings: MetricSettings;
  teams: TeamRecord[];
  repositories: RepositoryRecord[];
  deployments: DeploymentRecord[];
  changes: ChangeRecord[];
  incidents: IncidentRecord[];
  findings: FindingRecord[];
}
