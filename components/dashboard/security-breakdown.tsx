import Link from 'next/link';
import { Panel } from '@/components/dashboard/section';
import { formatCount, formatPercent } from '@/lib/format/number';
import { SEVERITIES, type MetricValues } from '@/lib/metrics/types';

const SEVERITY_COLOR = { critical: 'var(--sev-critical)', high: 'var(--sev-high)', medium: 'var(--sev-medium)', low: 'var(--sev-low)' } as const;
const AGE_BUCKETS = [
  { key: 'upTo30', label: '≤ 30 days' },
  { key: 'upTo60', label: '31–60 days' },
  { key: 'upTo90', label: '61–90 days' },
  { key: 'over90', label: '> 90 days' },
] as const;

function Bars({ items, max }: { items: { label: string; value: number; href: string; color: string }[]; max: number }) {
  return (
    <ul className="space-y-1.5 text-sm">
      {items.map((item) => (
        <li key={item.label} className="grid grid-cols-[6.5rem_1fr_3rem] items-center gap-2">
          <span className="capitalize text-muted">{item.label}</span>
          <span className="h-2.5 overflow-hidden rounded-full bg-raised" aria-hidden="true">
            <span className="block h-full rounded-full" style={{ width: `${max > 0 ? (item.value / max) * 100 : 0}%`, background: item.color }} />
          </span>
          <Link prefetch={false} href={item.href} className="num text-right font-semibold hover:underline" aria-label={`${item.label}: ${item.value} findings. Show them`}>
            {formatCount(item.value)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Open backlog by severity and age, SLA compliance and SLA breaches; every count links to its findings. */
export function SecurityBreakdown({ values, findingsHref }: { values: MetricValues; findingsHref: (params: Record<string, string>) => string }) {
  const backlog = values.openBacklog;
  const sla = values.slaCompliance;
  const severityMax = Math.max(...SEVERITIES.map((s) => backlog.bySeverity[s]));
  const ageMax = Math.max(...AGE_BUCKETS.map((b) => backlog.byAge[b.key]));
  return (
    <div className="grid gap-3 md:grid-cols-3">
      <Panel
        title="Open backlog by severity"
        footer={
          <>
            <Link prefetch={false} href={findingsHref({ view: 'open' })} className="link">{formatCount(backlog.total)} open</Link> at the end of the period
            {backlog.accepted > 0 && <> · <Link prefetch={false} href={findingsHref({ view: 'accepted' })} className="link">{formatCount(backlog.accepted)} accepted risks</Link> not counted</>}
          </>
        }
      >
        <Bars
          max={severityMax}
          items={SEVERITIES.map((severity) => ({ label: severity, value: backlog.bySeverity[severity], href: findingsHref({ view: 'open', severity }), color: SEVERITY_COLOR[severity] }))}
        />
      </Panel>
      <Panel title="Open backlog by age" footer="Age at the end of the period.">
        <Bars max={ageMax} items={AGE_BUCKETS.map((bucket) => ({ label: bucket.label, value: backlog.byAge[bucket.key], href: findingsHref({ view: 'open', age: bucket.key }), color: 'var(--chart-1)' }))} />
      </Panel>
      <Panel
        title="Remediation SLA"
        footer={`SLA: critical ${sla.slaDays.critical} d, high ${sla.slaDays.high} d, medium ${sla.slaDays.medium} d, low ${sla.slaDays.low} d.`}
      >
        <p className="text-sm">
          <Link prefetch={false} href={findingsHref({ view: 'fixed' })} className="num text-2xl font-semibold hover:underline">{formatPercent(sla.value)}</Link>{' '}
          <span className="text-muted">of {formatCount(sla.fixed)} findings fixed in the period were fixed within SLA.</span>
        </p>
        <p className="mt-3 text-sm font-medium">
          <Link prefetch={false} href={findingsHref({ view: 'breached' })} className={`num hover:underline ${sla.breached.total > 0 ? 'text-bad' : ''}`}>{formatCount(sla.breached.total)} open past SLA</Link>
        </p>
        <ul className="mt-1 grid grid-cols-2 gap-x-3 text-sm">
          {SEVERITIES.map((severity) => (
            <li key={severity} className="flex justify-between">
              <span className="capitalize text-muted">{severity}</span>
              <Link prefetch={false} href={findingsHref({ view: 'breached', severity })} className="num font-semibold hover:underline">{formatCount(sla.breached[severity])}</Link>
            </li>
          ))}
        </ul>
      </Panel>
    </div>
  );
}
