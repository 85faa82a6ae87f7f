// The weekly digest's two job bodies. `queueDueDigests` (every 5 minutes) finds subscribers whose Monday
// 08:00 has come and who have not been sent that week, and queues one send job each; `sendWeeklyDigest`
// sends one. Both take their dependencies as arguments ({ now, db, send, … }).
//
// At most once per subscriber and week, even when a job is retried or two workers race:
//   1. the DigestSend row (unique on subscription and week) is inserted before sending, committed, with
//      sentAt null: a claim that every worker sees;
//   2. the sender then locks that row (FOR UPDATE SKIP LOCKED) in a transaction, sends while holding the
//      lock, and sets sentAt in the same transaction. A second worker racing for the same digest skips
//      the locked row; a retry after success finds sentAt set and stops.
//   3. if SMTP fails or the worker dies before the commit, the lock goes with the transaction and the
//      row stays unsent, so the retry sends it: nothing is lost. The one window left — the server
//      accepted the mail and the process died before COMMIT — is unavoidable with SMTP; the fixed
//      Message-ID lets clients fold that rare copy.
import { z } from 'zod';
import { recordAuditEvent } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { composeDigest, type ComposeDeps } from '@/lib/digest/compose';
import { loadDigestRecipient } from '@/lib/digest/recipients';
import { digestSlotOfWeek, isDigestOwed, latestDigestSlot } from '@/lib/jobs/schedules';
import type { SendMail } from '@/lib/mail/transport';

export const digestSendData = z.object({
  subscriptionId: z.number().int().positive(),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
});
export type DigestSendData = z.infer<typeof digestSendData>;

export interface DueDigestsDeps {
  now: () => Date;
  db: Db;
}

/** Subscriptions owed a digest at `now`, each with the week it reports. */
export async function findDueDigests({ now, db }: DueDigestsDeps): Promise<DigestSendData[]> {
  const at = now();
  const subscriptions = await db.digestSubscription.findMany({
    where: { active: true },
    select: { id: true, timeZone: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  const owed: DigestSendData[] = [];
  for (const subscription of subscriptions) {
    const slot = latestDigestSlot(at, subscription.timeZone);
    if (isDigestOwed(slot, subscription.createdAt)) owed.push({ subscriptionId: subscription.id, week: slot.week });
  }
  if (owed.length === 0) return [];
  const sent = await db.digestSend.findMany({
    where: { sentAt: { not: null }, OR: owed.map((item) => ({ subscriptionId: item.subscriptionId, week: item.week })) },
    select: { subscriptionId: true, week: true },
  });
  const done = new Set(sent.map((row) => `${row.subscriptionId}:${row.week}`));
  const unsent = owed.filter((item) => !done.has(`${item.subscriptionId}:${item.week}`));
  // Subscribers who would be skipped (a user granted nothing yet, no address) are left out here, so the
  // check every 5 minutes does not queue a job for them each time.
  const due: DigestSendData[] = [];
  for (const item of unsent) {
    if ((await loadDigestRecipient(db, item.subscriptionId)).kind === 'ok') due.push(item);
  }
  return due;
}

export interface QueueDueDeps extends DueDigestsDeps {
  /** Queues send jobs, skipping digests whose send is already queued, retrying or running. */
  enqueue: (items: DigestSendData[]) => Promise<void>;
  /** Why digests cannot be sent (no SMTP server, no AUTH_SECRET), or null: then nothing is queued, so no job fails for want of it. */
  cannotSend: string | null;
}

export async function queueDueDigests(deps: QueueDueDeps): Promise<{ due: number; queued: boolean; reason?: string }> {
  const due = await findDueDigests(deps);
  if (due.length === 0) return { due: 0, queued: false };
  if (deps.cannotSend) return { due: due.length, queued: false, reason: deps.cannotSend };
  await deps.enqueue(due);
  return { due: due.length, queued: true };
}

export interface SendDigestDeps {
  now: () => Date;
  db: Db;
  send: SendMail;
  compose: Omit<ComposeDeps, 'db'>;
}

export type SendDigestResult =
  | { outcome: 'sent'; messageId: string; to: string }
  | { outcome: 'already-sent' }
  | { outcome: 'in-progress' }
  | { outcome: 'skipped'; reason: string };

/** Longest we hold the row lock while the SMTP server answers (nodemailer's own timeouts are shorter). */
const SEND_TRANSACTION_TIMEOUT_MS = 3 * 60_000;

export async function sendWeeklyDigest(deps: SendDigestDeps, rawData: unknown): Promise<SendDigestResult> {
  const { subscriptionId, week } = digestSendData.parse(rawData);
  const { db } = deps;

  const existing = await db.digestSend.findUnique({ where: { subscriptionId_week: { subscriptionId, week } }, select: { sentAt: true } });
  if (existing?.sentAt) return { outcome: 'already-sent' };

  const lookup = await loadDigestRecipient(db, subscriptionId);
  if (lookup.kind === 'skip') return { outcome: 'skipped', reason: lookup.reason };
  const { recipient } = lookup;
  const slot = digestSlotOfWeek(week, recipient.timeZone);
  if (slot.sendAt.getTime() > deps.now().getTime()) return { outcome: 'skipped', reason: `not due before ${slot.sendAt.toISOString()}` };

  // Composed before the claim so the row lock is held only for the SMTP conversation.
  const digest = await composeDigest({ ...deps.compose, db }, recipient, slot);
  const messageId = typeof digest.message.messageId === 'string' ? digest.message.messageId : null;

  // 1. The claim: committed at once, visible to every worker, and the anchor of the lock below.
  await db.digestSend.createMany({ data: [{ subscriptionId, week, messageId }], skipDuplicates: true });

  // 2. Send while holding the row; the commit records it.
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: number; sentAt: Date | null }[]>`
        SELECT id, "sentAt" FROM "DigestSend"
        WHERE "subscriptionId" = ${subscriptionId} AND week = ${week}
        FOR UPDATE SKIP LOCKED`;
      const row = rows[0];
      if (!row) return { outcome: 'in-progress' as const };
      if (row.sentAt) return { outcome: 'already-sent' as const };
      const info = await deps.send(digest.message);
      const sentAt = deps.now();
      await tx.digestSend.update({ where: { id: row.id }, data: { sentAt, messageId: info.messageId || messageId } });
      await recordAuditEvent(tx, {
        actor: { type: 'system', name: 'vitals worker' },
        action: 'digest.send',
        target: `digest-subscription:${subscriptionId}`,
        details: { week, to: recipient.email, messageId: info.messageId || messageId, response: info.response },
      });
      return { outcome: 'sent' as const, messageId: info.messageId || messageId || '', to: recipient.email };
    },
    { timeout: SEND_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}
