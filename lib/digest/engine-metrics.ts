// The digest's metrics are the dashboard's: lib/metrics's entry points, called with the subscriber's
// AccessScope, so a digest shows the same numbers as the dashboard for the same week and scope.
import type { Db } from '@/lib/db';
import type { DigestMetrics } from '@/lib/digest/gather';
import { getMetricsReports, getMetricValuesByPeriod } from '@/lib/metrics';

export function engineDigestMetrics(db: Db): DigestMetrics {
  return {
    async reports(access, scopes, period) {
      const reports = await getMetricsReports(db, access, scopes, period);
      return reports.map((report) => ({ current: report.current, previous: report.previous }));
    },
    weekly(access, scope, weeks) {
      return getMetricValuesByPeriod(db, access, scope, weeks);
    },
  };
}
