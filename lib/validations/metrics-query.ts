// Query parameters of GET /api/v1/metrics: scope, period and time zone.
import { z } from 'zod';
import { canonicalTimeZone, formatCalendarDate, localDayOf, parsePeriod } from '@/lib/metrics/period';
import type { Period, Scope } from '@/lib/metrics/types';

/** Longest period one call may ask for: enough for multi-year trends, bounded for the database. */
export const MAX_PERIOD_DAYS = 3 * 366;
const DEFAULT_PERIOD_DAYS = 90;

const apiDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const scopeParam = z
  .string()
  .trim()
  .transform((value, context): Scope => {
    if (value === 'org') return { kind: 'org' };
    const team = /^team:([a-z0-9][a-z0-9-]{0,99})$/.exec(value);
    if (team?.[1]) return { kind: 'team', slug: team[1] };
    const repo = /^repo:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)$/.exec(value);
    if (repo?.[1]) return { kind: 'repo', fullName: repo[1] };
    context.addIssue({ code: 'custom', message: 'must be "org", "team:<slug>" or "repo:<owner/name>"' });
    return z.NEVER;
  });

export const metricsQuery = z.object({
  scope: scopeParam.default({ kind: 'org' }),
  from: apiDate.optional(),
  to: apiDate.optional(),
  tz: z.string().trim().min(1).max(100).default('UTC'),
});

/**
 * The period of a request. Without dates: the last 90 whole days before today (in `tz`); with only
 * `to`: the 90 days before it; with only `from`: from it up to today.
 */
export function periodFromQuery(query: { from?: string | undefined; to?: string | undefined; tz: string }, now = new Date()): Period {
  const today = formatCalendarDate(localDayOf(now, canonicalTimeZone(query.tz)));
  const to = query.to ?? today;
  const from = query.from ?? formatCalendarDate(Date.parse(`${to}T00:00:00Z`) / 86_400_000 - DEFAULT_PERIOD_DAYS);
  const period = parsePeriod({ from, to, timeZone: query.tz });
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  if (days > MAX_PERIOD_DAYS) {
    throw new z.ZodError([{ code: 'custom', path: ['from'], message: `a period may span at most ${MAX_PERIOD_DAYS} days`, input: from }]);
  }
  return period;
}
