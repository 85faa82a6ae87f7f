// No secret in any response or log line. The app's route handlers run in-process on their real code
// paths, success and failure, with known secret values configured, while every console line is
// captured through the same redaction the server installs at start (instrumentation.ts). Neither the
// responses nor the captured lines may contain any of the secrets. (tests/e2e/security/no-secrets.spec.ts
// checks the same over HTTP against the running server.)
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Known values, set before any app code reads the environment (lib/env.ts reads it once, lazily).
const secrets = {
  AUTH_SECRET: `auth-${randomBytes(24).toString('hex')}`,
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  GITHUB_CLIENT_SECRET: `ghcs-${randomBytes(16).toString('hex')}`,
  GITHUB_WEBHOOK_SECRET: `whsec-${randomBytes(16).toString('hex')}`,
  SMTP_PASSWORD: `smtp-${randomBytes(16).toString('hex')}`,
};
Object.assign(process.env, secrets, { SMTP_HOST: '127.0.0.1', SMTP_USER: 'vitals' });

const { PUT: putTeam } = await import('@/app/api/v1/teams/[slug]/route');
const { POST: ingest } = await import('@/app/api/v1/ingest/[kind]/route');
const { GET: metrics } = await import('@/app/api/v1/metrics/route');
const { GET: health } = await import('@/app/api/health/route');
const { POST: webhook } = await import('@/app/api/webhooks/github/route');
const { toErrorResponse } = await import('@/lib/api/errors');
const { createApiToken } = await import('@/lib/auth/tokens');
const { getAuthOptions } = await import('@/lib/auth/config');
const { installConsoleRedaction } = await import('@/lib/security/redact');
const { createSource, listSources, getSource } = await import('@/lib/sources/sources');
const { getTestDb } = await import('@/tests/helpers/database');
const { jsonRequest, routeParams } = await import('@/tests/helpers/api');

const db = getTestDb();
const sourceToken = `ghp_${randomBytes(18).toString('hex')}`;
const tokens: Record<string, string> = {};
const logged: string[] = [];
const responses: string[] = [];

async function capture(response: Response): Promise<Response> {
  const body = await response.clone().text();
  responses.push(`${response.status} ${JSON.stringify([...response.headers.entries()])} ${body}`);
  return response;
}

beforeAll(async () => {
  // What the server does at start, onto a console whose lines we keep.
  const sink = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation(sink);
  installConsoleRedaction(console);
  for (const [name, scopes] of [['admin', ['admin']], ['ingest', ['ingest']], ['read', ['read']]] as const) {
    tokens[name] = (await createApiToken(db, { name: `secrets-${name}`, scopes: [...scopes] })).token;
  }
  await createSource(db, { kind: 'github', name: 'secret-source', settings: { organization: 'acme' }, credentials: { token: sourceToken } });
});

afterAll(() => {
  vi.restoreAllMocks();
});

const allSecrets = () => [...Object.values(secrets), sourceToken, ...Object.values(tokens)];

function expectNoSecretIn(texts: string[], where: string) {
  for (const secret of allSecrets()) {
    const hit = texts.find((text) => text.includes(secret));
    expect(hit, `${where} contains a secret (${secret.slice(0, 6)}…)`).toBeUndefined();
  }
}

describe('no secret in responses or logs', () => {
  it('route handlers, on success and on every kind of failure', async () => {
    await capture(await health());
    await capture(await putTeam(jsonRequest('/api/v1/teams/secret-team', { method: 'PUT', token: tokens.admin, body: { name: 'Secret team', repositories: ['acme/ehr'] } }), routeParams({ slug: 'secret-team' })));
    await capture(await putTeam(jsonRequest('/api/v1/teams/secret-team', { method: 'PUT', token: tokens.ingest, body: {} }), routeParams({ slug: 'secret-team' })));
    await capture(await putTeam(jsonRequest('/api/v1/teams/secret-team', { method: 'PUT', token: `${tokens.admin}x`, body: {} }), routeParams({ slug: 'secret-team' })));
    const deployment = { externalId: 'd1', repository: 'acme/ehr', environment: 'production', status: 'success', finishedAt: '2026-02-01T10:00:00Z' };
    await capture(await ingest(jsonRequest('/api/v1/ingest/deployments', { token: tokens.ingest, body: { deployments: [deployment] } }), routeParams({ kind: 'deployments' })));
    await capture(await ingest(jsonRequest('/api/v1/ingest/deployments', { token: tokens.ingest, body: { deployments: [{ ...deployment, finishedAt: tokens.ingest }] } }), routeParams({ kind: 'deployments' })));
    await capture(await ingest(jsonRequest('/api/v1/ingest/deployments', { token: tokens.ingest, rawBody: `{"oops": "${tokens.ingest}"` }), routeParams({ kind: 'deployments' })));
    await capture(await ingest(jsonRequest('/api/v1/ingest/deployments', { token: tokens.read, body: { deployments: [] } }), routeParams({ kind: 'deployments' })));
    await capture(await metrics(jsonRequest('/api/v1/metrics?scope=team:secret-team&from=2026-01-01&to=2026-02-28&tz=UTC', { token: tokens.read })));
    await capture(await metrics(jsonRequest(`/api/v1/metrics?scope=team:${tokens.read}`, { token: tokens.read })));
    await capture(await webhook(jsonRequest('/api/webhooks/github', { body: { zen: 'x' }, headers: { 'x-github-event': 'ping', 'x-github-delivery': 'd-1', 'x-hub-signature-256': 'sha256=00' } })));
    expectNoSecretIn(responses, 'a response');
    expectNoSecretIn(logged, 'a log line');
  });

  it('unexpected errors: a 500 with an error id, and the logged stack redacted', async () => {
    const error = new Error(`connect postgresql://vitals:${secrets.SMTP_PASSWORD}@db/vitals failed; key ${secrets.ENCRYPTION_KEY}; token ${tokens.admin}`);
    const response = await capture(toErrorResponse(error));
    expect(response.status).toBe(500);
    expect(logged.some((line) => line.includes('unexpected error'))).toBe(true);
    expectNoSecretIn(responses, 'a response');
    expectNoSecretIn(logged, 'a log line');
  });

  it('sign-in errors logged by next-auth', async () => {
    const logger = getAuthOptions().logger;
    logger?.error?.('SIGNIN_EMAIL_ERROR', { error: new Error(`535 auth failed for vitals:${secrets.SMTP_PASSWORD}`), providerId: 'email' });
    logger?.error?.('OAUTH_CALLBACK_ERROR', new Error(`client_secret=${secrets.GITHUB_CLIENT_SECRET} rejected`));
    expectNoSecretIn(logged, 'a log line');
  });

  it('source credentials never come back out of the source functions', async () => {
    const listed = JSON.stringify(await listSources(db));
    const single = JSON.stringify(await getSource(db, 'secret-source'));
    expect(listed).not.toContain(sourceToken);
    expect(single).not.toContain(sourceToken);
    expect(JSON.parse(single)).toMatchObject({ hasCredentials: true });
    // And the stored value is ciphertext.
    const row = await db.source.findUniqueOrThrow({ where: { name: 'secret-source' }, select: { credentials: true } });
    expect(Buffer.from(row.credentials ?? []).toString('latin1')).not.toContain(sourceToken);
  });
});
