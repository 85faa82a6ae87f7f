// API tokens in use: when their last use is written down.
import { describe, expect, it } from 'vitest';
import { authenticateToken, createApiToken, LAST_USED_PRECISION_MS } from '@/lib/auth/tokens';
import { getTestDb } from '@/tests/helpers/database';

const db = getTestDb();

async function lastUsedAt(name: string): Promise<Date | null> {
  return (await db.apiToken.findFirstOrThrow({ where: { name }, select: { lastUsedAt: true } })).lastUsedAt;
}

describe("a token's last use", () => {
  it('is written on first use, then at most once per LAST_USED_PRECISION_MS, not on every call', async () => {
    const { token } = await createApiToken(db, { name: 'last-used', scopes: ['read'] });
    expect(await lastUsedAt('last-used')).toBeNull();

    const first = new Date('2026-11-29T10:00:00Z');
    expect(await authenticateToken(db, token, first)).not.toBeNull();
    expect(await lastUsedAt('last-used')).toEqual(first);

    // A collector's next calls within the minute authenticate without writing.
    const soon = new Date(first.getTime() + LAST_USED_PRECISION_MS - 1);
    expect(await authenticateToken(db, token, soon)).not.toBeNull();
    expect(await lastUsedAt('last-used')).toEqual(first);

    const later = new Date(first.getTime() + LAST_USED_PRECISION_MS);
    expect(await authenticateToken(db, token, later)).not.toBeNull();
    expect(await lastUsedAt('last-used')).toEqual(later);
  });

  it('is not written for a revoked token', async () => {
    const { token } = await createApiToken(db, { name: 'revoked', scopes: ['read'] });
    await db.apiToken.updateMany({ where: { name: 'revoked' }, data: { revokedAt: new Date('2026-01-01T00:00:00Z') } });
    expect(await authenticateToken(db, token, new Date('2026-11-29T10:00:00Z'))).toBeNull();
    expect(await lastUsedAt('revoked')).toBeNull();
  });
});
