import type { Metadata } from 'next';
import Link from 'next/link';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { requireViewer } from '@/app/_lib/require-viewer';
import { Section } from '@/components/dashboard/section';
import { EmptyState, ConnectSourceHelp } from '@/components/empty-state';
import { AccessDenied, PageHeader } from '@/components/page-header';
import { Pill, RunStatusPill } from '@/components/records/badges';
import { RunsTable } from '@/components/records/runs-table';
import type { SortState } from '@/components/table/sort-header';
import { getDb } from '@/lib/db';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import { formatCount } from '@/lib/format/number';
import { listCollectorRuns, listSourceHealth, type SourceHealth } from '@/lib/records/collector-runs';

export const metadata: Metadata = { title: 'Collector health' };

const STALE_AFTER_MS = 24 * 3600 * 1000;
// Run counts that are not tallies: the heartbeat, and the rate-limit window shown in its own cell.
const NOT_A_TALLY = new Set(['heartbeatAt', 'rateLimitRemaining', 'rateLimitLimit', 'rateLimitResetAt']);

function verdict(source: SourceHealth, now: number): { tone: 'good' | 'bad' | 'warn' | 'neutral'; text: string } {
  if (!source.enabled) return { tone: 'neutral', text: 'Disabled' };
  if (!source.lastRun) return { tone: 'warn', text: 'Never run' };
  if (source.lastRun.status === 'running') return { tone: 'neutral', text: 'Running' };
  if (source.lastRun.status === 'failed') return { tone: 'bad', text: 'Last run failed' };
  if (!source.lastSuccessAt || now - source.lastSuccessAt.getTime() > STALE_AFTER_MS) return { tone: 'warn', text: 'Stale: no success in 24 h' };
  return { tone: 'good', text: 'Healthy' };
}

export default async function CollectorsPage() {
  const { access } = await requireViewer();
  if (access.kind !== 'all') return <AccessDenied message="Collector health is visible to admins and executives." />;
  const db = getDb();
  const [sources, runs, tz] = await Promise.all([
    listSourceHealth(access, db),
    listCollectorRuns(access, db, { scope: null, period: null, filters: {}, sort: 'startedAt', direction: 'desc', page: 1, pageSize: 15 }),
    getOrgTimeZone(db),
  ]);
  const now = Date.now();
  const noSort: SortState = { sort: '', direction: 'desc', hrefFor: () => '/records/runs' };

  return (
    <div className="space-y-6">
      <PageHeader
        title="Collector health"
        description="Each source's last run, its errors, the rate limit left and conditions that limit what can be collected (such as code scanning not being enabled). Times in the organisation's time zone."
      />
      {sources.length === 0 ? (
        <EmptyState title="No sources connected">
          <ConnectSourceHelp />
        </EmptyState>
      ) : (
        <div className="grid gap-3 lg:grid-cols-2" data-testid="sources">
          {sources.map((source) => {
            const state = verdict(source, now);
            const last = source.lastRun;
            return (
              <article key={source.id} className="space-y-3 rounded-xl border border-line bg-surface p-4">
                <header className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <h2 className="font-semibold">{source.name}</h2>
                    <p className="text-xs text-muted">
                      {source.kind} · {formatCount(source.repositories)} repositories · schedule <code className="font-mono">{source.schedule}</code>
                    </p>
                  </div>
                  <Pill tone={state.tone}>{state.text}</Pill>
                </header>
                <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
                  <div>
                    <dt className="text-xs text-muted">Last run</dt>
                    <dd>{last ? <>{formatDateTime(last.startedAt, tz)} <RunStatusPill status={last.status} /></> : '–'}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-muted">Duration</dt>
                    <dd className="num">{formatDuration(last?.durationSeconds ?? null)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-muted">Last success</dt>
                    <dd>{formatDateTime(source.lastSuccessAt, tz)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-muted">Rate limit left</dt>
                    <dd className="num" data-testid="rate-limit">
                      {source.rateLimit ? `${formatCount(source.rateLimit.remaining)}${source.rateLimit.limit ? ` of ${formatCount(source.rateLimit.limit)}` : ''}` : 'not reported'}
                      {source.rateLimit?.resetAt && <span className="block text-xs text-muted">resets {formatDateTime(source.rateLimit.resetAt, tz)}</span>}
                    </dd>
                  </div>
                </dl>
                {last?.error && (
                  <div className="rounded-md border border-bad/40 bg-band-low/40 px-3 py-2 text-xs">
                    <p className="font-semibold text-bad">Errors of the last run</p>
                    <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-words font-mono text-ink">{last.error}</pre>
                  </div>
                )}
                {last && Object.keys(last.counts).length > 0 && (
                  <p className="text-xs text-muted">
                    Last run: {Object.entries(last.counts).filter(([k]) => !NOT_A_TALLY.has(k)).map(([k, v]) => `${k} ${formatCount(v)}`).join(' · ')}
                  </p>
                )}
                {source.conditions.length > 0 && (
                  <details className="text-sm">
                    <summary className="cursor-pointer font-medium">
                      {source.conditions.length} condition{source.conditions.length > 1 ? 's limit' : ' limits'} collection
                    </summary>
                    <ul className="mt-2 space-y-1 text-xs">
                      {source.conditions.map((condition) => (
                        <li key={condition.name} className="flex flex-wrap gap-x-2">
                          <span className="font-mono text-muted">{condition.name}</span>
                          <span>{condition.message}</span>
                          {condition.since && <span className="text-faint">since {formatDateTime(condition.since, tz)}</span>}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                <p className="text-xs"><Link prefetch={false} href={`/records/runs?source=${source.id}`} className="link">Run history of {source.name}</Link></p>
              </article>
            );
          })}
        </div>
      )}
      {runs.total > 0 && (
        <Section id="recent-runs" title="Recent runs" actions={<Link prefetch={false} href="/records/runs" className="link text-sm">All {formatCount(runs.total)} runs</Link>}>
          <RunsTable rows={runs.rows} sort={noSort} timeZone={tz} />
        </Section>
      )}
    </div>
  );
}
