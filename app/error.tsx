'use client';
// Any unexpected failure while rendering a page: say so plainly, offer a retry, show the digest that
// matches the server log (the message itself may hold details and is not shown in production).
import { useEffect } from 'react';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section role="alert" className="mx-auto max-w-xl rounded-xl border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-muted">
        Something went wrong on our side — often the database is unreachable. Check <a href="/api/health" className="link">/api/health</a>, then try again.
      </p>
      {error.digest && <p className="mt-2 font-mono text-xs text-faint">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-4 h-9 rounded-md bg-accent px-4 text-sm font-medium text-accent-ink">
        Try again
      </button>
    </section>
  );
}
