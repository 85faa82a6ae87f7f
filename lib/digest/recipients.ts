// Who a digest subscription mails and what they may read. A user's subscription reads with the user's
// own role and memberships (the same AccessScope the dashboard gives them, re-read at every send, so a
// role change applies to the next digest); an address subscription reads its one team, or the whole org
// when it names none (DigestSubscription's contract: such subscriptions are set up by an admin).
import { accessScopeOf, FULL_ACCESS, ROLES, type Role, type Viewer } from '@/lib/access/viewer';
import type { DbClient } from '@/lib/db';
import type { DigestRecipient } from '@/lib/digest/gather';

export type RecipientLookup =
  | { kind: 'ok'; recipient: DigestRecipient; createdAt: Date }
  | { kind: 'skip'; reason: string };

function roleOf(value: string | null): Role | null {
  return value !== null && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

export interface DigestUser {
  id: string;
  name: string | null;
  role: string | null;
  memberships: { teamId: number; role: string }[];
}

/** The user as the dashboard knows them: the same role and memberships decide what they read. */
export function viewerOfUser(user: DigestUser, fallbackName: string): Viewer {
  return {
    kind: 'user',
    id: user.id,
    name: user.name ?? fallbackName,
    role: roleOf(user.role),
    teamIds: user.memberships.map((membership) => membership.teamId),
    managedTeamIds: user.memberships.filter((membership) => membership.role === 'manager').map((membership) => membership.teamId),
    scopes: [],
  };
}

export async function loadDigestRecipient(db: DbClient, subscriptionId: number): Promise<RecipientLookup> {
  const subscription = await db.digestSubscription.findUnique({
    where: { id: subscriptionId },
    select: {
      id: true, email: true, teamId: true, timeZone: true, active: true, createdAt: true,
      user: { select: { id: true, name: true, email: true, role: true, memberships: { select: { teamId: true, role: true } } } },
    },
  });
  if (!subscription) return { kind: 'skip', reason: 'subscription no longer exists' };
  if (!subscription.active) return { kind: 'skip', reason: 'subscription is inactive (unsubscribed)' };

  if (subscription.user) {
    const user = subscription.user;
    const email = user.email ?? subscription.email;
    if (!email) return { kind: 'skip', reason: 'the user has no email address' };
    const access = accessScopeOf(viewerOfUser(user, email));
    if (access.kind === 'teams' && access.teamIds.length === 0) {
      return { kind: 'skip', reason: 'the user may see no team yet' };
    }
    return {
      kind: 'ok',
      recipient: { subscriptionId: subscription.id, name: user.name, email, timeZone: subscription.timeZone, access },
      createdAt: subscription.createdAt,
    };
  }

  if (!subscription.email) return { kind: 'skip', reason: 'the subscription has neither a user nor an address' };
  return {
    kind: 'ok',
    recipient: {
      subscriptionId: subscription.id,
      name: null,
      email: subscription.email,
      timeZone: subscription.timeZone,
      access: subscription.teamId === null ? FULL_ACCESS : { kind: 'teams', teamIds: [subscription.teamId] },
    },
    createdAt: subscription.createdAt,
  };
}
