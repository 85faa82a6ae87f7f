// Request bodies of API v1 (DESIGN.md "Public contract v1"). Collectors produce the same shapes, so
// every record enters the store through one validated form.
import { z } from 'zod';
import { SEVERITIES } from '@/lib/metrics/types';

export const MAX_RECORDS_PER_CALL = 5000;
export const MAX_BODY_BYTES = 1024 * 1024;

const externalId = z.string().trim().min(1).max(200);
const repositoryName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/name"')
  .max(200);
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
  .transform((value) => new Date(value));
const sha = z.string().trim().regex(/^[0-9a-fA-F]{7,64}$/, 'must be a hexadecimal commit SHA');
const shortText = z.string().max(1000);

export const changeInput = z.strictObject({
  externalId,
  repository: repositoryName,
  title: shortText.optional(),
  labels: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  firstCommitAt: instant.optional(),
  openedAt: instant.optional(),
  mergedAt: instant,
  mergeSha: sha.optional(),
  number: z.number().int().positive().optional(),
  author: z.string().max(200).optional(),
  url: z.url().max(2000).optional(),
});

export const deploymentInput = z.strictObject({
  externalId,
  repository: repositoryName,
  environment: z.string().trim().min(1).max(200),
  status: z.enum(['success', 'failure', 'error']),
  sha: sha.optional(),
  startedAt: instant.optional(),
  finishedAt: instant,
  isRollback: z.boolean().optional(),
  changes: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
  url: z.url().max(2000).optional(),
});

export const incidentInput = z
  .strictObject({
    externalId,
    repository: repositoryName.optional(),
    team: z.string().trim().min(1).max(100).optional(),
    title: z.string().trim().min(1).max(1000),
    severity: z.string().trim().min(1).max(50).optional(),
    security: z.boolean().optional(),
    startedAt: instant,
    resolvedAt: instant.optional(),
    causeDeployment: z.string().trim().min(1).max(200).optional(),
    url: z.url().max(2000).optional(),
  })
  .refine((incident) => incident.repository !== undefined || incident.team !== undefined, {
    message: 'needs a repository or a team',
    path: ['repository'],
  })
  .refine((incident) => !incident.resolvedAt || incident.resolvedAt >= incident.startedAt, {
    message: 'must not be before startedAt',
    path: ['resolvedAt'],
  });

export const findingInput = z
  .strictObject({
    externalId,
    repository: repositoryName,
    tool: z.string().trim().min(1).max(100),
    ruleId: z.string().max(500).optional(),
    title: shortText.optional(),
    severity: z.enum(SEVERITIES),
    state: z.enum(['open', 'fixed', 'dismissed']),
    dismissedReason: z.string().trim().max(200).optional(),
    openedAt: instant,
    fixedAt: instant.optional(),
    dismissedAt: instant.optional(),
    url: z.url().max(2000).optional(),
  })
  .refine((finding) => finding.state !== 'fixed' || finding.fixedAt !== undefined, {
    message: 'is required when state is "fixed"',
    path: ['fixedAt'],
  })
  .refine((finding) => finding.state !== 'dismissed' || finding.dismissedAt !== undefined, {
    message: 'is required when state is "dismissed"',
    path: ['dismissedAt'],
  });

export const teamInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  parent: z.string().trim().min(1).max(100).nullable().optional(),
  repositories: z.array(repositoryName).max(5000).default([]),
});

export const teamSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be lowercase letters, digits and dashes');

const batch = <T extends z.ZodType>(key: string, record: T) =>
  z.strictObject({ [key]: z.array(record).min(1).max(MAX_RECORDS_PER_CALL) } as Record<string, z.ZodArray<T>>);

export const ingestBodies = {
  changes: batch('changes', changeInput),
  deployments: batch('deployments', deploymentInput),
  incidents: batch('incidents', incidentInput),
  findings: batch('findings', findingInput),
} as const;

export type IngestKind = keyof typeof ingestBodies;
export type ChangeInput = z.infer<typeof changeInput>;
export type DeploymentInput = z.infer<typeof deploymentInput>;
export type IncidentInput = z.infer<typeof incidentInput>;
export type FindingInput = z.infer<typeof findingInput>;
export type TeamInput = z.infer<typeof teamInput>;
