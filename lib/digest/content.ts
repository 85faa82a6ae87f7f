// What a weekly digest says, as plain data: built by a pure function from metric values and risk
// records already limited to what the subscriber may see, so it is tested from known numbers and both
// renderers (HTML, text) show the same thing. Labels, rounding, directions and the week-over-week change
// come from lib/format/metric-display, the table the dashboard uses, so the two agree to the digit.
import {
  BAND_LABELS, METRICS, describeChange, formatMetricValue, type MetricChange, type MetricId,
} from '@/lib/format/metric-display';
import { formatCalendarDate, localDayOf } from '@/lib/metrics/period';
import type { Band, MetricValues, Period } from '@/lib/metrics/types';

/** The per-team tables: the dashboard overview's columns, split so each table fits a mail column. */
export const DIGEST_DORA_COLUMNS: MetricId[] = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery', 'reworkRate'];
export const DIGEST_SECURITY_COLUMNS: MetricId[] = ['criticalHighBacklog', 'slaBreached', 'slaCompliance', 'timeToRemediate'];
/** The summary of the subscriber's whole scope, one line per metric. */
export const DIGEST_SUMMARY_METRICS: MetricId[] = [
  'deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery', 'timeToRestore', 'reworkRate',
  'criticalHighBacklog', 'slaBreached', 'slaCompliance', 'timeToRemediate', 'netResolveRate',
];
/** Metrics with DORA bands, checked for teams that dropped a band. */
const BANDED_METRICS: MetricId[] = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery'];
const BAND_RANK: Record<Band, number> = { elite: 3, high: 2, medium: 1, low: 0 };

export const MAX_LISTED_RISKS = 10;

export interface MetricPair {
  current: MetricValues;
  previous: MetricValues;
}

export interface DigestTeamInput extends MetricPair {
  slug: string;
  name: string;
  /** 0 for a top-level team (among those shown), 1 for its children, … */
  depth: number;
}

export interface BreachedFindingInput {
  title: string;
  repository: string;
  team: string | null;
  severity: 'critical' | 'high';
  openedAt: Date;
  slaDays: number;
  url: string | null;
}

export interface OpenIncidentInput {
  title: string;
  where: string;
  severity: string | null;
  security: boolean;
  startedAt: Date;
  url: string | null;
}

export interface TrendSeries {
  label: string;
  /** One value set per week, oldest first, aligned with `DigestData.trendWeeks`. */
  weeks: MetricValues[];
}

/** Everything a digest is made from; already restricted to the subscriber's access. */
export interface DigestData {
  recipient: { name: string | null; email: string };
  week: string;
  period: Period;
  /** "All teams" with full access, else "Your teams". */
  scopeLabel: string;
  /** The subscriber's whole scope (the org, or the union of their teams); null when they see no team. */
  summary: MetricPair | null;
  teams: DigestTeamInput[];
  /** The worst few; the totals count all of them. */
  breachedFindings: BreachedFindingInput[];
  breachedTotal: number;
  openIncidents: OpenIncidentInput[];
  openIncidentTotal: number;
  trendWeeks: Period[];
  trends: TrendSeries[];
  appUrl: string;
  unsubscribeUrl: string;
}

export interface DigestCell {
  metric: MetricId;
  display: string;
  band: Band | null;
  bandLabel: string | null;
  change: MetricChange;
}

export interface DigestSummaryLine extends DigestCell {
  label: string;
  previousDisplay: string;
  detail: string;
}

export interface DigestTeamRow {
  slug: string;
  name: string;
  depth: number;
  href: string;
  cells: Record<MetricId, DigestCell>;
}

export interface BandDrop {
  team: string;
  metric: string;
  from: string;
  to: string;
}

export interface FindingRisk {
  title: string;
  repository: string;
  team: string | null;
  severity: 'critical' | 'high';
  ageDays: number;
  slaDays: number;
  url: string | null;
}

export interface IncidentRisk {
  title: string;
  where: string;
  severity: string | null;
  security: boolean;
  openForDays: number;
  url: string | null;
}

export interface DigestContent {
  subject: string;
  /** The line mail clients show after the subject. */
  preheader: string;
  greeting: string;
  week: string;
  /** "2 Mar – 8 Mar 2026" (inclusive, as people read a week). */
  periodLabel: string;
  timeZone: string;
  scopeLabel: string;
  summary: DigestSummaryLine[];
  teams: DigestTeamRow[];
  risks: {
    breachedFindings: FindingRisk[];
    /** Critical and high findings past SLA at the week's end, all of them (the list shows the worst). */
    breachedTotal: number;
    openIncidents: IncidentRisk[];
    openIncidentTotal: number;
    bandDrops: BandDrop[];
  };
  trendWeeks: string[];
  trends: TrendSeries[];
  dashboardUrl: string;
  unsubscribeUrl: string;
  footnotes: string[];
}

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayYearLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The inclusive calendar range of a period in its own zone: "2 Mar – 8 Mar 2026". */
export function periodRangeLabel(period: Period): string {
  const first = localDayOf(period.from, period.timeZone);
  const last = localDayOf(period.to, period.timeZone) - 1;
  return `${dayLabel.format(new Date(first * 86_400_000))} – ${dayYearLabel.format(new Date(last * 86_400_000))}`;
}

