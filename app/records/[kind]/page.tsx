import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireViewer } from '@/app/_lib/require-viewer';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { hrefWith, periodParams, resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { flatParams, parseBaseQuery } from '@/app/_lib/record-query';
import { describeRecords, FILTER_FIELDS } from '@/app/records/[kind]/record-filters';
import { ExportLinks } from '@/components/export-links';
import { AccessDenied, Notice, PageHeader } from '@/components/page-header';
import { PeriodPicker } from '@/components/period-picker';
import { ChangesTable } from '@/components/records/changes-table';
import { DeploymentsTable } from '@/components/records/deployments-table';
import { FindingsTable } from '@/components/records/findings-table';
import { IncidentsTable } from '@/components/records/incidents-table';
import { RunsTable } from '@/components/records/runs-table';
import { ScopeSelect } from '@/components/scope-select';
import { EmptyState } from '@/components/empty-state';
import { FilterForm } from '@/components/table/filter-form';
import { Pagination } from '@/components/table/pagination';
import type { SortState } from '@/components/table/sort-header';
import { ForbiddenError, NotFoundError, type AccessScope } from '@/lib/access/viewer';
import { getDb, type Db } from '@/lib/db';
import { isRecordKind, recordKinds, type RecordKind } from '@/lib/records/kinds';
import type { RecordPage, RecordQuery } from '@/lib/records/query';
import { getVisibleTeams } from '@/lib/records/visible-teams';

interface Props {
  params: Promise<{ kind: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { kind } = await params;
  return { title: isRecordKind(kind) ? recordKinds[kind].title : 'Records' };
}

const PERIOD_KEYS = ['range', 'from', 'to', 'until', 'tz'];
const TABS: RecordKind[] = ['deployments', 'changes', 'incidents', 'findings', 'runs'];

function omit(source: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !keys.includes(key)));
}

export default async function RecordsPage({ params, searchParams }: Props) {
  const { kind } = await params;
  if (!isRecordKind(kind)) notFound();
  const search = await searchParams;
  const { access } = await requireViewer();
  const db = getDb();
  const period = resolvePeriod(search, await getOrgTimeZone(db));
  const base = parseBaseQuery(kind, search, period.period);
  const flat = flatParams(search);
  const filters = omit(flat, [...PERIOD_KEYS, 'scope', 'sort', 'dir', 'page', 'size']);
  const current = { ...(flat.scope ? { scope: flat.scope } : {}), ...periodParams(period), ...filters };
  const sortParams: Record<string, string> =
    base.sort === recordKinds[kind].defaultSort && base.direction === recordKinds[kind].defaultDirection ? {} : { sort: base.sort, dir: base.direction };
  const path = `/records/${kind}`;
  const sort: SortState = {
    sort: base.sort,
    direction: base.direction,
    hrefFor: (key, direction) => hrefWith(path, current, { sort: key, dir: direction }),
  };

  let table: React.ReactNode;
  let total = 0;
  let scopeLabel = '';
  try {
    // One kind's page and its table: generic so each kind's rows reach the table of the same kind.
    const listed = async <F, Row>(
      definition: { filters: { parse: (input: unknown) => F }; list: (access: AccessScope, db: Db, query: RecordQuery<F>) => Promise<RecordPage<Row>> },
      Table: (props: { rows: Row[]; sort: SortState; timeZone: string }) => React.ReactNode,
    ) => {
      const page = await definition.list(access, db, { ...base, filters: definition.filters.parse(flat) });
      ({ total, scopeLabel } = page);
      table = <Table rows={page.rows} sort={sort} timeZone={period.timeZone} />;
    };
    switch (kind) {
      case 'deployments':
        await listed(recordKinds.deployments, DeploymentsTable);
        break;
      case 'changes':
        await listed(recordKinds.changes, ChangesTable);
        break;
      case 'incidents':
        await listed(recordKinds.incidents, IncidentsTable);
        break;
      case 'findings':
        await listed(recordKinds.findings, FindingsTable);
        break;
      case 'runs':
        await listed(recordKinds.runs, RunsTable);
        break;
    }
  } catch (error) {
    if (error instanceof ForbiddenError) return <AccessDenied message={error.message} />;
    if (error instanceof NotFoundError) notFound();
    throw error;
  }

  const visible = await getVisibleTeams(access, db);
  const scopeValue = flat.scope ?? '';
  const repoExtra = scopeValue.startsWith('repo:') ? { value: scopeValue, label: scopeValue.slice(5) } : undefined;

  return (
    <div className="space-y-5">
      <PageHeader
        eyebrow={
          <>
            Records · {scopeLabel} · <span className="num">{period.label}</span>
          </>
        }
        title={recordKinds[kind].title}
        description={describeRecords(kind, filters)}
        actions={
          <ExportLinks href={(format) => hrefWith(`${path}/export`, current, sortParams, { format })} />
        }
      />
      {period.notice && <Notice>{period.notice}</Notice>}
      <nav aria-label="Record kinds" className="flex flex-wrap gap-1 border-b border-line">
        {TABS.filter((tab) => tab !== 'runs' || access.kind === 'all').map((tab) => (
          <Link
            key={tab}
            href={hrefWith(`/records/${tab}`, flat.scope ? { scope: flat.scope } : {}, periodParams(period))}
            aria-current={tab === kind ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === kind ? 'border-accent text-ink' : 'border-transparent text-muted hover:text-ink'}`}
          >
            {recordKinds[tab].title}
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        {kind !== 'runs' && (
          <ScopeSelect
            action={path}
            teams={visible.teams}
            value={scopeValue}
            allLabel={visible.all ? 'All teams' : 'Your teams'}
            extra={repoExtra}
            preserve={{ ...periodParams(period), ...filters }}
          />
        )}
        <PeriodPicker
          range={period.range}
          from={period.from}
          to={period.to}
          timeZone={period.timeZone}
          label={period.label}
          preserve={{ ...(flat.scope ? { scope: flat.scope } : {}), ...filters, ...sortParams }}
        />
      </div>
      <FilterForm
        action={path}
        fields={FILTER_FIELDS[kind]}
        values={filters}
        preserve={{ ...(flat.scope ? { scope: flat.scope } : {}), ...periodParams(period), ...sortParams }}
        resetHref={hrefWith(path, flat.scope ? { scope: flat.scope } : {}, periodParams(period))}
      />
      {total === 0 ? (
        <EmptyState title={`No ${recordKinds[kind].title.toLowerCase()} match`}>
          <p>Try a longer period, another scope or fewer filters.</p>
        </EmptyState>
      ) : (
        <>
          {table}
          <Pagination page={base.page} pageSize={base.pageSize} total={total} hrefFor={(page) => hrefWith(path, current, sortParams, { page: String(page) })} />
        </>
      )}
    </div>
  );
}
