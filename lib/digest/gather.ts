// Collects what one subscriber's digest is made from, through their AccessScope only: the teams they may
// see (lib/records/visible-teams), metric values from the metrics engine (through DigestMetrics, so tests
// and the engine can be swapped), and the risk records behind the numbers (lib/records/scope filters).
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { calendarWeeks, localDayOf, periodOfDays } from '@/lib/metrics/period';
import { loadMetricSettings } from '@/lib/metrics/settings';
import type { MetricValues, Period, Scope } from '@/lib/metrics/types';
import { incidentScopeFilter, repositoryFilter, resolveRecordScope } from '@/lib/records/scope';
import { getVisibleTeams, type TeamNode } from '@/lib/records/visible-teams';
import type { BreachedFindingInput, DigestData, DigestTeamInput, MetricPair, TrendSeries } from '@/lib/digest/content';
import { MAX_LISTED_RISKS } from '@/lib/digest/content';

/** Weeks shown in the trend charts, the reported week last. */
export const TREND_WEEKS = 8;
/** Series per chart when a subscriber sees several top-level teams (more would not be readable). */
export const MAX_TREND_SERIES = 4;

/** The metrics engine as the digest uses it; every call is made with the subscriber's access. */
export interface DigestMetrics {
  /** Values for `period` and the period of equal length before it, for each scope, in order. */
  reports(access: AccessScope, scopes: Scope[], period: Period): Promise<MetricPair[]>;
  /** Values for each of `weeks`, in order. */
  weekly(access: AccessScope, scope: Scope, weeks: Period[]): Promise<MetricValues[]>;
}

export interface DigestRecipient {
  subscriptionId: number;
  name: string | null;
  email: string;
  timeZone: string;
  access: AccessScope;
}

