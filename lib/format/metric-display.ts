// How each headline metric is shown: its label, what "better" means, how to format it, and which
// records are behind it (the drill-down). One table, so the overview, team cards, comparison and
// exports agree on names and directions.
import type { Band, MetricValues } from '@/lib/metrics/types';
import { formatDuration } from '@/lib/format/duration';
import { formatCount, formatDecimal, formatPercent } from '@/lib/format/number';

export type Direction = 'higher-is-better' | 'lower-is-better';
export type ValueKind = 'duration' | 'ratio' | 'per-week' | 'count';

export type MetricId =
  | 'deploymentFrequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'failedDeploymentRecovery'
  | 'timeToRestore'
  | 'reworkRate'
  | 'openBacklog'
  | 'criticalHighBacklog'
  | 'slaBreached'
  | 'slaCompliance'
  | 'timeToRemediate'
  | 'netResolveRate'
  | 'secretExposureTime'
  | 'securityChangeFailureRate';

export interface MetricDisplay {
  id: MetricId;
  label: string;
  /** Column header where space is short. */
  short: string;
  /** One sentence for tooltips and cards: what the number means. */
  help: string;
  direction: Direction;
  kind: ValueKind;
  group: 'dora' | 'security';
  value: (m: MetricValues) => number | null;
  band: (m: MetricValues) => Band | null;
  /** A secondary line: sample size or spread. */
  detail: (m: MetricValues) => string;
  /** The records behind the number: kind and filters (the period and scope are added by the caller). */
  drill: { kind: 'deployments' | 'changes' | 'incidents' | 'findings'; params: Record<string, string> };
}

const none = (): null => null;

