// The metrics engine as the app uses it: every entry point takes the caller's AccessScope first,
// resolves the scope (404 for unknown, 403 outside the access), and computes every metric of METRICS.md
// in Postgres for the period and the previous period of equal length (lib/metrics/sql).
import type { AccessScope } from '@/lib/access/viewer';
import type { DbClient } from '@/lib/db';
import { calendarMonths, calendarWeeks, periodLength, previousPeriod } from '@/lib/metrics/period';
import { loadOrganisation, resolveScope, visibleTeams, type TeamNode } from '@/lib/metrics/scope';
import { loadMetricSettings } from '@/lib/metrics/settings';
import { computeMetricValues, type MetricKey } from '@/lib/metrics/sql';
import { BENCHMARK, type MetricValues, type Period, type Scope } from '@/lib/metrics/types';

export { InvalidPeriodError, parsePeriod, previousPeriod } from '@/lib/metrics/period';
export { METRIC_KEYS, type MetricKey } from '@/lib/metrics/sql';
export type { TeamNode } from '@/lib/metrics/scope';

export interface MetricsReport {
  scope: Scope;
  period: Period;
  previousPeriod: Period;
  benchmark: typeof BENCHMARK;
  current: MetricValues;
  previous: MetricValues;
}

/** Every metric for one scope, for the period and the one before it. */
export async function getMetricsReport(db: DbClient, access: AccessScope, scope: Scope, period: Period): Promise<MetricsReport> {
  const [report] = await getMetricsReports(db, access, [scope], period);
  if (!report) throw new Error('No report computed.');
  return report;
}

/**
 * Reports for many scopes at once (the org overview, a digest's table): the same six queries as for
 * one scope, each answering every scope. Throws before computing anything if one scope is unknown or
 * outside the access.
 */
export async function getMetricsReports(db: DbClient, access: AccessScope, scopes: readonly Scope[], period: Period): Promise<MetricsReport[]> {
  periodLength(period); // validates the period before any query
  const organisation = await loadOrganisation(db);
  const resolved = scopes.map((scope) => resolveScope(organisation, access, scope));
  const previous = previousPeriod(period);
  const settings = await loadMetricSettings(db);
  const values = await computeMetricValues(db, resolved, [period, previous], settings);
  return resolved.map((entry, index) => {
    const [current, before] = values[index] ?? [];
    if (!current || !before) throw new Error('Missing metric values.');
    return { scope: entry.scope, period, previousPeriod: previous, benchmark: BENCHMARK, current, previous: before };
  });
}

export interface TeamMetricsReport extends MetricsReport {
  team: TeamNode;
}

/** Every team the caller may see, each with its report (a team's values are its own, never averaged). */
export async function getTeamMetricsReports(db: DbClient, access: AccessScope, period: Period): Promise<TeamMetricsReport[]> {
  const teams = visibleTeams(await loadOrganisation(db), access);
  const reports = await getMetricsReports(db, access, teams.map((team) => ({ kind: 'team', slug: team.slug })), period);
  return reports.flatMap((report, index) => {
    const team = teams[index];
    return team ? [{ ...report, team }] : [];
  });
}

/** Every metric for one scope over arbitrary periods of one time zone (e.g. the weeks of a digest). */
export async function getMetricValuesByPeriod(db: DbClient, access: AccessScope, scope: Scope, periods: readonly Period[]): Promise<MetricValues[]> {
  if (periods.length === 0) return [];
  periods.forEach((period) => periodLength(period));
  const resolved = resolveScope(await loadOrganisation(db), access, scope);
  const values = await computeMetricValues(db, [resolved], periods, await loadMetricSettings(db));
  return values[0] ?? [];
}

export type SeriesGranularity = 'week' | 'month';

export interface MetricSeries<K extends MetricKey> {
  scope: Scope;
  period: Period;
  metric: K;
  granularity: SeriesGranularity;
  benchmark: typeof BENCHMARK;
  points: { period: Period; value: MetricValues[K] }[];
}

/**
 * One metric by week (7-day buckets from `from`) or by calendar month over a period, for trend charts;
 * the last bucket is clipped to `to`. Runs only the queries that metric needs.
 */
export async function getMetricSeries<K extends MetricKey>(
  db: DbClient,
  access: AccessScope,
  scope: Scope,
  period: Period,
  options: { metric: K; granularity: SeriesGranularity },
): Promise<MetricSeries<K>> {
  const buckets = options.granularity === 'week' ? calendarWeeks(period) : calendarMonths(period);
  const resolved = resolveScope(await loadOrganisation(db), access, scope);
  const values = await computeMetricValues(db, [resolved], buckets, await loadMetricSettings(db), [options.metric]);
  return {
    scope,
    period,
    metric: options.metric,
    granularity: options.granularity,
    benchmark: BENCHMARK,
    points: buckets.map((bucket, index) => {
      const value = values[0]?.[index];
      if (!value) throw new Error('Missing metric values.');
      return { period: bucket, value: value[options.metric] };
    }),
  };
}