/** Visible teams in tree order (each parent followed by its children), with their depth. */
export function teamsInTreeOrder(teams: readonly TeamNode[]): { team: TeamNode; depth: number }[] {
  const visibleIds = new Set(teams.map((team) => team.id));
  const byParent = new Map<number | null, TeamNode[]>();
  for (const team of teams) {
    const parent = team.parentId !== null && visibleIds.has(team.parentId) ? team.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), team]);
  }
  const ordered: { team: TeamNode; depth: number }[] = [];
  const visit = (parent: number | null, depth: number) => {
    const children = [...(byParent.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'en'));
    for (const child of children) {
      ordered.push({ team: child, depth });
      visit(child.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

export interface GatherOptions {
  db: Db;
  metrics: DigestMetrics;
  recipient: DigestRecipient;
  week: string;
  period: Period;
  appUrl: string;
  unsubscribeUrl: string;
}

export async function gatherDigestData(options: GatherOptions): Promise<DigestData> {
  const { db, metrics, recipient, period } = options;
  const access = recipient.access;
  const visible = await getVisibleTeams(access, db);
  const ordered = teamsInTreeOrder(visible.teams);
  const roots = ordered.filter((entry) => entry.depth === 0).map((entry) => entry.team);

  // The summary covers the subscriber's whole scope when one scope says it: the org, or their one team.
  const summaryScope: Scope | null = visible.all ? { kind: 'org' } : roots.length === 1 && roots[0] ? { kind: 'team', slug: roots[0].slug } : null;
  const scopes: Scope[] = [...(summaryScope ? [summaryScope] : []), ...ordered.map((entry) => ({ kind: 'team' as const, slug: entry.team.slug }))];
  const pairs = scopes.length > 0 ? await metrics.reports(access, scopes, period) : [];
  const summary = summaryScope ? (pairs[0] ?? null) : null;
  const teamPairs = summaryScope ? pairs.slice(1) : pairs;
  const teams: DigestTeamInput[] = ordered.flatMap((entry, index) => {
    const pair = teamPairs[index];
    return pair ? [{ slug: entry.team.slug, name: entry.team.name, depth: entry.depth, ...pair }] : [];
  });

  // Eight weeks ending with the reported one, in the subscriber's zone.
  const lastDay = localDayOf(period.to, period.timeZone);
  const trendPeriod = periodOfDays(lastDay - TREND_WEEKS * 7, lastDay, period.timeZone);
  const trendWeeks = calendarWeeks(trendPeriod);
  const trendScopes: { label: string; scope: Scope }[] = visible.all
    ? [{ label: 'All teams', scope: { kind: 'org' } }]
    : roots.slice(0, MAX_TREND_SERIES).map((team) => ({ label: team.name, scope: { kind: 'team', slug: team.slug } }));
  const trends: TrendSeries[] = [];
  for (const entry of trendScopes) trends.push({ label: entry.label, weeks: await metrics.weekly(access, entry.scope, trendWeeks) });

  const risks = visible.ids.length > 0 || visible.all
    ? await gatherRisks(db, access, period)
    : { breachedFindings: [], breachedTotal: 0, openIncidents: [], openIncidentTotal: 0 };

  return {
    recipient: { name: recipient.name, email: recipient.email },
    week: options.week,
    period,
    scopeLabel: visible.all ? 'All teams' : roots.length === 1 && roots[0] ? roots[0].name : 'Your teams',
    summary,
    teams,
    ...risks,
    trendWeeks,
    trends,
    appUrl: options.appUrl,
    unsubscribeUrl: options.unsubscribeUrl,
  };
}

/**
 * Critical and high findings past their SLA at the week's end, and incidents open at the week's end,
 * the worst first, limited to what `access` may read. The same rules as the metrics (METRICS.md): open
 * at `to` means not fixed or dismissed before `to`; past SLA means older than the SLA, strictly.
 */
async function gatherRisks(db: Db, access: AccessScope, period: Period): Promise<Pick<DigestData, 'breachedFindings' | 'breachedTotal' | 'openIncidents' | 'openIncidentTotal'>> {
  const scope = await resolveRecordScope(access, db, null);
  const settings = await loadMetricSettings(db);
  const to = period.to;
  const openAtTo = {
    NOT: [
      { state: 'fixed', fixedAt: { lt: to } },
      { state: 'dismissed', dismissedAt: { lt: to } },
    ],
  };
  const findingSelect = {
    title: true, ruleId: true, severity: true, openedAt: true, url: true,
    repository: { select: { fullName: true, team: { select: { name: true } } } },
  } as const;
  const breached: BreachedFindingInput[] = [];
  let breachedTotal = 0;
  for (const severity of ['critical', 'high'] as const) {
    const limit = new Date(to.getTime() - settings.slaDays[severity] * 86_400_000);
    const where = { ...repositoryFilter(scope), excluded: false, severity, openedAt: { lt: limit }, ...openAtTo };
    breachedTotal += await db.finding.count({ where });
    const rows = await db.finding.findMany({
      where,
      select: findingSelect,
      orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
      take: MAX_LISTED_RISKS,
    });
    breached.push(...rows.map((row) => ({
      title: row.title ?? row.ruleId ?? 'Untitled finding',
      repository: row.repository.fullName,
      team: row.repository.team?.name ?? null,
      severity,
      openedAt: row.openedAt,
      slaDays: settings.slaDays[severity],
      url: row.url,
    })));
  }

  const openIncidentWhere = {
    AND: [
      incidentScopeFilter(scope),
      { startedAt: { lt: to } },
      { OR: [{ resolvedAt: null }, { resolvedAt: { gte: to } }] },
    ],
  };
  const openIncidentTotal = await db.incident.count({ where: openIncidentWhere });
  const incidents = await db.incident.findMany({
    where: openIncidentWhere,
    select: {
      title: true, severity: true, security: true, startedAt: true, url: true,
      repository: { select: { fullName: true } },
      team: { select: { name: true } },
    },
    orderBy: [{ security: 'desc' }, { startedAt: 'asc' }, { id: 'asc' }],
    take: MAX_LISTED_RISKS,
  });
  return {
    breachedFindings: breached,
    breachedTotal,
    openIncidentTotal,
    openIncidents: incidents.map((incident) => ({
      title: incident.title,
      where: incident.repository?.fullName ?? incident.team?.name ?? 'Unassigned',
      severity: incident.severity,
      security: incident.security,
      startedAt: incident.startedAt,
      url: incident.url,
    })),
  };
}
