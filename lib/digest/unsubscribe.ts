// Signed one-click unsubscribe links. The link names the subscription and carries an HMAC-SHA256 of it
// under AUTH_SECRET, so nobody can unsubscribe someone else by guessing ids, and nothing is stored per
// mail. Links do not expire: an unsubscribe link in an old digest must keep working (RFC 8058 §4).
import { createHmac, timingSafeEqual } from 'node:crypto';

const PURPOSE = 'vitals.digest.unsubscribe.v1';

export const UNSUBSCRIBE_PATH = '/api/digest/unsubscribe';

export function unsubscribeSignature(subscriptionId: number, secret: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}:${subscriptionId}`).digest('base64url');
}

export function verifyUnsubscribeSignature(subscriptionId: number, signature: string, secret: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(subscriptionId, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The absolute unsubscribe URL for a subscription, used in the mail body and the List-Unsubscribe header. */
export function unsubscribeUrl(appUrl: string, subscriptionId: number, secret: string): string {
  // Appended, not resolved, so an APP_URL with a base path (https://host/vitals) keeps it.
  const params = new URLSearchParams({ s: String(subscriptionId), sig: unsubscribeSignature(subscriptionId, secret) });
  return `${appUrl.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}?${params.toString()}`;
}

/** Reads `s` and `sig` from a request URL; null when either is missing or malformed. */
export function parseUnsubscribeParams(params: URLSearchParams): { subscriptionId: number; signature: string } | null {
  const id = Number(params.get('s'));
  const signature = params.get('sig');
  if (!Number.isSafeInteger(id) || id <= 0 || !signature || !/^[A-Za-z0-9_-]{20,100}$/.test(signature)) return null;
  return { subscriptionId: id, signature };
}
