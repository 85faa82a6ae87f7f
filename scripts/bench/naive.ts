// The naive baseline of the org overview: what a first version would do — load the rows through
// Prisma and compute every metric per team in JavaScript (using the stored links, so it is not
// slowed down further by re-deriving them).
import type { Db } from '@/lib/db';
import { previousPeriod } from '@/lib/metrics/period';
import type { Period } from '@/lib/metrics/types';

const DAY = 86_400_000;
const SLA_DAYS: Record<string, number> = { critical: 7, high: 30, medium: 90, low: 180 };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(middle)] ?? 0) + (sorted[Math.ceil(middle)] ?? 0)) / 2;
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const within = (date: Date | null, p: Period) => date !== null && date >= p.from && date < p.to;

/** One team's headline numbers for one period (the period first, then the one before, per team). */
export interface NaiveTeamValues {
  team: string;
  deployments: number;
  days: number;
  leadTime: number | null;
  changeFailureRate: number | null;
  recovery: number | null;
  restore: number | null;
  open: number;
  rework: number;
  remediation: number | null;
  backlog: number;
  breached: number;
  withinSla: number;
  opened: number;
  secrets: number | null;
  security: number;
}

export async function naiveOverview(db: Db, period: Period): Promise<NaiveTeamValues[]> {
  const previous = previousPeriod(period);
  const since = new Date(previous.from.getTime() - 30 * DAY);
  const [teams, repositories, deployments, changes, incidents, findings] = await Promise.all([
    db.team.findMany(),
    db.repository.findMany(),
    db.deployment.findMany({ where: { finishedAt: { gte: since } } }),
    db.change.findMany({ where: { deployedAt: { gte: since } } }),
    db.incident.findMany({ where: { OR: [{ resolvedAt: null }, { resolvedAt: { gte: since } }] } }),
    db.finding.findMany({ where: { excluded: false } }),
  ]);

  // Each repository counts for its team and every ancestor.
  const parentOf = new Map(teams.map((team) => [team.id, team.parentId]));
  const ancestorsOf = (teamId: number | null): number[] => {
    const chain: number[] = [];
    for (let id = teamId; id !== null && id !== undefined; id = parentOf.get(id) ?? null) chain.push(id);
    return chain;
  };
  const teamsOfRepository = new Map(repositories.map((repo) => [repo.id, ancestorsOf(repo.teamId)]));
  const causes = new Map<number, typeof incidents>();
  for (const incident of incidents) {
    if (incident.causeDeploymentId === null) continue;
    causes.set(incident.causeDeploymentId, [...(causes.get(incident.causeDeploymentId) ?? []), incident]);
  }
  const reworkShipped = new Set(changes.filter((c) => c.isRework && c.shippedById !== null).map((c) => c.shippedById));

  // Rows grouped by team once (each repository's rows go to its team and every ancestor), so the
  // baseline is naive in where it computes, not quadratic.
  const byTeam = <T extends { repositoryId: number | null }>(rows: T[]) => {
    const grouped = new Map<number, T[]>();
    for (const row of rows) {
      for (const teamId of row.repositoryId === null ? [] : teamsOfRepository.get(row.repositoryId) ?? []) {
        const list = grouped.get(teamId);
        if (list) list.push(row);
        else grouped.set(teamId, [row]);
      }
    }
    return (teamId: number) => grouped.get(teamId) ?? [];
  };
  const deploymentsOf = byTeam(deployments);
  const changesOf = byTeam(changes);
  const incidentsOf = byTeam(incidents);
  const findingsOf = byTeam(findings);

  const results: NaiveTeamValues[] = [];
  for (const team of teams) {
    const teamDeployments = deploymentsOf(team.id).filter((d) => d.counted);
    const teamChanges = changesOf(team.id);
    const teamIncidents = [...incidentsOf(team.id), ...incidents.filter((i) => i.repositoryId === null && ancestorsOf(i.teamId).includes(team.id))];
    const teamFindings = findingsOf(team.id);
    for (const p of [period, previous]) {
      const deployed = teamDeployments.filter((d) => within(d.finishedAt, p));
      const failed = deployed.filter((d) => d.rolledBackAt !== null || causes.has(d.id));
      const recoveries = failed.flatMap((d) => {
        const linked = causes.get(d.id) ?? [];
        const byIncidents = linked.length > 0 && linked.every((i) => i.resolvedAt)
          ? Math.max(...linked.map((i) => i.resolvedAt?.getTime() ?? 0)) - d.finishedAt.getTime() : null;
        const byRollback = d.rolledBackAt ? d.rolledBackAt.getTime() - d.finishedAt.getTime() : null;
        const both = [byIncidents, byRollback].filter((v): v is number => v !== null);
        return both.length ? [Math.min(...both) / 1000] : [];
      });
      const leadTimes = teamChanges.filter((c) => within(c.deployedAt, p)).flatMap((c) => {
        const start = c.firstCommitAt ?? c.openedAt ?? c.mergedAt;
        const lead = ((c.deployedAt?.getTime() ?? 0) - start.getTime()) / 1000;
        return lead > 0 ? [lead] : [];
      });
      const restored = teamIncidents.filter((i) => within(i.resolvedAt, p)).map((i) => ((i.resolvedAt?.getTime() ?? 0) - i.startedAt.getTime()) / 1000);
      const openAtTo = (f: (typeof findings)[number]) =>
        f.openedAt < p.to && !(f.state === 'fixed' && f.fixedAt && f.fixedAt < p.to) && !(f.state === 'dismissed' && f.dismissedAt && f.dismissedAt < p.to);
      const fixed = teamFindings.filter((f) => f.state === 'fixed' && within(f.fixedAt, p));
      const remediation = (f: (typeof findings)[number]) => ((f.fixedAt?.getTime() ?? 0) - f.openedAt.getTime()) / 1000;
      const backlog = teamFindings.filter(openAtTo);
      results.push({
        team: team.slug,
        deployments: deployed.length,
        days: new Set(deployed.map((d) => d.finishedAt.toISOString().slice(0, 10))).size,
        leadTime: median(leadTimes),
        changeFailureRate: deployed.length ? failed.length / deployed.length : null,
        recovery: median(recoveries),
        restore: median(restored),
        open: teamIncidents.filter((i) => i.startedAt < p.to && (!i.resolvedAt || i.resolvedAt >= p.to)).length,
        rework: deployed.filter((d) => d.isRollback || reworkShipped.has(d.id)).length,
        remediation: mean(fixed.map(remediation)),
        backlog: backlog.length,
        breached: backlog.filter((f) => (p.to.getTime() - f.openedAt.getTime()) / DAY > (SLA_DAYS[f.severity] ?? 0)).length,
        withinSla: fixed.filter((f) => remediation(f) / 86_400 <= (SLA_DAYS[f.severity] ?? 0)).length,
        opened: teamFindings.filter((f) => within(f.openedAt, p)).length,
        secrets: median(fixed.filter((f) => f.tool === 'secret-scanning').map(remediation)),
        security: deployed.filter((d) => (causes.get(d.id) ?? []).some((i) => i.security)).length,
      });
    }
  }
  return results;
}