export const METRICS: Record<MetricId, MetricDisplay> = {
  deploymentFrequency: {
    id: 'deploymentFrequency',
    label: 'Deployment frequency',
    short: 'Deploys / week',
    help: 'Successful production deployments per week.',
    direction: 'higher-is-better',
    kind: 'per-week',
    group: 'dora',
    value: (m) => m.deploymentFrequency.perWeek,
    band: (m) => m.deploymentFrequency.band,
    detail: (m) => `${formatCount(m.deploymentFrequency.count)} deployments`,
    drill: { kind: 'deployments', params: { production: 'yes' } },
  },
  leadTime: {
    id: 'leadTime',
    label: 'Lead time for changes',
    short: 'Lead time',
    help: 'Median time from first commit to running in production.',
    direction: 'lower-is-better',
    kind: 'duration',
    group: 'dora',
    value: (m) => m.leadTime.median,
    band: (m) => m.leadTime.band,
    detail: (m) => `p90 ${formatDuration(m.leadTime.p90)} · ${formatCount(m.leadTime.count)} changes`,
    drill: { kind: 'changes', params: {} },
  },
  changeFailureRate: {
    id: 'changeFailureRate',
    label: 'Change failure rate',
    short: 'Change failure',
    help: 'Share of production deployments that caused an incident or were rolled back.',
    direction: 'lower-is-better',
    kind: 'ratio',
    group: 'dora',
    value: (m) => m.changeFailureRate.value,
    band: (m) => m.changeFailureRate.band,
    detail: (m) => `${formatCount(m.changeFailureRate.failed)} of ${formatCount(m.changeFailureRate.deployments)} failed`,
    drill: { kind: 'deployments', params: { production: 'yes', failed: 'yes' } },
  },
  failedDeploymentRecovery: {
    id: 'failedDeploymentRecovery',
    label: 'Failed deployment recovery',
    short: 'Recovery',
    help: 'Median time to fix the system after a failed deployment (MTTR).',
    direction: 'lower-is-better',
    kind: 'duration',
    group: 'dora',
    value: (m) => m.failedDeploymentRecovery.median,
    band: (m) => m.failedDeploymentRecovery.band,
    detail: (m) =>
      `${formatCount(m.failedDeploymentRecovery.recovered)} recovered${m.failedDeploymentRecovery.unrecovered > 0 ? ` · ${formatCount(m.failedDeploymentRecovery.unrecovered)} not yet` : ''}`,
    drill: { kind: 'deployments', params: { production: 'yes', failed: 'yes' } },
  },
  timeToRestore: {
    id: 'timeToRestore',
    label: 'Time to restore service',
    short: 'Restore',
    help: 'Median time from an incident starting to its resolution.',
    direction: 'lower-is-better',
    kind: 'duration',
    group: 'dora',
    value: (m) => m.timeToRestore.median,
    band: none,
    detail: (m) => `${formatCount(m.timeToRestore.resolved)} resolved · ${formatCount(m.timeToRestore.open)} open`,
    drill: { kind: 'incidents', params: { view: 'resolved' } },
  },
  reworkRate: {
    id: 'reworkRate',
    label: 'Deployment rework rate',
    short: 'Rework',
    help: 'Share of production deployments that were unplanned fixes: rollbacks, hotfixes, reverts.',
    direction: 'lower-is-better',
    kind: 'ratio',
    group: 'dora',
    value: (m) => m.reworkRate.value,
    band: none,
    detail: (m) => `${formatCount(m.reworkRate.rework)} of ${formatCount(m.reworkRate.deployments)} deployments`,
    drill: { kind: 'deployments', params: { production: 'yes', rework: 'yes' } },
  },
  openBacklog: {
    id: 'openBacklog',
    label: 'Open findings',
    short: 'Open findings',
    help: 'Security findings open at the end of the period.',
    direction: 'lower-is-better',
    kind: 'count',
    group: 'security',
    value: (m) => m.openBacklog.total,
    band: none,
    detail: (m) => `${formatCount(m.openBacklog.bySeverity.critical)} critical · ${formatCount(m.openBacklog.bySeverity.high)} high`,
    drill: { kind: 'findings', params: { view: 'open' } },
  },
  criticalHighBacklog: {
    id: 'criticalHighBacklog',
    label: 'Open critical and high',
    short: 'Crit + high',
    help: 'Critical and high severity findings open at the end of the period.',
    direction: 'lower-is-better',
    kind: 'count',
    group: 'security',
    value: (m) => m.openBacklog.bySeverity.critical + m.openBacklog.bySeverity.high,
    band: none,
    detail: (m) => `${formatCount(m.openBacklog.bySeverity.critical)} critical`,
    drill: { kind: 'findings', params: { view: 'open' } },
  },
  slaBreached: {
    id: 'slaBreached',
    label: 'Findings past SLA',
    short: 'Past SLA',
    help: 'Open findings older than their severity’s remediation SLA.',
    direction: 'lower-is-better',
    kind: 'count',
    group: 'security',
    value: (m) => m.slaCompliance.breached.total,
    band: none,
    detail: (m) => `${formatCount(m.slaCompliance.breached.critical)} critical · ${formatCount(m.slaCompliance.breached.high)} high`,
    drill: { kind: 'findings', params: { view: 'breached' } },
  },
  slaCompliance: {
    id: 'slaCompliance',
    label: 'SLA compliance',
    short: 'SLA met',
    help: 'Share of findings fixed in the period within their SLA.',
    direction: 'higher-is-better',
    kind: 'ratio',
    group: 'security',
    value: (m) => m.slaCompliance.value,
    band: none,
    detail: (m) => `${formatCount(m.slaCompliance.withinSla)} of ${formatCount(m.slaCompliance.fixed)} fixed in time`,
    drill: { kind: 'findings', params: { view: 'fixed' } },
  },
  timeToRemediate: {
    id: 'timeToRemediate',
    label: 'Mean time to remediate',
    short: 'Remediate',
    help: 'Mean time from a finding being opened to being fixed, over findings fixed in the period.',
    direction: 'lower-is-better',
    kind: 'duration',
    group: 'security',
    value: (m) => m.timeToRemediate.overall.mean,
    band: none,
    detail: (m) => `median ${formatDuration(m.timeToRemediate.overall.median)} · ${formatCount(m.timeToRemediate.overall.fixed)} fixed`,
    drill: { kind: 'findings', params: { view: 'fixed' } },
  },
  netResolveRate: {
    id: 'netResolveRate',
    label: 'Net resolve rate',
    short: 'Net resolve',
    help: 'Findings fixed per finding opened in the period; above 100 % the backlog shrinks.',
    direction: 'higher-is-better',
    kind: 'ratio',
    group: 'security',
    value: (m) => m.netResolveRate.value,
    band: none,
    detail: (m) => `${formatCount(m.netResolveRate.fixed)} fixed · ${formatCount(m.netResolveRate.opened)} opened`,
    drill: { kind: 'findings', params: { view: 'opened' } },
  },
  secretExposureTime: {
    id: 'secretExposureTime',
    label: 'Secret exposure time',
    short: 'Secret exposure',
    help: 'Median time a leaked secret stayed exposed before it was fixed.',
    direction: 'lower-is-better',
    kind: 'duration',
    group: 'security',
    value: (m) => m.secretExposureTime.median,
    band: none,
    detail: (m) => `${formatCount(m.secretExposureTime.fixed)} secrets fixed`,
    drill: { kind: 'findings', params: { view: 'fixed', tool: 'secret-scanning' } },
  },
  securityChangeFailureRate: {
    id: 'securityChangeFailureRate',
    label: 'Security change failure rate',
    short: 'Security CFR',
    help: 'Share of production deployments that caused a security incident.',
    direction: 'lower-is-better',
    kind: 'ratio',
    group: 'security',
    value: (m) => m.securityChangeFailureRate.value,
    band: none,
    detail: (m) => `${formatCount(m.securityChangeFailureRate.failed)} of ${formatCount(m.securityChangeFailureRate.deployments)} deployments`,
    drill: { kind: 'deployments', params: { production: 'yes', security: 'yes' } },
  },
};

