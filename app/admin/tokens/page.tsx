import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireAdminPage } from '@/lib/auth/require-admin';
import { listApiTokens, TOKEN_SCOPES } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';
import { revokeTokenAction } from '@/app/admin/actions';
import { CreateTokenForm } from '@/app/admin/tokens/create-token-form';
import { firstParam, Outcome, type SearchParams } from '@/app/admin/_components/outcome';

export const metadata: Metadata = { title: 'API tokens' };

function stateOf(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : '—';
}

export default async function AdminTokensPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdminPage();
  const params = await searchParams;
  const db = getDb();
  const [tokens, teams] = await Promise.all([listApiTokens(db), db.team.findMany({ select: { slug: true, name: true }, orderBy: { name: 'asc' } })]);
  const now = new Date();

  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description="Tokens authenticate CI systems and other tools (Authorization: Bearer …). Vitals keeps only a hash: a token is shown once, when created. A token limited to teams reads only those teams."
      />
      <Outcome notice={firstParam(params.notice)} error={firstParam(params.error)} />
      <section aria-labelledby="new-token" className="rounded-xl border border-line bg-surface p-4">
        <h2 id="new-token" className="mb-3 text-sm font-semibold">New token</h2>
        <CreateTokenForm scopes={TOKEN_SCOPES} teams={teams} />
      </section>
      <div className="overflow-x-auto rounded-xl border border-line bg-surface">
        <table className="w-full text-sm">
          <caption className="sr-only">API tokens</caption>
          <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3">Name</th>
              <th scope="col" className="px-4 py-3">Starts with</th>
              <th scope="col" className="px-4 py-3">Scopes</th>
              <th scope="col" className="px-4 py-3">Teams</th>
              <th scope="col" className="px-4 py-3">State</th>
              <th scope="col" className="px-4 py-3">Created</th>
              <th scope="col" className="px-4 py-3">Last used</th>
              <th scope="col" className="px-4 py-3">Expires</th>
              <th scope="col" className="px-4 py-3"><span className="sr-only">Revoke</span></th>
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 && (
              <tr>
                <td colSpan={9} className="px-4 py-6 text-center text-muted">No tokens yet.</td>
              </tr>
            )}
            {tokens.map((token) => {
              const state = stateOf(token, now);
              return (
                <tr key={token.id} className="border-b border-line last:border-0">
                  <th scope="row" className="px-4 py-3 text-left font-medium">{token.name}</th>
                  <td className="px-4 py-3 font-mono text-xs">{token.prefix}…</td>
                  <td className="px-4 py-3">{token.scopes.join(', ')}</td>
                  <td className="px-4 py-3">{token.teams.length > 0 ? token.teams.join(', ') : 'all'}</td>
                  <td className="px-4 py-3">{state}</td>
                  <td className="num px-4 py-3">{day(token.createdAt)}</td>
                  <td className="num px-4 py-3">{day(token.lastUsedAt)}</td>
                  <td className="num px-4 py-3">{day(token.expiresAt)}</td>
                  <td className="px-4 py-3">
                    {state === 'active' && (
                      <form action={revokeTokenAction}>
                        <input type="hidden" name="name" value={token.name} />
                        <button type="submit" className="link text-bad" aria-label={`Revoke token ${token.name}`}>Revoke</button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
