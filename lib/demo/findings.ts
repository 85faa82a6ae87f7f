// Security findings from GitHub code scanning, Dependabot and secret scanning. Remediation times follow
// each team's SecurityProfile, so some teams meet the SLAs and others breach them; Dependabot alerts
// arrive in org-wide waves when an advisory is published, as they do on GitHub.
import { ADVISORIES, CODE_SCANNING_RULES, DISMISSAL_REASONS, ECOSYSTEM_OF, SECRET_TYPES } from '@/lib/demo/catalog';
import { DAY, HOUR, type FindingTool, type PlannedChange, type PlannedFinding, type RepoContext, type Window } from '@/lib/demo/model';
import type { Random } from '@/lib/demo/random';
import { SEVERITIES, type Severity } from '@/lib/metrics/types';

/** Median days to fix at remediation factor 1, per severity. */
const BASE_REMEDIATION_DAYS: Record<Severity, number> = { critical: 4, high: 14, medium: 40, low: 75 };
/** Rotating a leaked secret is faster than fixing code. */
const SECRET_REMEDIATION_DAYS = 1.5;

function outcome(rng: Random, repo: RepoContext, finding: Pick<PlannedFinding, 'tool' | 'severity' | 'openedAt'>, window: Window)
  : Pick<PlannedFinding, 'state' | 'fixedAt' | 'dismissedAt' | 'dismissedReason'> {
  const security = repo.security;
  const dismissShare = finding.tool === 'secret-scanning' ? 0.2 : finding.tool === 'dependabot' ? 0.12 : 0.14;
  if (rng.chance(dismissShare)) {
    const dismissedAt = finding.openedAt + rng.logNormal(3 * DAY, 1);
    if (dismissedAt < window.now) {
      return {
        state: 'dismissed', dismissedAt, fixedAt: undefined,
        dismissedReason: rng.weighted(DISMISSAL_REASONS[finding.tool]),
      };
    }
  }
  if (rng.chance(security.fixShare)) {
    const medianDays = finding.tool === 'secret-scanning' ? SECRET_REMEDIATION_DAYS : BASE_REMEDIATION_DAYS[finding.severity];
    const fixedAt = finding.openedAt + Math.max(HOUR, rng.logNormal(medianDays * security.remediationFactor * DAY, 0.85));
    if (fixedAt < window.now) return { state: 'fixed', fixedAt, dismissedAt: undefined, dismissedReason: undefined };
  }
  return { state: 'open', fixedAt: undefined, dismissedAt: undefined, dismissedReason: undefined };
}

function finding(rng: Random, repo: RepoContext, window: Window,
  fields: Pick<PlannedFinding, 'tool' | 'ruleId' | 'title' | 'severity' | 'openedAt'>): PlannedFinding {
  return { repo, ...fields, ...outcome(rng, repo, fields, window), number: 0 };
}

