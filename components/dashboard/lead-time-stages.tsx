import Link from 'next/link';
import { formatDuration } from '@/lib/format/duration';
import type { LeadTime } from '@/lib/metrics/types';

const STAGES = [
  { key: 'coding', label: 'Coding', help: 'first commit → pull request opened', color: 'var(--chart-1)' },
  { key: 'review', label: 'Review', help: 'opened → merged', color: 'var(--chart-4)' },
  { key: 'deploy', label: 'Deploy', help: 'merged → running in production', color: 'var(--chart-2)' },
] as const;

/** Median of each lead-time stage, as a proportional bar with the values written out. */
export function LeadTimeStages({ leadTime, href }: { leadTime: LeadTime; href: string }) {
  const values = STAGES.map((stage) => Math.max(0, leadTime.stages[stage.key] ?? 0));
  const total = values.reduce((sum, v) => sum + v, 0);
  if (leadTime.count === 0) return <p className="text-sm text-muted">No change reached production in this period.</p>;
  return (
    <div className="space-y-3">
      <div className="flex h-4 w-full overflow-hidden rounded-full bg-raised" aria-hidden="true">
        {STAGES.map((stage, index) => (
          <div key={stage.key} style={{ width: `${total > 0 ? ((values[index] ?? 0) / total) * 100 : 0}%`, background: stage.color }} />
        ))}
      </div>
      <dl className="grid grid-cols-3 gap-2 text-sm">
        {STAGES.map((stage) => (
          <div key={stage.key}>
            <dt className="flex items-center gap-1.5 text-xs text-muted">
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: stage.color }} />
              {stage.label}
            </dt>
            <dd className="num font-semibold">{formatDuration(leadTime.stages[stage.key])}</dd>
            <dd className="text-xs text-faint">{stage.help}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-muted">
        Medians over <Link prefetch={false} href={href} className="link">{leadTime.count} changes</Link> shipped in the period; median lead time {formatDuration(leadTime.median)}, p75 {formatDuration(leadTime.p75)}, p90 {formatDuration(leadTime.p90)}. Stage medians need not add up to the total.
      </p>
    </div>
  );
}
