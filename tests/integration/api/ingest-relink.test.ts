// Ingest relinks only from the earliest instant a batch touched (relink's `since`). Whatever is sent,
// re-sent, moved in time or stops counting, the stored links must equal a full recompute.
import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { ingestChanges, ingestDeployments, ingestIncidents } from '@/lib/store/ingest';
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
});
