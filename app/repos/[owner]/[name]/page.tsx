import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { recordsHref } from '@/app/_lib/drill';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { firstParam, hrefWith, periodParams, resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { requireViewer } from '@/app/_lib/require-viewer';
import { loadScopeDashboard } from '@/app/_lib/scope-dashboard-data';
import { ScopeDashboard } from '@/components/dashboard/scope-dashboard';
import { ExportLinks } from '@/components/export-links';
import { ExternalLink } from '@/components/external-link';
import { AccessDenied, Notice, PageHeader } from '@/components/page-header';
import { PeriodPicker } from '@/components/period-picker';
import { ForbiddenError, NotFoundError } from '@/lib/access/viewer';
import { getDb } from '@/lib/db';
import { listScopeRepositories } from '@/lib/records/repositories';

interface Props {
  params: Promise<{ owner: string; name: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, name } = await params;
  return { title: `${decodeURIComponent(owner)}/${decodeURIComponent(name)}` };
}

export default async function RepositoryPage({ params, searchParams }: Props) {
  const { owner, name } = await params;
  const fullName = `${decodeURIComponent(owner)}/${decodeURIComponent(name)}`;
  const search = await searchParams;
  const { access } = await requireViewer();
  const db = getDb();
  const period = resolvePeriod(search, await getOrgTimeZone(db));
  const granularity = firstParam(search, 'trend') === 'month' ? 'month' : 'week';
  const scope = { kind: 'repo', fullName } as const;

  let data;
  let repository;
  try {
    data = await loadScopeDashboard(db, access, scope, period.period, granularity);
    [repository] = await listScopeRepositories(access, db, scope);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) return <AccessDenied message="This repository is outside your access." />;
    throw error;
  }
  if (!repository) notFound();
  const current = periodParams(period);
  const path = `/repos/${fullName}`;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb">
            <ol className="flex flex-wrap items-center gap-1">
              <li><Link prefetch={false} href={hrefWith('/', current)} className="link">Overview</Link></li>
              {repository.team && (
                <li className="flex items-center gap-1">
                  <span aria-hidden="true">/</span>
                  <Link prefetch={false} href={hrefWith(`/teams/${repository.team.slug}`, current)} className="link">{repository.team.name}</Link>
                </li>
              )}
            </ol>
          </nav>
        }
        title={<span className="font-mono">{fullName}</span>}
        description={
          <>
            {repository.team ? `Owned by ${repository.team.name}` : 'Not mapped to a team (visible in the organisation totals only)'} · production
            environments match <code className="font-mono">/{repository.productionPattern}/i</code>
            {repository.archived ? ' · archived' : ''} · <span className="num">{period.label}</span>.{' '}
            {repository.url && <ExternalLink href={repository.url}>Open on GitHub</ExternalLink>}
          </>
        }
        actions={<ExportLinks label="Export metrics" href={(format) => hrefWith('/metrics/export', current, { scope: `repo:${fullName}`, format })} />}
      />
      <PeriodPicker range={period.range} from={period.from} to={period.to} timeZone={period.timeZone} label={period.label} preserve={granularity === 'month' ? { trend: 'month' } : {}} />
      {period.notice && <Notice>{period.notice}</Notice>}
      <Notice>
        Incidents filed against a team without a repository count for the team, not here.{' '}
        <Link prefetch={false} href={recordsHref('deployments', scope, period)} className="link">All records of this repository</Link>
      </Notice>
      <ScopeDashboard scope={scope} period={period} data={data} granularity={granularity} granularityHref={(g) => hrefWith(path, current, g === 'month' ? { trend: 'month' } : {}) + '#trends'} />
    </div>
  );
}
