import Link from 'next/link';
import { ExternalLink } from '@/components/external-link';
import { Pill } from '@/components/records/badges';
import { TableShell } from '@/components/records/table-shell';
import { SortHeader, type SortState } from '@/components/table/sort-header';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { ChangeRow } from '@/lib/records/changes';

export function ChangesTable({ rows, sort, timeZone }: { rows: ChangeRow[]; sort: SortState; timeZone: string }) {
  return (
    <TableShell
      caption="Changes"
      head={
        <tr>
          <SortHeader label="Change" sortKey="number" state={sort} />
          <SortHeader label="Repository" sortKey="repository" state={sort} />
          <SortHeader label="Merged" sortKey="mergedAt" state={sort} />
          <SortHeader label="Deployed" sortKey="deployedAt" state={sort} />
          <SortHeader label="Lead time" state={sort} align="right" />
          <SortHeader label="Coding · review · deploy" state={sort} align="right" />
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <td className="max-w-[420px]">
            <Link prefetch={false} href={`/records/changes/${row.id}`} className="link">{row.title ?? 'Untitled'}</Link>
            <div className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-faint">
              <ExternalLink href={row.url}>{row.number !== null ? `#${row.number}` : row.externalId.split('/').slice(-2).join('/')}</ExternalLink>
              {row.author && <span>{row.author}</span>}
              {row.isRework && <Pill tone="warn">Rework</Pill>}
              {row.labels.slice(0, 4).map((label) => <Pill key={label} tone="neutral">{label}</Pill>)}
            </div>
          </td>
          <td className="font-mono text-xs">{row.repository}</td>
          <td className="num whitespace-nowrap">{formatDateTime(row.mergedAt, timeZone)}</td>
          <td className="num whitespace-nowrap">
            {row.deployedAt ? (
              row.shippedBy ? <Link prefetch={false} href={`/records/deployments/${row.shippedBy.id}`} className="link">{formatDateTime(row.deployedAt, timeZone)}</Link> : formatDateTime(row.deployedAt, timeZone)
            ) : (
              <span className="text-faint">not shipped</span>
            )}
          </td>
          <td className="num whitespace-nowrap text-right font-medium">{formatDuration(row.leadTimeSeconds)}</td>
          <td className="num whitespace-nowrap text-right text-xs text-muted">
            {formatDuration(row.codingSeconds)} · {formatDuration(row.reviewSeconds)} · {formatDuration(row.deploySeconds)}
          </td>
        </tr>
      ))}
    </TableShell>
  );
}
