// Rate limits shared by every web replica: counters live in Postgres (RateLimitWindow), not in process
// memory, because Vitals may run several web replicas behind a load balancer and an in-process limiter
// would multiply each limit by the replica count and forget everything on restart. One upsert per
// checked request; a sliding window approximated from the current and previous fixed windows, so a
// burst across a window boundary cannot double the limit.
import { createHash } from 'node:crypto';
import type { DbClient } from '@/lib/db';

export interface RateLimitPolicy {
  /** Names the counter family, e.g. "signin-ip"; part of the stored key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Weighted requests in the sliding window, this one included. */
  used: number;
  limit: number;
  /** When refused: seconds until enough of the window has passed to allow one more. */
  retryAfterSeconds: number;
}

/** The limits Vitals applies. Generous for people and CI, tight enough to stop guessing and mail floods. */
export const RATE_LIMITS = {
  /** Sign-in requests (magic-link requests, OAuth starts and callbacks, demo sign-ins) per client address. */
  // Per address, so generous: a hospital behind one NAT address signs in hundreds of people on a Monday.
  signInPerIp: { name: 'signin-ip', limit: 300, windowSeconds: 15 * 60 },
  /** Magic links sent to one address: stops using Vitals to flood someone's mailbox. */
  magicLinkPerEmail: { name: 'signin-email', limit: 5, windowSeconds: 60 * 60 },
  /** Ingest calls per presented token (each call carries up to 5,000 records). */
  ingestPerToken: { name: 'ingest-token', limit: 120, windowSeconds: 60 },
  /** Ingest calls per client address, whatever token they present (stops floods of made-up tokens). */
  ingestPerIp: { name: 'ingest-ip', limit: 300, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitPolicy>;

function counterKey(policy: RateLimitPolicy, subject: string): string {
  // Hashed: the table must not become a list of who signed in from where, or of token values.
  return `${policy.name}:${createHash('sha256').update(subject, 'utf8').digest('base64url').slice(0, 32)}`;
}

/** Counts one request against `policy` for `subject` and says whether it is within the limit. */
export async function consumeRateLimit(
  db: DbClient,
  policy: RateLimitPolicy,
  subject: string,
  now: Date = new Date(),
): Promise<RateLimitDecision> {
  const windowMs = policy.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const previousStart = new Date(windowStart.getTime() - windowMs);
  const expiresAt = new Date(windowStart.getTime() + 2 * windowMs);
  const key = counterKey(policy, subject);
  const rows = await db.$queryRaw<{ current: number; previous: number }[]>`
    WITH hit AS (
      INSERT INTO "RateLimitWindow" ("key", "windowStart", "count", "expiresAt")
      VALUES (${key}, ${windowStart}, 1, ${expiresAt})
      ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + 1
      RETURNING "count")
    SELECT (SELECT "count" FROM hit)::int AS current,
           COALESCE((SELECT "count" FROM "RateLimitWindow" WHERE "key" = ${key} AND "windowStart" = ${previousStart}), 0)::int AS previous`;
  const current = rows[0]?.current ?? 1;
  const previous = rows[0]?.previous ?? 0;
  const elapsed = (now.getTime() - windowStart.getTime()) / windowMs;
  const used = current + previous * (1 - elapsed);
  const allowed = used <= policy.limit;
  let retryAfterSeconds = 0;
  if (!allowed) {
    // The previous window's weight falls linearly; once it has fallen enough, one more fits. When the
    // current window alone is over, wait for the next one.
    const excess = used - policy.limit;
    const waitMs = previous > 0 && current <= policy.limit ? (excess / previous) * windowMs : windowStart.getTime() + windowMs - now.getTime();
    retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  }
  // Expired counters are swept now and then by whichever request comes along: no scheduler needed, and
  // the delete touches only rows past their window thanks to the expiresAt index.
  if (Math.random() < 0.01) {
    await db.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "expiresAt" < ${now}`;
  }
  return { allowed, used, limit: policy.limit, retryAfterSeconds };
}
