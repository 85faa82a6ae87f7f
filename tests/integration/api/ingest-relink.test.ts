// Ingest rewrites only records whose values differ, and relinks only what the records it wrote can
// reach (lib/store/relink.ts `written`). Whatever is sent, re-sent, moved in time or stops counting,
// the stored links must equal a full recompute.
import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { ingestChanges, ingestDeployments, ingestFindings, ingestIncidents } from '@/lib/store/ingest';
import { relink } from '@/lib/store/relink';
import { getTestDb } from '@/tests/helpers/database';

const HOUR = 3_600_000;
const start = Date.parse('2026-04-01T00:00:00Z');
const at = (hours: number) => new Date(start + hours * HOUR);

async function derivedLinks(db: Db) {
  const [deployments, changes, incidents] = await Promise.all([
    db.deployment.findMany({ select: { externalId: true, counted: true, rolledBackAt: true }, orderBy: { externalId: 'asc' } }),
    db.change.findMany({ select: { externalId: true, shippedById: true, deployedAt: true, isRework: true }, orderBy: { externalId: 'asc' } }),
    db.incident.findMany({ select: { externalId: true, causeDeploymentId: true, linkKind: true }, orderBy: { externalId: 'asc' } }),
  ]);
  return { deployments, changes, incidents };
}

