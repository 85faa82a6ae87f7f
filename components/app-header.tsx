import Link from 'next/link';
import { Suspense } from 'react';
import { NavLinks } from '@/components/nav-links';
import { signOutAction } from '@/app/signin/actions';
import { getCurrentViewer } from '@/lib/auth/current-viewer';

export async function AppHeader() {
  const viewer = await getCurrentViewer();
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-[1400px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-ink">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-accent" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M2 12h4l3-8 4 16 3-8h6" />
          </svg>
          Vitals
        </Link>
        <nav aria-label="Main" className="flex-1">
          <Suspense fallback={null}>
            <NavLinks isAdmin={viewer?.role === 'admin'} />
          </Suspense>
        </nav>
        {viewer && (
          <div className="flex items-center gap-3 text-sm text-muted">
            <p>
              <span className="sr-only">Signed in as </span>
              {viewer.name}
              {viewer.role && <span className="ml-2 rounded bg-raised px-1.5 py-0.5 text-xs capitalize">{viewer.role}</span>}
            </p>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md px-2 py-1 hover:bg-raised hover:text-ink">Sign out</button>
            </form>
          </div>
        )}
      </div>
    </header>
  );
}
