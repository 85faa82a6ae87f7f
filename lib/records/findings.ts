// Security findings behind the security KPIs. Views follow METRICS.md 7–11 exactly, so a number's
// drill-down lists the same findings it counts: `open` (backlog at the period's end), `fixed` (fixed in
// the period), `opened`, `breached` (open at the end and older than their SLA), `accepted`, `all`.
// Findings dismissed as false positive / used in tests / inaccurate (`excluded`) never appear.
import { z } from 'zod';
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { toIso } from '@/lib/format/date';
import { DEFAULT_METRIC_SETTINGS, SEVERITIES, type Severity } from '@/lib/metrics/types';
import { pageWindow, secondsBetween, type ExportColumn, type RecordPage, type RecordQuery } from '@/lib/records/query';
import { repositoryFilter, resolveRecordScope } from '@/lib/records/scope';

const DAY_MS = 86_400_000;

export const findingFiltersSchema = z.object({
  view: z.enum(['open', 'fixed', 'opened', 'breached', 'accepted', 'all']).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  tool: z.string().trim().min(1).max(100).optional().catch(undefined),
  /** Backlog age bucket at the period's end (METRICS.md 8). */
  age: z.enum(['upTo30', 'upTo60', 'upTo90', 'over90']).optional().catch(undefined),
  q: z.string().trim().min(1).max(200).optional().catch(undefined),
});
export type FindingFilters = z.infer<typeof findingFiltersSchema>;

// Severity is filtered, not sorted: its text order (critical, high, low, medium) would mislead.
export const FINDING_SORTS = ['openedAt', 'fixedAt', 'repository', 'tool'] as const;

export interface FindingRow {
  id: number;
  externalId: string;
  repository: string;
  tool: string;
  ruleId: string | null;
  title: string | null;
  severity: string;
  state: string;
  dismissedReason: string | null;
  openedAt: Date;
  fixedAt: Date | null;
  dismissedAt: Date | null;
  url: string | null;
  /** Time to remediate when fixed; otherwise age at the reference instant (period end or now). */
  ageSeconds: number | null;
  slaDays: number | null;
  /** Open at the reference instant and older than its SLA. */
  breached: boolean;
}

export async function getSlaDays(db: Db): Promise<Record<Severity, number>> {
  const settings = await db.orgSettings.findUnique({ where: { id: 1 } });
  if (!settings) return DEFAULT_METRIC_SETTINGS.slaDays;
  return { critical: settings.slaCriticalDays, high: settings.slaHighDays, medium: settings.slaMediumDays, low: settings.slaLowDays };
}

/** Open at instant `at`: opened before it, not fixed or dismissed before it (fixed exactly at `at` is still open). */
export function openAt(at: Date): Prisma.FindingWhereInput {
  return {
    openedAt: { lt: at },
    NOT: [
      { state: 'fixed', fixedAt: { lt: at } },
      { state: 'dismissed', dismissedAt: { lt: at } },
    ],
  };
}

function orderBy(sort: string, direction: 'asc' | 'desc'): Prisma.FindingOrderByWithRelationInput[] {
  const tie: Prisma.FindingOrderByWithRelationInput = { id: direction };
  switch (sort) {
    case 'fixedAt':
      return [{ fixedAt: { sort: direction, nulls: 'last' } }, tie];
    case 'repository':
      return [{ repository: { fullName: direction } }, { openedAt: 'desc' }, tie];
    case 'tool':
      return [{ tool: direction }, { openedAt: 'desc' }, tie];
    default:
      return [{ openedAt: direction }, tie];
  }
}

const findingSelect = {
  id: true,
  externalId: true,
  tool: true,
  ruleId: true,
  title: true,
  severity: true,
  state: true,
  dismissedReason: true,
  openedAt: true,
  fixedAt: true,
  dismissedAt: true,
  url: true,
  repository: { select: { fullName: true } },
} satisfies Prisma.FindingSelect;

type FindingRecord = Prisma.FindingGetPayload<{ select: typeof findingSelect }>;

function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

function toRow(record: FindingRecord, at: Date, slaDays: Record<Severity, number>): FindingRow {
  const sla = isSeverity(record.severity) ? slaDays[record.severity] : null;
  const fixedBefore = record.state === 'fixed' && record.fixedAt !== null && record.fixedAt < at;
  const dismissedBefore = record.state === 'dismissed' && record.dismissedAt !== null && record.dismissedAt < at;
  const open = record.openedAt < at && !fixedBefore && !dismissedBefore;
  const age = record.state === 'fixed' && record.fixedAt ? secondsBetween(record.openedAt, record.fixedAt) : open ? secondsBetween(record.openedAt, at) : null;
  return {
    id: record.id,
    externalId: record.externalId,
    repository: record.repository.fullName,
    tool: record.tool,
    ruleId: record.ruleId,
    title: record.title,
    severity: record.severity,
    state: record.state,
    dismissedReason: record.dismissedReason,
    openedAt: record.openedAt,
    fixedAt: record.fixedAt,
    dismissedAt: record.dismissedAt,
    url: record.url,
    ageSeconds: age,
    slaDays: sla,
    breached: open && sla !== null && at.getTime() - record.openedAt.getTime() > sla * DAY_MS,
  };
}

