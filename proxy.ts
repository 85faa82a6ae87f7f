// Runs before every request: per-request CSP nonce and security headers, sign-in redirect for pages
// (next-auth's withAuth, configured in lib/auth/config.ts), and rate limits on the ingest API, which
// are enforced here, before any route code, so every ingest route gets them.
import { withAuth, type NextMiddlewareWithAuth } from 'next-auth/middleware';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { errorResponse } from '@/lib/api/errors';
import { proxyAuthOptions, signInFormOrigins } from '@/lib/auth/config';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { clientIpFrom } from '@/lib/security/client-ip';
import { contentSecurityPolicy, createNonce } from '@/lib/security/headers';
import { consumeRateLimit, RATE_LIMITS } from '@/lib/security/rate-limit';

/** Forwards the request with a fresh nonce: Next.js reads it from the request's CSP header and puts it on its scripts. */
function withSecurityHeaders(request: NextRequest): NextResponse {
  const env = getEnv();
  const csp = contentSecurityPolicy({
    nonce: createNonce(),
    dev: env.NODE_ENV === 'development',
    formActionOrigins: signInFormOrigins(),
    https: env.APP_URL.startsWith('https://'),
  });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

async function limitIngest(request: NextRequest): Promise<NextResponse | null> {
  const ip = clientIpFrom(request.headers) ?? 'unknown';
  const token = request.headers.get('authorization') ?? '';
  const db = getDb();
  // The address limit first: a flood of made-up tokens is stopped before it fills the token counters.
  const byIp = await consumeRateLimit(db, RATE_LIMITS.ingestPerIp, ip);
  const decision = byIp.allowed && token ? await consumeRateLimit(db, RATE_LIMITS.ingestPerToken, token) : byIp;
  if (decision.allowed) return null;
  return errorResponse(429, 'rate_limited', `Too many ingest calls: at most ${decision.limit} per minute. Retry after ${decision.retryAfterSeconds} s.`, {
    'Retry-After': String(decision.retryAfterSeconds),
  });
}

let requireSession: NextMiddlewareWithAuth | undefined;

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.method === 'POST' && request.nextUrl.pathname.startsWith('/api/v1/ingest/')) {
    const refused = await limitIngest(request);
    if (refused) return refused;
  }
  requireSession ??= withAuth((req) => withSecurityHeaders(req), proxyAuthOptions());
  // withAuth returns nothing for the paths it leaves alone (sign-in pages, /api/auth): secure those too.
  return (await requireSession(request as Parameters<NextMiddlewareWithAuth>[0], event)) ?? withSecurityHeaders(request);
}

export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|robots.txt).*)',
      // Prefetches are not rendered pages: no nonce needed, no counter touched.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
