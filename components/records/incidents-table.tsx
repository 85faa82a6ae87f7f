import Link from 'next/link';
import { ExternalLink } from '@/components/external-link';
import { Pill, SeverityPill } from '@/components/records/badges';
import { TableShell } from '@/components/records/table-shell';
import { SortHeader, type SortState } from '@/components/table/sort-header';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { IncidentRow } from '@/lib/records/incidents';

const LINK_LABEL: Record<string, string> = { explicit: 'named cause', heuristic: 'within window' };

export function IncidentsTable({ rows, sort, timeZone }: { rows: IncidentRow[]; sort: SortState; timeZone: string }) {
  return (
    <TableShell
      caption="Incidents"
      head={
        <tr>
          <SortHeader label="Incident" state={sort} />
          <SortHeader label="Severity" sortKey="severity" state={sort} />
          <SortHeader label="Started" sortKey="startedAt" state={sort} />
          <SortHeader label="Resolved" sortKey="resolvedAt" state={sort} />
          <SortHeader label="Duration" state={sort} align="right" />
          <SortHeader label="Where" sortKey="repository" state={sort} />
          <SortHeader label="Caused by" state={sort} />
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <td className="max-w-[380px]">
            <Link prefetch={false} href={`/records/incidents/${row.id}`} className="link">{row.title}</Link>
            <div className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-faint">
              <ExternalLink href={row.url}>{row.externalId.split('/').slice(-2).join('/')}</ExternalLink>
              {row.security && <Pill tone="bad">Security</Pill>}
            </div>
          </td>
          <td><SeverityPill severity={row.severity} /></td>
          <td className="num whitespace-nowrap">{formatDateTime(row.startedAt, timeZone)}</td>
          <td className="num whitespace-nowrap">{row.resolvedAt ? formatDateTime(row.resolvedAt, timeZone) : <Pill tone="bad">Open</Pill>}</td>
          <td className="num whitespace-nowrap text-right">{formatDuration(row.durationSeconds)}</td>
          <td className="text-xs">{row.repository ? <span className="font-mono">{row.repository}</span> : row.team ? `Team ${row.team.name}` : '–'}</td>
          <td className="text-xs">
            {row.cause ? (
              <>
                <Link prefetch={false} href={`/records/deployments/${row.cause.id}`} className="link font-mono">{row.cause.externalId}</Link>
                <span className="ml-1 text-faint">({row.linkKind ? LINK_LABEL[row.linkKind] ?? row.linkKind : 'linked'})</span>
              </>
            ) : (
              <span className="text-faint">unlinked</span>
            )}
          </td>
        </tr>
      ))}
    </TableShell>
  );
}
