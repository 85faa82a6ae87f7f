// What the access matrix needs from the database the server under test uses (DATABASE_URL, the demo
// organisation): a user for each caller, each caller's own and other team, the repositories each
// caller must never see, and sessions to act as them (created directly, as a sign-in would).
import { withDescendants } from '@/lib/metrics/scope';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { DEMO_EMAIL_DOMAIN } from '@/lib/auth/demo';
import { getDb } from '@/lib/db';
import type { Caller, MatrixContext, TeamFixture } from '@/tests/e2e/access/access-rules';

export interface CallerFixture {
  caller: Caller;
  email: string | null;
  cookie: string | null;
  own: TeamFixture;
  other: TeamFixture;
  /** "owner/name" of every repository this caller may not see. */
  hiddenRepositories: string[];
}

async function teamFixture(teamId: number): Promise<TeamFixture | null> {
  const db = getDb();
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { slug: true, name: true } });
  const repository = await db.repository.findFirst({
    where: { teamId, deployments: { some: {} } },
    orderBy: { fullName: 'asc' },
    select: { fullName: true, deployments: { take: 1, orderBy: { id: 'asc' }, select: { id: true } } },
  });
  const deployment = repository?.deployments[0];
  if (!repository || !deployment) return null;
  return { slug: team.slug, name: team.name, repository: repository.fullName, deploymentId: deployment.id };
}

const ROLE_OF: Record<Exclude<Caller, 'anonymous'>, string | null> = {
  admin: 'admin',
  executive: 'executive',
  manager: 'manager',
  member: 'member',
  'no-role': null,
};

export async function loadMatrix(): Promise<{ context: MatrixContext; callers: CallerFixture[]; cleanup: () => Promise<void> }> {
  const db = getDb();
  const teams = await db.team.findMany({ select: { id: true, slug: true, name: true, parentId: true } });
  const repositories = await db.repository.findMany({ select: { fullName: true, teamId: true } });
  const withData = (await Promise.all(teams.map(async (team) => ({ team, fixture: await teamFixture(team.id) })))).filter(
    (entry): entry is { team: (typeof teams)[number]; fixture: TeamFixture } => entry.fixture !== null,
  );
  if (withData.length < 2) throw new Error('The access matrix needs the demo organisation (two teams with deployments at least): run it against npm run demo data.');
  const source = await db.source.findFirst({ orderBy: { id: 'asc' }, select: { name: true } });
  const latest = await db.deployment.aggregate({ _max: { finishedAt: true } });
  const to = latest._max.finishedAt ?? new Date();
  const context: MatrixContext = {
    sourceName: source?.name ?? 'demo',
    from: new Date(to.getTime() - 90 * 86_400_000).toISOString().slice(0, 10),
    to: to.toISOString().slice(0, 10),
  };

  const sessionIds: string[] = [];
  const callers: CallerFixture[] = [];
  const first = withData[0]!;
  const second = withData[1]!;
  callers.push({ caller: 'anonymous', email: null, cookie: null, own: first.fixture, other: second.fixture, hiddenRepositories: repositories.map((r) => r.fullName) });

  for (const [caller, role] of Object.entries(ROLE_OF) as [Exclude<Caller, 'anonymous'>, string | null][]) {
    const user = await db.user.findFirst({
      where: {
        email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` },
        role,
        ...(caller === 'manager' || caller === 'member' ? { memberships: { some: {} } } : {}),
      },
      orderBy: { email: 'asc' },
      select: { id: true, email: true, memberships: { select: { teamId: true } } },
    });
    if (!user) throw new Error(`No demo user with role ${role ?? 'none'}: the access matrix runs on the demo organisation.`);
    let own = first.fixture;
    let other = second.fixture;
    let hidden: string[] = [];
    if (caller === 'manager' || caller === 'member' || caller === 'no-role') {
      const visible = caller === 'no-role' ? new Set<number>() : withDescendants(teams, user.memberships.map((m) => m.teamId));
      const ownEntry = withData.find((entry) => visible.has(entry.team.id));
      const otherEntry = withData.find((entry) => !visible.has(entry.team.id));
      if ((caller !== 'no-role' && !ownEntry) || !otherEntry) throw new Error(`Demo ${caller} needs a visible and a hidden team with data.`);
      own = ownEntry?.fixture ?? first.fixture;
      other = otherEntry.fixture;
      hidden = repositories.filter((r) => r.teamId === null || !visible.has(r.teamId)).map((r) => r.fullName);
    }
    const session = await createSession(db, user.id);
    sessionIds.push(session.token);
    callers.push({ caller, email: user.email, cookie: `${sessionCookieName()}=${session.token}`, own, other, hiddenRepositories: hidden });
  }

  const cleanup = async () => {
    const { hashSessionToken } = await import('@/lib/auth/sessions');
    await db.session.deleteMany({ where: { sessionToken: { in: sessionIds.map(hashSessionToken) } } });
  };
  return { context, callers, cleanup };
}
