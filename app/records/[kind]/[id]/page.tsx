// The end of a drill-down: one record, what it links to, and a link to it at its source.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { firstParam, type SearchParams } from '@/app/_lib/period';
import { requireViewer } from '@/app/_lib/require-viewer';
import { Section } from '@/components/dashboard/section';
import { ExternalLink } from '@/components/external-link';
import { PageHeader } from '@/components/page-header';
import { DeploymentStatusPill, Pill, SeverityPill } from '@/components/records/badges';
import { DetailList } from '@/components/records/detail-list';
import { NotFoundError } from '@/lib/access/viewer';
import { getDb, type Db } from '@/lib/db';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import { isValidTimeZone } from '@/lib/format/time-zone';
import type { AccessScope } from '@/lib/access/viewer';
import { getChangeDetail, getDeploymentDetail, getFindingDetail, getIncidentDetail } from '@/lib/records/detail';

interface Props {
  params: Promise<{ kind: string; id: string }>;
  searchParams: Promise<SearchParams>;
}

const TITLES: Record<string, string> = { deployments: 'Deployment', changes: 'Change', incidents: 'Incident', findings: 'Finding' };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { kind, id } = await params;
  return { title: `${TITLES[kind] ?? 'Record'} ${id}` };
}

function SourceLink({ url, source }: { url: string | null; source: { name: string; kind: string } }) {
  return url ? (
    <ExternalLink href={url}>
      <span data-testid="source-link">Open at the source ({source.kind})</span>
    </ExternalLink>
  ) : (
    <span className="text-muted">No link at the source ({source.name})</span>
  );
}

