import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { requireAdminPage } from '@/lib/auth/require-admin';
import { getDb } from '@/lib/db';
import { isSourceKind, SOURCE_KINDS } from '@/lib/sources/kinds';
import { getSource, SourceNotFoundError } from '@/lib/sources/sources';
import { removeSourceAction, updateSourceAction } from '@/app/admin/actions';
import { buttonClass, dangerButtonClass, firstParam, inputClass, Outcome, type SearchParams } from '@/app/admin/_components/outcome';

export const metadata: Metadata = { title: 'Edit source' };

export default async function AdminSourcePage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: SearchParams }) {
  await requireAdminPage();
  const { name } = await params;
  const query = await searchParams;
  let source;
  try {
    source = await getSource(getDb(), name);
  } catch (error) {
    if (error instanceof SourceNotFoundError) notFound();
    throw error;
  }
  const secretFields = isSourceKind(source.kind) ? SOURCE_KINDS[source.kind].secretFields : [];

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={<Link href="/admin/sources" className="link">Sources</Link>}
        title={source.name}
        description={`A ${source.kind} source. ${source.hasCredentials ? 'Its credentials are set and encrypted; fill the fields below only to replace them.' : 'It has no credentials.'}`}
      />
      <Outcome notice={firstParam(query.notice)} error={firstParam(query.error)} />
      {Object.keys(source.state).length > 0 && (
        <section className="rounded-lg border border-line bg-surface p-3 text-sm">
          <h2 className="mb-1 font-semibold">Conditions</h2>
          <pre className="overflow-x-auto text-xs">{JSON.stringify(source.state, null, 2)}</pre>
        </section>
      )}
      <form action={updateSourceAction} className="grid gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-2">
        <input type="hidden" name="name" value={source.name} />
        <input type="hidden" name="kind" value={source.kind} />
        <label className="flex flex-col gap-1 text-xs font-medium text-muted sm:col-span-2">
          Settings (JSON)
          <textarea name="settings" rows={8} defaultValue={JSON.stringify(source.settings, null, 2)} className="rounded-md border border-line bg-canvas p-2 font-mono text-sm" />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Schedule (cron, organisation time zone)
          <input name="schedule" defaultValue={source.schedule} className={`${inputClass} font-mono`} />
        </label>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="enabled" defaultChecked={source.enabled} /> Enabled
        </label>
        {secretFields.map((field) => (
          <label key={field} className="flex flex-col gap-1 text-xs font-medium text-muted">
            New {field} (leave empty to keep the current one)
            <input name={`credential.${field}`} type="password" autoComplete="off" className={inputClass} />
          </label>
        ))}
        <div className="sm:col-span-2">
          <button type="submit" className={buttonClass}>Save</button>
        </div>
      </form>
      <details className="rounded-xl border border-bad p-4">
        <summary className="cursor-pointer text-sm font-medium text-bad">Remove this source…</summary>
        <form action={removeSourceAction} className="mt-3 flex flex-wrap items-end gap-3">
          <input type="hidden" name="name" value={source.name} />
          <label className="flex flex-col gap-1 text-xs text-muted">
            Its records go with it. Type {source.name} to confirm.
            <input name="confirm" autoComplete="off" className={inputClass} />
          </label>
          <button type="submit" className={dangerButtonClass}>Remove source</button>
        </form>
      </details>
    </div>
  );
}
