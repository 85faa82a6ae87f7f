// The body of a team or repository page: headline cards, trends, delivery detail, incidents, security.
import type { ReactNode } from 'react';
import { DeploymentsPerDayChart, type DeploymentDayDatum } from '@/components/charts/deployments-per-day';
import { FailedDeployments } from '@/components/dashboard/failed-deployments';
import { IncidentTimeline } from '@/components/dashboard/incident-timeline';
import { LeadTimeStages } from '@/components/dashboard/lead-time-stages';
import { Panel, Section } from '@/components/dashboard/section';
import { SecurityBreakdown } from '@/components/dashboard/security-breakdown';
import { TrendGrid } from '@/components/dashboard/trend-grid';
import { MetricCard } from '@/components/metric-card';
import { drillHref, recordsHref } from '@/app/_lib/drill';
import type { ResolvedPeriod } from '@/app/_lib/period';
import type { ScopeDashboardData } from '@/app/_lib/scope-dashboard-data';
import type { TrendGranularity } from '@/app/_lib/metrics-data';
import type { MetricId } from '@/lib/format/metric-display';
import { formatCount } from '@/lib/format/number';
import { dayBoundaries } from '@/lib/metrics/period';
import type { Scope } from '@/lib/metrics/types';

const DORA_CARDS: MetricId[] = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecovery', 'timeToRestore', 'reworkRate'];
const SECURITY_CARDS: MetricId[] = ['openBacklog', 'criticalHighBacklog', 'slaBreached', 'slaCompliance', 'timeToRemediate', 'netResolveRate', 'secretExposureTime', 'securityChangeFailureRate'];

function deploymentDays(data: ScopeDashboardData, period: ResolvedPeriod): DeploymentDayDatum[] {
  const byDay = new Map(data.deploymentDays.map((d) => [d.day, d]));
  const label = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: period.timeZone });
  const iso = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: period.timeZone });
  return dayBoundaries(period.period)
    .slice(0, -1)
    .map((start) => {
      const day = byDay.get(iso.format(start));
      return { label: label.format(start), succeeded: day?.succeeded ?? 0, failed: day?.failed ?? 0 };
    });
}

export function ScopeDashboard({
  scope,
  period,
  data,
  granularity,
  granularityHref,
  children,
}: {
  scope: Scope;
  period: ResolvedPeriod;
  data: ScopeDashboardData;
  granularity: TrendGranularity;
  granularityHref: (granularity: TrendGranularity) => string;
  children?: ReactNode;
}) {
  const { current, previous } = data.report;
  const days = deploymentDays(data, period);
  const counted = current.deploymentFrequency.count;
  return (
    <div className="space-y-8">
      <Section id="dora" title="Delivery (DORA)" description="Click a number for the records behind it.">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {DORA_CARDS.map((id) => (
            <MetricCard key={id} id={id} current={current} previous={previous} href={drillHref(id, scope, period)} />
          ))}
        </div>
      </Section>

      <Section id="security" title="Security">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {SECURITY_CARDS.map((id) => (
            <MetricCard key={id} id={id} current={current} previous={previous} href={drillHref(id, scope, period)} />
          ))}
        </div>
        <SecurityBreakdown values={current} findingsHref={(params) => recordsHref('findings', scope, period, params)} />
      </Section>

      <Section id="trends" title="Trends" description="The last six months, ending with the selected period.">
        <TrendGrid points={data.trend} granularity={granularity} hrefFor={granularityHref} />
      </Section>

      <Section id="delivery-detail" title="Delivery in detail">
        <div className="grid gap-3 lg:grid-cols-2">
          <Panel
            title="Deployments per day"
            footer={
              <>
                {formatCount(counted)} production deployments;{' '}
                <a href={recordsHref('deployments', scope, period, { production: 'yes' })} className="link">see them all</a>.
              </>
            }
          >
            {counted === 0 ? <p className="text-sm text-muted">No production deployment in this period.</p> : <DeploymentsPerDayChart data={days} />}
          </Panel>
          <Panel title="Lead time by stage">
            <LeadTimeStages leadTime={current.leadTime} href={drillHref('leadTime', scope, period)} />
          </Panel>
          <Panel title={`Failed deployments (${formatCount(data.failedDeployments.total)})`}>
            <FailedDeployments
              rows={data.failedDeployments.rows}
              total={data.failedDeployments.total}
              timeZone={period.timeZone}
              allHref={drillHref('changeFailureRate', scope, period)}
            />
          </Panel>
          <Panel title={`Incidents (${formatCount(data.incidents.total)})`}>
            <IncidentTimeline rows={data.incidents.rows} total={data.incidents.total} period={period.period} allHref={recordsHref('incidents', scope, period, { view: 'active' })} />
          </Panel>
        </div>
      </Section>

      {children}
    </div>
  );
}
