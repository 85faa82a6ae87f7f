// The demo sign-in: pick one of the demo users (one per role) without a password. It exists only when
// VITALS_DEMO is on (npm run demo) and NODE_ENV is not production (lib/env.ts refuses that combination
// at start; this module checks again), and it can only ever sign in as a user of the demo domain, so
// turning it on by mistake on a real installation never hands out a real admin.
import { recordAuditEvent } from '@/lib/audit';
import { createSession } from '@/lib/auth/sessions';
import type { Db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { ROLES } from '@/lib/access/viewer';

/** Demo users are seeded under this domain (lib/demo/seed.ts), e.g. alex.admin@demo.vitals.local */
export const DEMO_EMAIL_DOMAIN = 'demo.vitals.local';

export function isDemoSignInEnabled(): boolean {
  const env = getEnv();
  return env.VITALS_DEMO && env.NODE_ENV !== 'production';
}

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: string | null;
  teams: string[];
}

export async function listDemoUsers(db: Db): Promise<DemoUser[]> {
  if (!isDemoSignInEnabled()) return [];
  const users = await db.user.findMany({
    where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } },
    select: { id: true, name: true, email: true, role: true, memberships: { select: { team: { select: { name: true } } } } },
  });
  const rank = (role: string | null) => (role === null ? ROLES.length : ROLES.indexOf(role as (typeof ROLES)[number]));
  return users
    .map((user) => ({
      id: user.id,
      name: user.name ?? user.email ?? user.id,
      email: user.email ?? '',
      role: user.role,
      teams: user.memberships.map((m) => m.team.name).sort(),
    }))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.name.localeCompare(b.name));
}

export class DemoSignInRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoSignInRefusedError';
  }
}

/** Creates a session for a demo user; the caller sets the cookie. */
export async function signInAsDemoUser(db: Db, userId: string, ip: string | null): Promise<{ token: string; expires: Date }> {
  if (!isDemoSignInEnabled()) throw new DemoSignInRefusedError('The demo sign-in is turned off.');
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } });
  if (!user?.email?.endsWith(`@${DEMO_EMAIL_DOMAIN}`)) throw new DemoSignInRefusedError('Not a demo user.');
  const session = await createSession(db, user.id);
  await recordAuditEvent(db, {
    actor: { type: 'user', id: user.id, name: user.name ?? user.email },
    action: 'auth.sign_in',
    target: `user:${user.email}`,
    details: { provider: 'demo', newUser: false },
    ip,
  });
  return session;
}
