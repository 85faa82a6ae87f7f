// The security KPIs of METRICS.md, defined over a scoped view whose findings already leave out those
// dismissed as never real (false positive, used in tests, inaccurate).
import { SEVERITIES, type NetResolveRate, type OpenBacklog, type RemediationStats, type SecretExposureTime, type Severity, type SlaCompliance, type TimeToRemediate } from '@/lib/metrics/types';
import type { LinkedFinding } from '@/lib/metrics/reference/links';
import { mean, median, ratio, secondsBetween } from '@/lib/metrics/reference/statistics';
import { inPeriod, type ScopedView } from '@/lib/metrics/reference/view';

const DAY_SECONDS = 86_400;

/** `fixedAt` only counts for a finding in state `fixed`, `dismissedAt` only for one in state `dismissed`. */
export function fixedAtOf(finding: LinkedFinding): Date | null {
  return finding.state === 'fixed' ? finding.fixedAt : null;
}

export function dismissedAtOf(finding: LinkedFinding): Date | null {
  return finding.state === 'dismissed' ? finding.dismissedAt : null;
}

function before(instant: Date | null, limit: Date): boolean {
  return instant !== null && instant.getTime() < limit.getTime();
}

function fixedInPeriod(view: ScopedView): LinkedFinding[] {
  return view.findings.filter((finding) => inPeriod(fixedAtOf(finding), view.period));
}

function remediationSeconds(finding: LinkedFinding): number {
  return secondsBetween(finding.openedAt, fixedAtOf(finding) as Date);
}

function remediationStats(findings: readonly LinkedFinding[]): RemediationStats {
  const seconds = findings.map(remediationSeconds);
  return { fixed: findings.length, mean: mean(seconds), median: median(seconds) };
}

function bySeverity<T>(compute: (severity: Severity) => T): Record<Severity, T> {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, compute(severity)])) as Record<Severity, T>;
}

export function timeToRemediate(view: ScopedView): TimeToRemediate {
  const fixed = fixedInPeriod(view);
  return {
    overall: remediationStats(fixed),
    bySeverity: bySeverity((severity) => remediationStats(fixed.filter((finding) => finding.severity === severity))),
  };
}

/** Findings open at `to`: opened before it, neither fixed nor dismissed before it. */
function openAt(view: ScopedView): LinkedFinding[] {
  const { to } = view.period;
  return view.findings.filter((finding) =>
    finding.openedAt.getTime() < to.getTime() && !before(fixedAtOf(finding), to) && !before(dismissedAtOf(finding), to));
}

function ageSeconds(finding: LinkedFinding, at: Date): number {
  return secondsBetween(finding.openedAt, at);
}

export function openBacklog(view: ScopedView): OpenBacklog {
  const { to } = view.period;
  const open = openAt(view);
  const ages = open.map((finding) => ageSeconds(finding, to));
  return {
    total: open.length,
    bySeverity: bySeverity((severity) => open.filter((finding) => finding.severity === severity).length),
    byAge: {
      upTo30: ages.filter((age) => age <= 30 * DAY_SECONDS).length,
      upTo60: ages.filter((age) => age > 30 * DAY_SECONDS && age <= 60 * DAY_SECONDS).length,
      upTo90: ages.filter((age) => age > 60 * DAY_SECONDS && age <= 90 * DAY_SECONDS).length,
      over90: ages.filter((age) => age > 90 * DAY_SECONDS).length,
    },
    // Accepted risk: opened before `to` and dismissed (for a reason that keeps it) before `to`.
    accepted: view.findings.filter((finding) => finding.openedAt.getTime() < to.getTime() && before(dismissedAtOf(finding), to)).length,
  };
}

export function slaCompliance(view: ScopedView): SlaCompliance {
  const { slaDays } = view.linked.settings;
  const slaSeconds = (severity: Severity): number => slaDays[severity] * DAY_SECONDS;
  const fixed = fixedInPeriod(view);
  const withinSla = fixed.filter((finding) => remediationSeconds(finding) <= slaSeconds(finding.severity)).length;
  const breachedFindings = openAt(view).filter((finding) => ageSeconds(finding, view.period.to) > slaSeconds(finding.severity));
  return {
    fixed: fixed.length,
    withinSla,
    value: ratio(withinSla, fixed.length),
    breached: {
      ...bySeverity((severity) => breachedFindings.filter((finding) => finding.severity === severity).length),
      total: breachedFindings.length,
    },
    slaDays: { ...slaDays },
  };
}

export function netResolveRate(view: ScopedView): NetResolveRate {
  const fixed = fixedInPeriod(view).length;
  // Accepted (dismissed but kept) findings were opened like any other.
  const opened = view.findings.filter((finding) => inPeriod(finding.openedAt, view.period)).length;
  return { fixed, opened, value: ratio(fixed, opened) };
}

export const SECRET_SCANNING_TOOL = 'secret-scanning';

export function secretExposureTime(view: ScopedView): SecretExposureTime {
  const fixed = fixedInPeriod(view).filter((finding) => finding.tool === SECRET_SCANNING_TOOL);
  return { fixed: fixed.length, median: median(fixed.map(remediationSeconds)) };
}