async function render(kind: string, id: number, access: AccessScope, db: Db, tz: string): Promise<{ title: ReactNode; eyebrow: string; body: ReactNode } | null> {
  const dt = (value: Date | null) => formatDateTime(value, tz);
  switch (kind) {
    case 'deployments': {
      const d = await getDeploymentDetail(access, db, id);
      return {
        eyebrow: `Deployment · ${d.repository.fullName}`,
        title: <span className="font-mono">{d.sha ? d.sha.slice(0, 12) : d.externalId}</span>,
        body: (
          <>
            <DetailList
              items={[
                ['Source', <SourceLink key="s" url={d.url} source={d.source} />],
                ['Repository', <Link key="r" prefetch={false} href={`/repos/${d.repository.fullName}`} className="link font-mono">{d.repository.fullName}</Link>],
                ['Team', d.repository.team ? <Link key="t" prefetch={false} href={`/teams/${d.repository.team.slug}`} className="link">{d.repository.team.name}</Link> : 'none'],
                ['Environment', <>{d.environment} {d.counted ? <Pill tone="info">counted as production</Pill> : <span className="text-muted">(not counted: production needs an environment matching /{d.repository.productionPattern}/i and status success)</span>}</>],
                ['Status', <DeploymentStatusPill key="st" status={d.status} />],
                ['Started', dt(d.startedAt)],
                ['Finished', dt(d.finishedAt)],
                ['Outcome', d.failed ? <Pill tone="bad">Failed{d.rolledBackAt ? ' — rolled back' : ''}{d.causedIncidents.length ? ` — caused ${d.causedIncidents.length} incident(s)` : ''}</Pill> : d.counted ? 'No failure recorded' : '–'],
                ['Rolled back at', d.rolledBackAt ? dt(d.rolledBackAt) : '–'],
                ['Recovery time', d.failed ? (d.recoverySeconds === null ? 'not recovered yet' : formatDuration(d.recoverySeconds)) : '–'],
                ['Is a rollback', d.isRollback ? 'yes' : 'no'],
                ['External id', <span key="e" className="font-mono">{d.externalId}</span>],
                ['Listed changes', d.changeRefs.length ? d.changeRefs.map((r) => r.ref).join(', ') : 'none (changes linked by merge time)'],
              ]}
            />
            <Section id="shipped" title={`Changes shipped (${d.shipped.length})`}>
              {d.shipped.length === 0 ? <p className="text-sm text-muted">No change was shipped by this deployment.</p> : (
                <ul className="space-y-1 text-sm">
                  {d.shipped.map((c) => (
                    <li key={c.id} className="flex flex-wrap items-center gap-2">
                      <Link prefetch={false} href={`/records/changes/${c.id}`} className="link">{c.number !== null ? `#${c.number}` : 'change'} {c.title}</Link>
                      {c.isRework && <Pill tone="warn">Rework</Pill>}
                      <ExternalLink href={c.url}>source</ExternalLink>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section id="caused" title={`Incidents caused (${d.causedIncidents.length})`}>
              {d.causedIncidents.length === 0 ? <p className="text-sm text-muted">No incident is linked to this deployment.</p> : (
                <ul className="space-y-1 text-sm">
                  {d.causedIncidents.map((i) => (
                    <li key={i.id} className="flex flex-wrap items-center gap-2">
                      <Link prefetch={false} href={`/records/incidents/${i.id}`} className="link">{i.title}</Link>
                      {i.security && <Pill tone="bad">Security</Pill>}
                      <span className="text-xs text-muted">{dt(i.startedAt)} → {i.resolvedAt ? dt(i.resolvedAt) : 'open'} ({i.linkKind === 'explicit' ? 'named this deployment' : 'within the window'})</span>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </>
        ),
      };
    }
    case 'changes': {
      const c = await getChangeDetail(access, db, id);
      return {
        eyebrow: `Change · ${c.repository.fullName}`,
        title: <>{c.number !== null ? `#${c.number} ` : ''}{c.title ?? c.externalId}</>,
        body: (
          <DetailList
            items={[
              ['Source', <SourceLink key="s" url={c.url} source={c.source} />],
              ['Repository', <Link key="r" prefetch={false} href={`/repos/${c.repository.fullName}`} className="link font-mono">{c.repository.fullName}</Link>],
              ['Author', c.author],
              ['Labels', c.labels.length ? c.labels.join(', ') : 'none'],
              ['First commit', dt(c.firstCommitAt)],
              ['Opened', dt(c.openedAt)],
              ['Merged', dt(c.mergedAt)],
              ['Shipped by', c.shippedBy ? <Link key="d" prefetch={false} href={`/records/deployments/${c.shippedBy.id}`} className="link">{c.shippedBy.environment} deployment at {dt(c.shippedBy.finishedAt)}</Link> : 'not shipped to production yet'],
              ['Lead time', formatDuration(c.leadTimeSeconds)],
              ['Coding · review · deploy', `${formatDuration(c.stages.coding)} · ${formatDuration(c.stages.review)} · ${formatDuration(c.stages.deploy)}`],
              ['Rework', c.isRework ? 'yes (hotfix label or revert)' : 'no'],
              ['Merge SHA', <span key="m" className="font-mono">{c.mergeSha ?? '–'}</span>],
            ]}
          />
        ),
      };
    }
    case 'incidents': {
      const i = await getIncidentDetail(access, db, id);
      return {
        eyebrow: `Incident · ${i.repository?.fullName ?? (i.team ? `team ${i.team.name}` : 'organisation')}`,
        title: i.title,
        body: (
          <DetailList
            items={[
              ['Source', <SourceLink key="s" url={i.url} source={i.source} />],
              ['Severity', <SeverityPill key="sv" severity={i.severity} />],
              ['Security incident', i.security ? <Pill tone="bad">yes</Pill> : 'no'],
              ['Started', dt(i.startedAt)],
              ['Resolved', i.resolvedAt ? dt(i.resolvedAt) : <Pill tone="bad">open</Pill>],
              ['Time to restore', formatDuration(i.durationSeconds)],
              ['Where', i.repository ? <Link key="r" prefetch={false} href={`/repos/${i.repository.fullName}`} className="link font-mono">{i.repository.fullName}</Link> : i.team ? <Link key="t" prefetch={false} href={`/teams/${i.team.slug}`} className="link">{i.team.name}</Link> : '–'],
              ['Caused by', i.causeDeployment ? <Link key="c" prefetch={false} href={`/records/deployments/${i.causeDeployment.id}`} className="link font-mono">{i.causeDeployment.repository.fullName} @ {i.causeDeployment.sha?.slice(0, 7) ?? i.causeDeployment.externalId}</Link> : 'unlinked: counts for time to restore only'],
              ['How linked', i.linkKind === 'explicit' ? `named by the incident (${i.causeRef ?? ''})` : i.linkKind === 'heuristic' ? 'latest production deployment within the window before it started' : '–'],
              ['External id', <span key="e" className="font-mono">{i.externalId}</span>],
            ]}
          />
        ),
      };
    }
    case 'findings': {
      const f = await getFindingDetail(access, db, id);
      return {
        eyebrow: `Finding · ${f.repository.fullName}`,
        title: f.title ?? f.ruleId ?? f.externalId,
        body: (
          <DetailList
            items={[
              ['Source', <SourceLink key="s" url={f.url} source={f.source} />],
              ['Tool', f.tool],
              ['Rule', f.ruleId],
              ['Severity', <SeverityPill key="sv" severity={f.severity} />],
              ['State', <>{f.state}{f.dismissedReason ? ` (${f.dismissedReason})` : ''}{f.excluded ? ' — left out of every figure' : ''}</>],
              ['Opened', dt(f.openedAt)],
              ['Fixed', f.state === 'fixed' ? dt(f.fixedAt) : '–'],
              ['Dismissed', f.state === 'dismissed' ? dt(f.dismissedAt) : '–'],
              [f.state === 'open' ? 'Age' : 'Open for', formatDuration(f.ageSeconds)],
              ['SLA', f.slaDays === null ? '–' : <>{f.slaDays} days — {f.withinSla ? 'within SLA' : <Pill key="b" tone="bad">past SLA</Pill>}</>],
              ['Repository', <Link key="r" prefetch={false} href={`/repos/${f.repository.fullName}`} className="link font-mono">{f.repository.fullName}</Link>],
              ['External id', <span key="e" className="font-mono">{f.externalId}</span>],
            ]}
          />
        ),
      };
    }
    default:
      return null;
  }
}

export default async function RecordPage({ params, searchParams }: Props) {
  const { kind, id: idParam } = await params;
  const id = Number.parseInt(idParam, 10);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== idParam) notFound();
  const { access } = await requireViewer();
  const db = getDb();
  const tzParam = firstParam(await searchParams, 'tz');
  const tz = tzParam && isValidTimeZone(tzParam) ? tzParam : await getOrgTimeZone(db);
  let content;
  try {
    content = await render(kind, id, access, db, tz);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  if (!content) notFound();
  return (
    <div className="space-y-6">
      <PageHeader eyebrow={<><Link prefetch={false} href={`/records/${kind}`} className="link">Records</Link> · {content.eyebrow}</>} title={content.title} description={`Times in ${tz}.`} />
      {content.body}
    </div>
  );
}
