// Collectors write through the same store as the ingest API, but their text does not pass the API's
// body reader, which refuses the NUL character. PostgreSQL text cannot hold it: the store removes it,
// so one odd PR title or Jira summary never fails its whole batch (and every sync after it).
import { describe, expect, it } from 'vitest';
import { ingestChanges, ingestFindings, ingestIncidents } from '@/lib/store/ingest';
import { getTestDb } from '@/tests/helpers/database';

describe('text with a NUL character from a collector', () => {
  it('is stored without it, and the rest of the batch with it', async () => {
    const db = getTestDb();
    const source = await db.source.create({ data: { kind: 'github', name: 'nul-test' } });
    const mergedAt = new Date('2026-05-01T10:00:00Z');

    await expect(ingestChanges(db, source.id, [
      { externalId: 'c1', repository: 'acme/nul', mergedAt, title: 'Fix\u0000 parser', labels: ['hot\u0000fix'] },
      { externalId: 'c2', repository: 'acme/nul', mergedAt, title: 'A title with a backslash: \\u0000' },
    ])).resolves.toEqual({ created: 2, updated: 0 });
    await ingestIncidents(db, source.id, [{ externalId: 'i1', repository: 'acme/nul', title: '\u0000Outage', startedAt: mergedAt }]);
    await ingestFindings(db, source.id, [{
      externalId: 'f1', repository: 'acme/nul', tool: 'code-scanning', ruleId: 'js/x\u0000', severity: 'high', state: 'open', openedAt: mergedAt,
    }]);

    const changes = await db.change.findMany({ where: { sourceId: source.id }, orderBy: { externalId: 'asc' }, select: { title: true, labels: true, isRework: true } });
    expect(changes).toEqual([
      { title: 'Fix parser', labels: ['hotfix'], isRework: true },
      { title: 'A title with a backslash: \\u0000', labels: [], isRework: false },
    ]);
    expect((await db.incident.findFirstOrThrow({ where: { sourceId: source.id } })).title).toBe('Outage');
    expect((await db.finding.findFirstOrThrow({ where: { sourceId: source.id } })).ruleId).toBe('js/x');

    // Sent again as collected, the records are unchanged: the comparison sees the stored form.
    await expect(ingestChanges(db, source.id, [
      { externalId: 'c1', repository: 'acme/nul', mergedAt, title: 'Fix\u0000 parser', labels: ['hot\u0000fix'] },
    ])).resolves.toEqual({ created: 0, updated: 1 });
  });
});
