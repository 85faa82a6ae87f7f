'use client';
// Primary navigation. A client component only to mark the current page and to carry the period
// (from/to/tz) across pages, so switching page keeps the period the manager chose.
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview', match: (p: string) => p === '/' || p.startsWith('/teams') || p.startsWith('/repos') },
  { href: '/compare', label: 'Compare', match: (p: string) => p.startsWith('/compare') },
  { href: '/records/deployments', label: 'Records', match: (p: string) => p.startsWith('/records') },
  { href: '/collectors', label: 'Collectors', match: (p: string) => p.startsWith('/collectors') },
] as const;

const PERIOD_PARAMS = ['range', 'from', 'to', 'tz'] as const;

const ADMIN_LINK = { href: '/admin', label: 'Admin', match: (p: string) => p.startsWith('/admin') };

export function NavLinks({ isAdmin = false }: { isAdmin?: boolean }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const carried = new URLSearchParams();
  for (const key of PERIOD_PARAMS) {
    const value = searchParams.get(key);
    if (value) carried.set(key, value);
  }
  const suffix = carried.size > 0 ? `?${carried.toString()}` : '';

  return (
    <ul className="flex flex-wrap items-center gap-1">
      {[...LINKS, ...(isAdmin ? [ADMIN_LINK] : [])].map((link) => {
        const active = link.match(pathname);
        // The admin area has no period; the dashboards carry it.
        const href = link === ADMIN_LINK ? link.href : `${link.href}${suffix}`;
        return (
          <li key={link.href}>
            <Link
              href={href}
              aria-current={active ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
                active ? 'bg-raised text-ink' : 'text-muted hover:bg-raised hover:text-ink'
              }`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
