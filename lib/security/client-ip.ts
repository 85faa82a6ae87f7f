// The client address of a request, for rate limits and the audit trail. Next.js sets X-Forwarded-For
// to the socket address only when the header is absent, so the trustworthy entry is the one appended by
// the outermost proxy we run: TRUSTED_PROXY_HOPS entries from the right. Entries further left are
// whatever the client wrote and are ignored.
import { getEnv } from '@/lib/env';

export interface HeaderSource {
  get(name: string): string | null;
}

export function clientIpFrom(headers: HeaderSource, trustedHops = getEnv().TRUSTED_PROXY_HOPS): string | null {
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded) return null;
  const entries = forwarded.split(',').map((entry) => entry.trim()).filter(Boolean);
  const entry = entries[Math.max(entries.length - trustedHops, 0)];
  if (!entry) return null;
  // Only address characters: the value lands in logs and the audit table.
  return /^[0-9a-fA-F:.[\]]{2,64}$/.test(entry) ? entry : null;
}
