// The access matrix against the running app: every page and API route (discovered from app/), every
// caller (anonymous, a user without a role, a member, a manager, an executive, an admin), for their own
// team and another team. Each response must match its rule (access-rules.ts), must not show a team-
// limited caller any repository outside their teams, must never be a 5xx, and must carry no secret.
import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { ACCESS_RULES, type Outcome, type Relation, type TeamFixture } from '@/tests/e2e/access/access-rules';
import { discoverRoutes } from '@/tests/e2e/access/discover-routes';
import { loadMatrix, type CallerFixture } from '@/tests/e2e/access/matrix-context';
import { disconnectDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

const routes = discoverRoutes(fileURLToPath(new URL('../../../app', import.meta.url)));

/** Values that must never appear in a response: the server's secrets, as configured for this run. */
function configuredSecrets(): string[] {
  const env = getEnv();
  return [env.AUTH_SECRET, env.ENCRYPTION_KEY, env.GITHUB_CLIENT_SECRET, env.GITHUB_WEBHOOK_SECRET, env.SMTP_PASSWORD].filter(
    (value): value is string => typeof value === 'string' && value.length >= 8,
  );
}

function describeOutcome(status: number, location: string | null): string {
  return location ? `${status} → ${location}` : String(status);
}

/**
 * deny: refused (4xx; 503 when the route is not configured), or served without the team's data: pages
 * answer "Not available to you" with 200, and may echo what the URL itself named, never the team's name.
 */
function matches(outcome: Outcome, isApi: boolean, status: number, location: string | null, body: string, team: TeamFixture, alsoAllowed: number[]): boolean {
  const toSignIn = status >= 300 && status < 400 && (location ?? '').includes('/signin');
  if (outcome === 'sign-in') return isApi ? status === 401 : toSignIn;
  if (outcome === 'allow') return !toSignIn && (status < 400 || alsoAllowed.includes(status));
  if ((status >= 400 && status < 500) || status === 503) return true;
  return status < 300 && !body.includes(team.name);
}

test.describe('access matrix', () => {
  test.describe.configure({ timeout: 600_000 });

  test('every route, every caller, own and other team', async ({ baseURL }) => {
    const { context, callers, cleanup } = await loadMatrix();
    const secrets = configuredSecrets();
    const sessionValues = callers.map((c) => c.cookie?.split('=')[1]).filter((v): v is string => Boolean(v));
    const failures: string[] = [];
    try {
      for (const route of routes) {
        const rule = ACCESS_RULES[route.key];
        if (!rule) {
          failures.push(`${route.key}: no access rule (tests/e2e/access/access-rules.ts)`);
          continue;
        }
        const isApi = route.pattern.startsWith('/api/');
        for (const caller of callers) {
          const relations: Relation[] = rule.teamScoped ? ['own', 'other'] : ['own'];
          for (const relation of relations) {
            const team = relation === 'own' ? caller.own : caller.other;
            const spec = rule.request(team, context);
            const failure = await check(baseURL ?? '', caller, spec, rule.expect(caller.caller, relation), isApi, team, rule.alsoAllowed ?? [], secrets, sessionValues);
            if (failure) failures.push(`${route.key} [${rule.policy}] as ${caller.caller}${rule.teamScoped ? ` (${relation} team ${team.slug})` : ''}: ${failure}`);
          }
        }
      }
    } finally {
      await cleanup();
      await disconnectDb();
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

async function check(
  baseURL: string,
  caller: CallerFixture,
  spec: { method: string; path: string; body?: string; headers?: Record<string, string> },
  outcome: Outcome,
  isApi: boolean,
  team: TeamFixture,
  alsoAllowed: number[],
  secrets: string[],
  sessionValues: string[],
): Promise<string | null> {
  const api = await playwrightRequest.newContext({ baseURL });
  try {
    const response = await api.fetch(spec.path, {
      method: spec.method,
      headers: { ...(spec.headers ?? {}), ...(caller.cookie ? { cookie: caller.cookie } : {}) },
      data: spec.body,
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    const status = response.status();
    const location = response.headers().location ?? null;
    const body = await response.text();
    const everything = `${JSON.stringify(response.headersArray())}\n${body}`;
    if (status >= 500 && !(status === 503 && outcome === 'deny')) return `server error ${status}: ${body.slice(0, 200)}`;
    if (!matches(outcome, isApi, status, location, body, team, alsoAllowed)) return `expected ${outcome}, got ${describeOutcome(status, location)}`;
    // A name the request itself carried may be echoed (a page title); any other hidden repository is a leak.
    const asked = decodeURIComponent(spec.path);
    const leaked = caller.hiddenRepositories.filter((name) => !asked.includes(name) && body.includes(name));
    if (leaked.length > 0) return `shows ${leaked.length} repositories outside the caller's teams, e.g. ${leaked.slice(0, 3).join(', ')}`;
    const secret = [...secrets, ...sessionValues].find((value) => everything.includes(value));
    if (secret) return `the response contains a secret (${secret.slice(0, 4)}…)`;
    return null;
  } finally {
    await api.dispose();
  }
}