export function generateFindings(rng: Random, repos: RepoContext[], changes: PlannedChange[], window: Window): PlannedFinding[] {
  const findings: PlannedFinding[] = [];
  const months = (window.now - window.from) / (30 * DAY);
  const mergesByRepo = new Map<RepoContext, number[]>();
  for (const change of changes) {
    const list = mergesByRepo.get(change.repo) ?? [];
    list.push(change.mergedAt);
    mergesByRepo.set(change.repo, list);
  }

  for (const repo of repos) {
    const local = repo.rng.fork('findings');
    const end = Math.min(window.now, repo.activeUntil);
    if (!repo.spec.codeScanningDisabled) {
      const rules = CODE_SCANNING_RULES[repo.spec.language];
      const merges = (mergesByRepo.get(repo) ?? []).filter((at) => at >= window.from && at < end);
      const count = local.poisson(repo.security.codeScanningPerMonth * months);
      for (let i = 0; i < count; i += 1) {
        // Alerts appear when a pull request introduces them, or in the first scan of older code.
        const openedAt = local.chance(0.2) || merges.length === 0
          ? window.from + local.between(0.5, 4) * DAY
          : local.pick(merges) + local.between(5, 30) * 60_000;
        const rule = local.pick(rules);
        findings.push(finding(local, repo, window, { tool: 'code-scanning', ruleId: rule.id, title: rule.title, severity: rule.severity, openedAt }));
      }
    }
    const secrets = local.poisson(repo.security.secretsPerPeriod);
    for (let i = 0; i < secrets; i += 1) {
      const secret = local.pick(SECRET_TYPES);
      findings.push(finding(local, repo, window, {
        tool: 'secret-scanning', ruleId: secret.id, title: secret.title, severity: 'critical',
        openedAt: local.between(window.from, end - HOUR),
      }));
    }
  }

  // Each advisory is published once and reaches every exposed repository within hours.
  const waves = rng.fork('advisories');
  for (const advisory of ADVISORIES) {
    const publishedAt = waves.between(window.from, window.now - DAY);
    const ghsa = `GHSA-${waves.hex(4)}-${waves.hex(4)}-${waves.hex(4)}`;
    for (const repo of repos) {
      if (!ECOSYSTEM_OF[repo.spec.language].includes(advisory.ecosystem)) continue;
      if (publishedAt >= repo.activeUntil || !waves.chance(repo.security.dependabotExposure)) continue;
      findings.push(finding(waves, repo, window, {
        tool: 'dependabot', ruleId: ghsa, title: `${advisory.package}: ${advisory.summary}`, severity: advisory.severity,
        openedAt: publishedAt + waves.between(0.5, 8) * HOUR,
      }));
    }
  }

  ensureCoverage(findings, window);
  return findings.filter((candidate) => candidate.openedAt < window.now);
}

/**
 * The dashboards must show every severity in every state and the dismissal reasons the metrics treat
 * differently; random draws almost always produce them, and this makes it certain for any seed.
 */
function ensureCoverage(findings: PlannedFinding[], window: Window): void {
  const present = (severity: Severity, state: PlannedFinding['state']) =>
    findings.some((candidate) => candidate.severity === severity && candidate.state === state && candidate.openedAt < window.now);
  for (const severity of SEVERITIES) {
    for (const state of ['open', 'fixed', 'dismissed'] as const) {
      if (present(severity, state)) continue;
      const donor = findings.find((candidate) => candidate.severity === severity && candidate.openedAt < window.now - 10 * DAY
        && findings.filter((other) => other.severity === severity && other.state === candidate.state).length > 1);
      if (!donor) continue;
      setState(donor, state, state === 'dismissed' ? defaultReason(donor.tool) : undefined, window);
    }
  }
  const reasons: readonly (readonly [FindingTool, string])[] = [
    ['code-scanning', 'false positive'], ['code-scanning', "won't fix"], ['code-scanning', 'used in tests'],
    ['dependabot', 'tolerable_risk'], ['secret-scanning', 'used_in_tests'],
  ];
  for (const [tool, reason] of reasons) {
    if (findings.some((candidate) => candidate.tool === tool && candidate.dismissedReason === reason)) continue;
    const donor = findings.find((candidate) => candidate.tool === tool && candidate.state === 'open'
      && candidate.openedAt < window.now - 10 * DAY);
    if (donor) setState(donor, 'dismissed', reason, window);
  }
}

function defaultReason(tool: FindingTool): string {
  return tool === 'dependabot' ? 'tolerable_risk' : tool === 'secret-scanning' ? 'used_in_tests' : "won't fix";
}

function setState(target: PlannedFinding, state: PlannedFinding['state'], reason: string | undefined, window: Window): void {
  const settledAt = Math.min(window.now - HOUR, target.openedAt + 5 * DAY);
  target.state = state;
  target.fixedAt = state === 'fixed' ? settledAt : undefined;
  target.dismissedAt = state === 'dismissed' ? settledAt : undefined;
  target.dismissedReason = state === 'dismissed' ? reason : undefined;
}
