import { RunStatusPill } from '@/components/records/badges';
import { TableShell } from '@/components/records/table-shell';
import { SortHeader, type SortState } from '@/components/table/sort-header';
import { formatDateTime } from '@/lib/format/date';
import { formatDuration } from '@/lib/format/duration';
import type { RunRow } from '@/lib/records/collector-runs';

export function RunsTable({ rows, sort, timeZone }: { rows: RunRow[]; sort: SortState; timeZone: string }) {
  return (
    <TableShell
      caption="Collector runs"
      head={
        <tr>
          <SortHeader label="Started" sortKey="startedAt" state={sort} />
          <SortHeader label="Source" sortKey="source" state={sort} />
          <SortHeader label="Trigger" state={sort} />
          <SortHeader label="Status" sortKey="status" state={sort} />
          <SortHeader label="Duration" state={sort} align="right" />
          <SortHeader label="Records" state={sort} />
          <SortHeader label="Error" state={sort} />
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <td className="num whitespace-nowrap">{formatDateTime(row.startedAt, timeZone)}</td>
          <td>
            {row.source.name} <span className="text-xs text-faint">{row.source.kind}</span>
          </td>
          <td className="text-xs">{row.trigger}</td>
          <td><RunStatusPill status={row.status} /></td>
          <td className="num whitespace-nowrap text-right">{formatDuration(row.durationSeconds)}</td>
          <td className="text-xs text-muted">
            {Object.entries(row.counts).map(([key, value]) => `${key} ${value}`).join(' · ') || '–'}
          </td>
          <td className="max-w-[360px] break-words text-xs text-bad">{row.error ?? ''}</td>
        </tr>
      ))}
    </TableShell>
  );
}
