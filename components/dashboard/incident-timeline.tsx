import Link from 'next/link';
import { SeverityPill } from '@/components/records/badges';
import { formatDateTime, formatShortDate } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { Period } from '@/lib/metrics/types';
import type { IncidentRow } from '@/lib/records/incidents';

/**
 * Incidents active in the period on a shared time axis: a bar from start to resolution (clipped to the
 * period), open incidents running to the end. Each row also states its times in words.
 */
export function IncidentTimeline({ rows, total, period, allHref }: { rows: IncidentRow[]; total: number; period: Period; allHref: string }) {
  if (total === 0) return <p className="text-sm text-muted">No incident was active in this period.</p>;
  const from = period.from.getTime();
  const span = period.to.getTime() - from;
  const pct = (t: number) => Math.min(100, Math.max(0, ((t - from) / span) * 100));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => new Date(from + f * span));
  return (
    <div className="space-y-2">
      <div className="relative ml-[40%] h-4 text-[10px] text-faint" aria-hidden="true">
        {ticks.map((tick, index) => (
          <span key={index} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left: `${index * 25}%` }}>
            {formatShortDate(tick, period.timeZone)}
          </span>
        ))}
      </div>
      <ol className="space-y-1" data-testid="incident-timeline">
        {rows.map((row) => {
          const start = pct(row.startedAt.getTime());
          const end = pct(row.resolvedAt ? row.resolvedAt.getTime() : period.to.getTime());
          return (
            <li key={row.id} className="grid grid-cols-[40%_60%] items-center gap-0 text-xs">
              <div className="flex min-w-0 items-center gap-1.5 pr-2">
                <SeverityPill severity={row.severity} />
                <Link prefetch={false} href={`/records/incidents/${row.id}`} className="link truncate" title={row.title}>
                  {row.security && <span className="mr-1 rounded bg-band-low px-1 text-[10px] font-semibold text-band-low-ink">Security</span>}
                  {row.title}
                </Link>
              </div>
              <div className="relative h-5 rounded bg-raised/60">
                <div
                  className={`absolute top-1 h-3 rounded ${row.resolvedAt ? (row.security ? 'bg-[var(--chart-5)]' : 'bg-[var(--chart-3)]') : 'bg-bad'}`}
                  style={{ left: `${start}%`, width: `${Math.max(0.8, end - start)}%` }}
                  aria-hidden="true"
                />
                <span className="sr-only">
                  Started {formatDateTime(row.startedAt, period.timeZone)},{' '}
                  {row.resolvedAt ? `resolved after ${formatDuration(row.durationSeconds)}` : 'still open'}.
                </span>
              </div>
            </li>
          );
        })}
      </ol>
      <p className="flex flex-wrap gap-3 text-xs text-muted">
        <span><span aria-hidden="true" className="mr-1 inline-block h-2 w-3 rounded-sm bg-[var(--chart-3)]" />resolved</span>
        <span><span aria-hidden="true" className="mr-1 inline-block h-2 w-3 rounded-sm bg-[var(--chart-5)]" />security, resolved</span>
        <span><span aria-hidden="true" className="mr-1 inline-block h-2 w-3 rounded-sm bg-bad" />still open</span>
        {total > rows.length && <Link prefetch={false} href={allHref} className="link ml-auto">All {total} incidents</Link>}
      </p>
    </div>
  );
}
