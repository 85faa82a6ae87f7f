// Admin: scheduled collection. Each source's schedule, next and last run, with "sync now"; the job
// history of syncs and digests (failed jobs kept for weeks, with their error and a retry button).
import Link from 'next/link';
import { connection } from 'next/server';
import { Notice, PageHeader } from '@/components/page-header';
import { getDb } from '@/lib/db';
import { formatDateTime } from '@/lib/format/date';
import { errorSummary, JOB_STATES, listJobHistory, listSourceSchedules, type JobRecord, type JobState } from '@/lib/jobs/history';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { retryJobAction, syncNowAction } from '@/app/admin/jobs/actions';
import { requireAdminViewer } from '@/app/admin/jobs/guard';

export const metadata = { title: 'Jobs' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const STATE_STYLES: Record<JobState, string> = {
  created: 'text-muted',
  retry: 'text-sev-high',
  active: 'text-accent',
  completed: 'text-good',
  cancelled: 'text-muted',
  failed: 'text-bad',
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function duration(job: JobRecord): string {
  if (!job.startedOn || !job.completedOn) return '';
  const seconds = Math.round((job.completedOn.getTime() - job.startedOn.getTime()) / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

export default async function JobsPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  await requireAdminViewer();
  const params = await searchParams;
  const db = getDb();
  const timeZone = await getOrgTimeZone(db);
  const stateParam = first(params.state);
  const state = (JOB_STATES as readonly string[]).includes(stateParam ?? '') ? (stateParam as JobState) : undefined;
  const kindParam = first(params.kind);
  const kind = kindParam === 'sync' || kindParam === 'digest' ? kindParam : undefined;
  const now = new Date();
  const [sources, jobs] = await Promise.all([
    listSourceSchedules(db, now),
    listJobHistory(db, { ...(state ? { state } : {}), ...(kind ? { kind } : {}), limit: 100 }),
  ]);
  const notice = first(params.notice);
  const error = first(params.error);
  const filterLink = (next: { state?: string; kind?: string }) => {
    const query = new URLSearchParams();
    const nextState = 'state' in next ? next.state : state;
    const nextKind = 'kind' in next ? next.kind : kind;
    if (nextState) query.set('state', nextState);
    if (nextKind) query.set('kind', nextKind);
    const text = query.toString();
    return text ? `/admin/jobs?${text}` : '/admin/jobs';
  };
  const pill = (active: boolean) => `rounded-full border px-3 py-1 text-xs ${active ? 'border-accent text-ink' : 'border-line text-muted hover:text-ink'}`;

  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={<Link href="/admin" className="link">Admin</Link>}
        title="Jobs"
        description={`Scheduled collection and weekly digests, run by the workers (npm run worker). Times in ${timeZone}.`}
        actions={<Link href="/admin/digest" className="link text-sm">Weekly digest →</Link>}
      />
      {notice && <Notice>{notice}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}

      <section aria-labelledby="sources-heading" className="space-y-3">
        <h2 id="sources-heading" className="text-lg font-semibold">Sources</h2>
        {sources.length === 0 ? (
          <p className="text-sm text-muted">No sources yet. Add one under <Link href="/admin/sources" className="link">Sources</Link> or with <code>npm run vitals -- source add</code>.</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-line bg-surface">
            <table className="w-full text-sm">
              <caption className="sr-only">Sources with their schedule, next run and last run</caption>
              <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="px-4 py-3">Source</th>
                  <th scope="col" className="px-4 py-3">Schedule</th>
                  <th scope="col" className="px-4 py-3">Next run</th>
                  <th scope="col" className="px-4 py-3">Last run</th>
                  <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {sources.map((source) => (
                  <tr key={source.id} className="border-b border-line align-top last:border-0">
                    <th scope="row" className="px-4 py-3 text-left font-medium">
                      {source.name}
                      <div className="text-xs font-normal text-muted">{source.kind}{source.enabled ? '' : ' · disabled'}</div>
                    </th>
                    <td className="px-4 py-3"><code>{source.cron}</code></td>
                    <td className="num px-4 py-3" data-testid={`next-run-${source.name}`}>
                      {source.problem ? <span className="text-bad">{source.problem}</span> : source.enabled ? formatDateTime(source.nextRunAt, timeZone) : '–'}
                      {source.running > 0 && <div className="text-xs text-accent">running now</div>}
                      {source.running === 0 && source.queued > 0 && <div className="text-xs text-muted">queued</div>}
                    </td>
                    <td className="px-4 py-3">
                      {source.lastRun ? (
                        <>
                          <span className={source.lastRun.status === 'succeeded' ? 'text-good' : source.lastRun.status === 'running' ? 'text-accent' : 'text-bad'}>{source.lastRun.status}</span>
                          <span className="num text-muted"> · {formatDateTime(source.lastRun.startedAt, timeZone)} · {source.lastRun.trigger}</span>
                          {source.lastRun.error && <div className="mt-1 max-w-md text-xs text-bad" title={source.lastRun.error}>{errorSummary(source.lastRun.error, 160)}</div>}
                        </>
                      ) : (
                        <span className="text-muted">never</span>
                      )}
                    </td>
                    <td className="px-4 py-3 text-right">
                      {source.enabled && (
                        <form action={syncNowAction} className="flex items-center justify-end gap-3">
                          <input type="hidden" name="source" value={source.name} />
                          <label className="flex items-center gap-1 text-xs text-muted">
                            <input type="checkbox" name="full" /> full
                          </label>
                          <button type="submit" className="h-8 rounded-md border border-line bg-raised px-3 text-sm font-medium hover:border-accent">Sync now</button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="history-heading" className="text-lg font-semibold">Job history</h2>
          <nav aria-label="Filter jobs" className="flex flex-wrap gap-2">
            <Link href={filterLink({ kind: undefined })} className={pill(!kind)}>All jobs</Link>
            <Link href={filterLink({ kind: 'sync' })} className={pill(kind === 'sync')}>Syncs</Link>
            <Link href={filterLink({ kind: 'digest' })} className={pill(kind === 'digest')}>Digests</Link>
            <span aria-hidden="true" className="px-1 text-line">|</span>
            <Link href={filterLink({ state: undefined })} className={pill(!state)}>Any state</Link>
            <Link href={filterLink({ state: 'failed' })} className={pill(state === 'failed')}>Failed</Link>
            <Link href={filterLink({ state: 'retry' })} className={pill(state === 'retry')}>Retrying</Link>
            <Link href={filterLink({ state: 'active' })} className={pill(state === 'active')}>Running</Link>
          </nav>
        </div>
        {jobs.length === 0 ? (
          <p className="text-sm text-muted">No jobs{state || kind ? ' match' : ' yet'}. Jobs appear once a worker runs (npm run worker).</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-line bg-surface">
            <table className="w-full text-sm" data-testid="job-history">
              <caption className="sr-only">Recent jobs, newest first</caption>
              <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="px-4 py-3">Job</th>
                  <th scope="col" className="px-4 py-3">State</th>
                  <th scope="col" className="px-4 py-3 text-right">Attempt</th>
                  <th scope="col" className="px-4 py-3">Queued</th>
                  <th scope="col" className="px-4 py-3 text-right">Took</th>
                  <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id} className="border-b border-line align-top last:border-0">
                    <td className="px-4 py-3">
                      {job.label}
                      {job.error && <div className="mt-1 max-w-xl text-xs text-bad" title={job.error}>{errorSummary(job.error)}</div>}
                    </td>
                    <td className={`px-4 py-3 font-medium ${STATE_STYLES[job.state]}`}>
                      {job.state}
                      {job.state === 'retry' && <div className="num text-xs font-normal text-muted">next try {formatDateTime(job.startAfter, timeZone)}</div>}
                    </td>
                    <td className="num px-4 py-3 text-right">{job.attempt} of {job.maxAttempts}</td>
                    <td className="num px-4 py-3">{formatDateTime(job.createdOn, timeZone)}</td>
                    <td className="num px-4 py-3 text-right">{duration(job)}</td>
                    <td className="px-4 py-3 text-right">
                      {job.state === 'failed' && !job.archived && (
                        <form action={retryJobAction}>
                          <input type="hidden" name="id" value={job.id} />
                          <button type="submit" className="h-8 rounded-md border border-line bg-raised px-3 text-sm font-medium hover:border-accent">Retry</button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
