// GitHub webhook deliveries as records: the same mappers as the poller, so a delivery and a later poll
// write the same record (same externalId, same fields). Pure: which source it belongs to, replays and
// storage are lib/sources/github-webhooks.ts's business.
import { z } from 'zod';
import { deployRuleFor, type GitHubSettings } from '@/lib/collectors/github/settings';
import {
  environmentMatches,
  isIncidentIssue,
  mapCodeScanningAlert,
  mapDependabotAlert,
  mapDeployment,
  mapIncidentIssue,
  mapPullRequest,
  mapSecretScanningAlert,
  mapWorkflowRun,
  workflowFile,
  type GhCodeScanningAlert,
  type GhDependabotAlert,
  type GhDeployment,
  type GhDeploymentStatus,
  type GhIssue,
  type GhPullRequest,
  type GhSecretScanningAlert,
  type GhWorkflowRun,
} from '@/lib/collectors/github/map';
import type { ChangeRecord, DeploymentRecord, FindingRecord, IncidentRecord } from '@/lib/collectors/types';

export const HANDLED_EVENTS = [
  'deployment_status', 'workflow_run', 'pull_request', 'issues', 'code_scanning_alert', 'dependabot_alert', 'secret_scanning_alert',
] as const;

/** The part of every delivery that says where it comes from. */
export const webhookEnvelope = z.object({
  action: z.string().optional(),
  repository: z.object({ full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/), default_branch: z.string().optional() }).optional(),
});

const instant = z.string().min(1);
const object = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const payloads = {
  deployment_status: object({
    deployment: object({ id: z.number(), created_at: instant, environment: z.string().nullish() }),
    deployment_status: object({ state: z.string(), created_at: instant }),
  }),
  workflow_run: object({ workflow_run: object({ id: z.number(), created_at: instant, updated_at: instant }) }),
  pull_request: object({ pull_request: object({ id: z.number(), number: z.number(), created_at: instant, updated_at: instant }) }),
  issues: object({ issue: object({ id: z.number(), number: z.number(), created_at: instant, updated_at: instant }) }),
  alert: object({ alert: object({ number: z.number(), created_at: instant }) }),
};

export type WebhookRecords =
  | { kind: 'deployments'; records: DeploymentRecord[] }
  | { kind: 'changes'; records: ChangeRecord[]; pull: GhPullRequest }
  | { kind: 'incidents'; records: IncidentRecord[] }
  | { kind: 'findings'; records: FindingRecord[] }
  | { kind: 'ignored'; reason: string };

/**
 * The records a delivery carries for a repository of a source with these settings. A merged pull
 * request comes back with `pull` so the caller can look up its first commit, as the poller does.
 */
export function recordsFromDelivery(event: string, payload: unknown, settings: GitHubSettings): WebhookRecords {
  const envelope = webhookEnvelope.parse(payload);
  const repository = envelope.repository?.full_name;
  if (!repository) return { kind: 'ignored', reason: 'no repository in the delivery' };
  const defaultBranch = envelope.repository?.default_branch;
  const rule = deployRuleFor(settings, repository);
  const wants = (stream: GitHubSettings['streams'][number]) => settings.streams.includes(stream);

  switch (event) {
    case 'deployment_status': {
      if (!wants('deployments') || rule.kind !== 'deployments') return { kind: 'ignored', reason: 'deployments are not this repository\'s deploy rule' };
      const body = payloads.deployment_status.parse(payload);
      const deployment = body.deployment as unknown as GhDeployment;
      if (!environmentMatches(rule.environmentPattern, deployment.environment ?? '')) return { kind: 'ignored', reason: 'not a production environment' };
      const outcome = mapDeployment(repository, deployment, [body.deployment_status as unknown as GhDeploymentStatus]);
      return outcome.kind === 'finished' ? { kind: 'deployments', records: [outcome.record] } : { kind: 'ignored', reason: 'deployment not finished' };
    }
    case 'workflow_run': {
      if (!wants('deployments') || rule.kind !== 'workflow') return { kind: 'ignored', reason: 'workflow runs are not this repository\'s deploy rule' };
      const run = payloads.workflow_run.parse(payload).workflow_run as unknown as GhWorkflowRun;
      const file = workflowFile(run);
      if (!rule.workflows.some((workflow) => workflow === file || workflow === run.name)) return { kind: 'ignored', reason: 'not a deploy workflow' };
      if (defaultBranch && run.head_branch !== defaultBranch) return { kind: 'ignored', reason: 'not the default branch' };
      const outcome = mapWorkflowRun(repository, run, rule.environment);
      return outcome.kind === 'finished' ? { kind: 'deployments', records: [outcome.record] } : { kind: 'ignored', reason: 'run not completed' };
    }
    case 'pull_request': {
      if (!wants('pulls')) return { kind: 'ignored', reason: 'pull requests are not collected' };
      const pull = payloads.pull_request.parse(payload).pull_request as unknown as GhPullRequest;
      if (!pull.merged_at) return { kind: 'ignored', reason: 'not merged' };
      if (defaultBranch && pull.base?.ref && pull.base.ref !== defaultBranch) return { kind: 'ignored', reason: 'not merged into the default branch' };
      const record = mapPullRequest(repository, pull, undefined);
      return record ? { kind: 'changes', records: [record], pull } : { kind: 'ignored', reason: 'not merged' };
    }
    case 'issues': {
      if (!wants('incidents')) return { kind: 'ignored', reason: 'incidents are not collected' };
      const issue = payloads.issues.parse(payload).issue as unknown as GhIssue;
      if (!isIncidentIssue(settings, issue)) return { kind: 'ignored', reason: 'no incident label' };
      return { kind: 'incidents', records: [mapIncidentIssue(repository, issue, settings)] };
    }
    case 'code_scanning_alert': {
      if (!wants('code-scanning')) return { kind: 'ignored', reason: 'code scanning is not collected' };
      const alert = payloads.alert.parse(payload).alert as unknown as GhCodeScanningAlert;
      return { kind: 'findings', records: [mapCodeScanningAlert(repository, alert)] };
    }
    case 'dependabot_alert': {
      if (!wants('dependabot')) return { kind: 'ignored', reason: 'Dependabot alerts are not collected' };
      const alert = payloads.alert.parse(payload).alert as unknown as GhDependabotAlert;
      return { kind: 'findings', records: [mapDependabotAlert(repository, alert)] };
    }
    case 'secret_scanning_alert': {
      if (!wants('secret-scanning')) return { kind: 'ignored', reason: 'secret scanning is not collected' };
      const alert = payloads.alert.parse(payload).alert as unknown as GhSecretScanningAlert;
      return { kind: 'findings', records: [mapSecretScanningAlert(repository, alert)] };
    }
    default:
      return { kind: 'ignored', reason: `event "${event}" is not used` };
  }
}
