import Link from 'next/link';
import { BandBadge } from '@/components/band-badge';
import { ChangeIndicator } from '@/components/change-indicator';
import { describeChange, formatMetricValue, METRICS, type MetricId } from '@/lib/format/metric-display';
import type { MetricValues } from '@/lib/metrics/types';

/** A headline number: value, band (word and meter), change against the previous period, and its records. */
export function MetricCard({ id, current, previous, href }: { id: MetricId; current: MetricValues; previous: MetricValues; href: string }) {
  const metric = METRICS[id];
  const value = metric.value(current);
  const change = describeChange(metric.kind, metric.direction, value, metric.value(previous));
  return (
    <article className="flex flex-col gap-2 rounded-xl border border-line bg-surface p-4" data-metric={id}>
      <header className="flex items-start justify-between gap-2">
        <h3 className="text-sm font-medium text-muted" title={metric.help}>{metric.label}</h3>
        <BandBadge band={metric.band(current)} />
      </header>
      <div className="flex items-baseline gap-2">
        <Link prefetch={false} href={href} className="num text-3xl font-semibold tracking-tight hover:underline" data-testid="metric-value" aria-label={`${metric.label}: ${formatMetricValue(metric.kind, value)}. Show the records behind it`}>
          {formatMetricValue(metric.kind, value)}
        </Link>
        {metric.kind === 'per-week' && <span className="text-sm text-muted">per week</span>}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 text-xs text-muted">
        <span>{metric.detail(current)}</span>
        <ChangeIndicator change={change} />
      </div>
    </article>
  );
}
