// Deployment records behind deployment frequency, change failure rate, recovery time and rework.
// "Failed" and "rework" here are the METRICS.md definitions, read from the derived columns the store
// maintains (counted, rolledBackAt, incident causes, shipped changes' isRework).
import { z } from 'zod';
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { inPeriod, pageWindow, secondsBetween, type ExportColumn, type RecordPage, type RecordQuery } from '@/lib/records/query';
import { repositoryFilter, resolveRecordScope } from '@/lib/records/scope';
import { toIso } from '@/lib/format/date';

const yesNo = z.enum(['yes', 'no']).optional().catch(undefined);

export const deploymentFiltersSchema = z.object({
  status: z.enum(['success', 'failure', 'error']).optional().catch(undefined),
  environment: z.string().trim().min(1).max(100).optional().catch(undefined),
  /** Counted as a production deployment (production environment and success). */
  production: yesNo,
  failed: yesNo,
  rework: yesNo,
  rollback: yesNo,
  /** Failed through at least one security incident. */
  security: z.enum(['yes']).optional().catch(undefined),
  q: z.string().trim().min(1).max(200).optional().catch(undefined),
});
export type DeploymentFilters = z.infer<typeof deploymentFiltersSchema>;

export const DEPLOYMENT_SORTS = ['finishedAt', 'repository', 'environment', 'status'] as const;

export interface DeploymentIncidentRef {
  id: number;
  externalId: string;
  title: string;
  security: boolean;
  resolvedAt: Date | null;
  url: string | null;
}

export interface DeploymentRow {
  id: number;
  externalId: string;
  repository: string;
  environment: string;
  status: string;
  counted: boolean;
  sha: string | null;
  startedAt: Date | null;
  finishedAt: Date;
  isRollback: boolean;
  rolledBackAt: Date | null;
  url: string | null;
  failed: boolean;
  incidents: DeploymentIncidentRef[];
  shippedChanges: number;
  rework: boolean;
  /** Failed deployment recovery time in seconds (METRICS.md 4); null when not failed or unrecovered. */
  recoverySeconds: number | null;
}

const failedWhere: Prisma.DeploymentWhereInput = {
  counted: true,
  OR: [{ rolledBackAt: { not: null } }, { causedIncidents: { some: {} } }],
};

export function deploymentWhere(filters: DeploymentFilters): Prisma.DeploymentWhereInput[] {
  const and: Prisma.DeploymentWhereInput[] = [];
  if (filters.status) and.push({ status: filters.status });
  if (filters.environment) and.push({ environment: { equals: filters.environment, mode: 'insensitive' } });
  if (filters.production === 'yes') and.push({ counted: true });
  if (filters.production === 'no') and.push({ counted: false });
  if (filters.failed === 'yes') and.push(failedWhere);
  if (filters.failed === 'no') and.push({ NOT: failedWhere });
  const reworkWhere: Prisma.DeploymentWhereInput = { OR: [{ isRollback: true }, { shipped: { some: { isRework: true } } }] };
  if (filters.rework === 'yes') and.push(reworkWhere);
  if (filters.rework === 'no') and.push({ NOT: reworkWhere });
  if (filters.rollback) and.push({ isRollback: filters.rollback === 'yes' });
  if (filters.security === 'yes') and.push({ counted: true, causedIncidents: { some: { security: true } } });
  if (filters.q) {
    and.push({
      OR: [
        { externalId: { contains: filters.q, mode: 'insensitive' } },
        { sha: { startsWith: filters.q.toLowerCase() } },
        { repository: { fullName: { contains: filters.q, mode: 'insensitive' } } },
      ],
    });
  }
  return and;
}

function orderBy(sort: string, direction: 'asc' | 'desc'): Prisma.DeploymentOrderByWithRelationInput[] {
  const tie: Prisma.DeploymentOrderByWithRelationInput = { id: direction };
  switch (sort) {
    case 'repository':
      return [{ repository: { fullName: direction } }, { finishedAt: 'desc' }, tie];
    case 'environment':
      return [{ environment: direction }, { finishedAt: 'desc' }, tie];
    case 'status':
      return [{ status: direction }, { finishedAt: 'desc' }, tie];
    default:
      return [{ finishedAt: direction }, tie];
  }
}

const deploymentSelect = {
  id: true,
  externalId: true,
  environment: true,
  status: true,
  counted: true,
  sha: true,
  startedAt: true,
  finishedAt: true,
  isRollback: true,
  rolledBackAt: true,
  url: true,
  repository: { select: { fullName: true } },
  causedIncidents: {
    select: { id: true, externalId: true, title: true, security: true, resolvedAt: true, url: true },
    orderBy: { startedAt: 'asc' },
  },
  shipped: { where: { isRework: true }, select: { id: true }, take: 1 },
  _count: { select: { shipped: true } },
} satisfies Prisma.DeploymentSelect;

