// The period of a page, from its search parameters, so every page is server-rendered and shareable:
// `range` = 7d | 30d | 90d | quarter (relative to today in `tz`), or explicit `from`/`to` as in
// GET /api/v1/metrics (API dates, `to` exclusive). The custom form sends `until` (inclusive), the way
// people think of an end date. `tz` defaults to the organisation's time zone.
import { parsePeriod } from '@/lib/metrics/period';
import type { Period } from '@/lib/metrics/types';
import {
  addDays,
  daysBetween,
  formatIsoDay,
  isValidTimeZone,
  parseIsoDay,
  zonedDay,
  type CalendarDay,
} from '@/lib/format/time-zone';

export const RANGES = [
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: 'quarter', label: 'Last quarter', days: null },
  { id: 'custom', label: 'Custom', days: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

export const DEFAULT_RANGE: RangeId = '30d';
const MAX_DAYS = 731;

export interface ResolvedPeriod {
  range: RangeId;
  /** API dates: `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  timeZone: string;
  period: Period;
  days: number;
  /** e.g. "1 Mar – 30 Mar 2026" (inclusive end, as people read it). */
  label: string;
  /** Set when the URL asked for something invalid and a default was used instead. */
  notice: string | null;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Instants for API dates in a zone: the very function GET /api/v1/metrics uses, so both agree. */
function toPeriod(from: CalendarDay, to: CalendarDay, timeZone: string): Period {
  return parsePeriod({ from: formatIsoDay(from), to: formatIsoDay(to), timeZone });
}

// Calendar days are already local to `tz`; format them as plain dates (in UTC, so nothing shifts).
const labelFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function rangeLabel(from: CalendarDay, to: CalendarDay): string {
  const last = addDays(to, -1);
  const f = labelFormat;
  const a = new Date(Date.UTC(from.year, from.month - 1, from.day));
  const b = new Date(Date.UTC(last.year, last.month - 1, last.day));
  return `${f.format(a)} – ${f.format(b)}`;
}

export function resolvePeriod(params: SearchParams, orgTimeZone: string, now: Date = new Date()): ResolvedPeriod {
  let notice: string | null = null;
  const tzParam = firstParam(params, 'tz');
  let timeZone = orgTimeZone;
  if (tzParam) {
    if (isValidTimeZone(tzParam)) timeZone = new Intl.DateTimeFormat('en', { timeZone: tzParam }).resolvedOptions().timeZone;
    else notice = `Unknown time zone "${tzParam}"; showing ${orgTimeZone}.`;
  }

  const today = zonedDay(now, timeZone);
  const rangeParam = firstParam(params, 'range');
  const fromParam = firstParam(params, 'from');
  const toParam = firstParam(params, 'to');
  const untilParam = firstParam(params, 'until');

  const wantsCustom = rangeParam === 'custom' || (!rangeParam && fromParam !== undefined);
  if (wantsCustom && fromParam) {
    const from = parseIsoDay(fromParam);
    const until = untilParam ? parseIsoDay(untilParam) : null;
    const to = until ? addDays(until, 1) : toParam ? parseIsoDay(toParam) : null;
    if (from && to && daysBetween(from, to) >= 1 && daysBetween(from, to) <= MAX_DAYS) {
      return build('custom', from, to, timeZone, notice);
    }
    notice = 'That custom period is not valid (the end must follow the start, within two years); showing the last 30 days.';
  }

  const preset = RANGES.find((r) => r.id === rangeParam && r.id !== 'custom');
  if (preset?.id === 'quarter') {
    const quarterStart: CalendarDay = { year: today.year, month: Math.floor((today.month - 1) / 3) * 3 + 1, day: 1 };
    const previous = new Date(Date.UTC(quarterStart.year, quarterStart.month - 1 - 3, 1));
    const from: CalendarDay = { year: previous.getUTCFullYear(), month: previous.getUTCMonth() + 1, day: 1 };
    return build('quarter', from, quarterStart, timeZone, notice);
  }
  const days = preset?.days ?? 30;
  // Relative ranges include today, so Monday's numbers are up to date.
  const to = addDays(today, 1);
  return build(preset?.id ?? DEFAULT_RANGE, addDays(to, -days), to, timeZone, notice);
}

function build(range: RangeId, from: CalendarDay, to: CalendarDay, timeZone: string, notice: string | null): ResolvedPeriod {
  return {
    range,
    from: formatIsoDay(from),
    to: formatIsoDay(to),
    timeZone,
    period: toPeriod(from, to, timeZone),
    days: daysBetween(from, to),
    label: rangeLabel(from, to),
    notice,
  };
}

/**
 * Search parameters that pin a page's period. Relative ranges stay relative (a bookmark of "last 30
 * days" keeps meaning that); drill-down links use `pinned` so counts match the number clicked.
 */
export function periodParams(p: ResolvedPeriod, mode: 'as-chosen' | 'pinned' = 'as-chosen'): Record<string, string> {
  if (mode === 'pinned' || p.range === 'custom') return { from: p.from, to: p.to, tz: p.timeZone };
  return { range: p.range, tz: p.timeZone };
}

/** Builds `path?query`, dropping empty values. */
export function hrefWith(path: string, ...parts: Record<string, string | undefined>[]): string {
  const search = new URLSearchParams();
  for (const part of parts) for (const [key, value] of Object.entries(part)) if (value !== undefined && value !== '') search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
