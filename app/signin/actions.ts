'use server';
// Server actions of the sign-in flow. Next.js checks that a server action's Origin is this site, which
// is the CSRF protection these rely on.
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { recordAuditEvent } from '@/lib/audit';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { DemoSignInRefusedError, signInAsDemoUser } from '@/lib/auth/demo';
import { recordSignOut } from '@/lib/auth/sign-out';
import { deleteSession, sessionCookieName, sessionCookieOptions } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { clientIpFrom } from '@/lib/security/client-ip';
import { consumeRateLimit, RATE_LIMITS } from '@/lib/security/rate-limit';

export async function demoSignInAction(formData: FormData): Promise<void> {
  const ip = clientIpFrom(await headers());
  const decision = await consumeRateLimit(getDb(), RATE_LIMITS.signInPerIp, ip ?? 'unknown');
  if (!decision.allowed) redirect('/signin?error=RateLimited');
  const userId = formData.get('userId');
  if (typeof userId !== 'string' || userId.length > 100) redirect('/signin?error=AccessDenied');
  let session;
  try {
    session = await signInAsDemoUser(getDb(), userId, ip);
  } catch (error) {
    if (!(error instanceof DemoSignInRefusedError)) throw error;
    await recordAuditEvent(getDb(), {
      actor: { type: 'user', id: null, name: null },
      action: 'auth.sign_in_failed',
      details: { reason: 'demo_refused', provider: 'demo' },
      ip,
    });
    redirect('/signin?error=AccessDenied');
  }
  (await cookies()).set(sessionCookieName(), session.token, { ...sessionCookieOptions(), expires: session.expires });
  redirect(safeCallbackPath(formData.get('callbackUrl')));
}

export async function signOutAction(): Promise<void> {
  const store = await cookies();
  const token = store.get(sessionCookieName())?.value;
  if (token) {
    const ended = await deleteSession(getDb(), token);
    if (ended) await recordSignOut(getDb(), ended.userId, clientIpFrom(await headers()));
  }
  // Same attributes as when set: a __Host- cookie is only replaced by one that is Secure with path /.
  store.set(sessionCookieName(), '', { ...sessionCookieOptions(), maxAge: 0 });
  redirect('/signin?signedOut=1');
}
