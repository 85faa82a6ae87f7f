// Repositories named by arriving records: known ones are looked up, unknown ones created once.
import { describe, expect, it } from 'vitest';
import { ensureRepositories } from '@/lib/store/repositories';
import { getTestDb } from '@/tests/helpers/database';

const db = getTestDb();

describe('ensureRepositories', () => {
  it('returns the ids of known repositories and creates only the unknown ones, once', async () => {
    const known = await db.repository.create({ data: { fullName: 'acme/known' }, select: { id: true } });

    const ids = await ensureRepositories(db, ['acme/known', 'acme/new', 'acme/new', 'acme/other']);
    expect([...ids.keys()].sort()).toEqual(['acme/known', 'acme/new', 'acme/other']);
    expect(ids.get('acme/known')).toBe(known.id);

    const again = await ensureRepositories(db, ['acme/other', 'acme/new']);
    expect(again).toEqual(new Map([['acme/other', ids.get('acme/other')], ['acme/new', ids.get('acme/new')]]));
    expect(await db.repository.count({ where: { fullName: { startsWith: 'acme/' } } })).toBe(3);
  });

  it('returns nothing and writes nothing for no names', async () => {
    const before = await db.repository.count();
    expect(await ensureRepositories(db, [])).toEqual(new Map());
    expect(await db.repository.count()).toBe(before);
  });
});
