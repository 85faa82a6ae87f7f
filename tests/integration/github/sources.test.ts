// Source administration and the run machinery shared by every collector: settings validated per kind,
// credentials sealed and never returned, key rotation, one sync per source, stale runs closed.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getTestDb } from '@/tests/helpers/database';
import { useTestEncryptionKey } from '@/tests/helpers/github/test-source';
import { keyRingFromStrings } from '@/lib/crypto/keys';
import { loadCredentials, rotateCredentials, sealCredentials } from '@/lib/sources/credentials';
import { createSource, getSource, listSources, removeSource, updateSource } from '@/lib/sources/sources';
import { runSync, STALE_RUN_MS, SyncInProgressError } from '@/lib/sources/run-sync';

useTestEncryptionKey();

describe('sources', () => {
  it('validates settings per kind and never returns or stores the token in clear', async () => {
    const db = getTestDb();
    await expect(createSource(db, { kind: 'github', name: 'bad', settings: {}, credentials: { token: 'x' } })).rejects.toThrow(/organization/);
    await expect(createSource(db, { kind: 'github', name: 'Bad Name', settings: { organization: 'acme' }, credentials: { token: 'x' } })).rejects.toThrow(/name/);
    await expect(createSource(db, { kind: 'github', name: 'notoken', settings: { organization: 'acme' } })).rejects.toThrow(/needs token/);
    await expect(createSource(db, { kind: 'gitlab', name: 'gl', settings: {} })).rejects.toThrow(/kind/);

    const created = await createSource(db, { kind: 'github', name: 'acme', settings: { organization: 'acme' }, credentials: { token: 'ghp_s3cret_value' } });
    expect(JSON.stringify(created)).not.toContain('ghp_s3cret_value');
    expect(JSON.stringify(await listSources(db))).not.toContain('ghp_s3cret_value');
    expect(created).toMatchObject({ hasCredentials: true, schedule: '0 * * * *' });
    const raw = await db.source.findUniqueOrThrow({ where: { name: 'acme' }, select: { credentials: true } });
    expect(Buffer.from(raw.credentials!).toString('latin1')).not.toContain('ghp_s3cret_value');
    expect(await loadCredentials(db, created.id)).toEqual({ token: 'ghp_s3cret_value' });

    const updated = await updateSource(db, 'acme', { settings: { organization: 'acme', exclude: ['*-archive'] }, schedule: '*/15 * * * *', enabled: false });
    expect(updated).toMatchObject({ enabled: false, schedule: '*/15 * * * *', settings: { exclude: ['*-archive'] } });
    await expect(updateSource(db, 'acme', { schedule: 'hourly' })).rejects.toThrow(/cron/);
    await removeSource(db, 'acme');
    await expect(getSource(db, 'acme')).rejects.toThrow(/No source/);
  });

  it('re-encrypts credentials with a new key, reading the old one from the previous keys', async () => {
    const db = getTestDb();
    const oldKey = randomBytes(32).toString('base64');
    const source = await createSource(db, { kind: 'github', name: 'rotating', settings: { organization: 'acme' }, credentials: { token: 'placeholder' } });
    await db.source.update({ where: { id: source.id }, data: { credentials: sealCredentials(source, { token: 'ghp_rotate' }, keyRingFromStrings(oldKey)) } });
    const ring = keyRingFromStrings(randomBytes(32).toString('base64'), [oldKey]);
    const result = await rotateCredentials(db, ring);
    expect(result.resealed).toBeGreaterThanOrEqual(1);
    expect(await loadCredentials(db, source.id, keyRingFromStrings(randomBytes(32).toString('base64'), [])).catch((e: Error) => e.message)).toMatch(/not configured/);
    const newOnly = { current: ring.current, all: [ring.current] };
    expect(await loadCredentials(db, source.id, newOnly)).toEqual({ token: 'ghp_rotate' });
    expect((await rotateCredentials(db, ring)).resealed).toBe(0);
  });

  it('runs one sync per source at a time, and closes a run whose process died', async () => {
    const db = getTestDb();
    const source = await createSource(db, { kind: 'github', name: 'busy', settings: { organization: 'acme', apiUrl: 'http://127.0.0.1:9' }, credentials: { token: 't' } });
    const live = await db.collectorRun.create({ data: { sourceId: source.id, status: 'running', counts: { heartbeatAt: new Date().toISOString() } } });
    await expect(runSync(db, 'busy')).rejects.toBeInstanceOf(SyncInProgressError);

    await db.collectorRun.update({ where: { id: live.id }, data: { counts: { heartbeatAt: new Date(Date.now() - STALE_RUN_MS - 1000).toISOString() } } });
    // Nothing listens on port 9: the run fails on the network, but it runs, and the dead one is closed.
    const summary = await runSync(db, 'busy', { github: { retries: 0, retryUnitMs: 1 } });
    expect(summary.status).toBe('failed');
    const dead = await db.collectorRun.findUniqueOrThrow({ where: { id: live.id } });
    expect(dead).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted/) });
  });
});
