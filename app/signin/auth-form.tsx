'use client';
// A plain HTML form that posts to one of next-auth's endpoints. next-auth checks a double-submit CSRF
// token: its cookie is set by GET /api/auth/csrf, and the same value must come back in the form, so the
// form asks for it once on mount and stays disabled until it has it.
import { useEffect, useState, type ReactNode } from 'react';

export function AuthForm({ action, callbackUrl, children, className }: { action: string; callbackUrl: string; children: ReactNode; className?: string }) {
  const [csrfToken, setCsrfToken] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/auth/csrf', { signal: controller.signal, credentials: 'same-origin', cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<{ csrfToken?: string }>) : Promise.reject(new Error(String(response.status)))))
      .then((body) => {
        if (body.csrfToken) setCsrfToken(body.csrfToken);
        else setFailed(true);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          console.warn('Could not prepare the sign-in form:', error instanceof Error ? error.message : error);
          setFailed(true);
        }
      });
    return () => controller.abort();
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
