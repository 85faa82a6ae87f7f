// Every metric of METRICS.md for a grid of scopes × periods, computed in Postgres from the derived
// columns relink maintains: six queries whatever the grid's size, each answering all of its cells
// that the maintained results (./results.ts) do not already hold.
import type { DbClient } from '@/lib/db';
import { changeFailureRateBand, deploymentFrequencyBand, failedDeploymentRecoveryBand, leadTimeBand } from '@/lib/metrics/bands';
import { DEFAULT_METRIC_SETTINGS, SEVERITIES, type MetricSettings, type MetricValues, type RemediationStats, type Severity } from '@/lib/metrics/types';
import type { Prisma } from '@/lib/generated/prisma/client';
import { backlogSql, queryBacklog, type BacklogRow } from '@/lib/metrics/sql/backlog';
import { deploymentFrequencySql, queryDeploymentFrequency, type DeploymentFrequencyRow } from '@/lib/metrics/sql/deployment-frequency';
import { deploymentOutcomesSql, queryDeploymentOutcomes, type DeploymentOutcomesRow } from '@/lib/metrics/sql/deployment-outcomes';
import { cellKey, metricGrid, subGrid, type GridPeriod, type MetricGrid, type ScopeMembers } from '@/lib/metrics/sql/grid';
import { leadTimeSql, queryLeadTime, type LeadTimeRow } from '@/lib/metrics/sql/lead-time';
import { queryRemediation, remediationSql, type RemediationRow } from '@/lib/metrics/sql/remediation';
import { cellIdentities, fromPayload, queryVersion, readResults, resultKey, storeResults, toPayload, type ResultEntry } from '@/lib/metrics/sql/results';
import { queryTimeToRestore, timeToRestoreSql, type TimeToRestoreRow } from '@/lib/metrics/sql/time-to-restore';
import type { Period } from '@/lib/metrics/types';

export type MetricKey = keyof MetricValues;
export { metricGrid, type MetricGrid, type ScopeMembers } from '@/lib/metrics/sql/grid';

/** The queries each metric needs, so a trend chart of one metric runs only those. */
const QUERIES_OF: Record<MetricKey, readonly QueryName[]> = {
  deploymentFrequency: ['deploymentFrequency'],
  leadTime: ['leadTime'],
  changeFailureRate: ['deploymentOutcomes'],
  failedDeploymentRecovery: ['deploymentOutcomes'],
  timeToRestore: ['timeToRestore'],
  reworkRate: ['deploymentOutcomes'],
  timeToRemediate: ['remediation'],
  openBacklog: ['backlog'],
  slaCompliance: ['remediation', 'backlog'],
  netResolveRate: ['remediation', 'backlog'],
  secretExposureTime: ['remediation'],
  securityChangeFailureRate: ['deploymentOutcomes'],
};

export type QueryName = 'deploymentFrequency' | 'deploymentOutcomes' | 'leadTime' | 'timeToRestore' | 'remediation' | 'backlog';

export const METRIC_KEYS = Object.keys(QUERIES_OF) as MetricKey[];

/** What each query answers per cell. */
interface QueryRows {
  deploymentFrequency: DeploymentFrequencyRow;
  deploymentOutcomes: DeploymentOutcomesRow;
  leadTime: LeadTimeRow;
  timeToRestore: TimeToRestoreRow;
  remediation: RemediationRow[];
  backlog: BacklogRow[];
}

type GridResults = { [Q in QueryName]: Map<string, QueryRows[Q]> };

const QUERIES: { [Q in QueryName]: {
  sql: (grid: MetricGrid, settings: MetricSettings) => Prisma.Sql;
  run: (db: DbClient, grid: MetricGrid, settings: MetricSettings) => Promise<Map<string, QueryRows[Q]>>;
} } = {
  deploymentFrequency: { sql: deploymentFrequencySql, run: queryDeploymentFrequency },
  deploymentOutcomes: { sql: deploymentOutcomesSql, run: queryDeploymentOutcomes },
  leadTime: { sql: leadTimeSql, run: queryLeadTime },
  timeToRestore: { sql: timeToRestoreSql, run: queryTimeToRestore },
  remediation: { sql: remediationSql, run: queryRemediation },
  backlog: { sql: backlogSql, run: queryBacklog },
};

/** In the order they run (one after the other: they share the transaction's connection). */
export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];

/** A metric query's SQL for a grid (exported for EXPLAIN: npm run bench -- --only explain). */
export function metricQuerySql(name: QueryName, grid: MetricGrid, settings: MetricSettings): Prisma.Sql {
  return QUERIES[name].sql(grid, settings);
}

/** The session settings every metric snapshot runs with, also for EXPLAIN and the bench's floor. */
export async function applyMetricSessionSettings(tx: DbClient): Promise<void> {
  // Compiling these queries to machine code costs more than it saves (measured: ~0.9 s of 3.7 s).
  await tx.$executeRaw`SET LOCAL jit = off`;
  // Percentiles sort a scope's values: in memory rather than through temporary files (measured on
  // the reference database: a busy team's lead times spilled to disk with the default 4 MB).
  await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
}

