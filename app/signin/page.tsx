import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { demoSignInAction } from '@/app/signin/actions';
import { AuthForm } from '@/app/signin/auth-form';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { enabledSignInMethods } from '@/lib/auth/config';
import { getCurrentViewer } from '@/lib/auth/current-viewer';
import { listDemoUsers } from '@/lib/auth/demo';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'Sign in' };

/** next-auth's error codes (and ours), as people should read them. Unknown codes get the generic one. */
const ERROR_MESSAGES: Record<string, string> = {
  AccessDenied: 'This account may not sign in to Vitals. Ask an admin to add you.',
  Verification: 'That sign-in link has expired or was already used. Ask for a new one.',
  EmailSignin: 'The sign-in e-mail could not be sent. Try again in a moment.',
  OAuthAccountNotLinked: 'This address already belongs to another sign-in. Use the method you used before.',
  RateLimited: 'Too many sign-in attempts. Wait a few minutes, then try again.',
  SessionRequired: 'Sign in to see that page.',
  Configuration: 'Sign-in is not configured correctly on this server. An admin can find the cause in the server log.',
};
const GENERIC_ERROR = 'Sign-in did not complete. Try again.';

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl));
  if (await getCurrentViewer()) redirect(callbackUrl);

  const methods = enabledSignInMethods();
  const demoUsers = methods.demo ? await listDemoUsers(getDb()) : [];
  const errorCode = first(params.error);
  const error = errorCode ? (ERROR_MESSAGES[errorCode] ?? GENERIC_ERROR) : null;
  const none = !methods.github && !methods.email && !methods.demo;

  return (
    <div className="mx-auto max-w-md space-y-6 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Vitals</h1>
        {first(params.signedOut) && !error && (
          <p role="status" className="mt-2 text-sm text-muted">
            You are signed out.
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="rounded-lg border border-bad px-4 py-2 text-sm text-bad">
          {error}
        </p>
      )}

      {methods.github && (
        <AuthForm action="/api/auth/signin/github" callbackUrl={callbackUrl}>
          <button type="submit" className="w-full rounded-lg bg-ink px-4 py-2.5 text-sm font-semibold text-canvas hover:opacity-90 disabled:opacity-60">
            Continue with GitHub
          </button>
        </AuthForm>
      )}

      {methods.email && (
        <AuthForm action="/api/auth/signin/email" callbackUrl={callbackUrl} className="space-y-2 rounded-xl border border-line bg-surface p-4">
          <label htmlFor="signin-email" className="block text-sm font-medium">
            Work e-mail
          </label>
          <input
            id="signin-email"
            name="email"
            type="email"
            required
            autoComplete="email"
            maxLength={320}
            className="w-full rounded-md border border-line bg-canvas px-3 py-2 text-sm"
          />
          <button type="submit" className="w-full rounded-lg bg-accent px-4 py-2 text-sm font-semibold text-accent-ink hover:opacity-90 disabled:opacity-60">
            E-mail me a sign-in link
          </button>
          <p className="text-xs text-muted">The link works once, for 15 minutes.</p>
        </AuthForm>
      )}

      {methods.demo && (
        <section aria-labelledby="demo-heading" className="space-y-3 rounded-xl border border-dashed border-line bg-surface p-4">
          <div>
            <h2 id="demo-heading" className="text-sm font-semibold">
              Demo sign-in
            </h2>
            <p className="text-xs text-muted">This server runs the demo: choose who to be. It is never offered in production.</p>
          </div>
          {demoUsers.length === 0 ? (
            <p className="text-sm text-muted">No demo users yet. Load the demo data first (npm run demo).</p>
          ) : (
            <form action={demoSignInAction}>
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <ul className="divide-y divide-line">
                {demoUsers.map((user) => (
                  <li key={user.id} className="flex items-center justify-between gap-3 py-2">
                    <div className="min-w-0 text-sm">
                      <div className="font-medium">{user.name}</div>
                      <div className="truncate text-xs text-muted">
                        <span className="capitalize">{user.role ?? 'no role'}</span>
                        {user.teams.length > 0 && ` · ${user.teams.join(', ')}`}
                      </div>
                    </div>
                    <button
                      type="submit"
                      name="userId"
                      value={user.id}
                      aria-label={`Sign in as ${user.name} (${user.role ?? 'no role'})`}
                      className="shrink-0 rounded-md border border-line px-3 py-1.5 text-sm font-medium hover:bg-raised"
                    >
                      Sign in
                    </button>
                  </li>
                ))}
              </ul>
            </form>
          )}
        </section>
      )}

      {none && (
        <p className="rounded-lg border border-line bg-surface px-4 py-3 text-sm text-muted">
          No sign-in method is configured. Set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or SMTP_HOST for e-mail links
          (see .env.example), then add the first admin with: <code>npm run vitals -- user add --email you@example.org --role admin</code>
        </p>
      )}
    </div>
  );
}
