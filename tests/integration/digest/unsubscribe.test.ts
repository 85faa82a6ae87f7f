// One-click unsubscribe through the route handler: RFC 8058 POST, the GET confirmation page (which never
// unsubscribes), tampered links, and the audit event.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const SECRET = vi.hoisted(() => {
  const secret = 'unsubscribe-test-secret-of-at-least-32-chars';
  // Read once by lib/env on first use, which comes after this.
  process.env.AUTH_SECRET = secret;
  return secret;
});

import { GET, POST } from '@/app/api/digest/unsubscribe/route';
import { unsubscribeUrl } from '@/lib/digest/unsubscribe';
import { getTestDb } from '@/tests/helpers/database';

let subscriptionId: number;
let link: string;

beforeAll(async () => {
  const db = getTestDb();
  subscriptionId = (await db.digestSubscription.create({ data: { email: 'lead@example.test', timeZone: 'UTC' } })).id;
  link = unsubscribeUrl('http://localhost:3000', subscriptionId, SECRET);
});

async function active(): Promise<boolean | undefined> {
  return (await getTestDb().digestSubscription.findUnique({ where: { id: subscriptionId } }))?.active;
}

describe('/api/digest/unsubscribe', () => {
  it('shows a confirmation page on GET and changes nothing', async () => {
    const response = await GET(new Request(link));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Unsubscribe from the weekly digest?');
    expect(html).toContain('<form method="post"');
    expect(await active()).toBe(true);
  });

  it('refuses a tampered or foreign link', async () => {
    const forged = link.replace(`s=${subscriptionId}`, `s=${subscriptionId + 1}`);
    expect((await POST(new Request(forged, { method: 'POST', body: 'List-Unsubscribe=One-Click' }))).status).toBe(400);
    expect((await GET(new Request(link.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')))).status).toBe(400);
    expect(await active()).toBe(true);
  });

  it('unsubscribes on the RFC 8058 one-click POST, once, and records it', async () => {
    const request = () => new Request(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    const response = await POST(request());
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You are unsubscribed');
    expect(await active()).toBe(false);
    // Again (a client retrying): the same answer, no second event.
    expect((await POST(request())).status).toBe(200);
    const events = await getTestDb().auditEvent.findMany({ where: { action: 'digest.unsubscribe' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ target: `digest-subscription:${subscriptionId}`, details: { oneClick: true } });
    // The confirmation page now says it is done.
    expect(await (await GET(new Request(link))).text()).toContain('You are unsubscribed');
  });
});
