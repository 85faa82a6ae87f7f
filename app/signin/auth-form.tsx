'use client';
// A plain HTML form that posts to one of next-auth's endpoints. next-auth checks a double-submit CSRF
// token: its cookie is set by GET /api/auth/csrf, and the same value must come back in the form, so the
// form asks for it on mount and stays disabled until it has it. All forms of the page share one request:
// two requests made at once would each set a different cookie, and one form's token would not match.
import { useEffect, useState, type ReactNode } from 'react';

let csrfTokenRequest: Promise<string> | null = null;

function fetchCsrfToken(): Promise<string> {
  csrfTokenRequest ??= fetch('/api/auth/csrf', { credentials: 'same-origin', cache: 'no-store' })
    .then((response) => (response.ok ? (response.json() as Promise<{ csrfToken?: string }>) : Promise.reject(new Error(`status ${response.status}`))))
    .then((body) => body.csrfToken ?? Promise.reject(new Error('no token in the answer')))
    .catch((error: unknown) => {
      // Let the next mount try again.
      csrfTokenRequest = null;
      throw error;
    });
  return csrfTokenRequest;
}

export function AuthForm({ action, callbackUrl, children, className }: { action: string; callbackUrl: string; children: ReactNode; className?: string }) {
  const [csrfToken, setCsrfToken] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let active = true;
    fetchCsrfToken()
      .then((token) => {
        if (active) setCsrfToken(token);
      })
      .catch((error: unknown) => {
        if (!active) return;
        console.warn('Could not prepare the sign-in form:', error instanceof Error ? error.message : error);
        setFailed(true);
      });
    return () => {
      active = false;
    };
  }, []);

  return (
    <form method="post" action={action} className={className} aria-busy={csrfToken === null && !failed}>
      <input type="hidden" name="csrfToken" value={csrfToken ?? ''} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <fieldset disabled={csrfToken === null} className="contents">
        {children}
      </fieldset>
      {failed && (
        <p role="alert" className="mt-2 text-sm text-bad">
          The sign-in form could not be prepared. Reload the page to try again.
        </p>
      )}
    </form>
  );
}
