// Every page and API route must have an access rule: a new route without one fails here, before it
// can ship with an unexamined policy. The rules themselves are enforced against the running app by
// tests/e2e/access/access-matrix.spec.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS_RULES, CALLERS } from '@/tests/e2e/access/access-rules';
import { discoverRoutes } from '@/tests/e2e/access/discover-routes';

const appDir = path.resolve(import.meta.dirname, '../../../app');
const routes = discoverRoutes(appDir);

describe('access rules', () => {
  it('finds the app’s pages and API routes', () => {
    expect(routes.some((route) => route.key === 'GET /')).toBe(true);
    expect(routes.some((route) => route.key === 'GET /api/v1/metrics')).toBe(true);
  });

  it('has a rule for every page and API route', () => {
    const missing = routes.filter((route) => !Object.hasOwn(ACCESS_RULES, route.key)).map((route) => `${route.key} (app/${route.file})`);
    expect(missing, `Add these to tests/e2e/access/access-rules.ts: who may use them, for own and other teams`).toEqual([]);
  });

  it('has no rule for a route that no longer exists', () => {
    const keys = new Set(routes.map((route) => route.key));
    expect(Object.keys(ACCESS_RULES).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('never lets an anonymous caller into a team or the admin area, nor a user without a role', () => {
    for (const [key, rule] of Object.entries(ACCESS_RULES)) {
      if (rule.teamScoped) {
        expect(rule.expect('anonymous', 'own'), key).not.toBe('allow');
        expect(rule.expect('no-role', 'own'), key).not.toBe('allow');
        expect(rule.expect('manager', 'other'), key).not.toBe('allow');
        expect(rule.expect('member', 'other'), key).not.toBe('allow');
      }
      if (key.includes(' /admin')) for (const caller of CALLERS) if (caller !== 'admin') expect(rule.expect(caller, 'own'), `${key} ${caller}`).not.toBe('allow');
    }
  });
});
