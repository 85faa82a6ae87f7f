// All of Vitals' next-auth setup, in one module: providers, storage, callbacks that enforce who may sign
// in, events that write the audit trail, cookie and session settings. The route handler
// (app/api/auth/[...nextauth]) and the proxy use only what this module exports.
import type { AuthOptions, Account, User } from 'next-auth';
import type { NextAuthMiddlewareOptions } from 'next-auth/middleware';
import EmailProvider from 'next-auth/providers/email';
import type { Provider } from 'next-auth/providers/index';
import { recordAuditEvent } from '@/lib/audit';
import { createAdapter, normaliseEmail } from '@/lib/auth/adapter';
import { gitHubEndpoints, gitHubProvider } from '@/lib/auth/github';
import { MAGIC_LINK_MAX_AGE_SECONDS, sendMagicLink } from '@/lib/auth/magic-link';
import { getAuthSecret } from '@/lib/auth/secret';
import { recordSignOut } from '@/lib/auth/sign-out';
import { generateSessionToken, sessionCookieName, sessionCookieOptions, sessionMaxAgeSeconds, usesSecureCookies } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { currentRequestContext } from '@/lib/security/request-context';
import { consumeRateLimit, RATE_LIMITS } from '@/lib/security/rate-limit';

export const SIGN_IN_PAGE = '/signin';
export const CHECK_EMAIL_PAGE = '/signin/check-email';

/** Which sign-in methods this server offers (the sign-in page shows these). */
export function enabledSignInMethods() {
  const env = getEnv();
  return {
    github: Boolean(env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET),
    email: Boolean(env.SMTP_HOST),
    demo: env.VITALS_DEMO && env.NODE_ENV !== 'production',
  };
}

async function recordSignInFailure(reason: string, details: { provider?: string; email?: string | null }) {
  const { ip } = currentRequestContext();
  await recordAuditEvent(getDb(), {
    actor: { type: 'user', id: null, name: details.email ?? null },
    action: 'auth.sign_in_failed',
    target: details.email ? `user:${details.email}` : null,
    details: { reason, provider: details.provider ?? null },
    ip,
  });
}

/** Whether this identity may sign in: in invite mode only users an admin added (or already linked). */
async function maySignIn(user: User, account: Account | null): Promise<boolean> {
  if (getEnv().AUTH_SIGNUP === 'open') return true;
  const db = getDb();
  if (account && account.type === 'oauth') {
    const linked = await db.account.findUnique({
      where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
      select: { userId: true },
    });
    if (linked) return true;
  }
  if (!user.email) return false;
  return (await db.user.findUnique({ where: { email: normaliseEmail(user.email) }, select: { id: true } })) !== null;
}

