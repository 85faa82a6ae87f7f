import Link from 'next/link';
import type { ReactNode } from 'react';

export interface SortState {
  sort: string;
  direction: 'asc' | 'desc';
  /** Builds the page's URL with a different sort (page reset to 1). */
  hrefFor: (sort: string, direction: 'asc' | 'desc') => string;
}

/** A column header that sorts the server-rendered table through the URL; aria-sort tells screen readers. */
export function SortHeader({ label, sortKey, state, align = 'left', className = '' }: { label: ReactNode; sortKey?: string; state: SortState; align?: 'left' | 'right'; className?: string }) {
  const base = `px-2 py-2.5 font-medium ${align === 'right' ? 'text-right' : 'text-left'} ${className}`;
  if (!sortKey) return <th scope="col" className={base}>{label}</th>;
  const active = state.sort === sortKey;
  const next = active && state.direction === 'desc' ? 'asc' : 'desc';
  return (
    <th scope="col" className={base} aria-sort={active ? (state.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link href={state.hrefFor(sortKey, next)} className={`inline-flex items-center gap-1 hover:text-ink ${active ? 'text-ink' : ''}`} prefetch={false}>
        {label}
        <span aria-hidden="true" className="text-[10px]">{active ? (state.direction === 'asc' ? '▲' : '▼') : '↕'}</span>
        <span className="sr-only">{active ? `, sorted ${state.direction === 'asc' ? 'ascending' : 'descending'}; activate to reverse` : ', activate to sort'}</span>
      </Link>
    </th>
  );
}
