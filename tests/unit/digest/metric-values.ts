// A MetricValues builder for digest tests: every field present, overridable by path.
import type { MetricValues } from '@/lib/metrics/types';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const HOUR = 3600;
const DAY = 24 * HOUR;

export function metricValues(overrides: DeepPartial<MetricValues> = {}): MetricValues {
  const base: MetricValues = {
    deploymentFrequency: { count: 10, perWeek: 10, band: null },
    leadTime: { count: 8, median: 2 * DAY, p75: 3 * DAY, p90: 5 * DAY, stages: { coding: DAY, review: 0.5 * DAY, deploy: 0.5 * DAY }, band: 'high' },
    changeFailureRate: { failed: 1, deployments: 10, value: 0.1, band: 'high' },
    failedDeploymentRecovery: { recovered: 1, unrecovered: 0, median: 2 * HOUR, mean: 2 * HOUR, band: 'high' },
    timeToRestore: { resolved: 1, median: 3 * HOUR, mean: 3 * HOUR, p90: 3 * HOUR, open: 0 },
    reworkRate: { rework: 1, deployments: 10, value: 0.1 },
    timeToRemediate: {
      overall: { fixed: 4, mean: 10 * DAY, median: 8 * DAY },
      bySeverity: {
        critical: { fixed: 1, mean: 2 * DAY, median: 2 * DAY },
        high: { fixed: 1, mean: 10 * DAY, median: 10 * DAY },
        medium: { fixed: 1, mean: 14 * DAY, median: 14 * DAY },
        low: { fixed: 1, mean: 14 * DAY, median: 14 * DAY },
      },
    },
    openBacklog: { total: 12, bySeverity: { critical: 1, high: 3, medium: 5, low: 3 }, byAge: { upTo30: 6, upTo60: 3, upTo90: 2, over90: 1 }, accepted: 0 },
    slaCompliance: {
      fixed: 4, withinSla: 3, value: 0.75,
      breached: { critical: 1, high: 1, medium: 0, low: 0, total: 2 },
      slaDays: { critical: 7, high: 30, medium: 90, low: 180 },
    },
    netResolveRate: { fixed: 4, opened: 5, value: 0.8 },
    secretExposureTime: { fixed: 0, median: null },
    securityChangeFailureRate: { failed: 0, deployments: 10, value: 0 },
  };
  return merge(base, overrides) as MetricValues;
}

function merge(target: unknown, patch: unknown): unknown {
  if (patch === undefined) return target;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) result[key] = merge(result[key], value);
  return result;
}
