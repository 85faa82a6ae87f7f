// Rate limits on the wire. Each test presents its own client address (X-Forwarded-For, as the reverse
// proxy in front of Vitals would set it), so it has counters of its own and leaves other tests alone.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { RATE_LIMITS } from '@/lib/security/rate-limit';

const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}, 203.0.113.${randomBytes(1)[0] ?? 1}`;

test('ingest: a token gets 429 with Retry-After past its limit', async ({ request }) => {
  const forwardedFor = `192.0.2.${randomBytes(1)[0] ?? 7}`;
  const token = `vit_${randomBytes(24).toString('base64url')}`;
  const send = () =>
    request.post('/api/v1/ingest/deployments', {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor, 'content-type': 'application/json' },
      data: { deployments: [] },
      failOnStatusCode: false,
    });
  const limit = RATE_LIMITS.ingestPerToken.limit;
  const statuses: number[] = [];
  // In small parallel batches: the limiter counts in the database, whatever the order.
  for (let sent = 0; sent < limit; sent += 20) statuses.push(...(await Promise.all(Array.from({ length: Math.min(20, limit - sent) }, () => send().then((r) => r.status())))));
  expect(statuses.every((status) => status === 401)).toBe(true);
  const refused = await send();
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
});

test('sign-in: one client address is refused past its limit, others are not', async ({ request }) => {
  const forwardedFor = address();
  const attempt = (from: string) =>
    request.post('/api/auth/signin/email', {
      headers: { 'x-forwarded-for': from, 'content-type': 'application/x-www-form-urlencoded' },
      data: 'email=nobody%40example.org&csrfToken=none',
      maxRedirects: 0,
      failOnStatusCode: false,
    });
  const limit = RATE_LIMITS.signInPerIp.limit;
  for (let sent = 0; sent < limit; sent += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, limit - sent) }, () => attempt(forwardedFor)));
    for (const response of batch) expect(response.headers().location ?? '').not.toContain('RateLimited');
  }
  const refused = await attempt(forwardedFor);
  expect(refused.status()).toBe(303);
  expect(refused.headers().location).toContain('/signin?error=RateLimited');
  const other = await attempt(address());
  expect(other.headers().location ?? '').not.toContain('RateLimited');
});
