import type { Metadata } from 'next';
import Link from 'next/link';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { drillHref } from '@/app/_lib/drill';
import { loadOverview, type OverviewRow } from '@/app/_lib/metrics-data';
import { hrefWith, periodParams, resolvePeriod, firstParam, type SearchParams } from '@/app/_lib/period';
import { requireViewer } from '@/app/_lib/require-viewer';
import { BandLegend } from '@/components/band-legend';
import { ConnectSourceHelp, EmptyState } from '@/components/empty-state';
import { ExportLinks } from '@/components/export-links';
import { MetricCard } from '@/components/metric-card';
import { MetricCell } from '@/components/metric-cell';
import { Notice, PageHeader } from '@/components/page-header';
import { PeriodPicker } from '@/components/period-picker';
import { teamTree } from '@/components/scope-select';
import { SortHeader, type SortState } from '@/components/table/sort-header';
import { getDb } from '@/lib/db';
import { METRICS, OVERVIEW_METRICS, type MetricId } from '@/lib/format/metric-display';

export const metadata: Metadata = { title: 'Overview' };

const ORG_CARDS: MetricId[] = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery', 'reworkRate', 'criticalHighBacklog', 'slaBreached', 'slaCompliance'];

function isMetricId(value: string | undefined): value is MetricId {
  return value !== undefined && value in METRICS;
}

/** Rows in team-tree order, or by one metric (missing values last, whatever the direction). */
function orderRows(rows: OverviewRow[], sort: MetricId | null, direction: 'asc' | 'desc'): { row: OverviewRow; depth: number }[] {
  if (sort === null) {
    const byId = new Map(rows.map((row) => [row.team.id, row]));
    return teamTree(rows.map((row) => row.team)).flatMap(({ team, depth }) => {
      const row = byId.get(team.id);
      return row ? [{ row, depth }] : [];
    });
  }
  const value = (row: OverviewRow) => METRICS[sort].value(row.report.current);
  return [...rows]
    .sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) return x === y ? a.team.name.localeCompare(b.team.name) : x === null ? 1 : -1;
      return direction === 'asc' ? x - y : y - x;
    })
    .map((row) => ({ row, depth: 0 }));
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const search = await searchParams;
  const { access } = await requireViewer();
  const db = getDb();
  const period = resolvePeriod(search, await getOrgTimeZone(db));
  const overview = await loadOverview(db, access, period.period);

  const sortParam = firstParam(search, 'sort');
  const sort = isMetricId(sortParam) ? sortParam : null;
  const direction = firstParam(search, 'dir') === 'asc' ? 'asc' : 'desc';
  const current = periodParams(period);
  const sortState: SortState = {
    sort: sort ?? '',
    direction,
    hrefFor: (key, dir) => hrefWith('/', current, { sort: key, dir }),
  };
  const rows = orderRows(overview.teams, sort, direction);

  if (overview.teams.length === 0) {
    return (
      <div className="space-y-6">
        <PageHeader title="Overview" />
        {access.kind === 'all' ? (
          <EmptyState title="No teams yet">
            <ConnectSourceHelp />
          </EmptyState>
        ) : (
          <EmptyState title="You have no teams yet">
            <p>Your account is not a member of any team. Ask an admin to add you to your team; its dashboard appears here as soon as they do.</p>
          </EmptyState>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={<span className="num">{period.label} · compared with the {period.days} days before</span>}
        title={access.kind === 'all' ? 'Organisation overview' : 'Your teams'}
        description="The five DORA keys and the main security indicators for every team. Click any number for the records behind it."
        actions={<ExportLinks label="Export metrics" href={(format) => hrefWith('/metrics/export', current, { format })} />}
      />
      <PeriodPicker range={period.range} from={period.from} to={period.to} timeZone={period.timeZone} label={period.label} preserve={sort ? { sort, dir: direction } : {}} />
      {period.notice && <Notice>{period.notice}</Notice>}

      {overview.org && (
        <section aria-labelledby="org-heading" className="space-y-3">
          <h2 id="org-heading" className="text-lg font-semibold">Whole organisation</h2>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {ORG_CARDS.map((id) => (
              <MetricCard key={id} id={id} current={overview.org!.current} previous={overview.org!.previous} href={drillHref(id, { kind: 'org' }, period)} />
            ))}
          </div>
        </section>
      )}

      <section aria-labelledby="teams-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="teams-heading" className="text-lg font-semibold">Teams</h2>
          {sort && <Link prefetch={false} href={hrefWith('/', current)} className="link text-sm">Back to team order</Link>}
        </div>
        <div className="overflow-x-auto rounded-xl border border-line bg-surface">
          <table className="w-full min-w-[1000px] text-sm" data-testid="overview-table">
            <caption className="sr-only">Teams with their DORA and security metrics for {period.label}; sortable by each metric.</caption>
            <thead className="border-b border-line text-xs text-muted">
              <tr>
                <th scope="col" className="sticky left-0 z-10 bg-surface px-3 py-2.5 text-left font-medium">Team</th>
                {OVERVIEW_METRICS.map((id) => (
                  <SortHeader key={id} label={<span title={METRICS[id].help}>{METRICS[id].short}</span>} sortKey={id} state={sortState} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ row, depth }) => {
                const scope = { kind: 'team', slug: row.team.slug } as const;
                return (
                  <tr key={row.team.id} className="border-b border-line last:border-0 hover:bg-raised/50" data-team={row.team.slug}>
                    <th scope="row" className="sticky left-0 z-10 w-40 bg-surface px-3 py-2.5 text-left align-top font-medium">
                      <Link prefetch={false} href={hrefWith(`/teams/${row.team.slug}`, current)} className="link" style={{ paddingLeft: `${depth * 1}rem` }}>
                        {depth > 0 && <span aria-hidden="true" className="mr-1 text-faint">└</span>}
                        {row.team.name}
                      </Link>
                    </th>
                    {OVERVIEW_METRICS.map((id) => (
                      <MetricCell
                        key={id}
                        id={id}
                        current={row.report.current}
                        previous={row.report.previous}
                        sparkline={row.sparklines[id]}
                        href={drillHref(id, scope, period)}
                        scopeName={row.team.name}
                      />
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <BandLegend />
      </section>
    </div>
  );
}
