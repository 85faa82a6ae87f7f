import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { requireAdminPage } from '@/lib/auth/require-admin';
import { getDb } from '@/lib/db';
import { SOURCE_KINDS } from '@/lib/sources/kinds';
import { listSources } from '@/lib/sources/sources';
import { createSourceAction } from '@/app/admin/actions';
import { buttonClass, firstParam, inputClass, Outcome, type SearchParams } from '@/app/admin/_components/outcome';

export const metadata: Metadata = { title: 'Sources' };

const SETTINGS_EXAMPLE = '{"organization": "acme-health"}';

export default async function AdminSourcesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const params = await searchParams;
  const sources = await listSources(getDb());
  const kinds = Object.entries(SOURCE_KINDS).filter(([, definition]) => definition.credentials !== null);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Sources"
        description="Where Vitals collects from. Credentials are encrypted at rest (AES-256-GCM) and never shown again; replacing them is the only way to change them."
      />
      <Outcome notice={firstParam(params.notice)} error={firstParam(params.error)} />

      <div className="overflow-x-auto rounded-xl border border-line bg-surface">
        <table className="w-full text-sm">
          <caption className="sr-only">Sources</caption>
          <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3">Name</th>
              <th scope="col" className="px-4 py-3">Kind</th>
              <th scope="col" className="px-4 py-3">Schedule</th>
              <th scope="col" className="px-4 py-3">Enabled</th>
              <th scope="col" className="px-4 py-3">Credentials</th>
              <th scope="col" className="px-4 py-3">Last run</th>
            </tr>
          </thead>
          <tbody>
            {sources.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-muted">No sources yet.</td>
              </tr>
            )}
            {sources.map((source) => (
              <tr key={source.id} className="border-b border-line last:border-0">
                <th scope="row" className="px-4 py-3 text-left font-medium">
                  <Link href={`/admin/sources/${encodeURIComponent(source.name)}`} className="link">{source.name}</Link>
                </th>
                <td className="px-4 py-3">{source.kind}</td>
                <td className="px-4 py-3 font-mono text-xs">{source.schedule}</td>
                <td className="px-4 py-3">{source.enabled ? 'yes' : 'no'}</td>
                <td className="px-4 py-3">{source.hasCredentials ? 'set (encrypted)' : '—'}</td>
                <td className="px-4 py-3 text-xs">
                  {source.lastRun ? `${source.lastRun.status}, ${source.lastRun.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="add-source" className="rounded-xl border border-line bg-surface p-4">
        <h2 id="add-source" className="mb-3 text-sm font-semibold">Add a source</h2>
        <div className="space-y-4">
          {kinds.map(([kind, definition]) => (
            <details key={kind} className="rounded-lg border border-line p-3">
              <summary className="cursor-pointer text-sm font-medium">{kind}</summary>
              <form action={createSourceAction} className="mt-3 grid gap-3 sm:grid-cols-2">
                <input type="hidden" name="kind" value={kind} />
                <label className="flex flex-col gap-1 text-xs font-medium text-muted">
                  Name
                  <input name="name" required pattern="[a-z0-9][a-z0-9_\-]{0,62}" className={inputClass} />
                </label>
                <label className="flex flex-col gap-1 text-xs font-medium text-muted">
                  Schedule (cron, organisation time zone)
                  <input name="schedule" defaultValue="0 * * * *" className={`${inputClass} font-mono`} />
                </label>
                <label className="flex flex-col gap-1 text-xs font-medium text-muted sm:col-span-2">
                  Settings (JSON)
                  <textarea name="settings" rows={4} placeholder={kind === 'github' ? SETTINGS_EXAMPLE : '{}'} className="rounded-md border border-line bg-canvas p-2 font-mono text-sm" />
                </label>
                {definition.secretFields.map((name) => (
                  <label key={name} className="flex flex-col gap-1 text-xs font-medium text-muted">
                    {name}
                    <input name={`credential.${name}`} type="password" autoComplete="off" required className={inputClass} />
                  </label>
                ))}
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="enabled" defaultChecked /> Enabled
                </label>
                <div className="sm:col-span-2">
                  <button type="submit" className={buttonClass}>Add {kind} source</button>
                </div>
              </form>
            </details>
          ))}
        </div>
      </section>
    </div>
  );
}
