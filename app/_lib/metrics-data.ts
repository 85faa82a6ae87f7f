// What the dashboards ask of the metrics engine. Every number comes from lib/metrics — the functions
// behind GET /api/v1/metrics — so a page and the API agree for the same scope and period.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { getMetricsReports, getMetricValuesByPeriod, type MetricsReport } from '@/lib/metrics';
import { calendarMonths, calendarWeeks, localDayOf, periodOfDays } from '@/lib/metrics/period';
import { loadOrganisation, resolveScope, visibleTeams, type TeamNode } from '@/lib/metrics/scope';
import { loadMetricSettings } from '@/lib/metrics/settings';
import { computeMetricValues, type MetricKey } from '@/lib/metrics/sql';
import type { MetricValues, Period, Scope } from '@/lib/metrics/types';
import { METRICS, OVERVIEW_METRICS, type MetricId } from '@/lib/format/metric-display';

/** Weeks shown in an overview sparkline, ending with the period. */
export const SPARKLINE_WEEKS = 12;
/** Trend charts cover the last six months, ending with the period. */
export const TREND_DAYS = 182;

export interface OverviewRow {
  team: TeamNode;
  report: MetricsReport;
  /** Weekly values of each overview metric, oldest first. */
  sparklines: Record<MetricId, (number | null)[]>;
}

export interface Overview {
  org: MetricsReport | null;
  teams: OverviewRow[];
  sparklineWeeks: Period[];
}

/** The metric-engine keys a display metric reads. */
const ENGINE_KEYS: Record<MetricId, MetricKey[]> = {
  deploymentFrequency: ['deploymentFrequency'],
  leadTime: ['leadTime'],
  changeFailureRate: ['changeFailureRate'],
  failedDeploymentRecovery: ['failedDeploymentRecovery'],
  timeToRestore: ['timeToRestore'],
  reworkRate: ['reworkRate'],
  openBacklog: ['openBacklog'],
  criticalHighBacklog: ['openBacklog'],
  slaBreached: ['slaCompliance'],
  slaCompliance: ['slaCompliance'],
  timeToRemediate: ['timeToRemediate'],
  netResolveRate: ['netResolveRate'],
  secretExposureTime: ['secretExposureTime'],
  securityChangeFailureRate: ['securityChangeFailureRate'],
};

/** `days` whole calendar days ending at `period.to`, in the period's zone. */
export function trailingPeriod(period: Period, days: number): Period {
  const end = localDayOf(period.to, period.timeZone);
  return periodOfDays(end - days, end, period.timeZone);
}

/**
 * Sparkline values for teams × weeks. The engine runs its queries one after another per call; one call
 * per metric here lets them run side by side on the pool, which keeps the overview under a second.
 */
async function loadSparklineGrid(
  db: Db,
  access: AccessScope,
  organisation: Awaited<ReturnType<typeof loadOrganisation>>,
  teams: TeamNode[],
  weeks: Period[],
  keys: MetricKey[],
): Promise<MetricValues[][]> {
  const settings = await loadMetricSettings(db);
  const scopes = teams.map((team) => resolveScope(organisation, access, { kind: 'team', slug: team.slug }));
  const parts = await Promise.all(keys.map((key) => computeMetricValues(db, scopes, weeks, settings, [key])));
  // Each part filled only its own metric; take each metric from the part that computed it.
  return scopes.map((_, s) =>
    weeks.map((__, w) => {
      const merged = { ...(parts[0]?.[s]?.[w] as MetricValues) };
      keys.forEach((key, k) => {
        const values = parts[k]?.[s]?.[w];
        if (values) (merged as Record<MetricKey, unknown>)[key] = values[key];
      });
      return merged;
    }),
  );
}

/**
 * The org overview: every visible team's report (and the org's, for full access) in one batch, plus
 * weekly sparklines for the overview metrics computed as one scopes × weeks grid.
 */
export async function loadOverview(db: Db, access: AccessScope, period: Period): Promise<Overview> {
  const organisation = await loadOrganisation(db);
  const teams = visibleTeams(organisation, access);
  const scopes: Scope[] = [...(access.kind === 'all' ? [{ kind: 'org' } as const] : []), ...teams.map((team) => ({ kind: 'team', slug: team.slug }) as const)];
  const weeks = calendarWeeks(trailingPeriod(period, SPARKLINE_WEEKS * 7));
  const keys = [...new Set(OVERVIEW_METRICS.flatMap((id) => ENGINE_KEYS[id]))];
  const [reports, weekly] = await Promise.all([
    scopes.length > 0 ? getMetricsReports(db, access, scopes, period) : Promise.resolve([]),
    teams.length > 0
      // Served from the maintained metric results until the teams' records change, like the reports.
      ? loadSparklineGrid(db, access, organisation, teams, weeks, keys)
      : Promise.resolve([]),
  ]);
  const org = access.kind === 'all' ? (reports[0] ?? null) : null;
  const teamReports = access.kind === 'all' ? reports.slice(1) : reports;
  return {
    org,
    sparklineWeeks: weeks,
    teams: teams.flatMap((team, index) => {
      const report = teamReports[index];
      if (!report) return [];
      const series = weekly[index] ?? [];
      const sparklines = Object.fromEntries(
        OVERVIEW_METRICS.map((id) => [id, series.map((values) => METRICS[id].value(values))]),
      ) as Record<MetricId, (number | null)[]>;
      return [{ team, report, sparklines }];
    }),
  };
}

export type TrendGranularity = 'week' | 'month';

export interface TrendPoint {
  period: Period;
  values: MetricValues;
}

/** Every metric over the last six months by week or calendar month (the last bucket clipped to `to`). */
export async function loadTrend(db: Db, access: AccessScope, scope: Scope, period: Period, granularity: TrendGranularity): Promise<TrendPoint[]> {
  const window = trailingPeriod(period, TREND_DAYS);
  const buckets = granularity === 'week' ? calendarWeeks(window) : calendarMonths(window);
  const values = await getMetricValuesByPeriod(db, access, scope, buckets);
  return buckets.flatMap((bucket, index) => {
    const point = values[index];
    return point ? [{ period: bucket, values: point }] : [];
  });
}

/** Reports for several scopes at once (comparison, child teams). */
export function loadReports(db: Db, access: AccessScope, scopes: Scope[], period: Period): Promise<MetricsReport[]> {
  return scopes.length === 0 ? Promise.resolve([]) : getMetricsReports(db, access, scopes, period);
}

/** One weekly series per scope for one metric, as a scopes × weeks grid (comparison overlays). */
export async function loadWeeklySeries(db: Db, access: AccessScope, scopes: Scope[], period: Period): Promise<{ weeks: Period[]; values: MetricValues[][] }> {
  const organisation = await loadOrganisation(db);
  const weeks = calendarWeeks(trailingPeriod(period, TREND_DAYS));
  const resolved = scopes.map((scope) => resolveScope(organisation, access, scope));
  if (resolved.length === 0) return { weeks, values: [] };
  const values = await computeMetricValues(db, resolved, weeks, await loadMetricSettings(db));
  return { weeks, values };
}
