// Users, roles and team memberships: every change is written together with its audit event, in one
// transaction, so no change can happen without its record. Used by the admin pages and the CLI.
import { ROLES, type Role } from '@/lib/access/viewer';
import { recordAuditEvent, type AuditActor } from '@/lib/audit';
import { normaliseEmail } from '@/lib/auth/adapter';
import { parseRole, revokeUserSessions } from '@/lib/auth/sessions';
import type { Db, DbTransaction } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';

export const MEMBERSHIP_ROLES = ['manager', 'member'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export function parseRoleInput(value: string): Role {
  const role = parseRole(value.trim().toLowerCase());
  if (!role) throw new InvalidInputError('role', `must be one of ${ROLES.join(', ')}`);
  return role;
}

export function parseMembershipRole(value: string): MembershipRole {
  const role = value.trim().toLowerCase();
  if (!(MEMBERSHIP_ROLES as readonly string[]).includes(role)) throw new InvalidInputError('team role', `must be ${MEMBERSHIP_ROLES.join(' or ')}`);
  return role as MembershipRole;
}

export function parseEmailInput(value: string): string {
  const email = normaliseEmail(value);
  // Deliberately loose (one @, a dot in the domain, no spaces): the mailbox proves itself at sign-in.
  if (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InvalidInputError('email', 'is not an e-mail address');
  return email;
}

/** A manager's memberships manage their teams by default; everyone else's are plain memberships. */
function defaultMembershipRole(role: Role | null): MembershipRole {
  return role === 'manager' ? 'manager' : 'member';
}

async function requireUser(tx: DbTransaction, email: string) {
  const user = await tx.user.findUnique({ where: { email: parseEmailInput(email) }, select: { id: true, email: true, role: true } });
  if (!user) throw new InvalidInputError('email', `no user with address ${email}`);
  return user;
}

async function requireTeam(tx: DbTransaction, slug: string) {
  const team = await tx.team.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!team) throw new InvalidInputError('team', `no team with slug "${slug}"`);
  return team;
}

/** Refuses changes that would leave nobody able to administer Vitals. */
async function assertAdminRemains(tx: DbTransaction, losingAdminUserId: string) {
  const others = await tx.user.count({ where: { role: 'admin', id: { not: losingAdminUserId } } });
  if (others === 0) throw new InvalidInputError(null, 'This is the last admin: make someone else admin first.');
}

export interface AddUserInput {
  email: string;
  name?: string | null;
  role: Role | null;
  teams?: string[];
  teamRole?: MembershipRole;
}

export async function addUser(db: Db, input: AddUserInput, actor: AuditActor, ip: string | null = null) {
  const email = parseEmailInput(input.email);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new InvalidInputError('email', `a user with address ${email} already exists`);
    }
    const teams = [];
    for (const slug of [...new Set(input.teams ?? [])]) teams.push(await requireTeam(tx, slug));
    const membershipRole = input.teamRole ?? defaultMembershipRole(input.role);
    const user = await tx.user.create({
      data: {
        email,
        name: input.name?.trim() || null,
        role: input.role,
        memberships: { create: teams.map((team) => ({ teamId: team.id, role: membershipRole })) },
      },
      select: { id: true, email: true, role: true },
    });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.create',
      target: `user:${email}`,
      details: { role: input.role, teams: teams.map((t) => t.slug), teamRole: teams.length > 0 ? membershipRole : null },
      ip,
    });
    return user;
  });
}

export async function setUserRole(db: Db, email: string, role: Role | null, actor: AuditActor, ip: string | null = null) {
  return db.$transaction(async (tx) => {
    const user = await requireUser(tx, email);
    if (user.role === role) return { changed: false };
    if (user.role === 'admin') await assertAdminRemains(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { role } });
    // A manager's memberships follow the role: managing a team means nothing for other roles.
    await tx.membership.updateMany({ where: { userId: user.id }, data: { role: defaultMembershipRole(role) } });
    await recordAuditEvent(tx, { actor, action: 'user.role_change', target: `user:${user.email}`, details: { from: user.role, to: role }, ip });
    return { changed: true };
  });
}

export async function grantMembership(db: Db, email: string, teamSlug: string, teamRole: MembershipRole | null, actor: AuditActor, ip: string | null = null) {
  return db.$transaction(async (tx) => {
    const user = await requireUser(tx, email);
    const team = await requireTeam(tx, teamSlug);
    const role = teamRole ?? defaultMembershipRole(parseRole(user.role));
    const existing = await tx.membership.findUnique({ where: { userId_teamId: { userId: user.id, teamId: team.id } }, select: { role: true } });
    if (existing?.role === role) return { changed: false };
    await tx.membership.upsert({
      where: { userId_teamId: { userId: user.id, teamId: team.id } },
      create: { userId: user.id, teamId: team.id, role },
      update: { role },
    });
    await recordAuditEvent(tx, {
      actor,
      action: existing ? 'membership.change' : 'membership.grant',
      target: `user:${user.email}`,
      details: { team: team.slug, role, previousRole: existing?.role ?? null },
      ip,
    });
    return { changed: true };
  });
}

export async function revokeMembership(db: Db, email: string, teamSlug: string, actor: AuditActor, ip: string | null = null) {
  return db.$transaction(async (tx) => {
    const user = await requireUser(tx, email);
    const team = await requireTeam(tx, teamSlug);
    const removed = await tx.membership.deleteMany({ where: { userId: user.id, teamId: team.id } });
    if (removed.count === 0) return { changed: false };
    await recordAuditEvent(tx, { actor, action: 'membership.revoke', target: `user:${user.email}`, details: { team: team.slug }, ip });
    return { changed: true };
  });
}

/** Signs the user out everywhere; their next request needs a new sign-in. */
export async function revokeSessions(db: Db, email: string, actor: AuditActor, ip: string | null = null) {
  return db.$transaction(async (tx) => {
    const user = await requireUser(tx, email);
    const count = await revokeUserSessions(tx, user.id);
    await recordAuditEvent(tx, { actor, action: 'user.sessions_revoke', target: `user:${user.email}`, details: { sessions: count }, ip });
    return { sessions: count };
  });
}

/** Deletes the user with their sessions, linked sign-ins and memberships; the audit trail keeps their history. */
export async function removeUser(db: Db, email: string, actor: AuditActor, ip: string | null = null) {
  return db.$transaction(async (tx) => {
    const user = await requireUser(tx, email);
    if (user.role === 'admin') await assertAdminRemains(tx, user.id);
    await tx.user.delete({ where: { id: user.id } });
    await recordAuditEvent(tx, { actor, action: 'user.remove', target: `user:${user.email}`, details: { role: user.role }, ip });
  });
}

export interface UserSummary {
  id: string;
  email: string | null;
  name: string | null;
  role: Role | null;
  memberships: { team: string; teamName: string; role: string }[];
  activeSessions: number;
  signInMethods: string[];
  createdAt: Date;
}

export async function listUsers(db: Db, now = new Date()): Promise<UserSummary[]> {
  const users = await db.user.findMany({
    orderBy: [{ email: 'asc' }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      memberships: { select: { role: true, team: { select: { slug: true, name: true } } }, orderBy: { team: { slug: 'asc' } } },
      accounts: { select: { provider: true } },
      _count: { select: { sessions: { where: { expires: { gt: now } } } } },
    },
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: parseRole(user.role),
    memberships: user.memberships.map((m) => ({ team: m.team.slug, teamName: m.team.name, role: m.role })),
    activeSessions: user._count.sessions,
    signInMethods: [...new Set(user.accounts.map((a) => a.provider))],
    createdAt: user.createdAt,
  }));
}
