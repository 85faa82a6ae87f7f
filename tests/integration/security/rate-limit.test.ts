// The shared rate limiter, against a real PostgreSQL: what every web replica counts against.
import { describe, expect, it } from 'vitest';
import { consumeRateLimit } from '@/lib/security/rate-limit';
import { getTestDb } from '@/tests/helpers/database';

const db = getTestDb();
const policy = (name: string) => ({ name, limit: 5, windowSeconds: 60 });

describe('consumeRateLimit', () => {
  it('allows up to the limit, then refuses with a Retry-After', async () => {
    const now = new Date('2026-03-02T10:00:10Z');
    const decisions = [];
    for (let i = 0; i < 7; i += 1) decisions.push(await consumeRateLimit(db, policy('basic'), 'client-a', now));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions[5]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(decisions[5]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts subjects and policies separately', async () => {
    const now = new Date('2026-03-02T10:00:10Z');
    for (let i = 0; i < 5; i += 1) await consumeRateLimit(db, policy('separate'), 'client-a', now);
    expect((await consumeRateLimit(db, policy('separate'), 'client-b', now)).allowed).toBe(true);
    expect((await consumeRateLimit(db, policy('separate-other'), 'client-a', now)).allowed).toBe(true);
    expect((await consumeRateLimit(db, policy('separate'), 'client-a', now)).allowed).toBe(false);
  });

  it('carries the previous window over, so a burst across the boundary cannot double the limit', async () => {
    const end = new Date('2026-03-02T10:00:59Z');
    for (let i = 0; i < 5; i += 1) await consumeRateLimit(db, policy('boundary'), 'client-a', end);
    // Two seconds later, in the next window: the previous five still weigh ~58/60.
    expect((await consumeRateLimit(db, policy('boundary'), 'client-a', new Date('2026-03-02T10:01:01Z'))).allowed).toBe(false);
    // A full window later they no longer count.
    expect((await consumeRateLimit(db, policy('boundary'), 'client-a', new Date('2026-03-02T10:02:01Z'))).allowed).toBe(true);
  });

  it('holds under concurrent requests (one counter, as several replicas would share)', async () => {
    const now = new Date('2026-03-02T11:00:00Z');
    const decisions = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(db, policy('concurrent'), 'client-a', now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('stores neither the subject nor anything that reveals it', async () => {
    await consumeRateLimit(db, policy('privacy'), 'ana@example.org', new Date('2026-03-02T12:00:00Z'));
    const rows = await db.rateLimitWindow.findMany({ where: { key: { startsWith: 'privacy:' } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).not.toContain('ana');
    expect(rows[0]?.key).not.toContain('example');
  });
});
