// Changes (merged pull requests) behind lead time and rework. By default a period selects changes by
// the time their shipping deployment finished, as lead time does (METRICS.md 2); `by=merged` selects
// by merge time instead, to find changes not shipped yet.
import { z } from 'zod';
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { toIso } from '@/lib/format/date';
import { inPeriod, pageWindow, secondsBetween, type ExportColumn, type RecordPage, type RecordQuery } from '@/lib/records/query';
import { repositoryFilter, resolveRecordScope } from '@/lib/records/scope';

export const changeFiltersSchema = z.object({
  by: z.enum(['deployed', 'merged']).optional().catch(undefined),
  shipped: z.enum(['yes', 'no']).optional().catch(undefined),
  rework: z.enum(['yes', 'no']).optional().catch(undefined),
  label: z.string().trim().min(1).max(100).optional().catch(undefined),
  q: z.string().trim().min(1).max(200).optional().catch(undefined),
});
export type ChangeFilters = z.infer<typeof changeFiltersSchema>;

export const CHANGE_SORTS = ['deployedAt', 'mergedAt', 'repository', 'number'] as const;

export interface ChangeRow {
  id: number;
  externalId: string;
  repository: string;
  number: number | null;
  title: string | null;
  author: string | null;
  labels: string[];
  firstCommitAt: Date | null;
  openedAt: Date | null;
  mergedAt: Date;
  deployedAt: Date | null;
  shippedBy: { id: number; externalId: string; url: string | null } | null;
  isRework: boolean;
  url: string | null;
  /** METRICS.md 2: deployedAt − first commit (else opened, else merged); null when not shipped. */
  leadTimeSeconds: number | null;
  codingSeconds: number | null;
  reviewSeconds: number | null;
  deploySeconds: number | null;
}

function orderBy(sort: string, direction: 'asc' | 'desc'): Prisma.ChangeOrderByWithRelationInput[] {
  const tie: Prisma.ChangeOrderByWithRelationInput = { id: direction };
  switch (sort) {
    case 'mergedAt':
      return [{ mergedAt: direction }, tie];
    case 'repository':
      return [{ repository: { fullName: direction } }, { mergedAt: 'desc' }, tie];
    case 'number':
      return [{ number: { sort: direction, nulls: 'last' } }, tie];
    default:
      return [{ deployedAt: { sort: direction, nulls: 'last' } }, { mergedAt: direction }, tie];
  }
}

const changeSelect = {
  id: true,
  externalId: true,
  number: true,
  title: true,
  author: true,
  labels: true,
  firstCommitAt: true,
  openedAt: true,
  mergedAt: true,
  deployedAt: true,
  isRework: true,
  url: true,
  repository: { select: { fullName: true } },
  shippedBy: { select: { id: true, externalId: true, url: true } },
} satisfies Prisma.ChangeSelect;

type ChangeRecord = Prisma.ChangeGetPayload<{ select: typeof changeSelect }>;

function toRow(record: ChangeRecord): ChangeRow {
  const start = record.firstCommitAt ?? record.openedAt ?? record.mergedAt;
  return {
    id: record.id,
    externalId: record.externalId,
    repository: record.repository.fullName,
    number: record.number,
    title: record.title,
    author: record.author,
    labels: record.labels,
    firstCommitAt: record.firstCommitAt,
    openedAt: record.openedAt,
    mergedAt: record.mergedAt,
    deployedAt: record.deployedAt,
    shippedBy: record.shippedBy,
    isRework: record.isRework,
    url: record.url,
    leadTimeSeconds: secondsBetween(start, record.deployedAt),
    codingSeconds: secondsBetween(record.firstCommitAt, record.openedAt),
    reviewSeconds: secondsBetween(record.openedAt, record.mergedAt),
    deploySeconds: secondsBetween(record.mergedAt, record.deployedAt),
  };
}

async function whereFor(access: AccessScope, db: Db, query: RecordQuery<ChangeFilters>) {
  const scope = await resolveRecordScope(access, db, query.scope);
  const f = query.filters;
  const and: Prisma.ChangeWhereInput[] = [repositoryFilter(scope)];
  const range = inPeriod(query.period);
  if (range) and.push(f.by === 'merged' ? { mergedAt: range } : { deployedAt: range });
  if (f.shipped === 'yes') and.push({ shippedById: { not: null } });
  if (f.shipped === 'no') and.push({ shippedById: null });
  if (f.rework) and.push({ isRework: f.rework === 'yes' });
  if (f.label) and.push({ labels: { has: f.label } });
  if (f.q) {
    const asNumber = /^#?\d+$/.test(f.q) ? Number(f.q.replace('#', '')) : null;
    and.push({
      OR: [
        { title: { contains: f.q, mode: 'insensitive' } },
        { author: { contains: f.q, mode: 'insensitive' } },
        { repository: { fullName: { contains: f.q, mode: 'insensitive' } } },
        ...(asNumber !== null ? [{ number: asNumber }] : []),
      ],
    });
  }
  return { scope, where: { AND: and } satisfies Prisma.ChangeWhereInput };
}

export async function listChanges(access: AccessScope, db: Db, query: RecordQuery<ChangeFilters>): Promise<RecordPage<ChangeRow>> {
  const { scope, where } = await whereFor(access, db, query);
  const [records, total] = await Promise.all([
    db.change.findMany({ where, select: changeSelect, orderBy: orderBy(query.sort, query.direction), ...pageWindow(query) }),
    db.change.count({ where }),
  ]);
  return { rows: records.map(toRow), total, page: query.page, pageSize: query.pageSize, scopeLabel: scope.label };
}

export async function* iterateChanges(access: AccessScope, db: Db, query: Omit<RecordQuery<ChangeFilters>, 'page' | 'pageSize'>, limit: number): AsyncGenerator<ChangeRow> {
  const { where } = await whereFor(access, db, { ...query, page: 1, pageSize: 1 });
  const batch = 1000;
  for (let skip = 0; skip < limit; skip += batch) {
    const records = await db.change.findMany({ where, select: changeSelect, orderBy: orderBy(query.sort, query.direction), skip, take: Math.min(batch, limit - skip) });
    for (const record of records) yield toRow(record);
    if (records.length < batch) return;
  }
}

export const changeExportColumns: ExportColumn<ChangeRow>[] = [
  { key: 'id', value: (r) => r.externalId },
  { key: 'repository', value: (r) => r.repository },
  { key: 'number', value: (r) => r.number },
  { key: 'title', value: (r) => r.title },
  { key: 'author', value: (r) => r.author },
  { key: 'labels', value: (r) => r.labels.join(' ') || null },
  { key: 'firstCommitAt', value: (r) => toIso(r.firstCommitAt) || null },
  { key: 'openedAt', value: (r) => toIso(r.openedAt) || null },
  { key: 'mergedAt', value: (r) => toIso(r.mergedAt) },
  { key: 'deployedAt', value: (r) => toIso(r.deployedAt) || null },
  { key: 'shippedBy', value: (r) => r.shippedBy?.externalId ?? null },
  { key: 'leadTimeSeconds', value: (r) => r.leadTimeSeconds },
  { key: 'codingSeconds', value: (r) => r.codingSeconds },
  { key: 'reviewSeconds', value: (r) => r.reviewSeconds },
  { key: 'deploySeconds', value: (r) => r.deploySeconds },
  { key: 'rework', value: (r) => r.isRework },
  { key: 'url', value: (r) => r.url },
];
