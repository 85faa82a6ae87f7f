// Links from a number to the records behind it: the same scope, the exact period (pinned dates, so the
// count matches even after midnight) and the filters that select what the number counts.
import { hrefWith, type ResolvedPeriod } from '@/app/_lib/period';
import { METRICS, type MetricId } from '@/lib/format/metric-display';
import type { Scope } from '@/lib/metrics/types';
import { formatScopeParam } from '@/lib/records/scope';

export function recordsHref(kind: string, scope: Scope, period: ResolvedPeriod, params: Record<string, string> = {}): string {
  return hrefWith(`/records/${kind}`, { scope: formatScopeParam(scope), from: period.from, to: period.to, tz: period.timeZone }, params);
}

export function drillHref(metric: MetricId, scope: Scope, period: ResolvedPeriod, extra: Record<string, string> = {}): string {
  const { kind, params } = METRICS[metric].drill;
  return recordsHref(kind, scope, period, { ...params, ...extra });
}

export function scopeHref(scope: Scope, period: ResolvedPeriod, params: Record<string, string>): string {
  if (scope.kind === 'team') return hrefWith(`/teams/${encodeURIComponent(scope.slug)}`, params);
  if (scope.kind === 'repo') return hrefWith(`/repos/${scope.fullName.split('/').map(encodeURIComponent).join('/')}`, params);
  void period;
  return hrefWith('/', params);
}