type DeploymentRecord = Prisma.DeploymentGetPayload<{ select: typeof deploymentSelect }>;

/** METRICS.md 4: incidents (all resolved) → last resolution; rollback → the rollback; both → the earlier. */
export function recoverySeconds(record: Pick<DeploymentRecord, 'finishedAt' | 'rolledBackAt'> & { causedIncidents: { resolvedAt: Date | null }[] }): number | null {
  const candidates: number[] = [];
  if (record.rolledBackAt) candidates.push(record.rolledBackAt.getTime());
  const incidents = record.causedIncidents;
  if (incidents.length > 0 && incidents.every((i) => i.resolvedAt !== null)) {
    candidates.push(Math.max(...incidents.map((i) => i.resolvedAt?.getTime() ?? 0)));
  }
  if (candidates.length === 0) return null;
  return secondsBetween(record.finishedAt, new Date(Math.min(...candidates)));
}

function toRow(record: DeploymentRecord): DeploymentRow {
  const failed = record.counted && (record.rolledBackAt !== null || record.causedIncidents.length > 0);
  return {
    id: record.id,
    externalId: record.externalId,
    repository: record.repository.fullName,
    environment: record.environment,
    status: record.status,
    counted: record.counted,
    sha: record.sha,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    isRollback: record.isRollback,
    rolledBackAt: record.rolledBackAt,
    url: record.url,
    failed,
    incidents: record.causedIncidents,
    shippedChanges: record._count.shipped,
    rework: record.isRollback || record.shipped.length > 0,
    recoverySeconds: failed ? recoverySeconds(record) : null,
  };
}

async function whereFor(access: AccessScope, db: Db, query: RecordQuery<DeploymentFilters>) {
  const scope = await resolveRecordScope(access, db, query.scope);
  const where: Prisma.DeploymentWhereInput = {
    AND: [repositoryFilter(scope), { finishedAt: inPeriod(query.period) }, ...deploymentWhere(query.filters)],
  };
  return { scope, where };
}

export async function listDeployments(access: AccessScope, db: Db, query: RecordQuery<DeploymentFilters>): Promise<RecordPage<DeploymentRow>> {
  const { scope, where } = await whereFor(access, db, query);
  const [records, total] = await Promise.all([
    db.deployment.findMany({ where, select: deploymentSelect, orderBy: orderBy(query.sort, query.direction), ...pageWindow(query) }),
    db.deployment.count({ where }),
  ]);
  return { rows: records.map(toRow), total, page: query.page, pageSize: query.pageSize, scopeLabel: scope.label };
}

/** Every matching row, in batches, for exports. */
export async function* iterateDeployments(access: AccessScope, db: Db, query: Omit<RecordQuery<DeploymentFilters>, 'page' | 'pageSize'>, limit: number): AsyncGenerator<DeploymentRow> {
  const { where } = await whereFor(access, db, { ...query, page: 1, pageSize: 1 });
  const batch = 1000;
  for (let skip = 0; skip < limit; skip += batch) {
    const records = await db.deployment.findMany({ where, select: deploymentSelect, orderBy: orderBy(query.sort, query.direction), skip, take: Math.min(batch, limit - skip) });
    for (const record of records) yield toRow(record);
    if (records.length < batch) return;
  }
}

export const deploymentExportColumns: ExportColumn<DeploymentRow>[] = [
  { key: 'id', value: (r) => r.externalId },
  { key: 'repository', value: (r) => r.repository },
  { key: 'environment', value: (r) => r.environment },
  { key: 'status', value: (r) => r.status },
  { key: 'counted', value: (r) => r.counted },
  { key: 'failed', value: (r) => r.failed },
  { key: 'rollback', value: (r) => r.isRollback },
  { key: 'rework', value: (r) => r.rework },
  { key: 'sha', value: (r) => r.sha },
  { key: 'startedAt', value: (r) => toIso(r.startedAt) || null },
  { key: 'finishedAt', value: (r) => toIso(r.finishedAt) },
  { key: 'rolledBackAt', value: (r) => toIso(r.rolledBackAt) || null },
  { key: 'recoverySeconds', value: (r) => r.recoverySeconds },
  { key: 'causeOfIncidents', value: (r) => r.incidents.map((i) => i.externalId).join(' ') || null },
  { key: 'shippedChanges', value: (r) => r.shippedChanges },
  { key: 'url', value: (r) => r.url },
];