/** The dashboard's query string for exactly this period (`to` exclusive, as in the API). */
export function periodQuery(period: Period): string {
  const params = new URLSearchParams({
    from: formatCalendarDate(localDayOf(period.from, period.timeZone)),
    to: formatCalendarDate(localDayOf(period.to, period.timeZone)),
    tz: period.timeZone,
  });
  return params.toString();
}

export function metricCell(metric: MetricId, pair: MetricPair): DigestCell {
  const display = METRICS[metric];
  const current = display.value(pair.current);
  const band = display.band(pair.current);
  return {
    metric,
    display: formatMetricValue(display.kind, current),
    band,
    bandLabel: band ? BAND_LABELS[band] : null,
    change: describeChange(display.kind, display.direction, current, display.value(pair.previous)),
  };
}

function summaryLine(metric: MetricId, pair: MetricPair): DigestSummaryLine {
  const display = METRICS[metric];
  return {
    ...metricCell(metric, pair),
    label: display.label,
    previousDisplay: formatMetricValue(display.kind, display.value(pair.previous)),
    detail: display.detail(pair.current),
  };
}

function bandDrops(teams: readonly DigestTeamInput[]): BandDrop[] {
  const drops: BandDrop[] = [];
  for (const team of teams) {
    for (const metric of BANDED_METRICS) {
      const display = METRICS[metric];
      const now = display.band(team.current);
      const before = display.band(team.previous);
      if (now && before && BAND_RANK[now] < BAND_RANK[before]) {
        drops.push({ team: team.name, metric: display.label, from: BAND_LABELS[before], to: BAND_LABELS[now] });
      }
    }
  }
  return drops;
}

const DAY_MS = 86_400_000;

export function buildDigestContent(data: DigestData): DigestContent {
  const periodLabel = periodRangeLabel(data.period);
  const query = periodQuery(data.period);
  const base = data.appUrl.replace(/\/+$/, '');

  const findings: FindingRisk[] = [...data.breachedFindings]
    .sort((a, b) => (a.severity === b.severity ? a.openedAt.getTime() - b.openedAt.getTime() : a.severity === 'critical' ? -1 : 1))
    .map((finding) => ({
      title: finding.title,
      repository: finding.repository,
      team: finding.team,
      severity: finding.severity,
      ageDays: Math.floor((data.period.to.getTime() - finding.openedAt.getTime()) / DAY_MS),
      slaDays: finding.slaDays,
      url: finding.url,
    }));
  const incidents: IncidentRisk[] = [...data.openIncidents]
    .sort((a, b) => Number(b.security) - Number(a.security) || a.startedAt.getTime() - b.startedAt.getTime())
    .map((incident) => ({
      title: incident.title,
      where: incident.where,
      severity: incident.severity,
      security: incident.security,
      openForDays: Math.max(0, Math.floor((data.period.to.getTime() - incident.startedAt.getTime()) / DAY_MS)),
      url: incident.url,
    }));

  const summary = data.summary ? DIGEST_SUMMARY_METRICS.map((metric) => summaryLine(metric, data.summary as MetricPair)) : [];
  const columns = [...DIGEST_DORA_COLUMNS, ...DIGEST_SECURITY_COLUMNS];
  const teams: DigestTeamRow[] = data.teams.map((team) => ({
    slug: team.slug,
    name: team.name,
    depth: team.depth,
    href: `${base}/teams/${encodeURIComponent(team.slug)}?${query}`,
    cells: Object.fromEntries(columns.map((metric) => [metric, metricCell(metric, team)])) as Record<MetricId, DigestCell>,
  }));
  const drops = bandDrops(data.teams);

  const { breachedTotal, openIncidentTotal } = data;

  const headline: string[] = [];
  const deployments = data.summary?.current.deploymentFrequency.count;
  if (deployments !== undefined) headline.push(`${deployments} deployment${deployments === 1 ? '' : 's'}`);
  if (breachedTotal > 0) headline.push(`${breachedTotal} critical/high past SLA`);
  if (openIncidentTotal > 0) headline.push(`${openIncidentTotal} open incident${openIncidentTotal === 1 ? '' : 's'}`);
  if (drops.length > 0) headline.push(`${drops.length} band drop${drops.length === 1 ? '' : 's'}`);

  return {
    subject: `Vitals weekly digest · ${periodLabel}`,
    preheader: headline.length > 0 ? `${data.scopeLabel}: ${headline.join(', ')}.` : `${data.scopeLabel}: a quiet week.`,
    greeting: data.recipient.name ? `Hello ${data.recipient.name},` : 'Hello,',
    week: data.week,
    periodLabel,
    timeZone: data.period.timeZone,
    scopeLabel: data.scopeLabel,
    summary,
    teams,
    risks: {
      breachedFindings: findings.slice(0, MAX_LISTED_RISKS),
      breachedTotal,
      openIncidents: incidents.slice(0, MAX_LISTED_RISKS),
      openIncidentTotal,
      bandDrops: drops,
    },
    trendWeeks: data.trendWeeks.map((week) => dayLabel.format(new Date(localDayOf(week.from, week.timeZone) * DAY_MS))),
    trends: data.trends,
    dashboardUrl: `${base}/?${query}`,
    unsubscribeUrl: data.unsubscribeUrl,
    footnotes: [
      `Week of ${periodLabel}, midnight to midnight in ${data.period.timeZone}. Changes compare with the week before.`,
      'Deployment frequency has a band only over 30 days or more; open the dashboard for the monthly view.',
      'Bands: DORA 2023 benchmarks. Numbers are the dashboard’s for the same week.',
    ],
  };
}
