// Everything a team or repository page shows, loaded in parallel for one scope and period.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { getMetricsReport, type MetricsReport } from '@/lib/metrics';
import type { Period, Scope } from '@/lib/metrics/types';
import { countDeploymentsByDay, type DeploymentDay } from '@/lib/records/deployment-days';
import { listDeployments, type DeploymentRow } from '@/lib/records/deployments';
import { listIncidents, type IncidentRow } from '@/lib/records/incidents';
import { loadTrend, type TrendGranularity, type TrendPoint } from '@/app/_lib/metrics-data';

export interface ScopeDashboardData {
  report: MetricsReport;
  trend: TrendPoint[];
  deploymentDays: DeploymentDay[];
  failedDeployments: { rows: DeploymentRow[]; total: number };
  incidents: { rows: IncidentRow[]; total: number };
}

export const TIMELINE_LIMIT = 40;

export async function loadScopeDashboard(db: Db, access: AccessScope, scope: Scope, period: Period, granularity: TrendGranularity): Promise<ScopeDashboardData> {
  // The report first: it checks access and existence (403/404) before anything else runs.
  const report = await getMetricsReport(db, access, scope, period);
  const [trend, deploymentDays, failed, incidents] = await Promise.all([
    loadTrend(db, access, scope, period, granularity),
    countDeploymentsByDay(access, db, scope, period),
    listDeployments(access, db, {
      scope,
      period,
      filters: { production: 'yes', failed: 'yes' },
      sort: 'finishedAt',
      direction: 'desc',
      page: 1,
      pageSize: 10,
    }),
    listIncidents(access, db, { scope, period, filters: { view: 'active' }, sort: 'startedAt', direction: 'asc', page: 1, pageSize: TIMELINE_LIMIT }),
  ]);
  return {
    report,
    trend,
    deploymentDays,
    failedDeployments: { rows: failed.rows, total: failed.total },
    incidents: { rows: incidents.rows, total: incidents.total },
  };
}
