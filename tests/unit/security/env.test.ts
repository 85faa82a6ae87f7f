// Configuration rules that protect production.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';

describe('environment', () => {
  it('refuses the demo sign-in when NODE_ENV=production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', VITALS_DEMO: 'true' })).toThrow(/VITALS_DEMO/);
    expect(() => parseEnv({ NODE_ENV: 'production', VITALS_DEMO: '1' })).toThrow(/VITALS_DEMO/);
  });

  it('allows it in development and test, and production without it', () => {
    expect(parseEnv({ NODE_ENV: 'development', VITALS_DEMO: 'true' }).VITALS_DEMO).toBe(true);
    expect(parseEnv({ NODE_ENV: 'test', VITALS_DEMO: 'true' }).VITALS_DEMO).toBe(true);
    expect(parseEnv({ NODE_ENV: 'production' }).VITALS_DEMO).toBe(false);
  });

  it('is invite-only by default, with an 8-hour session', () => {
    const env = parseEnv({});
    expect(env.AUTH_SIGNUP).toBe('invite');
    expect(env.SESSION_MAX_AGE_HOURS).toBe(8);
  });

  it('refuses a short AUTH_SECRET', () => {
    expect(() => parseEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET/);
  });
});
