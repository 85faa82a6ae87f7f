import type { ReactNode } from 'react';
import Link from 'next/link';
import { requireAdminPage } from '@/lib/auth/require-admin';

const SECTIONS = [
  { href: '/admin/users', label: 'Users and roles' },
  { href: '/admin/tokens', label: 'API tokens' },
  { href: '/admin/sources', label: 'Sources' },
  { href: '/admin/jobs', label: 'Jobs' },
  { href: '/admin/digest', label: 'Weekly digest' },
  { href: '/admin/audit', label: 'Audit log' },
];

// Every page below checks again (requireAdminPage is memoised per request); this check keeps the
// section navigation itself from rendering for anyone else.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return (
    <div className="space-y-6">
      <nav aria-label="Administration" className="border-b border-line pb-3">
        <ul className="flex flex-wrap gap-1">
          {SECTIONS.map((section) => (
            <li key={section.href}>
              <Link href={section.href} className="rounded-md px-3 py-1.5 text-sm font-medium text-muted hover:bg-raised hover:text-ink">
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </div>
  );
}
