// Seeding the demo into a real, freshly migrated database: everything lands, the store's derived links
// agree with the reference definitions on the demo data, and seeding again duplicates nothing.
import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { demoDataset } from '@/lib/demo/dataset';
import { generateDemoData } from '@/lib/demo/generate';
import { demoDataStatus, seedDemoData } from '@/lib/demo/seed';
import { linkDataset } from '@/lib/metrics/reference';
import { getTestDb } from '@/tests/helpers/database';

const NOW = new Date('2026-03-15T16:20:00Z');
const data = generateDemoData({ now: NOW });

async function rowCounts(db: Db): Promise<Record<string, number>> {
  return {
    orgSettings: await db.orgSettings.count(),
    sources: await db.source.count(),
    teams: await db.team.count(),
    repositories: await db.repository.count(),
    deployments: await db.deployment.count(),
    deploymentChanges: await db.deploymentChange.count(),
    changes: await db.change.count(),
    incidents: await db.incident.count(),
    findings: await db.finding.count(),
    collectorRuns: await db.collectorRun.count(),
    users: await db.user.count(),
    memberships: await db.membership.count(),
  };
}

describe('seedDemoData', () => {
  it('fills a fresh database in well under a minute', async () => {
    const db = getTestDb();
    expect(await demoDataStatus(db)).toEqual({ seeded: false, latestDeploymentAt: null });
    const progress: string[] = [];
    const summary = await seedDemoData(db, { now: NOW, onProgress: (step) => progress.push(step) });

    expect(summary.durationMs).toBeLessThan(60_000);
    expect(progress.length).toBeGreaterThan(3);
    expect(summary.changes).toEqual({ created: data.changes.length, updated: 0 });
    expect(summary.deployments).toEqual({ created: data.deployments.length, updated: 0 });
    expect(summary.incidents).toEqual({ created: data.incidents.length, updated: 0 });
    expect(summary.findings).toEqual({ created: data.findings.length, updated: 0 });

    const counts = await rowCounts(db);
    expect(counts).toMatchObject({
      orgSettings: 1, sources: 1, teams: data.teams.length, repositories: data.repositories.length,
      collectorRuns: data.collectorRuns.length, users: data.users.length,
      memberships: data.users.reduce((sum, user) => sum + user.memberships.length, 0),
    });

    const settings = await db.orgSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(settings).toMatchObject({ name: 'Medisphere Health', timeZone: 'America/New_York', incidentWindowHours: 72 });

    const source = await db.source.findUniqueOrThrow({ where: { name: 'demo' } });
    expect(source).toMatchObject({ kind: 'github', enabled: false });
    expect(Object.keys(source.state as Record<string, unknown>)).toContain('code-scanning:medisphere/lis-connector');
    expect(await db.collectorRun.count({ where: { sourceId: source.id, status: 'failed', error: { not: null } } })).toBe(1);

    const teams = await db.team.findMany({ include: { parent: true, repos: true } });
    const portal = teams.find((team) => team.slug === 'patient-portal');
    expect(portal?.parent?.slug).toBe('patient-experience');
    expect(portal?.repos.map((repo) => repo.fullName)).toContain('medisphere/patient-portal-web');
    const unowned = await db.repository.findMany({ where: { teamId: null } });
    expect(unowned.map((repo) => repo.fullName).sort())
      .toEqual(data.repositories.filter((repo) => repo.team === null).map((repo) => repo.fullName).sort());
    expect(await db.repository.count({ where: { archived: true } })).toBe(1);
    expect(await db.repository.count({ where: { sourceId: source.id } })).toBe(data.repositories.length);

    const manager = await db.user.findUniqueOrThrow({
      where: { email: 'maya.manager@demo.vitals.local' }, include: { memberships: { include: { team: true } } },
    });
    expect(manager.role).toBe('manager');
    expect(manager.memberships.map((membership) => [membership.team.slug, membership.role])).toEqual([['clinical', 'manager']]);
  }, 180_000);

  it('leaves the derived links the reference definitions give for the same records', async () => {
    const db = getTestDb();
    const linked = linkDataset(demoDataset(data));
    const incidentLinks = await db.incident.groupBy({ by: ['linkKind'], _count: { _all: true } });
    const byKind = Object.fromEntries(incidentLinks.map((row) => [String(row.linkKind), row._count._all]));
    const expected = linked.incidents.reduce<Record<string, number>>((acc, incident) => {
      const key = String(incident.linkKind);
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    expect(byKind).toEqual(expected);
    expect(await db.deployment.count({ where: { counted: true } })).toBe(linked.deployments.filter((d) => d.counted).length);
    expect(await db.deployment.count({ where: { rolledBackAt: { not: null } } }))
      .toBe(linked.deployments.filter((d) => d.rolledBackAt !== null).length);
    expect(await db.change.count({ where: { deployedAt: { not: null } } })).toBe(linked.changes.filter((c) => c.deployedAt !== null).length);
    expect(await db.change.count({ where: { isRework: true } })).toBe(linked.changes.filter((c) => c.isRework).length);
    expect(await db.finding.count({ where: { excluded: true } })).toBe(linked.findings.filter((f) => f.excluded).length);
  }, 120_000);

  it('creates nothing new when run again with the same seed and date', async () => {
    const db = getTestDb();
    const before = await rowCounts(db);
    const summary = await seedDemoData(db, { now: NOW });
    expect(summary.changes).toEqual({ created: 0, updated: data.changes.length });
    expect(summary.deployments).toEqual({ created: 0, updated: data.deployments.length });
    expect(summary.incidents).toEqual({ created: 0, updated: data.incidents.length });
    expect(summary.findings).toEqual({ created: 0, updated: data.findings.length });
    expect(await rowCounts(db)).toEqual(before);
  }, 180_000);

  it('moves the six months to a new date with `replace`, leaving exactly the new records', async () => {
    const db = getTestDb();
    const later = new Date(NOW.getTime() + 30 * 86_400_000);
    const moved = generateDemoData({ now: later });
    const summary = await seedDemoData(db, { now: later, replace: true });
    expect(summary.deployments).toEqual({ created: moved.deployments.length, updated: 0 });
    expect(await rowCounts(db)).toMatchObject({
      sources: 1, teams: moved.teams.length, repositories: moved.repositories.length, users: moved.users.length,
      deployments: moved.deployments.length, changes: moved.changes.length, incidents: moved.incidents.length,
      findings: moved.findings.length, collectorRuns: moved.collectorRuns.length,
    });
    const status = await demoDataStatus(db);
    expect(status.seeded).toBe(true);
    expect(status.latestDeploymentAt?.getTime()).toBe(Math.max(...moved.deployments.map((d) => d.finishedAt.getTime())));
  }, 180_000);
});
