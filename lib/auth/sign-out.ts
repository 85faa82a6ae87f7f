import { recordAuditEvent } from '@/lib/audit';
import type { Db } from '@/lib/db';

/** The audit event of a sign-out, named like sign-ins (user:<address>) so one filter finds both. */
export async function recordSignOut(db: Db, userId: string, ip: string | null): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  await recordAuditEvent(db, {
    actor: { type: 'user', id: userId, name: user?.name ?? user?.email ?? null },
    action: 'auth.sign_out',
    target: `user:${user?.email ?? userId}`,
    ip,
  });
}
