import Link from 'next/link';
import { BandBadge } from '@/components/band-badge';
import { ChangeIndicator } from '@/components/change-indicator';
import { Sparkline } from '@/components/sparkline';
import { describeChange, formatMetricValue, METRICS, type MetricId } from '@/lib/format/metric-display';
import type { MetricValues } from '@/lib/metrics/types';

// Links here do not prefetch: an overview holds a hundred of them, and prefetching every drill-down
// would load the server right when the page should become interactive.

/** One metric in an overview row: value (links to its records), band, change, 12-week sparkline. */
export function MetricCell({ id, current, previous, sparkline, href, scopeName }: { id: MetricId; current: MetricValues; previous: MetricValues; sparkline?: (number | null)[]; href: string; scopeName: string }) {
  const metric = METRICS[id];
  const value = metric.value(current);
  const shown = formatMetricValue(metric.kind, value);
  return (
    <td className="px-2 py-2.5 align-top" data-metric={id}>
      <div className="flex flex-wrap items-center gap-1">
        <Link prefetch={false} href={href} className="num font-semibold hover:underline" data-testid="metric-value" aria-label={`${scopeName}, ${metric.label}: ${shown}. Show records`}>
          {shown}
        </Link>
        <BandBadge band={metric.band(current)} size="sm" />
      </div>
      <div className="mt-1 flex items-center gap-1.5">
        <ChangeIndicator change={describeChange(metric.kind, metric.direction, value, metric.value(previous))} size="xs" />
        {sparkline && <Sparkline values={sparkline} width={44} height={16} />}
      </div>
    </td>
  );
}
