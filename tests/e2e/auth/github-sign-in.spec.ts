// GitHub sign-in end to end, against a fake GitHub Enterprise Server this test starts on GITHUB_AUTH_URL
// (set by the e2e global setup): the OAuth authorise redirect, the code exchange with the client
// secret, /api/v3/user and /api/v3/user/emails. Shows that the server address is configurable, that
// only a primary *verified* address identifies the user, and that only invited users get in.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { disconnectDb, getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

interface FakeAccount {
  id: number;
  login: string;
  name: string;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

/** The account the next authorisation signs in as. */
let nextAccount: FakeAccount | null = null;
const issued = new Map<string, FakeAccount>();
const tokenRequests: { clientSecretMatches: boolean }[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

function startFakeGitHub(port: number, clientSecret: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === '/login/oauth/authorize') {
      if (!nextAccount) return json(400, { error: 'no account prepared' });
      const code = randomBytes(8).toString('hex');
      issued.set(code, nextAccount);
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      response.writeHead(302, { location: back.toString() });
      return response.end();
    }
    if (url.pathname === '/login/oauth/access_token' && request.method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      const basic = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const secret = form.get('client_secret') ?? decodeURIComponent(basic.split(':')[1] ?? '');
      tokenRequests.push({ clientSecretMatches: secret === clientSecret });
      const account = issued.get(form.get('code') ?? '');
      if (!account || secret !== clientSecret) return json(401, { error: 'bad_verification_code' });
      return json(200, { access_token: `fake-${account.login}`, token_type: 'bearer', scope: 'read:user,user:email' });
    }
    const account = [...issued.values()].find((candidate) => request.headers.authorization === `Bearer fake-${candidate.login}`);
    if (!account) return json(401, { message: 'Bad credentials' });
    if (url.pathname === '/api/v3/user') return json(200, { id: account.id, login: account.login, name: account.name, avatar_url: null, email: null });
    if (url.pathname === '/api/v3/user/emails') return json(200, account.emails);
    return json(404, { message: 'Not Found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

let fake: Server | undefined;

test.beforeAll(async () => {
  const env = getEnv();
  if (!env.GITHUB_AUTH_URL || !env.GITHUB_CLIENT_SECRET) {
    throw new Error('GITHUB_AUTH_URL and GITHUB_CLIENT_SECRET are not set: the e2e global setup points the app at the fake GitHub this test starts.');
  }
  fake = await startFakeGitHub(Number(new URL(env.GITHUB_AUTH_URL).port), env.GITHUB_CLIENT_SECRET);
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
  await disconnectDb();
});

function account(email: string, options: { verified?: boolean; primaryElsewhere?: string } = {}): FakeAccount {
  const id = Math.floor(Math.random() * 1e9);
  const emails = options.primaryElsewhere
    ? [{ email: options.primaryElsewhere, primary: true, verified: true }, { email, primary: false, verified: true }]
    : [{ email, primary: true, verified: options.verified ?? true }];
  return { id, login: `user${id}`, name: `GitHub User ${id}`, emails };
}

async function signInWithGitHub(page: import('@playwright/test').Page) {
  await page.goto('/signin');
  await page.getByRole('button', { name: /Continue with GitHub/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/api/auth'));
}

test('an invited user signs in with the GitHub account whose primary verified address was invited', async ({ page }) => {
  const email = `octo-${randomBytes(4).toString('hex')}@example.org`;
  await getDb().user.create({ data: { email, role: 'executive', name: 'Octo Invited' } });
  const since = new Date();
  nextAccount = account(email.toUpperCase());
  await signInWithGitHub(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('banner')).toContainText('executive', { ignoreCase: true });

  const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { accounts: true } });
  expect(user.accounts).toHaveLength(1);
  // Linked, but no GitHub token kept.
  expect(user.accounts[0]).toMatchObject({ provider: 'github', access_token: null, refresh_token: null });
  expect(tokenRequests.at(-1)?.clientSecretMatches).toBe(true);
  const events = await getDb().auditEvent.findMany({ where: { target: `user:${email}`, at: { gte: since } }, orderBy: { id: 'asc' } });
  expect(events.map((e) => e.action)).toEqual(['auth.account_link', 'auth.sign_in']);
});

test('an unverified primary address identifies nobody, even an invited one', async ({ page }) => {
  const email = `unverified-${randomBytes(4).toString('hex')}@example.org`;
  await getDb().user.create({ data: { email, role: 'admin' } });
  nextAccount = account(email, { verified: false });
  await signInWithGitHub(page);
  await expect(page).toHaveURL(/\/signin\?.*error=AccessDenied/);
  expect(await getDb().account.count({ where: { user: { email } } })).toBe(0);
});

test('an invited address that is not the primary one, or an address never invited, is refused', async ({ page }) => {
  const invited = `secondary-${randomBytes(4).toString('hex')}@example.org`;
  await getDb().user.create({ data: { email: invited, role: 'admin' } });
  const since = new Date();
  nextAccount = account(invited, { primaryElsewhere: `other-${randomBytes(4).toString('hex')}@example.org` });
  await signInWithGitHub(page);
  await expect(page).toHaveURL(/\/signin\?.*error=AccessDenied/);
  await expect(page.getByText('This account may not sign in to Vitals')).toBeVisible();

  nextAccount = account(`stranger-${randomBytes(4).toString('hex')}@example.org`);
  await signInWithGitHub(page);
  await expect(page).toHaveURL(/\/signin\?.*error=AccessDenied/);
  const failed = await getDb().auditEvent.findMany({ where: { action: 'auth.sign_in_failed', at: { gte: since } } });
  expect(failed.map((e) => (e.details as { reason?: string }).reason)).toEqual(['not_invited', 'not_invited']);
  expect(await getDb().user.count({ where: { email: { startsWith: 'stranger-' } } })).toBe(0);
});