function buildAuthOptions(): AuthOptions {
  const env = getEnv();
  // next-auth takes its own address only from NEXTAUTH_URL (never from the Host header, which a client
  // controls and which would otherwise end up in the links of sign-in e-mails). Set it from APP_URL.
  // APP_URL may carry a base path (https://intranet.example/vitals): keep it.
  process.env.NEXTAUTH_URL = `${env.APP_URL.replace(/\/+$/, '')}/api/auth`;

  const providers: Provider[] = [];
  const methods = enabledSignInMethods();
  if (methods.github && env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) {
    providers.push(gitHubProvider(env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET, gitHubEndpoints(env)));
  }
  if (methods.email) {
    providers.push(
      EmailProvider({
        from: env.SMTP_FROM,
        maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
        sendVerificationRequest: sendMagicLink,
      }),
    );
  }
  const maxAge = sessionMaxAgeSeconds();

  return {
    secret: getAuthSecret(),
    adapter: createAdapter(getDb),
    providers,
    session: {
      strategy: 'database',
      maxAge,
      // Equal to maxAge: a session is never extended, so it ends SESSION_MAX_AGE_HOURS after sign-in.
      updateAge: maxAge,
      generateSessionToken,
    },
    useSecureCookies: usesSecureCookies(),
    cookies: {
      sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() },
    },
    pages: { signIn: SIGN_IN_PAGE, error: SIGN_IN_PAGE, verifyRequest: CHECK_EMAIL_PAGE, signOut: SIGN_IN_PAGE },
    callbacks: {
      async signIn({ user, account, email }) {
        const provider = account?.provider;
        const address = user.email ? normaliseEmail(user.email) : null;
        if (email?.verificationRequest) {
          // Asking for a link: limit links per address (counted for unknown addresses too, so the limit
          // does not reveal who has an account), then answer unknown addresses exactly like known ones.
          const decision = await consumeRateLimit(getDb(), RATE_LIMITS.magicLinkPerEmail, address ?? '');
          if (!decision.allowed) {
            if (decision.used - 1 <= decision.limit) await recordSignInFailure('rate_limited', { provider, email: address });
            return `${SIGN_IN_PAGE}?error=RateLimited`;
          }
          if (!(await maySignIn(user, account))) {
            await recordSignInFailure('not_invited', { provider, email: address });
            return `${CHECK_EMAIL_PAGE}?provider=email&type=email`;
          }
          return true;
        }
        if (provider === 'github' && !address) {
          await recordSignInFailure('no_verified_email', { provider, email: null });
          return false;
        }
        if (!(await maySignIn(user, account))) {
          await recordSignInFailure('not_invited', { provider, email: address });
          return false;
        }
        return true;
      },
      async redirect({ url, baseUrl }) {
        // Only back into Vitals: a callbackUrl pointing elsewhere would make sign-in an open redirect.
        if (url.startsWith('/') && !url.startsWith('//')) return `${baseUrl}${url}`;
        return new URL(url, baseUrl).origin === baseUrl ? url : baseUrl;
      },
      async session({ session, user }) {
        // /api/auth/session tells the browser who is signed in and no more.
        return { expires: session.expires, user: { name: user.name ?? null, email: user.email ?? null } };
      },
    },
    events: {
      async signIn({ user, account, isNewUser }) {
        await recordAuditEvent(getDb(), {
          actor: { type: 'user', id: user.id, name: user.name ?? user.email ?? null },
          action: 'auth.sign_in',
          target: `user:${user.email ?? user.id}`,
          details: { provider: account?.provider ?? null, newUser: Boolean(isNewUser) },
          ip: currentRequestContext().ip,
        });
      },
      async signOut({ session }) {
        // With database sessions next-auth passes the deleted session row, which names its user.
        const stored = (session as { userId?: unknown }).userId;
        if (typeof stored === 'string') await recordSignOut(getDb(), stored, currentRequestContext().ip);
      },
      async linkAccount({ user, account }) {
        await recordAuditEvent(getDb(), {
          actor: { type: 'user', id: user.id, name: user.email ?? null },
          action: 'auth.account_link',
          target: `user:${user.email ?? user.id}`,
          details: { provider: account.provider },
          ip: currentRequestContext().ip,
        });
      },
    },
    logger: {
      // Codes and messages only: next-auth's metadata can hold request details. Lines also pass the
      // console redaction installed at start (lib/security/redact.ts).
      error(code, metadata) {
        const error = metadata instanceof Error ? metadata : metadata.error;
        console.error(`[auth] ${code}: ${error?.message ?? 'no details'}`);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
}

let cached: AuthOptions | undefined;

export function getAuthOptions(): AuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

/** Files the browser fetches for any page, the sign-in page included (app icons, robots.txt). */
const PUBLIC_FILES = /^\/(favicon\.ico|icon\d*\.(svg|png|ico)|apple-icon\d*\.(png|jpg)|robots\.txt|manifest\.webmanifest)$/;

/** Pages anyone may open; API routes answer 401 themselves (they also accept bearer tokens). */
export function isPublicPath(pathname: string): boolean {
  return pathname === SIGN_IN_PAGE || pathname.startsWith(`${SIGN_IN_PAGE}/`) || pathname.startsWith('/api/') || PUBLIC_FILES.test(pathname);
}

/**
 * What proxy.ts gives next-auth's withAuth. Sessions live in the database, so the proxy cannot verify
 * one without a query on every request, including static ones; it only sends visitors without a
 * session cookie to sign in (keeping where they were going). The real check is getCurrentViewer(),
 * which every page and route makes: a forged or expired cookie passes the proxy and gets nothing.
 */
export function proxyAuthOptions(): NextAuthMiddlewareOptions {
  return {
    // withAuth insists on a secret, which it would use to decrypt a JWT cookie; with database sessions
    // it decodes nothing (see jwt.decode below). A fixed label instead of AUTH_SECRET keeps the proxy,
    // and so /api/health and token-authenticated API calls, working on a server whose sign-in is
    // misconfigured; sign-in itself then fails loudly in getAuthOptions().
    secret: 'unused-by-withauth-with-database-sessions',
    pages: { signIn: SIGN_IN_PAGE, error: SIGN_IN_PAGE },
    // Nothing to decode: the cookie is a random session id, not a JWT.
    jwt: { decode: async () => null },
    callbacks: {
      authorized: ({ req }) => isPublicPath(req.nextUrl.pathname) || req.cookies.has(sessionCookieName()),
    },
  };
}

/** Extra origins forms may lead to (CSP form-action): the GitHub sign-in page, when GitHub is on. */
export function signInFormOrigins(): string[] {
  return enabledSignInMethods().github ? [gitHubEndpoints().web] : [];
}
