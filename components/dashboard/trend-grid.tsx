import Link from 'next/link';
import { LineTrend, type TrendDatum } from '@/components/charts/line-trend';
import { Panel } from '@/components/dashboard/section';
import { formatMetricValue, METRICS, type MetricId } from '@/lib/format/metric-display';
import type { TrendPoint } from '@/app/_lib/metrics-data';

export const TREND_METRICS: MetricId[] = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'failedDeploymentRecovery',
  'timeToRestore',
  'reworkRate',
  'openBacklog',
  'slaCompliance',
  'timeToRemediate',
];

function bucketLabel(point: TrendPoint, granularity: 'week' | 'month'): string {
  const options: Intl.DateTimeFormatOptions = granularity === 'week' ? { day: 'numeric', month: 'short' } : { month: 'short', year: '2-digit' };
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: point.period.timeZone }).format(point.period.from);
}

/** One small chart per metric over the last six months; a text summary for screen readers. */
export function TrendGrid({ points, granularity, hrefFor }: { points: TrendPoint[]; granularity: 'week' | 'month'; hrefFor: (granularity: 'week' | 'month') => string }) {
  const toggle = (g: 'week' | 'month', label: string) => (
    <Link
      href={hrefFor(g)}
      aria-current={g === granularity ? 'true' : undefined}
      className={`rounded-md px-2.5 py-1 text-sm ${g === granularity ? 'bg-raised font-medium text-ink' : 'text-muted hover:text-ink'}`}
      scroll={false}
    >
      {label}
    </Link>
  );
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-1" role="group" aria-label="Trend granularity">
        {toggle('week', 'By week')}
        {toggle('month', 'By month')}
      </div>
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="trend-charts">
        {TREND_METRICS.map((id) => {
          const metric = METRICS[id];
          const data: TrendDatum[] = points.map((point) => ({ label: bucketLabel(point, granularity), value: metric.value(point.values) }));
          const last = [...data].reverse().find((d) => typeof d.value === 'number');
          return (
            <Panel key={id} title={metric.label}>
              <LineTrend data={data} series={[{ key: 'value', name: metric.short }]} kind={metric.kind} />
              <p className="sr-only">
                {metric.label} by {granularity}: {data.map((d) => `${d.label} ${formatMetricValue(metric.kind, typeof d.value === 'number' ? d.value : null)}`).join(', ')}.
              </p>
              {last && <p className="mt-1 text-xs text-muted">Latest {granularity}: {formatMetricValue(metric.kind, typeof last.value === 'number' ? last.value : null)}</p>}
            </Panel>
          );
        })}
      </div>
    </div>
  );
}
