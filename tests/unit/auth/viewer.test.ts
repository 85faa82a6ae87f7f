// From a user row to what they may read and change: the rules of DESIGN.md "Access control".
import { describe, expect, it } from 'vitest';
import { accessScopeOf, NO_ACCESS } from '@/lib/access/viewer';
import { canAdminister, canEditTeamSettings, canExport } from '@/lib/auth/permissions';
import { viewerFromUser } from '@/lib/auth/sessions';

const user = (role: string | null, memberships: { teamId: number; role: string }[] = []) =>
  viewerFromUser({ id: 'u1', name: 'Ana', email: 'ana@example.org', role, memberships });

describe('viewerFromUser and accessScopeOf', () => {
  it('gives a new user (no role) nothing, even with memberships', () => {
    expect(accessScopeOf(user(null))).toEqual(NO_ACCESS);
    expect(accessScopeOf(user(null, [{ teamId: 3, role: 'manager' }]))).toEqual(NO_ACCESS);
  });

  it('gives an unknown role nothing', () => {
    expect(user('superuser').role).toBeNull();
    expect(accessScopeOf(user('superuser', [{ teamId: 1, role: 'member' }]))).toEqual(NO_ACCESS);
  });

  it('gives admins and executives every team', () => {
    expect(accessScopeOf(user('admin'))).toEqual({ kind: 'all' });
    expect(accessScopeOf(user('executive'))).toEqual({ kind: 'all' });
  });

  it('gives managers and members their own teams only, and nothing without one', () => {
    expect(accessScopeOf(user('manager', [{ teamId: 7, role: 'manager' }, { teamId: 2, role: 'member' }]))).toEqual({ kind: 'teams', teamIds: [2, 7] });
    expect(accessScopeOf(user('member', [{ teamId: 4, role: 'member' }]))).toEqual({ kind: 'teams', teamIds: [4] });
    expect(accessScopeOf(user('member'))).toEqual(NO_ACCESS);
  });

  it('lets only managers manage, and only the teams marked so', () => {
    expect(user('manager', [{ teamId: 7, role: 'manager' }, { teamId: 2, role: 'member' }]).managedTeamIds).toEqual([7]);
    expect(user('member', [{ teamId: 7, role: 'manager' }]).managedTeamIds).toEqual([]);
    expect(user('executive', [{ teamId: 7, role: 'manager' }]).managedTeamIds).toEqual([]);
  });
});

describe('permissions', () => {
  it('lets only admins administer', () => {
    expect(canAdminister(user('admin'))).toBe(true);
    for (const role of ['executive', 'manager', 'member', null]) expect(canAdminister(user(role))).toBe(false);
    expect(canAdminister(null)).toBe(false);
  });

  it('lets executives change no settings, managers only their teams', () => {
    expect(canEditTeamSettings(user('executive'), 7)).toBe(false);
    expect(canEditTeamSettings(user('manager', [{ teamId: 7, role: 'manager' }]), 7)).toBe(true);
    expect(canEditTeamSettings(user('manager', [{ teamId: 7, role: 'manager' }]), 8)).toBe(false);
    expect(canEditTeamSettings(user('member', [{ teamId: 7, role: 'member' }]), 7)).toBe(false);
    expect(canEditTeamSettings(user('admin'), 8)).toBe(true);
  });

  it('lets whoever may read export, and nobody without a role', () => {
    expect(canExport(user('member', [{ teamId: 1, role: 'member' }]))).toBe(true);
    expect(canExport(user(null))).toBe(false);
    expect(canExport(null)).toBe(false);
  });
});
