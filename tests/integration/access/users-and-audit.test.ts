// Users, roles and memberships: least privilege by default, every change in the audit trail, and an
// audit trail that cannot be changed.
import { describe, expect, it } from 'vitest';
import { accessScopeOf } from '@/lib/access/viewer';
import { createSession, viewerForSessionToken } from '@/lib/auth/sessions';
import { listTeamRecordCounts } from '@/lib/records/team-record-counts';
import { listAuditEvents } from '@/lib/security/audit-log';
import { addUser, grantMembership, removeUser, revokeMembership, revokeSessions, setUserRole } from '@/lib/users/users';
import { getTestDb } from '@/tests/helpers/database';

const db = getTestDb();
const actor = { type: 'user' as const, id: 'admin-1', name: 'Ada Admin' };

async function teams() {
  const parent = await db.team.upsert({ where: { slug: 'clinical' }, create: { slug: 'clinical', name: 'Clinical' }, update: {} });
  const child = await db.team.upsert({ where: { slug: 'wards' }, create: { slug: 'wards', name: 'Wards', parentId: parent.id }, update: {} });
  const other = await db.team.upsert({ where: { slug: 'billing' }, create: { slug: 'billing', name: 'Billing' }, update: {} });
  return { parent, child, other };
}

async function viewerOf(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const { token } = await createSession(db, user.id);
  const viewer = await viewerForSessionToken(db, token);
  if (!viewer) throw new Error('no viewer');
  return viewer;
}

describe('least privilege', () => {
  it('shows a new user nothing until granted, then only their team and its children', async () => {
    const { parent, child, other } = await teams();
    await addUser(db, { email: 'newcomer@example.org', role: null }, actor);
    expect(await listTeamRecordCounts(accessScopeOf(await viewerOf('newcomer@example.org')), db)).toEqual([]);

    await setUserRole(db, 'newcomer@example.org', 'member', actor);
    expect(await listTeamRecordCounts(accessScopeOf(await viewerOf('newcomer@example.org')), db)).toEqual([]);

    await grantMembership(db, 'newcomer@example.org', 'clinical', null, actor);
    const visible = (await listTeamRecordCounts(accessScopeOf(await viewerOf('newcomer@example.org')), db)).map((t) => t.id);
    expect(visible.sort()).toEqual([parent.id, child.id].sort());
    expect(visible).not.toContain(other.id);
  });

  it('makes a manager’s memberships follow the role', async () => {
    await teams();
    await addUser(db, { email: 'mgr@example.org', role: 'manager', teams: ['billing'] }, actor);
    expect((await viewerOf('mgr@example.org')).managedTeamIds).toHaveLength(1);
    await setUserRole(db, 'mgr@example.org', 'member', actor);
    expect((await viewerOf('mgr@example.org')).managedTeamIds).toEqual([]);
  });

  it('never leaves Vitals without an admin', async () => {
    await addUser(db, { email: 'only-admin@example.org', role: 'admin' }, actor);
    await expect(setUserRole(db, 'only-admin@example.org', 'member', actor)).rejects.toThrow(/last admin/);
    await expect(removeUser(db, 'only-admin@example.org', actor)).rejects.toThrow(/last admin/);
    await addUser(db, { email: 'second-admin@example.org', role: 'admin' }, actor);
    await setUserRole(db, 'only-admin@example.org', 'executive', actor);
  });
});

describe('audit trail', () => {
  it('records every access change with who, what and from where', async () => {
    await teams();
    const ip = '203.0.113.9';
    await addUser(db, { email: 'audited@example.org', role: 'member', teams: ['billing'] }, actor, ip);
    await setUserRole(db, 'audited@example.org', 'manager', actor, ip);
    await grantMembership(db, 'audited@example.org', 'clinical', 'member', actor, ip);
    await revokeMembership(db, 'audited@example.org', 'clinical', actor, ip);
    await createSession(db, (await db.user.findUniqueOrThrow({ where: { email: 'audited@example.org' } })).id);
    await revokeSessions(db, 'audited@example.org', actor, ip);
    await removeUser(db, 'audited@example.org', actor, ip);

    const { events } = await listAuditEvents(db, { target: 'user:audited@example.org' });
    expect(events.map((e) => e.action).reverse()).toEqual([
      'user.create',
      'user.role_change',
      'membership.grant',
      'membership.revoke',
      'user.sessions_revoke',
      'user.remove',
    ]);
    for (const event of events) expect(event).toMatchObject({ actorType: 'user', actorId: 'admin-1', actorName: 'Ada Admin', ip });
    expect(events.find((e) => e.action === 'user.role_change')?.details).toEqual({ from: 'member', to: 'manager' });
  });

  it('records nothing when a change is refused, and changes nothing without its record', async () => {
    const before = await db.auditEvent.count();
    await expect(addUser(db, { email: 'bad@example.org', role: 'member', teams: ['no-such-team'] }, actor)).rejects.toThrow(/no team/);
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.user.findUnique({ where: { email: 'bad@example.org' } })).toBeNull();
  });

  it('filters by action prefix, actor and date', async () => {
    await db.auditEvent.createMany({
      data: [
        { actorType: 'user', actorName: 'Filter Fay', action: 'auth.sign_in', at: new Date('2026-02-01T10:00:00Z') },
        { actorType: 'user', actorName: 'Filter Fay', action: 'auth.sign_out', at: new Date('2026-02-03T10:00:00Z') },
        { actorType: 'user', actorName: 'Filter Finn', action: 'token.create', at: new Date('2026-02-03T11:00:00Z') },
      ],
    });
    expect((await listAuditEvents(db, { action: 'auth.', actor: 'fay' })).events).toHaveLength(2);
    expect((await listAuditEvents(db, { actor: 'filter f', from: new Date('2026-02-02T00:00:00Z'), to: new Date('2026-02-04T00:00:00Z') })).events).toHaveLength(2);
    expect((await listAuditEvents(db, { action: 'token.create', actor: 'Finn' })).events).toHaveLength(1);
  });

  it('pages newest first without gaps', async () => {
    await db.auditEvent.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ actorType: 'system', action: 'paging.test', target: `n:${i}` })) });
    const first = await listAuditEvents(db, { action: 'paging.test' }, { pageSize: 4 });
    const second = await listAuditEvents(db, { action: 'paging.test' }, { pageSize: 4, before: first.nextBefore ?? undefined });
    expect([...first.events, ...second.events].map((e) => e.target)).toEqual(['n:6', 'n:5', 'n:4', 'n:3', 'n:2', 'n:1', 'n:0']);
    expect(second.nextBefore).toBeNull();
  });

  it('cannot be changed or deleted, even by the app’s own database user', async () => {
    const event = await db.auditEvent.create({ data: { actorType: 'system', action: 'immutable.test' } });
    await expect(db.auditEvent.update({ where: { id: event.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(/append-only/);
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe('immutable.test');
  });
});
