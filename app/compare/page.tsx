import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { drillHref } from '@/app/_lib/drill';
import { loadReports, loadWeeklySeries } from '@/app/_lib/metrics-data';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { hrefWith, periodParams, resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { requireViewer } from '@/app/_lib/require-viewer';
import { BandBadge } from '@/components/band-badge';
import { ChangeIndicator } from '@/components/change-indicator';
import { LineTrend, type TrendDatum } from '@/components/charts/line-trend';
import { Panel, Section } from '@/components/dashboard/section';
import { EmptyState } from '@/components/empty-state';
import { ExportLinks } from '@/components/export-links';
import { Notice, PageHeader } from '@/components/page-header';
import { PeriodPicker } from '@/components/period-picker';
import { teamTree } from '@/components/scope-select';
import { getDb } from '@/lib/db';
import { describeChange, formatMetricValue, METRICS, type MetricId } from '@/lib/format/metric-display';
import { getVisibleTeams } from '@/lib/records/visible-teams';

export const metadata: Metadata = { title: 'Compare teams' };

const MAX_TEAMS = 5;
const ROWS: MetricId[] = [
  'deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery', 'timeToRestore', 'reworkRate',
  'openBacklog', 'criticalHighBacklog', 'slaBreached', 'slaCompliance', 'timeToRemediate', 'netResolveRate',
];
const CHARTS: MetricId[] = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery', 'openBacklog', 'slaCompliance'];

/** Teams from `?team=a&team=b` (the form) or `?teams=a,b` (shareable links). */
function requestedTeams(search: SearchParams): string[] {
  const raw = [search.team, search.teams].flat().filter((v): v is string => typeof v === 'string');
  return [...new Set(raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const search = await searchParams;
  const { access } = await requireViewer();
  const db = getDb();
  const period = resolvePeriod(search, await getOrgTimeZone(db));
  const visible = await getVisibleTeams(access, db);
  const asked = requestedTeams(search);
  const known = asked.filter((slug) => visible.teams.some((t) => t.slug === slug));
  const chosen = known.slice(0, MAX_TEAMS).map((slug) => visible.teams.find((t) => t.slug === slug)!);
  const notices = [
    ...(asked.length > known.length ? [`Not shown (unknown or outside your access): ${asked.filter((s) => !known.includes(s)).join(', ')}.`] : []),
    ...(known.length > MAX_TEAMS ? [`At most ${MAX_TEAMS} teams side by side; showing the first ${MAX_TEAMS}.`] : []),
  ];
  const scopes = chosen.map((team) => ({ kind: 'team', slug: team.slug }) as const);
  const [reports, weekly] = await Promise.all([loadReports(db, access, [...scopes], period.period), loadWeeklySeries(db, access, [...scopes], period.period)]);
  const current = periodParams(period);
  const teamsParam = chosen.map((t) => t.slug).join(',');
  const weekLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: period.timeZone });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Compare teams"
        eyebrow={<span className="num">{period.label}</span>}
        description={`Pick up to ${MAX_TEAMS} teams: their metrics side by side, and their trends overlaid. Each team is measured over its own records.`}
        actions={chosen.length > 0 ? <Link prefetch={false} href={hrefWith('/compare', current)} className="link text-sm">Clear selection</Link> : undefined}
      />
      <PeriodPicker range={period.range} from={period.from} to={period.to} timeZone={period.timeZone} label={period.label} preserve={teamsParam ? { teams: teamsParam } : {}} />
      {period.notice && <Notice>{period.notice}</Notice>}
      {notices.map((n) => <Notice key={n}>{n}</Notice>)}

      <Form action="/compare" className="rounded-xl border border-line bg-surface p-4" aria-label="Teams to compare">
        {Object.entries(current).map(([key, value]) => <input key={key} type="hidden" name={key} value={value} />)}
        <fieldset>
          <legend className="mb-2 text-sm font-semibold">Teams (up to {MAX_TEAMS})</legend>
          <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-4">
            {teamTree(visible.teams).map(({ team, depth }) => (
              <label key={team.id} className="flex items-center gap-2 text-sm" style={{ paddingLeft: `${depth}rem` }}>
                <input type="checkbox" name="team" value={team.slug} defaultChecked={chosen.some((c) => c.id === team.id)} className="h-4 w-4 accent-[var(--accent)]" />
                {team.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="mt-3 h-9 rounded-md bg-accent px-3 text-sm font-medium text-accent-ink hover:opacity-90">Compare</button>
      </Form>

      {chosen.length === 0 ? (
        <EmptyState title="Choose teams to compare">
          <p>Tick two to five teams above and press Compare. The page address keeps your choice, so you can share it.</p>
        </EmptyState>
      ) : (
        <>
          <Section id="side-by-side" title="Side by side" actions={<ExportLinks label="Export" href={(format) => hrefWith('/compare/export', current, { teams: teamsParam, format })} />}>
            <div className="overflow-x-auto rounded-xl border border-line bg-surface">
              <table className="w-full text-sm" data-testid="compare-table">
                <caption className="sr-only">Metrics of the chosen teams for {period.label}</caption>
                <thead className="border-b border-line text-left text-xs text-muted">
                  <tr>
                    <th scope="col" className="px-3 py-2.5 font-medium">Metric</th>
                    {chosen.map((team) => (
                      <th key={team.id} scope="col" className="px-3 py-2.5 font-medium">
                        <Link prefetch={false} href={hrefWith(`/teams/${team.slug}`, current)} className="link">{team.name}</Link>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ROWS.map((id) => {
                    const metric = METRICS[id];
                    return (
                      <tr key={id} className="border-b border-line last:border-0">
                        <th scope="row" className="px-3 py-2.5 text-left font-medium" title={metric.help}>{metric.label}</th>
                        {chosen.map((team, index) => {
                          const report = reports[index];
                          if (!report) return <td key={team.id} />;
                          const value = metric.value(report.current);
                          return (
                            <td key={team.id} className="px-3 py-2.5 align-top" data-metric={id}>
                              <div className="flex flex-wrap items-center gap-1.5">
                                <Link prefetch={false} href={drillHref(id, { kind: 'team', slug: team.slug }, period)} className="num font-semibold hover:underline">
                                  {formatMetricValue(metric.kind, value)}
                                </Link>
                                <BandBadge band={metric.band(report.current)} size="sm" />
                              </div>
                              <ChangeIndicator change={describeChange(metric.kind, metric.direction, value, metric.value(report.previous))} size="xs" />
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </Section>
          <Section id="overlaid" title="Trends, overlaid" description="Weekly values over the last six months; line styles differ per team as well as colours.">
            <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
              {CHARTS.map((id) => {
                const metric = METRICS[id];
                const data: TrendDatum[] = weekly.weeks.map((week, w) => {
                  const datum: TrendDatum = { label: weekLabel.format(week.from) };
                  chosen.forEach((team, t) => {
                    const values = weekly.values[t]?.[w];
                    datum[team.slug] = values ? metric.value(values) : null;
                  });
                  return datum;
                });
                return (
                  <Panel key={id} title={metric.label}>
                    <LineTrend data={data} series={chosen.map((team) => ({ key: team.slug, name: team.name }))} kind={metric.kind} height={220} />
                  </Panel>
                );
              })}
            </div>
          </Section>
        </>
      )}
    </div>
  );
}
