// next-auth's storage: what reaches the database, and what does not.
import { describe, expect, it } from 'vitest';
import { createAdapter } from '@/lib/auth/adapter';
import { hashSessionToken, viewerForSessionToken, createSession, deleteSession } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { getTestDb } from '@/tests/helpers/database';

const db = getTestDb();
const adapter = createAdapter(getDb);

async function newUser(email: string, role: string | null = null) {
  return db.user.create({ data: { email, role }, select: { id: true } });
}

describe('sessions', () => {
  it('are stored as hashes: the cookie value is nowhere in the database', async () => {
    const user = await newUser('hash@example.org', 'member');
    const created = await adapter.createSession!({ sessionToken: 'cookie-value-0123456789', userId: user.id, expires: new Date(Date.now() + 60_000) });
    expect(created.sessionToken).toBe('cookie-value-0123456789');
    const rows = await db.session.findMany({ where: { userId: user.id } });
    expect(rows.map((row) => row.sessionToken)).toEqual([hashSessionToken('cookie-value-0123456789')]);
    const found = await adapter.getSessionAndUser!('cookie-value-0123456789');
    expect(found?.user.id).toBe(user.id);
    expect(await adapter.getSessionAndUser!(hashSessionToken('cookie-value-0123456789'))).toBeNull();
  });

  it('give no viewer once expired (SESSION_MAX_AGE_HOURS, 8, however active), deleted, or for a made-up value', async () => {
    const user = await newUser('expiry@example.org', 'member');
    const start = new Date('2026-01-01T00:00:00Z');
    const { token } = await createSession(db, user.id, start);
    for (let minute = 20; minute < 8 * 60; minute += 20) {
      expect(await viewerForSessionToken(db, token, new Date(start.getTime() + minute * 60_000)), `minute ${minute}`).not.toBeNull();
    }
    expect(await viewerForSessionToken(db, token, new Date(start.getTime() + 8 * 3_600_000))).toBeNull();
    const live = await createSession(db, user.id);
    expect(await deleteSession(db, live.token)).toEqual({ userId: user.id });
    expect(await viewerForSessionToken(db, live.token)).toBeNull();
    expect(await viewerForSessionToken(db, 'made-up')).toBeNull();
  });

  it('end after SESSION_IDLE_MINUTES (30) without a request, and are kept alive by use', async () => {
    const user = await newUser('idle@example.org', 'member');
    const start = new Date('2026-01-01T08:00:00Z');
    const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
    const { token } = await createSession(db, user.id, start);
    expect(await viewerForSessionToken(db, token, minutes(25))).not.toBeNull();
    expect(await viewerForSessionToken(db, token, minutes(50))).not.toBeNull();
    expect(await viewerForSessionToken(db, token, minutes(81))).toBeNull();
    // Gone for good: coming back within what would have been the limit does not revive it.
    expect(await viewerForSessionToken(db, token, minutes(82))).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('reflect role and membership changes at once (the viewer is read per request)', async () => {
    const user = await newUser('live@example.org', null);
    const team = await db.team.create({ data: { slug: 'live-team', name: 'Live team' } });
    const { token } = await createSession(db, user.id);
    expect((await viewerForSessionToken(db, token))?.role).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { role: 'member' } });
    await db.membership.create({ data: { userId: user.id, teamId: team.id } });
    expect(await viewerForSessionToken(db, token)).toMatchObject({ role: 'member', teamIds: [team.id] });
  });
});

describe('accounts', () => {
  it('keep the link to GitHub but none of its tokens', async () => {
    const user = await newUser('linked@example.org');
    await adapter.linkAccount!({
      userId: user.id,
      type: 'oauth',
      provider: 'github',
      providerAccountId: '42',
      access_token: 'gho_access',
      refresh_token: 'ghr_refresh',
      id_token: 'id',
      token_type: 'bearer',
      scope: 'read:user,user:email',
    });
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account).toMatchObject({ provider: 'github', providerAccountId: '42', access_token: null, refresh_token: null, id_token: null });
    expect((await adapter.getUserByAccount!({ provider: 'github', providerAccountId: '42' }))?.id).toBe(user.id);
  });
});

describe('verification tokens', () => {
  it('work once, even when used twice at the same moment', async () => {
    const expires = new Date(Date.now() + 60_000);
    await adapter.createVerificationToken!({ identifier: 'Once@Example.org', token: 'hashed-token', expires });
    const [first, second] = await Promise.all([
      adapter.useVerificationToken!({ identifier: 'once@example.org', token: 'hashed-token' }),
      adapter.useVerificationToken!({ identifier: 'once@example.org', token: 'hashed-token' }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await adapter.useVerificationToken!({ identifier: 'once@example.org', token: 'hashed-token' })).toBeNull();
  });
});

describe('new users', () => {
  it('are created with no role', async () => {
    const created = await adapter.createUser!({ email: 'New@Example.org', emailVerified: new Date(), name: null, image: null });
    const row = await db.user.findUniqueOrThrow({ where: { id: (created as { id: string }).id } });
    expect(row).toMatchObject({ email: 'new@example.org', role: null });
    expect(await db.auditEvent.count({ where: { action: 'user.create', target: 'user:new@example.org' } })).toBe(1);
  });
});
