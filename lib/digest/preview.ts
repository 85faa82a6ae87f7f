// Digest previews (the admin page and `npm run digest -- --preview`): the exact message a recipient would
// get for a week, composed by the same code as a send, never sent and never recorded as sent.
import { accessScopeOf, FULL_ACCESS } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { composeDigest, type ComposedDigest } from '@/lib/digest/compose';
import { engineDigestMetrics } from '@/lib/digest/engine-metrics';
import type { DigestMetrics, DigestRecipient } from '@/lib/digest/gather';
import { loadDigestRecipient, viewerOfUser } from '@/lib/digest/recipients';
import { escapeHtml } from '@/lib/digest/render-html';
import { getEnv } from '@/lib/env';
import { canonicalTimeZone } from '@/lib/metrics/period';
import { digestSlotOfWeek, latestDigestSlot, type DigestSlot } from '@/lib/jobs/schedules';

export interface PreviewRequest {
  /** The address the preview is for: a subscriber's or user's address uses their access. */
  to: string;
  /** Limit to one team (by slug) instead of the recipient's own access. */
  teamSlug?: string;
  /** ISO week reported, e.g. 2026-W10; default the latest week whose digest is due. */
  week?: string;
  timeZone?: string;
  now?: Date;
  metrics?: DigestMetrics;
}

export interface DigestPreview extends ComposedDigest {
  slot: DigestSlot;
  /** How the recipient's access was chosen, for the person previewing. */
  accessNote: string;
  recipient: DigestRecipient;
}

export class PreviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewError';
  }
}

async function recipientFor(db: Db, request: PreviewRequest, orgTimeZone: string): Promise<{ recipient: DigestRecipient; note: string }> {
  const address = request.to.trim().toLowerCase();
  if (request.teamSlug) {
    const team = await db.team.findUnique({ where: { slug: request.teamSlug }, select: { id: true, name: true } });
    if (!team) throw new PreviewError(`No team "${request.teamSlug}".`);
    return {
      recipient: { subscriptionId: 0, name: null, email: request.to, timeZone: request.timeZone ?? orgTimeZone, access: { kind: 'teams', teamIds: [team.id] } },
      note: `limited to team ${team.name} (--team)`,
    };
  }
  const subscription = await db.digestSubscription.findFirst({
    where: { OR: [{ email: { equals: address, mode: 'insensitive' } }, { user: { email: { equals: address, mode: 'insensitive' } } }] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  if (subscription) {
    const lookup = await loadDigestRecipient(db, subscription.id);
    if (lookup.kind === 'ok') {
      const recipient = { ...lookup.recipient, timeZone: request.timeZone ?? lookup.recipient.timeZone };
      return { recipient, note: `as subscription #${subscription.id} sees it` };
    }
    throw new PreviewError(`Subscription #${subscription.id} of ${request.to} would not be sent: ${lookup.reason}.`);
  }
  const user = await db.user.findFirst({
    where: { email: { equals: address, mode: 'insensitive' } },
    select: { id: true, name: true, role: true, memberships: { select: { teamId: true, role: true } } },
  });
  if (user) {
    const access = accessScopeOf(viewerOfUser(user, request.to));
    return {
      recipient: { subscriptionId: 0, name: user.name, email: request.to, timeZone: request.timeZone ?? orgTimeZone, access },
      note: `as user ${user.name ?? request.to} (${user.role ?? 'no role'}) would see it; not subscribed`,
    };
  }
  return {
    recipient: { subscriptionId: 0, name: null, email: request.to, timeZone: request.timeZone ?? orgTimeZone, access: FULL_ACCESS },
    note: 'the whole organisation (the address is neither a subscriber nor a user)',
  };
}

export async function previewDigest(db: Db, request: PreviewRequest): Promise<DigestPreview> {
  const env = getEnv();
  const org = await db.orgSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } });
  const { recipient, note } = await recipientFor(db, request, org?.timeZone ?? 'UTC');
  const timeZone = canonicalTimeZone(recipient.timeZone);
  const slot = request.week ? digestSlotOfWeek(request.week, timeZone) : latestDigestSlot(request.now ?? new Date(), timeZone);
  const composed = await composeDigest(
    {
      db,
      metrics: request.metrics ?? engineDigestMetrics(db),
      appUrl: env.APP_URL,
      // A preview's unsubscribe link is never used; without AUTH_SECRET it is signed with a placeholder.
      secret: env.AUTH_SECRET ?? 'preview-only-unsubscribe-links-are-not-valid',
      from: env.SMTP_FROM,
    },
    { ...recipient, timeZone },
    slot,
  );
  return { ...composed, slot, accessNote: note, recipient };
}

/**
 * The HTML with its CID images swapped for other sources (data: URIs for a page, file names for an
 * .html next to its PNGs), so it displays outside a mail client.
 */
export function htmlWithImages(composed: ComposedDigest, source: (chart: ComposedDigest['charts'][number], index: number) => string): string {
  let html = composed.html;
  composed.charts.forEach((chart, index) => {
    html = html.replaceAll(`src="cid:${escapeHtml(chart.spec.cid)}"`, `src="${escapeHtml(source(chart, index))}"`);
  });
  return html;
}

export function dataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
