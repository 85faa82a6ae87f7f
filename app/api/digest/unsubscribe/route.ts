// One-click unsubscribe for the weekly digest (RFC 8058). Mail clients POST `List-Unsubscribe=One-Click`
// to the signed URL from the List-Unsubscribe header; a person following the link in the mail gets a
// confirmation page (GET never unsubscribes: link scanners and previews fetch URLs on their own).
// No session is needed: the HMAC in the link is the authorisation (lib/digest/unsubscribe.ts).
import { getDb } from '@/lib/db';
import { parseUnsubscribeParams } from '@/lib/digest/unsubscribe';
import { checkUnsubscribeLink, unsubscribeWithLink } from '@/lib/digest/subscriptions';
import { escapeHtml } from '@/lib/digest/render-html';
import { getEnv } from '@/lib/env';
import { clientIpFrom } from '@/lib/security/client-ip';

export const dynamic = 'force-dynamic';

function page(status: number, title: string, body: string): Response {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Vitals</title></head>
<body style="margin:0;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;background:#f6f8fa;color:#1f2328;">
<main style="max-width:480px;margin:64px auto;padding:24px;background:#fff;border:1px solid #d8dee4;border-radius:8px;">
<h1 style="margin:0 0 12px;font-size:20px;">${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' },
  });
}

const INVALID = () => page(400, 'This link is not valid', '<p>The unsubscribe link is incomplete or was changed. Use the link from the latest digest, or ask an administrator to remove you.</p>');
const DONE = () => page(200, 'You are unsubscribed', '<p>You will receive no more weekly digests from Vitals. An administrator can subscribe you again.</p>');

function secret(): string | null {
  return getEnv().AUTH_SECRET ?? null;
}

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const params = parseUnsubscribeParams(url.searchParams);
  const key = secret();
  if (!params || !key) return INVALID();
  const state = await checkUnsubscribeLink(getDb(), params.subscriptionId, params.signature, key);
  if (state === 'invalid') return INVALID();
  if (state === 'already-unsubscribed') return DONE();
  const action = `${url.pathname}?${new URLSearchParams({ s: String(params.subscriptionId), sig: params.signature }).toString()}`;
  return page(200, 'Unsubscribe from the weekly digest?', `<p>You will no longer receive the Vitals weekly digest at this address.</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit" style="padding:8px 16px;font-size:14px;font-weight:600;color:#fff;background:#cf222e;border:0;border-radius:6px;cursor:pointer;">Unsubscribe</button></form>`);
}

export async function POST(request: Request): Promise<Response> {
  const params = parseUnsubscribeParams(new URL(request.url).searchParams);
  const key = secret();
  if (!params || !key) return INVALID();
  // RFC 8058 clients send this exact body; the confirmation form sends none. Either way the signed
  // URL decides, and the body is read only to record which it was.
  const body = await request.text().catch(() => '');
  const outcome = await unsubscribeWithLink(getDb(), {
    subscriptionId: params.subscriptionId,
    signature: params.signature,
    secret: key,
    ip: clientIpFrom(request.headers),
    oneClick: body.includes('List-Unsubscribe=One-Click'),
  });
  return outcome === 'invalid' ? INVALID() : DONE();
}
