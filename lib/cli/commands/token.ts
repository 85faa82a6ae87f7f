// `npm run vitals -- token create|list|revoke`
import { UsageError, type CliGroup } from '@/lib/cli/command';
import { recordAuditEvent } from '@/lib/audit';
import { createApiToken, listApiTokens, revokeApiToken, TOKEN_SCOPES, type TokenScope } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';

function parseScopes(list: string): TokenScope[] {
  const scopes = list.split(',').map((scope) => scope.trim()).filter(Boolean);
  const unknown = scopes.filter((scope) => !(TOKEN_SCOPES as readonly string[]).includes(scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new UsageError(`--scopes takes a comma-separated list of ${TOKEN_SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  return scopes as TokenScope[];
}

const cliActor = { type: 'cli' as const, name: 'vitals cli' };

export const tokenCommands: CliGroup = {
  name: 'token',
  summary: 'API tokens',
  actions: {
    create: {
      summary: 'Create an API token and print it once',
      usage: 'token create --name NAME --scopes ingest,read,admin [--teams slug1,slug2] [--expires-days N]',
      options: { name: { type: 'string' }, scopes: { type: 'string' }, teams: { type: 'string' }, 'expires-days': { type: 'string' } },
      async run(values) {
        const name = values.name;
        if (typeof name !== 'string' || typeof values.scopes !== 'string') {
          throw new UsageError('Usage: token create --name NAME --scopes ingest,read,admin [--teams slug1,slug2]');
        }
        const expiresDays = values['expires-days'] === undefined ? null : Number(values['expires-days']);
        if (expiresDays !== null && !(Number.isInteger(expiresDays) && expiresDays > 0)) {
          throw new UsageError('--expires-days takes a positive whole number');
        }
        const teams = typeof values.teams === 'string' ? values.teams.split(',').map((s) => s.trim()).filter(Boolean) : [];
        const created = await createApiToken(getDb(), {
          name,
          scopes: parseScopes(values.scopes),
          teamSlugs: teams,
          expiresAt: expiresDays === null ? null : new Date(Date.now() + expiresDays * 86_400_000),
        });
        await recordAuditEvent(getDb(), {
          actor: cliActor,
          action: 'token.create',
          target: `token:${created.name}`,
          details: { scopes: created.scopes, teams: created.teams },
        });
        console.error(`Created token "${created.name}" with scopes ${created.scopes.join(', ')}${created.teams.length ? `, limited to ${created.teams.join(', ')}` : ''}.`);
        console.error('Copy it now: it is shown only this once.');
        console.log(created.token);
      },
    },
    list: {
      summary: 'List API tokens (never their secrets)',
      usage: 'token list',
      async run() {
        const tokens = await listApiTokens(getDb());
        if (tokens.length === 0) {
          console.log('No tokens yet. Create one with: npm run vitals -- token create --name ci --scopes ingest');
          return;
        }
        for (const token of tokens) {
          const state = token.revokedAt ? 'revoked' : token.expiresAt && token.expiresAt <= new Date() ? 'expired' : 'active';
          console.log(
            `${token.name.padEnd(24)} ${token.prefix}…  ${token.scopes.join(',').padEnd(18)} ${state.padEnd(8)} ` +
              `last used ${token.lastUsedAt?.toISOString() ?? 'never'}${token.teams.length ? `  teams ${token.teams.join(',')}` : ''}`,
          );
        }
      },
    },
    revoke: {
      summary: 'Revoke an API token',
      usage: 'token revoke --name NAME',
      options: { name: { type: 'string' } },
      async run(values) {
        if (typeof values.name !== 'string') throw new UsageError('Usage: token revoke --name NAME');
        if (!(await revokeApiToken(getDb(), values.name))) throw new UsageError(`No active token named "${values.name}".`);
        await recordAuditEvent(getDb(), { actor: cliActor, action: 'token.revoke', target: `token:${values.name}` });
        console.log(`Revoked token "${values.name}".`);
      },
    },
  },
};
