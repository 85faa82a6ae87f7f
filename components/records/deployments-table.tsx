import Link from 'next/link';
import { ExternalLink } from '@/components/external-link';
import { DeploymentStatusPill, Pill } from '@/components/records/badges';
import { TableShell } from '@/components/records/table-shell';
import { SortHeader, type SortState } from '@/components/table/sort-header';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { DeploymentRow } from '@/lib/records/deployments';

export function DeploymentsTable({ rows, sort, timeZone }: { rows: DeploymentRow[]; sort: SortState; timeZone: string }) {
  return (
    <TableShell
      caption="Deployments"
      head={
        <tr>
          <SortHeader label="Finished" sortKey="finishedAt" state={sort} />
          <SortHeader label="Repository" sortKey="repository" state={sort} />
          <SortHeader label="Environment" sortKey="environment" state={sort} />
          <SortHeader label="Status" sortKey="status" state={sort} />
          <SortHeader label="Outcome" state={sort} />
          <SortHeader label="Recovery" state={sort} align="right" />
          <SortHeader label="Changes" state={sort} align="right" />
          <SortHeader label="Source" state={sort} />
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <td className="num whitespace-nowrap">
            <Link prefetch={false} href={`/records/deployments/${row.id}`} className="link">{formatDateTime(row.finishedAt, timeZone)}</Link>
          </td>
          <td className="font-mono text-xs">{row.repository}</td>
          <td>
            {row.environment}
            {!row.counted && row.status === 'success' && <span className="ml-1 text-xs text-faint">(not production)</span>}
          </td>
          <td><DeploymentStatusPill status={row.status} /></td>
          <td className="space-x-1">
            {row.failed && <Pill tone="bad" title="Caused an incident or was rolled back">Failed</Pill>}
            {row.rolledBackAt && <Pill tone="warn">Rolled back</Pill>}
            {row.incidents.length > 0 && (
              <Pill tone="bad">{row.incidents.length} incident{row.incidents.length > 1 ? 's' : ''}{row.incidents.some((i) => i.security) ? ' · security' : ''}</Pill>
            )}
            {row.isRollback && <Pill tone="info">Rollback</Pill>}
            {row.rework && !row.isRollback && <Pill tone="warn">Hotfix / revert</Pill>}
            {row.counted && !row.failed && !row.rework && <span className="text-xs text-faint">OK</span>}
          </td>
          <td className="num whitespace-nowrap text-right">{row.failed ? (row.recoverySeconds === null ? <span className="text-bad">not recovered</span> : formatDuration(row.recoverySeconds)) : ''}</td>
          <td className="num text-right">{row.shippedChanges}</td>
          <td className="whitespace-nowrap">
            <ExternalLink href={row.url}>{row.sha ? <span className="font-mono text-xs">{row.sha.slice(0, 7)}</span> : row.externalId}</ExternalLink>
          </td>
        </tr>
      ))}
    </TableShell>
  );
}
