// What the dashboard tests need from the database the server under test uses (DATABASE_URL, the demo
// organisation): a signed-in demo admin (a session created directly, as the demo sign-in would) and a
// read token for GET /api/v1/metrics (created as `npm run vitals -- token create` does).
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { DEMO_EMAIL_DOMAIN } from '@/lib/auth/demo';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { createApiToken, revokeApiToken } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';

export async function signInAsDemoAdmin(context: BrowserContext, baseURL: string): Promise<void> {
  const db = getDb();
  const admin = await db.user.findFirst({ where: { role: 'admin', email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } }, orderBy: { email: 'asc' }, select: { id: true } });
  if (!admin) throw new Error('No demo admin: the dashboard tests run on the demo organisation (npm run db:seed-demo).');
  const { token, expires } = await createSession(db, admin.id);
  await context.addCookies([{ name: sessionCookieName(), value: token, url: baseURL, expires: Math.floor(expires.getTime() / 1000) }]);
}

export async function createReadToken(): Promise<{ token: string; revoke: () => Promise<void> }> {
  const name = `e2e-dashboards-${randomBytes(4).toString('hex')}`;
  const created = await createApiToken(getDb(), { name, scopes: ['read'] });
  return { token: created.token, revoke: async () => void (await revokeApiToken(getDb(), name)) };
}

/** A team of the demo organisation with child teams, and one without (a leaf with deployments). */
export async function demoTeams(): Promise<{ parent: { slug: string; name: string }; leaf: { slug: string; name: string } }> {
  const db = getDb();
  const teams = await db.team.findMany({ select: { id: true, slug: true, name: true, parentId: true }, orderBy: { slug: 'asc' } });
  const parent = teams.find((t) => teams.some((c) => c.parentId === t.id));
  const leaf = teams.find((t) => t.parentId !== null && !teams.some((c) => c.parentId === t.id));
  if (!parent || !leaf) throw new Error('The demo organisation should have two levels of teams.');
  return { parent, leaf };
}

/** A minimal RFC 4180 parser: enough to prove an export parses and to count its rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new Error('Unterminated quoted CSV cell');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
