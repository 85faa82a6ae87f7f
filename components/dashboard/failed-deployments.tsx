import Link from 'next/link';
import { Pill } from '@/components/records/badges';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { DeploymentRow } from '@/lib/records/deployments';

/** The period's failed production deployments, newest first, each with what made it fail. */
export function FailedDeployments({ rows, total, timeZone, allHref }: { rows: DeploymentRow[]; total: number; timeZone: string; allHref: string }) {
  if (total === 0) return <p className="text-sm text-muted">No production deployment failed in this period.</p>;
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-line text-sm">
        {rows.map((row) => (
          <li key={row.id} className="py-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <Link prefetch={false} href={`/records/deployments/${row.id}`} className="link num">{formatDateTime(row.finishedAt, timeZone)}</Link>
              <span className="font-mono text-xs text-muted">{row.repository}</span>
            </div>
            <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
              <span className="text-muted">Cause:</span>
              {row.rolledBackAt && <Pill tone="warn">Rolled back</Pill>}
              {row.incidents.map((incident) => (
                <Link key={incident.id} prefetch={false} href={`/records/incidents/${incident.id}`} className="link">
                  {incident.security && <span className="mr-1 rounded bg-band-low px-1 text-[10px] font-semibold text-band-low-ink">Security</span>}
                  {incident.title}
                </Link>
              ))}
              <span className="ml-auto text-muted">
                {row.recoverySeconds === null ? <span className="text-bad">not recovered</span> : <>recovered in {formatDuration(row.recoverySeconds)}</>}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {total > rows.length && (
        <Link prefetch={false} href={allHref} className="link text-sm">All {total} failed deployments</Link>
      )}
    </div>
  );
}
