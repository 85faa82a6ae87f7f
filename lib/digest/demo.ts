// Digest subscriptions for the demo: the demo executive and managers get the weekly digest in the
// organisation's time zone, so the admin digest page lists them and previews them as they would see it.
// A demo user who already has a subscription (even one they unsubscribed) is left as they are.
import type { Db } from '@/lib/db';
import { subscribeUser } from '@/lib/digest/subscriptions';

/** Subscribes every demo executive and manager not subscribed yet; returns the new subscription ids. */
export async function ensureDemoDigestSubscriptions(db: Db, emailDomain: string): Promise<number[]> {
  const [org, users] = await Promise.all([
    db.orgSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } }),
    db.user.findMany({
      where: { email: { endsWith: `@${emailDomain}` }, role: { in: ['executive', 'manager'] }, digests: { none: {} } },
      select: { id: true },
      orderBy: { email: 'asc' },
    }),
  ]);
  const ids: number[] = [];
  for (const user of users) {
    ids.push(await subscribeUser(db, user.id, org?.timeZone ?? 'UTC', { type: 'system', name: 'demo' }));
  }
  return ids;
}
