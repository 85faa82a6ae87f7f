// Collector health: sources with their state and last run, and the run history. Errors and source
// settings describe the whole installation, so only full-access viewers (admin, executive) read them.
import { z } from 'zod';
import { ForbiddenError, type AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { toIso } from '@/lib/format/date';
import { pageWindow, secondsBetween, type ExportColumn, type RecordPage, type RecordQuery } from '@/lib/records/query';

export const runFiltersSchema = z.object({
  source: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']).optional().catch(undefined),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

export const RUN_SORTS = ['startedAt', 'source', 'status'] as const;

export interface RunRow {
  id: number;
  source: { id: number; name: string; kind: string };
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationSeconds: number | null;
  counts: Record<string, number>;
  error: string | null;
}

export interface SourceCondition {
  /** The condition's name as the collector recorded it, e.g. "codeScanning" or "codeScanning.owner/repo". */
  name: string;
  message: string;
  since: Date | null;
}

export interface SourceHealth {
  id: number;
  name: string;
  kind: string;
  enabled: boolean;
  schedule: string;
  /** Conditions to show admins, e.g. code scanning not enabled on a repository. */
  conditions: SourceCondition[];
  repositories: number;
  lastRun: RunRow | null;
  lastSuccessAt: Date | null;
  /** GitHub's remaining core rate limit as last seen by the collector, when it reports one. */
  rateLimit: { remaining: number; limit: number | null; resetAt: Date | null } | null;
}

function assertFullAccess(access: AccessScope): void {
  if (access.kind !== 'all') throw new ForbiddenError('Collector health is visible to admins and executives.');
}

function isObject(value: Prisma.JsonValue | undefined): value is Prisma.JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Source.state as a list. Collectors record `{ name: { message, since } }` (lib/sources/sync-state.ts);
 * older or simpler writers use `{ name: "message" }` or `{ name: { subject: "message" } }`. All are shown.
 */
export function sourceConditions(state: Prisma.JsonValue): SourceCondition[] {
  if (!isObject(state)) return [];
  const out: SourceCondition[] = [];
  for (const [name, value] of Object.entries(state)) {
    if (name === 'rateLimit') continue;
    if (typeof value === 'string') out.push({ name, message: value, since: null });
    else if (isObject(value) && typeof value.message === 'string') {
      const since = typeof value.since === 'string' ? new Date(value.since) : null;
      out.push({ name, message: value.message, since: since && !Number.isNaN(since.getTime()) ? since : null });
    } else if (isObject(value)) {
      for (const [subject, item] of Object.entries(value)) {
        const message = typeof item === 'string' ? item : isObject(item) && typeof item.message === 'string' ? item.message : JSON.stringify(item);
        out.push({ name: `${name} · ${subject}`, message, since: null });
      }
    } else out.push({ name, message: JSON.stringify(value), since: null });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function numberRecord(value: Prisma.JsonValue): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, number> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'number') out[key] = item;
  return out;
}

/**
 * The rate limit left as last seen: `counts.rateLimitRemaining` (with `rateLimitLimit` and
 * `rateLimitResetAt`, epoch seconds) of the latest run, else
 * `state.rateLimit: { remaining, limit?, reset? }`; null when the collector reported neither.
 */
function rateLimitOf(state: Prisma.JsonValue, lastCounts: Record<string, number> | undefined): SourceHealth['rateLimit'] {
  const fromRun = lastCounts?.rateLimitRemaining;
  if (typeof fromRun === 'number') {
    const reset = lastCounts?.rateLimitResetAt;
    return { remaining: fromRun, limit: lastCounts?.rateLimitLimit ?? null, resetAt: typeof reset === 'number' ? new Date(reset * 1000) : null };
  }
  if (!isObject(state)) return null;
  const raw = state.rateLimit;
  if (!isObject(raw)) return null;
  const remaining = raw.remaining;
  if (typeof remaining !== 'number') return null;
  const reset = raw.resetAt ?? raw.reset;
  const resetAt = typeof reset === 'string' ? new Date(reset) : typeof reset === 'number' ? new Date(reset * 1000) : null;
  return { remaining, limit: typeof raw.limit === 'number' ? raw.limit : null, resetAt: resetAt && !Number.isNaN(resetAt.getTime()) ? resetAt : null };
}

const runSelect = {
  id: true,
  trigger: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  counts: true,
  error: true,
  source: { select: { id: true, name: true, kind: true } },
} satisfies Prisma.CollectorRunSelect;

type RunRecord = Prisma.CollectorRunGetPayload<{ select: typeof runSelect }>;

function toRow(record: RunRecord): RunRow {
  return {
    id: record.id,
    source: record.source,
    trigger: record.trigger,
    status: record.status,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationSeconds: secondsBetween(record.startedAt, record.finishedAt),
    counts: numberRecord(record.counts),
    error: record.error,
  };
}

export async function listSourceHealth(access: AccessScope, db: Db): Promise<SourceHealth[]> {
  assertFullAccess(access);
  const sources = await db.source.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      kind: true,
      enabled: true,
      schedule: true,
      state: true,
      _count: { select: { repositories: true } },
      runs: { orderBy: { startedAt: 'desc' }, take: 1, select: runSelect },
    },
  });
  const lastSuccess = await db.collectorRun.groupBy({ by: ['sourceId'], where: { status: 'succeeded' }, _max: { finishedAt: true } });
  const successBySource = new Map(lastSuccess.map((row) => [row.sourceId, row._max.finishedAt]));
  return sources.map((source) => {
    const last = source.runs[0];
    const lastRow = last ? toRow(last) : null;
    return {
      id: source.id,
      name: source.name,
      kind: source.kind,
      enabled: source.enabled,
      schedule: source.schedule,
      conditions: sourceConditions(source.state),
      repositories: source._count.repositories,
      lastRun: lastRow,
      lastSuccessAt: successBySource.get(source.id) ?? null,
      rateLimit: rateLimitOf(source.state, lastRow?.counts),
    };
  });
}