describe('ingest relinks incrementally', () => {
  it('keeps the same links as a full recompute through sends, re-sends and moves', async () => {
    const db = getTestDb();
    const source = await db.source.create({ data: { kind: 'ingest', name: 'since-test' } });
    const repos = ['acme/one', 'acme/two'];
    const deployment = (n: number, hours: number, extra: Record<string, unknown> = {}) => ({
      externalId: `d${n}`, repository: repos[n % 2] as string, environment: 'production', status: 'success' as const,
      sha: `${n}`.padStart(7, 'c'), finishedAt: at(hours), ...extra,
    });

    await ingestChanges(db, source.id, Array.from({ length: 40 }, (_, i) => ({
      externalId: `c${i}`, repository: repos[i % 2] as string, mergedAt: at(i * 3), firstCommitAt: at(i * 3 - 20),
      title: i % 7 === 0 ? `Revert "c${i - 1}"` : `Change ${i}`, labels: i % 5 === 0 ? ['HotFix'] : [],
    })));
    await ingestDeployments(db, source.id, Array.from({ length: 30 }, (_, i) => deployment(i, i * 4 + 1, { isRollback: i % 9 === 8 })));
    await ingestIncidents(db, source.id, Array.from({ length: 12 }, (_, i) => ({
      externalId: `i${i}`, repository: repos[i % 2] as string, title: `Incident ${i}`, startedAt: at(i * 10 + 2),
      ...(i % 4 === 0 ? { causeDeployment: `d${i + 1}` } : {}),
    })));
    // Re-sends that move records back in time, stop counting, or become rollbacks.
    await ingestDeployments(db, source.id, [
      deployment(25, 3),
      deployment(4, 17, { status: 'failure' }),
      deployment(10, 41, { environment: 'staging' }),
      deployment(13, 53, { isRollback: true }),
    ]);
    await ingestChanges(db, source.id, [{ externalId: 'c30', repository: 'acme/one', mergedAt: at(0), firstCommitAt: at(-5) }]);
    await ingestIncidents(db, source.id, [{ externalId: 'i11', repository: 'acme/two', title: 'moved', startedAt: at(6) }]);

    const incremental = await derivedLinks(db);
    await relink(db, 'all');
    const full = await derivedLinks(db);
    expect(incremental).toEqual(full);
    expect(full.changes.filter((change) => change.shippedById !== null).length).toBeGreaterThan(20);
    expect(full.incidents.filter((incident) => incident.causeDeploymentId !== null).length).toBeGreaterThan(5);
  });

  it('leaves records whose values are all the same untouched, and still counts them as updated', async () => {
    const db = getTestDb();
    const source = await db.source.create({ data: { kind: 'ingest', name: 'unchanged-test' } });
    const deployments = [1, 2, 3].map((n) => ({
      externalId: `same-d${n}`, repository: 'acme/same', environment: 'production', status: 'success' as const,
      sha: 'a'.repeat(39) + n, finishedAt: at(n), changes: [`same-c${n}`],
    }));
    const changes = [1, 2, 3].map((n) => ({ externalId: `same-c${n}`, repository: 'acme/same', mergedAt: at(n - 0.5), labels: ['x'] }));
    await ingestChanges(db, source.id, changes);
    await ingestDeployments(db, source.id, deployments);
    const versions = () => db.$queryRaw<{ externalId: string; version: string }[]>`
      SELECT "externalId", xmin::text AS version FROM "Deployment" WHERE "externalId" LIKE 'same-%'
      UNION ALL SELECT "externalId", xmin::text FROM "Change" WHERE "externalId" LIKE 'same-%' ORDER BY 1`;
    const before = await versions();

    expect(await ingestChanges(db, source.id, changes)).toEqual({ created: 0, updated: 3 });
    expect(await ingestDeployments(db, source.id, deployments)).toEqual({ created: 0, updated: 3 });
    expect(await versions()).toEqual(before);

    // One value differs: that record alone is rewritten.
    expect(await ingestDeployments(db, source.id, [deployments[0]!, { ...deployments[1]!, status: 'failure' as const }, deployments[2]!]))
      .toEqual({ created: 0, updated: 3 });
    const after = await versions();
    expect(after.filter((row, index) => row.version !== before[index]?.version).map((row) => row.externalId)).toContain('same-d2');
    expect(after.find((row) => row.externalId === 'same-d1')?.version).toBe(before.find((row) => row.externalId === 'same-d1')?.version);
  });

  it('relinks a deployment whose only change is its list of changes', async () => {
    const db = getTestDb();
    const source = await db.source.create({ data: { kind: 'ingest', name: 'relisted-test' } });
    await ingestChanges(db, source.id, [
      { externalId: 'list-c1', repository: 'acme/list', mergedAt: at(0) },
      { externalId: 'list-c2', repository: 'acme/list', mergedAt: at(0) },
    ]);
    const deployment = (n: number, hours: number, changes: string[]) => ({
      externalId: `list-d${n}`, repository: 'acme/list', environment: 'production', status: 'success' as const, finishedAt: at(hours), changes,
    });
    await ingestDeployments(db, source.id, [deployment(1, 1, []), deployment(2, 5, ['list-c2'])]);
    const shippedBy = async () => Object.fromEntries((await db.change.findMany({
      where: { externalId: { startsWith: 'list-' } }, select: { externalId: true, shippedBy: { select: { externalId: true } } },
    })).map((change) => [change.externalId, change.shippedBy?.externalId ?? null]));
    expect(await shippedBy()).toEqual({ 'list-c1': 'list-d1', 'list-c2': 'list-d2' });

    // Same columns, other list: c2 is no longer listed and falls back to d1; c1 is now listed by d2 (a list wins).
    expect(await ingestDeployments(db, source.id, [deployment(2, 5, ['list-c1'])])).toEqual({ created: 0, updated: 1 });
    expect(await shippedBy()).toEqual({ 'list-c1': 'list-d2', 'list-c2': 'list-d1' });
    // An emptied list: both fall back to the first counted deployment after their merge.
    await ingestDeployments(db, source.id, [deployment(2, 5, [])]);
    expect(await shippedBy()).toEqual({ 'list-c1': 'list-d1', 'list-c2': 'list-d1' });

    const incremental = await derivedLinks(db);
    await relink(db, 'all');
    expect(await derivedLinks(db)).toEqual(incremental);
  });

  it('sets a finding\'s exclusion as it writes it, without a relink', async () => {
    const db = getTestDb();
    const source = await db.source.create({ data: { kind: 'ingest', name: 'finding-test' } });
    const finding = (externalId: string, dismissedReason?: string) => ({
      externalId, repository: 'acme/findings', tool: 'trivy', severity: 'high' as const, openedAt: at(0),
      ...(dismissedReason === undefined ? { state: 'open' as const } : { state: 'dismissed' as const, dismissedAt: at(1), dismissedReason }),
    });
    await ingestFindings(db, source.id, [finding('f-open'), finding('f-fp', '  False_Positive '), finding('f-wontfix', "won't fix")]);
    const excluded = async () => Object.fromEntries((await db.finding.findMany({
      where: { sourceId: source.id }, select: { externalId: true, excluded: true },
    })).map((row) => [row.externalId, row.excluded]));
    expect(await excluded()).toEqual({ 'f-open': false, 'f-fp': true, 'f-wontfix': false });
    await ingestFindings(db, source.id, [finding('f-open', 'used in tests'), finding('f-fp')]);
    expect(await excluded()).toEqual({ 'f-open': true, 'f-fp': false, 'f-wontfix': false });
  });
});