async function whereFor(access: AccessScope, db: Db, query: RecordQuery<FindingFilters>) {
  const [scope, slaDays] = await Promise.all([resolveRecordScope(access, db, query.scope), getSlaDays(db)]);
  const f = query.filters;
  const at = query.period?.to ?? new Date();
  const and: Prisma.FindingWhereInput[] = [repositoryFilter(scope), { excluded: false }];
  const p = query.period;
  switch (f.view ?? 'open') {
    case 'open':
      and.push(openAt(at));
      break;
    case 'fixed':
      and.push({ state: 'fixed', fixedAt: p ? { gte: p.from, lt: p.to } : { not: null } });
      break;
    case 'opened':
      if (p) and.push({ openedAt: { gte: p.from, lt: p.to } });
      break;
    case 'breached':
      and.push(openAt(at), {
        OR: SEVERITIES.map((severity) => ({ severity, openedAt: { lt: new Date(at.getTime() - slaDays[severity] * DAY_MS) } })),
      });
      break;
    case 'accepted':
      and.push({ openedAt: { lt: at }, state: 'dismissed', dismissedAt: { lt: at } });
      break;
    default:
      if (p) and.push({ openedAt: { lt: p.to } });
  }
  if (f.age) {
    const daysAgo = (days: number) => new Date(at.getTime() - days * DAY_MS);
    const bounds: Record<NonNullable<FindingFilters['age']>, Prisma.DateTimeFilter> = {
      upTo30: { gte: daysAgo(30) },
      upTo60: { gte: daysAgo(60), lt: daysAgo(30) },
      upTo90: { gte: daysAgo(90), lt: daysAgo(60) },
      over90: { lt: daysAgo(90) },
    };
    and.push({ openedAt: bounds[f.age] });
  }
  if (f.severity) and.push({ severity: f.severity });
  if (f.tool) and.push({ tool: f.tool });
  if (f.q) {
    and.push({
      OR: [
        { title: { contains: f.q, mode: 'insensitive' } },
        { ruleId: { contains: f.q, mode: 'insensitive' } },
        { repository: { fullName: { contains: f.q, mode: 'insensitive' } } },
      ],
    });
  }
  return { scope, at, slaDays, where: { AND: and } satisfies Prisma.FindingWhereInput };
}

export async function listFindings(access: AccessScope, db: Db, query: RecordQuery<FindingFilters>): Promise<RecordPage<FindingRow>> {
  const { scope, at, slaDays, where } = await whereFor(access, db, query);
  const [records, total] = await Promise.all([
    db.finding.findMany({ where, select: findingSelect, orderBy: orderBy(query.sort, query.direction), ...pageWindow(query) }),
    db.finding.count({ where }),
  ]);
  return { rows: records.map((r) => toRow(r, at, slaDays)), total, page: query.page, pageSize: query.pageSize, scopeLabel: scope.label };
}

export async function* iterateFindings(access: AccessScope, db: Db, query: Omit<RecordQuery<FindingFilters>, 'page' | 'pageSize'>, limit: number): AsyncGenerator<FindingRow> {
  const { at, slaDays, where } = await whereFor(access, db, { ...query, page: 1, pageSize: 1 });
  const batch = 1000;
  for (let skip = 0; skip < limit; skip += batch) {
    const records = await db.finding.findMany({ where, select: findingSelect, orderBy: orderBy(query.sort, query.direction), skip, take: Math.min(batch, limit - skip) });
    for (const record of records) yield toRow(record, at, slaDays);
    if (records.length < batch) return;
  }
}

export const findingExportColumns: ExportColumn<FindingRow>[] = [
  { key: 'id', value: (r) => r.externalId },
  { key: 'repository', value: (r) => r.repository },
  { key: 'tool', value: (r) => r.tool },
  { key: 'ruleId', value: (r) => r.ruleId },
  { key: 'title', value: (r) => r.title },
  { key: 'severity', value: (r) => r.severity },
  { key: 'state', value: (r) => r.state },
  { key: 'dismissedReason', value: (r) => r.dismissedReason },
  { key: 'openedAt', value: (r) => toIso(r.openedAt) },
  { key: 'fixedAt', value: (r) => toIso(r.fixedAt) || null },
  { key: 'dismissedAt', value: (r) => toIso(r.dismissedAt) || null },
  { key: 'ageSeconds', value: (r) => r.ageSeconds },
  { key: 'slaDays', value: (r) => r.slaDays },
  { key: 'breached', value: (r) => r.breached },
  { key: 'url', value: (r) => r.url },
];
