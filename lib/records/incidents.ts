// Incidents behind time to restore, change failure rate and open incidents. Views match the metric
// each number comes from: `resolved` (time to restore: resolved in the period), `open` (unresolved at
// the period's end, whenever started), `started`, and `active` (overlapping the period, the default).
import { z } from 'zod';
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { toIso } from '@/lib/format/date';
import { pageWindow, secondsBetween, type ExportColumn, type RecordPage, type RecordQuery } from '@/lib/records/query';
import { incidentScopeFilter, resolveRecordScope } from '@/lib/records/scope';

export const incidentFiltersSchema = z.object({
  view: z.enum(['active', 'resolved', 'open', 'started']).optional().catch(undefined),
  security: z.enum(['yes', 'no']).optional().catch(undefined),
  linked: z.enum(['explicit', 'heuristic', 'none']).optional().catch(undefined),
  severity: z.string().trim().min(1).max(50).optional().catch(undefined),
  q: z.string().trim().min(1).max(200).optional().catch(undefined),
});
export type IncidentFilters = z.infer<typeof incidentFiltersSchema>;

export const INCIDENT_SORTS = ['startedAt', 'resolvedAt', 'severity', 'repository'] as const;

export interface IncidentRow {
  id: number;
  externalId: string;
  title: string;
  severity: string | null;
  security: boolean;
  repository: string | null;
  team: { slug: string; name: string } | null;
  startedAt: Date;
  resolvedAt: Date | null;
  durationSeconds: number | null;
  cause: { id: number; externalId: string; repository: string; url: string | null; counted: boolean } | null;
  linkKind: string | null;
  url: string | null;
}

function orderBy(sort: string, direction: 'asc' | 'desc'): Prisma.IncidentOrderByWithRelationInput[] {
  const tie: Prisma.IncidentOrderByWithRelationInput = { id: direction };
  switch (sort) {
    case 'resolvedAt':
      return [{ resolvedAt: { sort: direction, nulls: 'first' } }, tie];
    case 'severity':
      return [{ severity: { sort: direction, nulls: 'last' } }, { startedAt: 'desc' }, tie];
    case 'repository':
      return [{ repository: { fullName: direction } }, { startedAt: 'desc' }, tie];
    default:
      return [{ startedAt: direction }, tie];
  }
}

const incidentSelect = {
  id: true,
  externalId: true,
  title: true,
  severity: true,
  security: true,
  startedAt: true,
  resolvedAt: true,
  linkKind: true,
  url: true,
  repository: { select: { fullName: true } },
  team: { select: { slug: true, name: true } },
  causeDeployment: { select: { id: true, externalId: true, url: true, counted: true, repository: { select: { fullName: true } } } },
} satisfies Prisma.IncidentSelect;

type IncidentRecord = Prisma.IncidentGetPayload<{ select: typeof incidentSelect }>;

function toRow(record: IncidentRecord): IncidentRow {
  const cause = record.causeDeployment;
  return {
    id: record.id,
    externalId: record.externalId,
    title: record.title,
    severity: record.severity,
    security: record.security,
    repository: record.repository?.fullName ?? null,
    team: record.team,
    startedAt: record.startedAt,
    resolvedAt: record.resolvedAt,
    durationSeconds: secondsBetween(record.startedAt, record.resolvedAt),
    cause: cause ? { id: cause.id, externalId: cause.externalId, repository: cause.repository.fullName, url: cause.url, counted: cause.counted } : null,
    linkKind: record.linkKind,
    url: record.url,
  };
}

async function whereFor(access: AccessScope, db: Db, query: RecordQuery<IncidentFilters>) {
  const scope = await resolveRecordScope(access, db, query.scope);
  const f = query.filters;
  const and: Prisma.IncidentWhereInput[] = [incidentScopeFilter(scope)];
  const p = query.period;
  if (p) {
    switch (f.view ?? 'active') {
      case 'resolved':
        and.push({ resolvedAt: { gte: p.from, lt: p.to } });
        break;
      case 'open':
        // METRICS.md 5: started before `to` and unresolved at `to`, whenever they started.
        and.push({ startedAt: { lt: p.to }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: p.to } }] });
        break;
      case 'started':
        and.push({ startedAt: { gte: p.from, lt: p.to } });
        break;
      default:
        and.push({ startedAt: { lt: p.to }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: p.from } }] });
    }
  } else if (f.view === 'open') {
    and.push({ resolvedAt: null });
  }
  if (f.security) and.push({ security: f.security === 'yes' });
  if (f.linked === 'none') and.push({ linkKind: null });
  else if (f.linked) and.push({ linkKind: f.linked });
  if (f.severity) and.push({ severity: { equals: f.severity, mode: 'insensitive' } });
  if (f.q) {
    and.push({
      OR: [
        { title: { contains: f.q, mode: 'insensitive' } },
        { externalId: { contains: f.q, mode: 'insensitive' } },
      ],
    });
  }
  return { scope, where: { AND: and } satisfies Prisma.IncidentWhereInput };
}

export async function listIncidents(access: AccessScope, db: Db, query: RecordQuery<IncidentFilters>): Promise<RecordPage<IncidentRow>> {
  const { scope, where } = await whereFor(access, db, query);
  const [records, total] = await Promise.all([
    db.incident.findMany({ where, select: incidentSelect, orderBy: orderBy(query.sort, query.direction), ...pageWindow(query) }),
    db.incident.count({ where }),
  ]);
  return { rows: records.map(toRow), total, page: query.page, pageSize: query.pageSize, scopeLabel: scope.label };
}

export async function* iterateIncidents(access: AccessScope, db: Db, query: Omit<RecordQuery<IncidentFilters>, 'page' | 'pageSize'>, limit: number): AsyncGenerator<IncidentRow> {
  const { where } = await whereFor(access, db, { ...query, page: 1, pageSize: 1 });
  const batch = 1000;
  for (let skip = 0; skip < limit; skip += batch) {
    const records = await db.incident.findMany({ where, select: incidentSelect, orderBy: orderBy(query.sort, query.direction), skip, take: Math.min(batch, limit - skip) });
    for (const record of records) yield toRow(record);
    if (records.length < batch) return;
  }
}

export const incidentExportColumns: ExportColumn<IncidentRow>[] = [
  { key: 'id', value: (r) => r.externalId },
  { key: 'title', value: (r) => r.title },
  { key: 'severity', value: (r) => r.severity },
  { key: 'security', value: (r) => r.security },
  { key: 'repository', value: (r) => r.repository },
  { key: 'team', value: (r) => r.team?.slug ?? null },
  { key: 'startedAt', value: (r) => toIso(r.startedAt) },
  { key: 'resolvedAt', value: (r) => toIso(r.resolvedAt) || null },
  { key: 'durationSeconds', value: (r) => r.durationSeconds },
  { key: 'causeDeployment', value: (r) => r.cause?.externalId ?? null },
  { key: 'linkKind', value: (r) => r.linkKind },
  { key: 'url', value: (r) => r.url },
];
