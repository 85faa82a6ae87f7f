// Wraps next-auth's route handler: rate limits sign-in attempts per client address, gives next-auth's
// callbacks and events the client address (for the audit trail), and records failed sign-ins that
// next-auth reports only as a redirect to the error page.
import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { recordAuditEvent } from '@/lib/audit';
import { getAuthOptions, SIGN_IN_PAGE } from '@/lib/auth/config';
import { normaliseEmail } from '@/lib/auth/adapter';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { clientIpFrom } from '@/lib/security/client-ip';
import { consumeRateLimit, RATE_LIMITS } from '@/lib/security/rate-limit';
import { runWithRequestContext } from '@/lib/security/request-context';

export interface AuthRouteContext {
  params: Promise<{ nextauth: string[] }>;
}

/** Errors already recorded, with their reason, by the signIn callback (lib/auth/config.ts). */
const RECORDED_BY_CALLBACK = new Set(['AccessDenied', 'RateLimited']);

function signInErrorOf(response: Response): string | null {
  const location = response.headers.get('location');
  if (!location) return null;
  const url = new URL(location, getEnv().APP_URL);
  return url.searchParams.get('error');
}

/** Sign-in attempts: starting a sign-in, and coming back from GitHub or an e-mail link. */
function isSignInAttempt(method: string, action: string | undefined): boolean {
  return (method === 'POST' && action === 'signin') || action === 'callback';
}

export async function handleAuthRequest(request: NextRequest, context: AuthRouteContext): Promise<Response> {
  const ip = clientIpFrom(request.headers);
  const { nextauth } = await context.params;
  const [action, provider] = nextauth;

  if (isSignInAttempt(request.method, action)) {
    const decision = await consumeRateLimit(getDb(), RATE_LIMITS.signInPerIp, ip ?? 'unknown');
    if (!decision.allowed) {
      // Recorded once per burst, not once per refused request: a flood must not flood the audit log.
      if (decision.used - 1 <= decision.limit) {
        await recordAuditEvent(getDb(), {
          actor: { type: 'user', id: null, name: null },
          action: 'auth.sign_in_failed',
          details: { reason: 'rate_limited', provider: provider ?? null },
          ip,
        });
      }
      // APP_URL may carry a base path (https://intranet.example/vitals): keep it.
      const location = `${getEnv().APP_URL.replace(/\/+$/, '')}${SIGN_IN_PAGE}?error=RateLimited`;
      return new Response(null, { status: 303, headers: { Location: location, 'Retry-After': String(decision.retryAfterSeconds) } });
    }
  }

  return runWithRequestContext({ ip, userAgent: request.headers.get('user-agent') }, async () => {
    const response = (await NextAuth(request, context, getAuthOptions())) as Response;
    const error = isSignInAttempt(request.method, action) ? signInErrorOf(response) : null;
    if (error && !RECORDED_BY_CALLBACK.has(error)) {
      const email = request.nextUrl.searchParams.get('email');
      await recordAuditEvent(getDb(), {
        actor: { type: 'user', id: null, name: email ? normaliseEmail(email).slice(0, 200) : null },
        action: 'auth.sign_in_failed',
        details: { reason: error.slice(0, 100), provider: provider ?? null },
        ip,
      });
    }
    return response;
  });
}
