// Database sessions. The cookie holds 256 random bits; the database holds only their SHA-256, so a
// leaked copy of the Session table signs nobody in. Sessions end SESSION_MAX_AGE_HOURS after sign-in
// whatever the activity (next-auth's updateAge is set to the full lifetime, so it never extends one),
// after SESSION_IDLE_MINUTES without a request, on sign-out, and when an admin removes the user or
// revokes their sessions.
import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Role, type Viewer } from '@/lib/access/viewer';
import type { DbClient } from '@/lib/db';
import { getEnv } from '@/lib/env';

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionMaxAgeSeconds(): number {
  return getEnv().SESSION_MAX_AGE_HOURS * 3600;
}

/** Cookies are Secure (and the session cookie __Host- bound to this exact origin) when served over HTTPS. */
export function usesSecureCookies(): boolean {
  return getEnv().APP_URL.startsWith('https://');
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? '__Host-vitals-session' : 'vitals-session';
}

export function sessionCookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: usesSecureCookies() };
}

export async function createSession(db: DbClient, userId: string, now = new Date()): Promise<{ token: string; expires: Date }> {
  const token = generateSessionToken();
  const expires = new Date(now.getTime() + sessionMaxAgeSeconds() * 1000);
  await db.session.create({ data: { sessionToken: hashSessionToken(token), userId, expires, lastSeenAt: now } });
  return { token, expires };
}

/** Deletes the session behind a cookie value; returns its user, or null when there was none. */
export async function deleteSession(db: DbClient, token: string): Promise<{ userId: string } | null> {
  const rows = await db.session.findUnique({ where: { sessionToken: hashSessionToken(token) }, select: { id: true, userId: true } });
  if (!rows) return null;
  await db.session.deleteMany({ where: { id: rows.id } });
  return { userId: rows.userId };
}

/** Signs a user out everywhere (role removed, user removed, or on request). */
export async function revokeUserSessions(db: DbClient, userId: string): Promise<number> {
  const result = await db.session.deleteMany({ where: { userId } });
  return result.count;
}

export function parseRole(value: string | null): Role | null {
  return value !== null && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

interface UserWithMemberships {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  memberships: { teamId: number; role: string }[];
}

export function viewerFromUser(user: UserWithMemberships): Viewer {
  const role = parseRole(user.role);
  const teamIds = user.memberships.map((membership) => membership.teamId).sort((a, b) => a - b);
  return {
    kind: 'user',
    id: user.id,
    name: user.name ?? user.email ?? 'Unnamed user',
    role,
    teamIds,
    // Only managers manage: a membership marked manager gives a member or an executive nothing more.
    managedTeamIds: role === 'manager' ? user.memberships.filter((m) => m.role === 'manager').map((m) => m.teamId) : [],
    scopes: [],
  };
}

export const viewerUserSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  memberships: { select: { teamId: true, role: true } },
} as const;

/** Recording every request would write on every page view; a minute's precision is plenty for an idle limit. */
const LAST_SEEN_PRECISION_MS = 60_000;

/**
 * The viewer behind a session cookie value, or null when it is unknown, expired, or idle for longer
 * than SESSION_IDLE_MINUTES (automatic logoff: the session is then deleted, so it cannot come back).
 */
export async function viewerForSessionToken(db: DbClient, token: string, now = new Date()): Promise<Viewer | null> {
  if (token.length === 0 || token.length > 200) return null;
  const hashed = hashSessionToken(token);
  const session = await db.session.findUnique({
    where: { sessionToken: hashed },
    select: { id: true, expires: true, lastSeenAt: true, user: { select: viewerUserSelect } },
  });
  if (!session || session.expires <= now) return null;
  const idleMinutes = getEnv().SESSION_IDLE_MINUTES;
  const idleMs = now.getTime() - session.lastSeenAt.getTime();
  if (idleMinutes > 0 && idleMs > idleMinutes * 60_000) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (idleMs > LAST_SEEN_PRECISION_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return viewerFromUser(session.user);
}
