// next-auth's storage, over the one Prisma client (lib/db). Written here rather than taken from
// @next-auth/prisma-adapter because that package constructs its queries for a client generated into
// @prisma/client, while Vitals generates Prisma 7's client into lib/generated, and because Vitals stores
// less than it would: session tokens only as hashes, and no OAuth access or refresh tokens at all
// (sign-in needs the GitHub identity once, never the GitHub token afterwards).
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from 'next-auth/adapters';
import type { Db } from '@/lib/db';
import { recordAuditEvent } from '@/lib/audit';
import { hashSessionToken } from '@/lib/auth/sessions';
import { currentRequestContext } from '@/lib/security/request-context';

const userSelect = { id: true, name: true, email: true, emailVerified: true, image: true } as const;

type UserRow = { id: string; name: string | null; email: string | null; emailVerified: Date | null; image: string | null };

function toAdapterUser(row: UserRow): AdapterUser {
  return { id: row.id, name: row.name, email: row.email ?? '', emailVerified: row.emailVerified, image: row.image };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAdapter(getDb: () => Db): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, 'id'>) {
      // Only with AUTH_SIGNUP=open: someone proved an address and now waits, granted nothing (role null,
      // no memberships), for an admin. Audited here rather than in next-auth's createUser event, which
      // also fires when a GitHub account is linked to an existing user.
      const row = await getDb().$transaction(async (tx) => {
        const created = await tx.user.create({
          data: { name: user.name ?? null, email: user.email ? normaliseEmail(user.email) : null, emailVerified: user.emailVerified, image: user.image ?? null, role: null },
          select: userSelect,
        });
        await recordAuditEvent(tx, {
          actor: { type: 'user', id: created.id, name: created.email },
          action: 'user.create',
          target: `user:${created.email ?? created.id}`,
          details: { via: 'sign-in', role: null },
          ip: currentRequestContext().ip,
        });
        return created;
      });
      return toAdapterUser(row);
    },
    async getUser(id) {
      const row = await getDb().user.findUnique({ where: { id }, select: userSelect });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByEmail(email) {
      const row = await getDb().user.findUnique({ where: { email: normaliseEmail(email) }, select: userSelect });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await getDb().account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: userSelect } },
      });
      return account ? toAdapterUser(account.user) : null;
    },
    async updateUser(user) {
      const row = await getDb().user.update({
        where: { id: user.id },
        data: {
          ...(user.name !== undefined ? { name: user.name } : {}),
          ...(user.image !== undefined ? { image: user.image } : {}),
          ...(user.emailVerified !== undefined ? { emailVerified: user.emailVerified } : {}),
        },
        select: userSelect,
      });
      return toAdapterUser(row);
    },
    async linkAccount(account: AdapterAccount) {
      await getDb().account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          // Deliberately not stored: access_token, refresh_token, id_token, session_state.
          token_type: account.token_type ?? null,
          scope: account.scope ?? null,
        },
      });
    },
    async unlinkAccount({ provider, providerAccountId }: Pick<AdapterAccount, 'provider' | 'providerAccountId'>) {
      await getDb().account.deleteMany({ where: { provider, providerAccountId } });
    },
    async createSession(session) {
      await getDb().session.create({
        data: { sessionToken: hashSessionToken(session.sessionToken), userId: session.userId, expires: session.expires },
      });
      // next-auth sets the cookie from what this returns: the token itself, never stored.
      return { sessionToken: session.sessionToken, userId: session.userId, expires: session.expires };
    },
    async getSessionAndUser(sessionToken) {
      const row = await getDb().session.findUnique({
        where: { sessionToken: hashSessionToken(sessionToken) },
        select: { userId: true, expires: true, user: { select: userSelect } },
      });
      if (!row) return null;
      const session: AdapterSession = { sessionToken, userId: row.userId, expires: row.expires };
      return { session, user: toAdapterUser(row.user) };
    },
    async updateSession(session) {
      const hashed = hashSessionToken(session.sessionToken);
      const existing = await getDb().session.findUnique({ where: { sessionToken: hashed }, select: { userId: true, expires: true } });
      if (!existing) return null;
      const expires = session.expires ?? existing.expires;
      await getDb().session.update({ where: { sessionToken: hashed }, data: { expires } });
      return { sessionToken: session.sessionToken, userId: existing.userId, expires };
    },
    async deleteSession(sessionToken) {
      const hashed = hashSessionToken(sessionToken);
      const existing = await getDb().session.findUnique({ where: { sessionToken: hashed }, select: { userId: true, expires: true } });
      if (!existing) return null;
      await getDb().session.deleteMany({ where: { sessionToken: hashed } });
      return { sessionToken, userId: existing.userId, expires: existing.expires };
    },
    async createVerificationToken(token) {
      // next-auth hands over SHA-256(token + secret), never the token in the email.
      await getDb().verificationToken.create({ data: { identifier: normaliseEmail(token.identifier), token: token.token, expires: token.expires } });
      return token;
    },
    async useVerificationToken({ identifier, token }) {
      // Delete-and-return in one statement, so a link works once even when clicked twice at once.
      const rows = await getDb().$queryRaw<{ identifier: string; token: string; expires: Date }[]>`
        DELETE FROM "VerificationToken" WHERE "identifier" = ${normaliseEmail(identifier)} AND "token" = ${token}
        RETURNING "identifier", "token", "expires"`;
      return rows[0] ?? null;
    },
  };
}
