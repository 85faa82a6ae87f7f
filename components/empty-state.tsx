import type { ReactNode } from 'react';

/** A friendly "nothing here yet" panel that says what to do next. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-dashed border-line bg-surface px-6 py-10 text-center">
      <h2 className="text-lg font-semibold">{title}</h2>
      <div className="mx-auto mt-3 max-w-2xl space-y-3 text-sm text-muted">{children}</div>
    </section>
  );
}

/** What a new installation shows: how to get data in. */
export function ConnectSourceHelp() {
  return (
    <>
      <p>
        Vitals has no teams yet. To look around with a realistic organisation, stop the server and run{' '}
        <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-ink">npm run demo</code>.
      </p>
      <p>
        To use your own data, connect a source (a GitHub organisation or repositories with a token, Jira,
        PagerDuty) with <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-ink">npm run vitals -- source add</code>,
        map repositories to teams with <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-ink">PUT /api/v1/teams/&#123;slug&#125;</code>,
        or push records from any CI through the ingest API (<code className="rounded bg-raised px-1.5 py-0.5 font-mono text-ink">POST /api/v1/ingest/…</code>).
      </p>
    </>
  );
}
