// One record with what it links to, for the record pages at the end of a drill-down. The access check
// is the same as the tables': the record's repository (or, for a team-only incident, its team) must be
// readable, else NotFound — a record outside the caller's access does not exist for them.
import { NotFoundError, type AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { recoverySeconds } from '@/lib/records/deployments';
import { getSlaDays } from '@/lib/records/findings';
import { secondsBetween } from '@/lib/records/query';
import { getVisibleTeams } from '@/lib/records/visible-teams';
import { SEVERITIES, type Severity } from '@/lib/metrics/types';

async function assertReadable(access: AccessScope, db: Db, teamId: number | null | undefined, what: string): Promise<void> {
  if (access.kind === 'all') return;
  const visible = await getVisibleTeams(access, db);
  if (teamId === null || teamId === undefined || !visible.ids.includes(teamId)) throw new NotFoundError(`No ${what} with that id.`);
}

export async function getDeploymentDetail(access: AccessScope, db: Db, id: number) {
  const record = await db.deployment.findUnique({
    where: { id },
    include: {
      repository: { select: { fullName: true, teamId: true, url: true, productionPattern: true, team: { select: { slug: true, name: true } } } },
      source: { select: { name: true, kind: true } },
      shipped: { select: { id: true, number: true, title: true, url: true, isRework: true, mergedAt: true }, orderBy: { mergedAt: 'asc' } },
      causedIncidents: { select: { id: true, externalId: true, title: true, security: true, startedAt: true, resolvedAt: true, url: true, linkKind: true }, orderBy: { startedAt: 'asc' } },
      changeRefs: { select: { ref: true } },
    },
  });
  if (!record) throw new NotFoundError('No deployment with that id.');
  await assertReadable(access, db, record.repository.teamId, 'deployment');
  const failed = record.counted && (record.rolledBackAt !== null || record.causedIncidents.length > 0);
  return { ...record, failed, recoverySeconds: failed ? recoverySeconds(record) : null };
}

export async function getChangeDetail(access: AccessScope, db: Db, id: number) {
  const record = await db.change.findUnique({
    where: { id },
    include: {
      repository: { select: { fullName: true, teamId: true, team: { select: { slug: true, name: true } } } },
      source: { select: { name: true, kind: true } },
      shippedBy: { select: { id: true, externalId: true, environment: true, finishedAt: true, url: true } },
    },
  });
  if (!record) throw new NotFoundError('No change with that id.');
  await assertReadable(access, db, record.repository.teamId, 'change');
  const start = record.firstCommitAt ?? record.openedAt ?? record.mergedAt;
  return {
    ...record,
    leadTimeSeconds: secondsBetween(start, record.deployedAt),
    stages: {
      coding: secondsBetween(record.firstCommitAt, record.openedAt),
      review: secondsBetween(record.openedAt, record.mergedAt),
      deploy: secondsBetween(record.mergedAt, record.deployedAt),
    },
  };
}

export async function getIncidentDetail(access: AccessScope, db: Db, id: number) {
  const record = await db.incident.findUnique({
    where: { id },
    include: {
      repository: { select: { fullName: true, teamId: true } },
      team: { select: { id: true, slug: true, name: true } },
      source: { select: { name: true, kind: true } },
      causeDeployment: { select: { id: true, externalId: true, sha: true, finishedAt: true, counted: true, url: true, repository: { select: { fullName: true } } } },
    },
  });
  if (!record) throw new NotFoundError('No incident with that id.');
  await assertReadable(access, db, record.repository ? record.repository.teamId : record.team?.id, 'incident');
  return { ...record, durationSeconds: secondsBetween(record.startedAt, record.resolvedAt) };
}

export async function getFindingDetail(access: AccessScope, db: Db, id: number) {
  const record = await db.finding.findUnique({
    where: { id },
    include: {
      repository: { select: { fullName: true, teamId: true, team: { select: { slug: true, name: true } } } },
      source: { select: { name: true, kind: true } },
    },
  });
  if (!record) throw new NotFoundError('No finding with that id.');
  await assertReadable(access, db, record.repository.teamId, 'finding');
  const slaDays = await getSlaDays(db);
  const severity = (SEVERITIES as readonly string[]).includes(record.severity) ? (record.severity as Severity) : null;
  const sla = severity ? slaDays[severity] : null;
  const now = new Date();
  const closedAt = record.state === 'fixed' ? record.fixedAt : record.state === 'dismissed' ? record.dismissedAt : null;
  const ageSeconds = secondsBetween(record.openedAt, closedAt ?? now);
  return {
    ...record,
    slaDays: sla,
    ageSeconds,
    withinSla: sla !== null && ageSeconds !== null ? ageSeconds <= sla * 86_400 : null,
  };
}
