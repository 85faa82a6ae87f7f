// The common shape of every drill-down query: who asks (AccessScope, first argument of every query),
// which scope and period, kind-specific filters, one sort key, one page.
import type { Period, Scope } from '@/lib/metrics/types';

export type SortDirection = 'asc' | 'desc';

export interface RecordQuery<Filters> {
  scope: Scope | null;
  /** null: no time filter (every record in scope). */
  period: Period | null;
  filters: Filters;
  sort: string;
  direction: SortDirection;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface RecordPage<Row> {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  /** The scope's human label, for headings. */
  scopeLabel: string;
}

/** One exported column: a stable machine name and the value written to CSV/JSON. */
export interface ExportColumn<Row> {
  key: string;
  value: (row: Row) => string | number | boolean | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Exports stream in batches up to this many rows; beyond it the caller must narrow the filters. */
export const MAX_EXPORT_ROWS = 100_000;

/** The page window for Prisma (`skip`/`take`). */
export function pageWindow(query: { page: number; pageSize: number }): { skip: number; take: number } {
  return { skip: (query.page - 1) * query.pageSize, take: query.pageSize };
}

/** A half-open `[from, to)` filter on one timestamp column. */
export function inPeriod(period: Period | null): { gte: Date; lt: Date } | undefined {
  return period ? { gte: period.from, lt: period.to } : undefined;
}

export function secondsBetween(from: Date | null | undefined, to: Date | null | undefined): number | null {
  if (!from || !to) return null;
  return (to.getTime() - from.getTime()) / 1000;
}
