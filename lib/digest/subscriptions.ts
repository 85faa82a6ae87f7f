// Changes to digest subscriptions: one-click unsubscribe from a signed link, and subscribing a user
// (the demo, the admin UI). Each change is an audit event.
import { recordAuditEvent, type AuditActor } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { verifyUnsubscribeSignature } from '@/lib/digest/unsubscribe';
import { canonicalTimeZone } from '@/lib/metrics/period';

export type UnsubscribeOutcome = 'unsubscribed' | 'already-unsubscribed' | 'invalid';

/** Checks the link without changing anything (the GET confirmation page). */
export async function checkUnsubscribeLink(db: Db, subscriptionId: number, signature: string, secret: string): Promise<'valid' | 'already-unsubscribed' | 'invalid'> {
  if (!verifyUnsubscribeSignature(subscriptionId, signature, secret)) return 'invalid';
  const subscription = await db.digestSubscription.findUnique({ where: { id: subscriptionId }, select: { active: true } });
  if (!subscription) return 'already-unsubscribed';
  return subscription.active ? 'valid' : 'already-unsubscribed';
}

/**
 * Turns a subscription off (RFC 8058 one-click POST, or the confirmation page's button). A signed link
 * to a subscription since deleted answers "already unsubscribed": the outcome the person wanted.
 */
export async function unsubscribeWithLink(
  db: Db,
  input: { subscriptionId: number; signature: string; secret: string; ip: string | null; oneClick: boolean },
): Promise<UnsubscribeOutcome> {
  if (!verifyUnsubscribeSignature(input.subscriptionId, input.signature, input.secret)) return 'invalid';
  const changed = await db.digestSubscription.updateMany({ where: { id: input.subscriptionId, active: true }, data: { active: false } });
  if (changed.count === 0) return 'already-unsubscribed';
  await recordAuditEvent(db, {
    actor: { type: 'system', name: 'unsubscribe link' },
    action: 'digest.unsubscribe',
    target: `digest-subscription:${input.subscriptionId}`,
    details: { oneClick: input.oneClick },
    ip: input.ip,
  });
  return 'unsubscribed';
}

/** Subscribes a user to the weekly digest in a time zone (idempotent: an existing one is reactivated). */
export async function subscribeUser(db: Db, userId: string, timeZone: string, actor: AuditActor): Promise<number> {
  const zone = canonicalTimeZone(timeZone);
  const existing = await db.digestSubscription.findFirst({ where: { userId }, select: { id: true, active: true, timeZone: true } });
  if (existing) {
    if (!existing.active || existing.timeZone !== zone) {
      await db.digestSubscription.update({ where: { id: existing.id }, data: { active: true, timeZone: zone } });
    }
    return existing.id;
  }
  const created = await db.digestSubscription.create({ data: { userId, timeZone: zone }, select: { id: true } });
  await recordAuditEvent(db, { actor, action: 'digest.subscribe', target: `digest-subscription:${created.id}`, details: { userId, timeZone: zone } });
  return created.id;
}
