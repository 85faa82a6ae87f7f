import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { drillHref, recordsHref } from '@/app/_lib/drill';
import { loadReports } from '@/app/_lib/metrics-data';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { firstParam, hrefWith, periodParams, resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { requireViewer } from '@/app/_lib/require-viewer';
import { loadScopeDashboard } from '@/app/_lib/scope-dashboard-data';
import { Section } from '@/components/dashboard/section';
import { ScopeDashboard } from '@/components/dashboard/scope-dashboard';
import { ExportLinks } from '@/components/export-links';
import { MetricCell } from '@/components/metric-cell';
import { AccessDenied, Notice, PageHeader } from '@/components/page-header';
import { PeriodPicker } from '@/components/period-picker';
import { ExternalLink } from '@/components/external-link';
import { accessScopeOf, ForbiddenError, NotFoundError } from '@/lib/access/viewer';
import { getCurrentViewer } from '@/lib/auth/current-viewer';
import { getDb } from '@/lib/db';
import { METRICS, OVERVIEW_METRICS } from '@/lib/format/metric-display';
import { listScopeRepositories } from '@/lib/records/repositories';
import { getVisibleTeams } from '@/lib/records/visible-teams';

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const viewer = await getCurrentViewer();
  if (!viewer) return { title: 'Team' };
  // Through the viewer's scope, like the page: a team outside it must not even be named in the title.
  const visible = await getVisibleTeams(accessScopeOf(viewer), getDb());
  return { title: visible.teams.find((team) => team.slug === decodeURIComponent(slug))?.name ?? 'Team' };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const slug = decodeURIComponent((await params).slug);
  const search = await searchParams;
  const { access } = await requireViewer();
  const db = getDb();
  const period = resolvePeriod(search, await getOrgTimeZone(db));
  const granularity = firstParam(search, 'trend') === 'month' ? 'month' : 'week';
  const scope = { kind: 'team', slug } as const;

  let data;
  try {
    data = await loadScopeDashboard(db, access, scope, period.period, granularity);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) return <AccessDenied message="This team is outside your access." />;
    throw error;
  }

  const visible = await getVisibleTeams(access, db);
  const team = visible.teams.find((t) => t.slug === slug);
  if (!team) notFound();
  const ancestors: typeof visible.teams = [];
  for (let parentId = team.parentId; parentId !== null; ) {
    const parent = visible.teams.find((t) => t.id === parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.parentId;
  }
  const children = visible.teams.filter((t) => t.parentId === team.id);
  const [childReports, repositories] = await Promise.all([
    loadReports(db, access, children.map((child) => ({ kind: 'team', slug: child.slug })), period.period),
    listScopeRepositories(access, db, scope),
  ]);
  const current = periodParams(period);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb">
            <ol className="flex flex-wrap items-center gap-1">
              <li><Link prefetch={false} href={hrefWith('/', current)} className="link">Overview</Link></li>
              {ancestors.map((a) => (
                <li key={a.id} className="flex items-center gap-1">
                  <span aria-hidden="true">/</span>
                  <Link prefetch={false} href={hrefWith(`/teams/${a.slug}`, current)} className="link">{a.name}</Link>
                </li>
              ))}
            </ol>
          </nav>
        }
        title={team.name}
        description={
          <>
            {repositories.length} repositories{children.length > 0 ? `, including ${children.length} child team${children.length > 1 ? 's' : ''}` : ''} ·{' '}
            <span className="num">{period.label}</span>, compared with the {period.days} days before.
          </>
        }
        actions={
          <>
            <Link prefetch={false} href={hrefWith('/compare', current, { teams: team.slug })} className="inline-flex h-9 items-center rounded-md border border-line bg-surface px-3 text-sm font-medium hover:border-accent">
              Compare…
            </Link>
            <ExportLinks label="Export metrics" href={(format) => hrefWith('/metrics/export', current, { scope: `team:${team.slug}`, format })} />
          </>
        }
      />
      <PeriodPicker range={period.range} from={period.from} to={period.to} timeZone={period.timeZone} label={period.label} preserve={granularity === 'month' ? { trend: 'month' } : {}} />
      {period.notice && <Notice>{period.notice}</Notice>}

      <ScopeDashboard scope={scope} period={period} data={data} granularity={granularity} granularityHref={(g) => hrefWith(`/teams/${team.slug}`, current, g === 'month' ? { trend: 'month' } : {}) + '#trends'}>
        {children.length > 0 && (
          <Section id="child-teams" title="Child teams" description="Each child team over its own records; the team above includes them all.">
            <div className="overflow-x-auto rounded-xl border border-line bg-surface">
              <table className="w-full min-w-[1000px] text-sm">
                <caption className="sr-only">Child teams of {team.name}</caption>
                <thead className="border-b border-line text-left text-xs text-muted">
                  <tr>
                    <th scope="col" className="px-3 py-2.5 font-medium">Team</th>
                    {OVERVIEW_METRICS.map((id) => (
                      <th key={id} scope="col" className="px-2 py-2.5 font-medium" title={METRICS[id].help}>{METRICS[id].short}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {children.map((child, index) => {
                    const report = childReports[index];
                    if (!report) return null;
                    const childScope = { kind: 'team', slug: child.slug } as const;
                    return (
                      <tr key={child.id} className="border-b border-line last:border-0">
                        <th scope="row" className="px-3 py-2.5 text-left align-top font-medium">
                          <Link prefetch={false} href={hrefWith(`/teams/${child.slug}`, current)} className="link">{child.name}</Link>
                        </th>
                        {OVERVIEW_METRICS.map((id) => (
                          <MetricCell key={id} id={id} current={report.current} previous={report.previous} href={drillHref(id, childScope, period)} scopeName={child.name} />
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </Section>
        )}

        <Section id="repositories" title="Repositories" description="Open a repository for its own dashboard.">
          {repositories.length === 0 ? (
            <p className="text-sm text-muted">No repository is mapped to this team yet. Map repositories with <code className="font-mono">PUT /api/v1/teams/{team.slug}</code>.</p>
          ) : (
            <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {repositories.map((repo) => (
                <li key={repo.id} className="flex items-center justify-between gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm">
                  <Link prefetch={false} href={hrefWith(`/repos/${repo.fullName}`, current)} className="link truncate font-mono text-xs">{repo.fullName}</Link>
                  <span className="flex shrink-0 items-center gap-2 text-xs text-muted">
                    {repo.team && repo.team.slug !== team.slug && <span>{repo.team.name}</span>}
                    {repo.url && <ExternalLink href={repo.url}>GitHub</ExternalLink>}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="text-sm">
            <Link prefetch={false} href={recordsHref('deployments', scope, period)} className="link">All records of {team.name}</Link>
          </p>
        </Section>
      </ScopeDashboard>
    </div>
  );
}
