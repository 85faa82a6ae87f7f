// Search parameters → a record query, shared by the drill-down pages and their exports so the file
// downloaded is exactly the table on screen (all pages of it).
import type { Period } from '@/lib/metrics/types';
import { recordKinds, type RecordKind } from '@/lib/records/kinds';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type RecordQuery, type SortDirection } from '@/lib/records/query';
import { parseScopeParam } from '@/lib/records/scope';
import { firstParam, type SearchParams } from '@/app/_lib/period';

export function flatParams(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(params)) {
    const value = firstParam(params, key);
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

export type BaseQuery = Omit<RecordQuery<never>, 'filters'>;

/** Scope, period, sort and page; each kind parses its own filters from the same parameters. */
export function parseBaseQuery(kind: RecordKind, params: SearchParams, period: Period | null): BaseQuery {
  const definition = recordKinds[kind];
  const flat = flatParams(params);
  const sortParam = flat.sort;
  const sort = sortParam && definition.sorts.includes(sortParam) ? sortParam : definition.defaultSort;
  const dirParam = flat.dir;
  const direction: SortDirection = dirParam === 'asc' || dirParam === 'desc' ? dirParam : definition.defaultDirection;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(flat.page ?? '1', 10) || 1));
  const size = Number.parseInt(flat.size ?? '', 10);
  const pageSize = Number.isFinite(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return { scope: parseScopeParam(flat.scope), period, sort, direction, page, pageSize };
}