/**
 * Metric values for every scope × period: `values[scopeIndex][periodIndex]`. Only the queries the
 * requested metrics need are run; the other metrics of the result are then empty, not measured.
 * Cells already answered since their records last changed are served from the maintained results
 * (lib/metrics/sql/results.ts); only the others are computed, and then stored.
 */
export async function computeMetricValues(
  db: DbClient,
  scopes: readonly ScopeMembers[],
  periods: readonly Period[],
  settings: MetricSettings,
  metrics: readonly MetricKey[] = METRIC_KEYS,
): Promise<MetricValues[][]> {
  const grid = metricGrid(scopes, periods);
  const needed = QUERY_NAMES.filter((name) => metrics.some((metric) => QUERIES_OF[metric].includes(name)));
  // One read-only snapshot for all the queries, so the metrics agree with each other even while
  // records arrive. Given the root client, open that transaction here; given a transaction, use it
  // (and read maintained results, but store none: the caller's transaction may write after).
  if (!('$transaction' in db)) return assembleGrid(grid, (await computeInSnapshot(db, grid, settings, needed)).results, settings);
  const computed = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET TRANSACTION READ ONLY`;
    await applyMetricSessionSettings(tx);
    return computeInSnapshot(tx, grid, settings, needed);
  }, {
    isolationLevel: 'RepeatableRead',
    timeout: QUERY_TIMEOUT_MS,
    maxWait: QUERY_TIMEOUT_MS,
  });
  try {
    await storeResults(db, computed.epoch, computed.fresh);
  } catch (error) {
    // The values are right either way; the next request computes them again.
    console.warn(`Metric results not stored: ${error instanceof Error ? error.message : String(error)}`);
  }
  return assembleGrid(grid, computed.results, settings);
}

/** A large org's metrics over a long period take seconds; beyond this something is wrong. */
const QUERY_TIMEOUT_MS = 120_000;

interface SnapshotResults {
  results: GridResults;
  epoch: bigint;
  /** Cells computed here, to store. */
  fresh: ResultEntry[];
}

/** A one-cell grid: the SQL text of a query is the same for every grid, so this one versions it. */
const VERSIONING_GRID = metricGrid([{ repositoryIds: [], teamIds: [] }], [{ from: new Date(0), to: new Date(86_400_000), timeZone: 'UTC' }]);
const queryVersions = new Map<QueryName, string>();

function versionOf(name: QueryName): string {
  const known = queryVersions.get(name);
  if (known) return known;
  const version = queryVersion(QUERIES[name].sql(VERSIONING_GRID, DEFAULT_METRIC_SETTINGS));
  queryVersions.set(name, version);
  return version;
}

async function computeInSnapshot(db: DbClient, grid: MetricGrid, settings: MetricSettings, needed: readonly QueryName[]): Promise<SnapshotResults> {
  const cells = cellIdentities(grid, settings);
  const keys = new Map(needed.map((name) => {
    const version = versionOf(name);
    return [name, cells.map((periods) => periods.map((cell) => resultKey(version, cell)))];
  }));
  const stored = await readResults(db, [...keys.values()].flat(2));
  const fresh: ResultEntry[] = [];
  const answer = async <Q extends QueryName>(name: Q): Promise<Map<string, QueryRows[Q]>> => {
    const cellKeys = keys.get(name);
    if (!cellKeys) return new Map();
    const answers = new Map<string, QueryRows[Q]>();
    const missing = { scopes: new Set<number>(), periods: new Set<number>() };
    for (const scope of grid.scopes) {
      for (const period of grid.periods) {
        const payload = stored.payloads.get(cellKeys[scope.key]?.[period.key] ?? '');
        if (payload === undefined) {
          missing.scopes.add(scope.key);
          missing.periods.add(period.key);
        } else if (payload !== null) {
          answers.set(cellKey(scope.key, period.key), fromPayload(payload, scope.key, period.key) as QueryRows[Q]);
        }
      }
    }
    if (missing.scopes.size === 0) return answers;
    const part = subGrid(grid, missing.scopes, missing.periods);
    const computed = await QUERIES[name].run(db, part, settings);
    for (const scope of part.scopes) {
      for (const period of part.periods) {
        const value = computed.get(cellKey(scope.key, period.key));
        if (value !== undefined) answers.set(cellKey(scope.key, period.key), value);
        const key = cellKeys[scope.key]?.[period.key];
        if (key) fresh.push({ key, repositoryIds: scope.repositoryIds, teamIds: scope.teamIds, payload: toPayload(value) });
      }
    }
    return answers;
  };
  const results: GridResults = {
    deploymentFrequency: await answer('deploymentFrequency'),
    deploymentOutcomes: await answer('deploymentOutcomes'),
    leadTime: await answer('leadTime'),
    timeToRestore: await answer('timeToRestore'),
    remediation: await answer('remediation'),
    backlog: await answer('backlog'),
  };
  return { results, epoch: stored.epoch, fresh };
}

function assembleGrid(grid: MetricGrid, results: GridResults, settings: MetricSettings): MetricValues[][] {
  return grid.scopes.map((scope) => grid.periods.map((period) => assemble(results, scope.key, period, settings)));
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function bySeverity<T>(compute: (severity: Severity) => T): Record<Severity, T> {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, compute(severity)])) as Record<Severity, T>;
}

function remediationStats(row: RemediationRow | undefined): RemediationStats {
  return { fixed: row?.fixed ?? 0, mean: row?.mean ?? null, median: row?.median ?? null };
}

function assemble(results: GridResults, scopeKey: number, gridPeriod: GridPeriod, settings: MetricSettings): MetricValues {
  const key = cellKey(scopeKey, gridPeriod.key);
  const { days } = gridPeriod;
  const frequency = results.deploymentFrequency.get(key);
  const outcomes = results.deploymentOutcomes.get(key);
  const lead = results.leadTime.get(key);
  const restore = results.timeToRestore.get(key);
  const remediation = results.remediation.get(key) ?? [];
  const remediationOverall = remediation.find((row) => row.severity === null);
  const remediationOf = (severity: Severity) => remediation.find((row) => row.severity === severity);
  const backlog = results.backlog.get(key) ?? [];
  const backlogOf = (severity: Severity) => backlog.find((row) => row.severity === severity);
  const sumBacklog = (field: keyof Omit<BacklogRow, 'scope_key' | 'period_key' | 'severity'>) =>
    backlog.reduce((sum, row) => sum + row[field], 0);

  const count = frequency?.count ?? 0;
  // No row: no deployment in the period, so every window holds 0 (and there are windows when the
  // period has at least 7 or 30 days).
  const emptyMedian = (size: number) => (days >= size ? 0 : null);
  const deployments = outcomes?.deployments ?? 0;
  const failed = outcomes?.failed ?? 0;
  const recovered = outcomes?.recovered ?? 0;
  const cfr = ratio(failed, deployments);
  const recoveryMedian = outcomes?.recovery_median ?? null;
  const leadMedian = lead?.median ?? null;
  const fixed = remediationOverall?.fixed ?? 0;
  const withinSla = remediationOverall?.within_sla ?? 0;
  const opened = sumBacklog('opened');

  return {
    deploymentFrequency: {
      count,
      perWeek: count / (days / 7),
      band: deploymentFrequencyBand({
        periodDays: days,
        medianDeployDaysPer7Days: frequency ? frequency.median_deploy_days_per_7_days : emptyMedian(7),
        medianDeploymentsPer30Days: frequency ? frequency.median_deployments_per_30_days : emptyMedian(30),
      }),
    },
    leadTime: {
      count: lead?.count ?? 0,
      median: leadMedian,
      p75: lead?.p75 ?? null,
      p90: lead?.p90 ?? null,
      stages: { coding: lead?.coding ?? null, review: lead?.review ?? null, deploy: lead?.deploy ?? null },
      band: leadTimeBand(leadMedian),
    },
    changeFailureRate: { failed, deployments, value: cfr, band: changeFailureRateBand(cfr) },
    failedDeploymentRecovery: {
      recovered,
      unrecovered: failed - recovered,
      median: recoveryMedian,
      mean: outcomes?.recovery_mean ?? null,
      band: failedDeploymentRecoveryBand(recoveryMedian),
    },
    timeToRestore: {
      resolved: restore?.resolved ?? 0,
      median: restore?.median ?? null,
      mean: restore?.mean ?? null,
      p90: restore?.p90 ?? null,
      open: restore?.open ?? 0,
    },
    reworkRate: { rework: outcomes?.rework ?? 0, deployments, value: ratio(outcomes?.rework ?? 0, deployments) },
    timeToRemediate: {
      overall: remediationStats(remediationOverall),
      bySeverity: bySeverity((severity) => remediationStats(remediationOf(severity))),
    },
    openBacklog: {
      total: sumBacklog('open'),
      bySeverity: bySeverity((severity) => backlogOf(severity)?.open ?? 0),
      byAge: { upTo30: sumBacklog('up_to_30'), upTo60: sumBacklog('up_to_60'), upTo90: sumBacklog('up_to_90'), over90: sumBacklog('over_90') },
      accepted: sumBacklog('accepted'),
    },
    slaCompliance: {
      fixed,
      withinSla,
      value: ratio(withinSla, fixed),
      breached: { ...bySeverity((severity) => backlogOf(severity)?.breached ?? 0), total: sumBacklog('breached') },
      slaDays: { ...settings.slaDays },
    },
    netResolveRate: { fixed, opened, value: ratio(fixed, opened) },
    secretExposureTime: { fixed: remediationOverall?.secrets_fixed ?? 0, median: remediationOverall?.secrets_median ?? null },
    securityChangeFailureRate: {
      failed: outcomes?.security_failed ?? 0,
      deployments,
      value: ratio(outcomes?.security_failed ?? 0, deployments),
    },
  };
}
