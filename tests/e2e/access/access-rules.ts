// The access matrix: for every page and API route of the app (found by discover-routes.ts), who may use
// it, for their own team and for another team. A route without a rule here fails
// tests/unit/access/access-rules.test.ts; the rules are enforced against the running app by
// access-matrix.spec.ts. Model: DESIGN.md "Access control".
export const CALLERS = ['anonymous', 'no-role', 'member', 'manager', 'executive', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];
export type Relation = 'own' | 'other';
/** allow: served; deny: refused or served without the team's data; sign-in: sent to sign in (401 for APIs). */
export type Outcome = 'allow' | 'deny' | 'sign-in';

export interface TeamFixture {
  slug: string;
  name: string;
  /** A repository of the team itself ("owner/name"). */
  repository: string;
  /** A deployment of that repository. */
  deploymentId: number;
}

export interface MatrixContext {
  /** A source that exists (for the admin source page). */
  sourceName: string;
  /** From and to of a period with data, YYYY-MM-DD. */
  from: string;
  to: string;
}

export interface RequestSpec {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface RouteRule {
  /** How the route decides, in words (shown when the matrix fails). */
  policy: string;
  /** Team-scoped routes are tried with the caller's own team and with another team. */
  teamScoped: boolean;
  request(team: TeamFixture, context: MatrixContext): RequestSpec;
  expect(caller: Caller, relation: Relation): Outcome;
  /** Statuses that also mean "allowed" (e.g. 422: a deliberately invalid body got past authorisation). */
  alsoAllowed?: number[];
}

const everyone = (): Outcome => 'allow';
const signedIn = (caller: Caller): Outcome => (caller === 'anonymous' ? 'sign-in' : 'allow');
const adminOnly = (caller: Caller): Outcome => (caller === 'anonymous' ? 'sign-in' : caller === 'admin' ? 'allow' : 'deny');
/** Read own teams: admins and executives every team, managers and members their own, a user without a role nothing. */
const teamRead = (caller: Caller, relation: Relation): Outcome => {
  if (caller === 'anonymous') return 'sign-in';
  if (caller === 'admin' || caller === 'executive') return 'allow';
  if (caller === 'no-role') return 'deny';
  return relation === 'own' ? 'allow' : 'deny';
};
/** Machine-to-machine: an API token with the right scope, never a browser session. */
const tokenOnly = (caller: Caller): Outcome => (caller === 'anonymous' ? 'sign-in' : 'deny');
/** Authorised by a signature in the request (webhooks, unsubscribe links): nobody without one. */
const signatureOnly = (): Outcome => 'deny';

const get = (path: string): RequestSpec => ({ method: 'GET', path });
const period = (context: MatrixContext) => `from=${context.from}&to=${context.to}`;

export const ACCESS_RULES: Record<string, RouteRule> = {
  'GET /': { policy: 'signed in; lists only visible teams', teamScoped: false, request: () => get('/'), expect: signedIn },
  'GET /signin': { policy: 'public', teamScoped: false, request: () => get('/signin'), expect: everyone },
  'GET /signin/check-email': { policy: 'public', teamScoped: false, request: () => get('/signin/check-email'), expect: everyone },
  'GET /api/health': { policy: 'public', teamScoped: false, request: () => get('/api/health'), expect: everyone },
  'GET /api/auth/[...nextauth]': { policy: 'public (next-auth)', teamScoped: false, request: () => get('/api/auth/csrf'), expect: everyone },
  'POST /api/auth/[...nextauth]': {
    policy: 'public (next-auth; CSRF-checked)',
    teamScoped: false,
    request: () => ({ method: 'POST', path: '/api/auth/signout', body: 'csrfToken=wrong', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    expect: everyone,
  },

  'GET /teams/[slug]': { policy: 'team read', teamScoped: true, request: (team) => get(`/teams/${team.slug}`), expect: teamRead },
  'GET /repos/[owner]/[name]': { policy: 'team read (the repository’s team)', teamScoped: true, request: (team) => get(`/repos/${team.repository}`), expect: teamRead },
  'GET /records/[kind]': {
    policy: 'team read',
    teamScoped: true,
    request: (team, context) => get(`/records/deployments?scope=team:${team.slug}&${period(context)}`),
    expect: teamRead,
  },
  'GET /records/[kind]/[id]': { policy: 'team read (the record’s team)', teamScoped: true, request: (team) => get(`/records/deployments/${team.deploymentId}`), expect: teamRead },
  'GET /records/[kind]/export': {
    policy: 'team read; audited',
    teamScoped: true,
    request: (team, context) => get(`/records/deployments/export?scope=team:${team.slug}&${period(context)}&format=csv`),
    expect: teamRead,
  },
  'GET /metrics/export': {
    policy: 'team read; audited',
    teamScoped: true,
    request: (team, context) => get(`/metrics/export?scope=team:${team.slug}&${period(context)}&format=csv`),
    expect: teamRead,
  },
  'GET /compare': {
    policy: 'team read (teams outside access are dropped)',
    teamScoped: true,
    request: (team, context) => get(`/compare?teams=${team.slug}&${period(context)}`),
    expect: teamRead,
  },
  'GET /compare/export': {
    policy: 'team read; audited',
    teamScoped: true,
    request: (team, context) => get(`/compare/export?teams=${team.slug}&${period(context)}&format=csv`),
    expect: teamRead,
  },
  'GET /collectors': { policy: 'signed in; runs of visible sources only', teamScoped: false, request: () => get('/collectors'), expect: signedIn },
  'GET /api/v1/metrics': {
    policy: 'team read (session or read token)',
    teamScoped: true,
    request: (team, context) => get(`/api/v1/metrics?scope=team:${team.slug}&${period(context)}&tz=UTC`),
    expect: teamRead,
  },

  'POST /api/v1/ingest/[kind]': {
    policy: 'ingest token only',
    teamScoped: false,
    request: () => ({ method: 'POST', path: '/api/v1/ingest/deployments', body: '{"deployments":[]}', headers: { 'content-type': 'application/json' } }),
    expect: tokenOnly,
  },
  'PUT /api/v1/teams/[slug]': {
    policy: 'admin (session or admin token)',
    teamScoped: false,
    // An invalid body: an admin gets 422 (authorised, nothing changed), everyone else 401/403.
    request: (team) => ({ method: 'PUT', path: `/api/v1/teams/${team.slug}`, body: '{}', headers: { 'content-type': 'application/json' } }),
    expect: adminOnly,
    alsoAllowed: [422],
  },
  'POST /api/webhooks/github': {
    policy: 'GitHub signature only',
    teamScoped: false,
    request: () => ({ method: 'POST', path: '/api/webhooks/github', body: '{}', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'matrix' } }),
    expect: signatureOnly,
  },
  'GET /api/digest/unsubscribe': { policy: 'signed link only', teamScoped: false, request: () => get('/api/digest/unsubscribe?s=1&sig=forged'), expect: signatureOnly },
  'POST /api/digest/unsubscribe': {
    policy: 'signed link only',
    teamScoped: false,
    request: () => ({ method: 'POST', path: '/api/digest/unsubscribe?s=1&sig=forged', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    expect: signatureOnly,
  },

  'GET /admin': { policy: 'admin', teamScoped: false, request: () => get('/admin'), expect: adminOnly },
  'GET /admin/users': { policy: 'admin', teamScoped: false, request: () => get('/admin/users'), expect: adminOnly },
  'GET /admin/tokens': { policy: 'admin', teamScoped: false, request: () => get('/admin/tokens'), expect: adminOnly },
  'GET /admin/sources': { policy: 'admin', teamScoped: false, request: () => get('/admin/sources'), expect: adminOnly },
  'GET /admin/sources/[name]': { policy: 'admin', teamScoped: false, request: (_team, context) => get(`/admin/sources/${context.sourceName}`), expect: adminOnly },
  'GET /admin/audit': { policy: 'admin', teamScoped: false, request: () => get('/admin/audit'), expect: adminOnly },
  'GET /admin/jobs': { policy: 'admin', teamScoped: false, request: () => get('/admin/jobs'), expect: adminOnly },
  'GET /admin/digest': { policy: 'admin', teamScoped: false, request: () => get('/admin/digest'), expect: adminOnly },
  'GET /admin/digest/preview': { policy: 'admin', teamScoped: false, request: () => get('/admin/digest/preview?to=erin@example.org'), expect: adminOnly },
};
