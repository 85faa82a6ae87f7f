import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { requireAdminPage } from '@/lib/auth/require-admin';
import { getDb } from '@/lib/db';
import { listAuditActions, listAuditEvents, type AuditFilters } from '@/lib/security/audit-log';
import { buttonClass, firstParam, inputClass, type SearchParams } from '@/app/admin/_components/outcome';

export const metadata: Metadata = { title: 'Audit log' };

function parseDay(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  return endOfDay ? new Date(date.getTime() + 86_400_000) : date;
}

// Read-only by design: this page, like the rest of the app, has no way to change or delete an event.
export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const params = await searchParams;
  const values = {
    action: firstParam(params.action) ?? '',
    actor: firstParam(params.actor) ?? '',
    target: firstParam(params.target) ?? '',
    from: firstParam(params.from) ?? '',
    to: firstParam(params.to) ?? '',
  };
  const filters: AuditFilters = {
    action: values.action || undefined,
    actor: values.actor || undefined,
    target: values.target || undefined,
    from: parseDay(values.from, false),
    to: parseDay(values.to, true),
  };
  const db = getDb();
  const [page, actions] = await Promise.all([listAuditEvents(db, filters, { before: firstParam(params.before) }), listAuditActions(db)]);
  const groups = [...new Set(actions.map((action) => `${action.split('.')[0]}.`))];
  const nextHref = page.nextBefore
    ? `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')), before: page.nextBefore }).toString()}`
    : null;

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Sign-ins, failed sign-ins, sign-outs, role and membership changes, tokens, sources, exports and digests, newest first. Times in UTC." />
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filters">
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Action
          <select name="action" defaultValue={values.action} className={inputClass}>
            <option value="">any</option>
            {groups.map((group) => (
              <option key={group} value={group}>{group}*</option>
            ))}
            {actions.map((action) => (
              <option key={action} value={action}>{action}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Actor
          <input type="search" name="actor" defaultValue={values.actor} className={`${inputClass} w-44`} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Target
          <input type="search" name="target" defaultValue={values.target} placeholder="user:… token:… source:…" className={`${inputClass} w-52`} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          From
          <input type="date" name="from" defaultValue={values.from} className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          To
          <input type="date" name="to" defaultValue={values.to} className={inputClass} />
        </label>
        <button type="submit" className={buttonClass}>Filter</button>
        <Link href="/admin/audit" className="link h-9 content-center text-sm">Reset</Link>
      </form>
      <div className="overflow-x-auto rounded-xl border border-line bg-surface">
        <table className="w-full text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3">When (UTC)</th>
              <th scope="col" className="px-4 py-3">Actor</th>
              <th scope="col" className="px-4 py-3">Action</th>
              <th scope="col" className="px-4 py-3">Target</th>
              <th scope="col" className="px-4 py-3">Details</th>
              <th scope="col" className="px-4 py-3">Address</th>
            </tr>
          </thead>
          <tbody>
            {page.events.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-muted">No events match.</td>
              </tr>
            )}
            {page.events.map((event) => (
              <tr key={event.id} className="border-b border-line align-top last:border-0">
                <td className="num whitespace-nowrap px-4 py-2">{event.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td className="px-4 py-2">
                  <span className="text-xs text-muted">{event.actorType}</span> {event.actorName ?? event.actorId ?? '—'}
                </td>
                <td className="px-4 py-2 font-mono text-xs">{event.action}</td>
                <td className="px-4 py-2 text-xs">{event.target ?? '—'}</td>
                <td className="max-w-md px-4 py-2 font-mono text-xs break-all">{JSON.stringify(event.details)}</td>
                <td className="px-4 py-2 text-xs">{event.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextHref && (
        <p>
          <Link href={nextHref} className="link text-sm">Older events →</Link>
        </p>
      )}
    </div>
  );
}
