import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your e-mail' };

// Shown after every request for a link, whether or not the address may sign in, so this page does not
// tell anyone which addresses have accounts.
export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-md space-y-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Check your e-mail</h1>
      <p className="text-sm text-muted">
        If this address may sign in to Vitals, a sign-in link is on its way. It works once, for 15 minutes.
      </p>
      <p className="text-sm">
        <Link href="/signin" className="link">
          Back to sign-in
        </Link>
      </p>
    </div>
  );
}
