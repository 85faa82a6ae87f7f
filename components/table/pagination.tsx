import Link from 'next/link';
import { formatCount } from '@/lib/format/number';

export function Pagination({ page, pageSize, total, hrefFor }: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const button = 'rounded-md border border-line px-3 py-1.5 text-sm';
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted">
      <p className="num" data-testid="row-range">
        {total === 0 ? 'No records' : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link prefetch={false} href={hrefFor(page - 1)} className={`${button} hover:bg-raised hover:text-ink`} rel="prev">← Previous</Link>
        ) : (
          <span className={`${button} opacity-50`} aria-disabled="true">← Previous</span>
        )}
        <span className="num">Page {page} of {pages}</span>
        {page < pages ? (
          <Link prefetch={false} href={hrefFor(page + 1)} className={`${button} hover:bg-raised hover:text-ink`} rel="next">Next →</Link>
        ) : (
          <span className={`${button} opacity-50`} aria-disabled="true">Next →</span>
        )}
      </div>
    </nav>
  );
}