/** The overview's columns: the five DORA keys, then the main security KPIs. */
export const OVERVIEW_METRICS: MetricId[] = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'failedDeploymentRecovery',
  'reworkRate',
  'criticalHighBacklog',
  'slaBreached',
  'slaCompliance',
];

export function formatMetricValue(kind: ValueKind, value: number | null): string {
  if (value === null) return '–';
  switch (kind) {
    case 'duration':
      return formatDuration(value);
    case 'ratio':
      return formatPercent(value);
    case 'per-week':
      return formatDecimal(value, value < 10 ? 1 : 0);
    case 'count':
      return formatCount(value);
  }
}

export type Trend = 'better' | 'worse' | 'same' | 'unknown';

export interface MetricChange {
  trend: Trend;
  /** Arrow direction of the raw value, independent of good or bad. */
  arrow: 'up' | 'down' | 'flat' | null;
  /** "+12 %", "−3.1 pp", "+4", or "–" when either value is missing. */
  text: string;
  /** For screen readers: "up 12 % from 3.1 d, better". */
  spoken: string;
}

/**
 * Change against the previous period. Ratios change in percentage points, counts in units, durations and
 * rates relatively; whether a rise is good depends on the metric's direction.
 */
export function describeChange(kind: ValueKind, direction: Direction, current: number | null, previous: number | null): MetricChange {
  if (current === null || previous === null) {
    return { trend: 'unknown', arrow: null, text: '–', spoken: 'no comparison with the previous period' };
  }
  const delta = current - previous;
  let text: string;
  let magnitude: number;
  if (kind === 'ratio') {
    magnitude = delta * 100;
    text = `${formatDecimal(Math.abs(magnitude), 1)} pp`;
  } else if (kind === 'count') {
    magnitude = delta;
    text = formatCount(Math.abs(delta));
  } else if (previous === 0) {
    magnitude = delta === 0 ? 0 : Infinity;
    text = delta === 0 ? '0 %' : 'new';
  } else {
    magnitude = (delta / Math.abs(previous)) * 100;
    text = `${formatDecimal(Math.abs(magnitude), Math.abs(magnitude) < 10 ? 1 : 0)} %`;
  }
  // Below display precision counts as no change, so "0 %" is never coloured as better or worse.
  const flat = kind === 'count' ? delta === 0 : Math.abs(magnitude) < 0.05;
  if (flat) {
    return { trend: 'same', arrow: 'flat', text: kind === 'ratio' ? '0 pp' : kind === 'count' ? '0' : '0 %', spoken: `unchanged from ${formatMetricValue(kind, previous)}` };
  }
  const up = delta > 0;
  const better = (direction === 'higher-is-better') === up;
  const sign = up ? '+' : '−';
  const shown = text === 'new' ? 'new' : `${sign}${text}`;
  return {
    trend: better ? 'better' : 'worse',
    arrow: up ? 'up' : 'down',
    text: shown,
    spoken: `${up ? 'up' : 'down'} ${text} from ${formatMetricValue(kind, previous)}, ${better ? 'better' : 'worse'}`,
  };
}

export const BAND_LABELS: Record<Band, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };
