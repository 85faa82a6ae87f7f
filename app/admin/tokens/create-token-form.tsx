'use client';
// Creates a token and shows it this once: the secret lives only in this component's state, never in a
// URL, a cookie or the page's server-rendered HTML, and is gone when the page is left.
import { useActionState } from 'react';
import { createTokenAction, type CreateTokenState } from '@/app/admin/actions';
import { buttonClass, inputClass } from '@/app/admin/_components/outcome';

const SCOPE_HELP: Record<string, string> = {
  ingest: 'push records (CI, incident tools)',
  read: 'read metrics',
  admin: 'teams as code',
};

export function CreateTokenForm({ scopes, teams }: { scopes: readonly string[]; teams: { slug: string; name: string }[] }) {
  const [state, formAction, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, {});
  return (
    <div className="space-y-3">
      {state.token && (
        <div role="status" className="space-y-2 rounded-lg border border-accent bg-raised p-3 text-sm">
          <p className="font-semibold">Token “{state.name}” created. Copy it now: it is shown only this once.</p>
          <input
            readOnly
            value={state.token}
            aria-label="The new token"
            onFocus={(event) => event.currentTarget.select()}
            className={`${inputClass} w-full font-mono`}
          />
        </div>
      )}
      {state.error && (
        <p role="alert" className="rounded-lg border border-bad px-4 py-2 text-sm text-bad">{state.error}</p>
      )}
      <form action={formAction} className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Name
          <input name="name" required maxLength={100} placeholder="e.g. ci-deployments" className={`${inputClass} w-56`} />
        </label>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium text-muted">Scopes</legend>
          <div className="flex gap-3">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-center gap-1 text-sm" title={SCOPE_HELP[scope]}>
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'ingest'} /> {scope}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Limited to teams (none: all its scopes allow)
          <select name="teams" multiple size={Math.min(4, Math.max(2, teams.length))} className={`${inputClass} h-auto w-56`}>
            {teams.map((team) => (
              <option key={team.slug} value={team.slug}>{team.name}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          Expires after (days)
          <input name="expiresDays" type="number" min={1} max={3650} defaultValue={365} className={`${inputClass} w-28`} />
        </label>
        <button type="submit" disabled={pending} className={buttonClass}>{pending ? 'Creating…' : 'Create token'}</button>
      </form>
    </div>
  );
}