function where(query: RecordQuery<RunFilters>): Prisma.CollectorRunWhereInput {
  const p = query.period;
  return {
    ...(query.filters.source ? { sourceId: query.filters.source } : {}),
    ...(query.filters.status ? { status: query.filters.status } : {}),
    ...(p ? { startedAt: { gte: p.from, lt: p.to } } : {}),
  };
}

function orderBy(sort: string, direction: 'asc' | 'desc'): Prisma.CollectorRunOrderByWithRelationInput[] {
  switch (sort) {
    case 'source':
      return [{ source: { name: direction } }, { startedAt: 'desc' }, { id: 'desc' }];
    case 'status':
      return [{ status: direction }, { startedAt: 'desc' }, { id: 'desc' }];
    default:
      return [{ startedAt: direction }, { id: direction }];
  }
}

export async function listCollectorRuns(access: AccessScope, db: Db, query: RecordQuery<RunFilters>): Promise<RecordPage<RunRow>> {
  assertFullAccess(access);
  const filter = where(query);
  const [records, total] = await Promise.all([
    db.collectorRun.findMany({ where: filter, select: runSelect, orderBy: orderBy(query.sort, query.direction), ...pageWindow(query) }),
    db.collectorRun.count({ where: filter }),
  ]);
  return { rows: records.map(toRow), total, page: query.page, pageSize: query.pageSize, scopeLabel: 'All sources' };
}

export async function* iterateCollectorRuns(access: AccessScope, db: Db, query: Omit<RecordQuery<RunFilters>, 'page' | 'pageSize'>, limit: number): AsyncGenerator<RunRow> {
  assertFullAccess(access);
  const filter = where({ ...query, page: 1, pageSize: 1 });
  const batch = 1000;
  for (let skip = 0; skip < limit; skip += batch) {
    const records = await db.collectorRun.findMany({ where: filter, select: runSelect, orderBy: orderBy(query.sort, query.direction), skip, take: Math.min(batch, limit - skip) });
    for (const record of records) yield toRow(record);
    if (records.length < batch) return;
  }
}

export const runExportColumns: ExportColumn<RunRow>[] = [
  { key: 'id', value: (r) => r.id },
  { key: 'source', value: (r) => r.source.name },
  { key: 'kind', value: (r) => r.source.kind },
  { key: 'trigger', value: (r) => r.trigger },
  { key: 'status', value: (r) => r.status },
  { key: 'startedAt', value: (r) => toIso(r.startedAt) },
  { key: 'finishedAt', value: (r) => toIso(r.finishedAt) || null },
  { key: 'durationSeconds', value: (r) => r.durationSeconds },
  { key: 'counts', value: (r) => JSON.stringify(r.counts) },
  { key: 'error', value: (r) => r.error },
];
