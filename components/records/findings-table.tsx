import Link from 'next/link';
import { ExternalLink } from '@/components/external-link';
import { Pill, SeverityPill } from '@/components/records/badges';
import { TableShell } from '@/components/records/table-shell';
import { SortHeader, type SortState } from '@/components/table/sort-header';
import { formatDate } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { FindingRow } from '@/lib/records/findings';

export function FindingsTable({ rows, sort, timeZone }: { rows: FindingRow[]; sort: SortState; timeZone: string }) {
  return (
    <TableShell
      caption="Security findings"
      head={
        <tr>
          <SortHeader label="Finding" state={sort} />
          <SortHeader label="Severity" state={sort} />
          <SortHeader label="Tool" sortKey="tool" state={sort} />
          <SortHeader label="Repository" sortKey="repository" state={sort} />
          <SortHeader label="Opened" sortKey="openedAt" state={sort} />
          <SortHeader label="Fixed" sortKey="fixedAt" state={sort} />
          <SortHeader label="Age / time to fix" state={sort} align="right" />
          <SortHeader label="SLA" state={sort} />
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <td className="max-w-[360px]">
            <Link prefetch={false} href={`/records/findings/${row.id}`} className="link">{row.title ?? row.ruleId ?? 'Finding'}</Link>
            <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-faint">
              {/* Long ids ("owner/repo/code-scanning/40") read best by their last two parts. */}
              <ExternalLink href={row.url}>{row.externalId.split('/').slice(-2).join('/')}</ExternalLink>
              {row.state !== 'open' && (
                <span>
                  {row.state}
                  {row.dismissedReason ? ` (${row.dismissedReason})` : ''}
                </span>
              )}
            </div>
          </td>
          <td><SeverityPill severity={row.severity} /></td>
          <td className="text-xs">{row.tool}</td>
          <td className="font-mono text-xs">{row.repository}</td>
          <td className="num whitespace-nowrap">{formatDate(row.openedAt, timeZone)}</td>
          <td className="num whitespace-nowrap">{formatDate(row.state === 'fixed' ? row.fixedAt : null, timeZone)}</td>
          <td className="num whitespace-nowrap text-right">{formatDuration(row.ageSeconds)}</td>
          <td className="whitespace-nowrap text-xs">
            {row.breached ? <Pill tone="bad">Past SLA</Pill> : row.slaDays !== null ? <span className="text-faint">{row.slaDays} d</span> : '–'}
          </td>
        </tr>
      ))}
    </TableShell>
  );
}
