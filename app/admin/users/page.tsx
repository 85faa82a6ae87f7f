import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { ROLES } from '@/lib/access/viewer';
import { requireAdminPage } from '@/lib/auth/require-admin';
import { getDb } from '@/lib/db';
import { listUsers, MEMBERSHIP_ROLES } from '@/lib/users/users';
import { addUserAction, grantTeamAction, removeUserAction, revokeTeamAction, setRoleAction, signOutUserAction } from '@/app/admin/actions';
import { buttonClass, dangerButtonClass, firstParam, inputClass, Outcome, type SearchParams } from '@/app/admin/_components/outcome';

export const metadata: Metadata = { title: 'Users and roles' };

const ROLE_HELP: Record<string, string> = {
  admin: 'everything, including this page',
  executive: 'reads every team, changes nothing',
  manager: 'reads own teams, edits their settings',
  member: 'reads own teams',
};

export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireAdminPage();
  const params = await searchParams;
  const db = getDb();
  const [users, teams] = await Promise.all([listUsers(db), db.team.findMany({ select: { slug: true, name: true }, orderBy: { name: 'asc' } })]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Users and roles"
        description="A user sees nothing until given a role, and a manager or member nothing until given a team. Every change here is recorded in the audit log."
      />
      <Outcome notice={firstParam(params.notice)} error={firstParam(params.error)} />

      <section aria-labelledby="add-user" className="rounded-xl border border-line bg-surface p-4">
        <h2 id="add-user" className="mb-3 text-sm font-semibold">Add a user</h2>
        <form action={addUserAction} className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-xs font-medium text-muted">
            E-mail
            <input name="email" type="email" required maxLength={320} className={`${inputClass} w-64`} />
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-muted">
            Name
            <input name="name" maxLength={200} className={`${inputClass} w-48`} />
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-muted">
            Role
            <select name="role" defaultValue="member" className={inputClass}>
              {ROLES.map((role) => (
                <option key={role} value={role}>{role}</option>
              ))}
              <option value="none">no role yet</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-muted">
            Team
            <select name="team" defaultValue="" className={inputClass}>
              <option value="">none</option>
              {teams.map((team) => (
                <option key={team.slug} value={team.slug}>{team.name}</option>
              ))}
            </select>
          </label>
          <button type="submit" className={buttonClass}>Add user</button>
        </form>
        <p className="mt-2 text-xs text-muted">
          {ROLES.map((role) => `${role}: ${ROLE_HELP[role]}`).join(' · ')}
        </p>
      </section>

      <div className="overflow-x-auto rounded-xl border border-line bg-surface">
        <table className="w-full text-sm">
          <caption className="sr-only">Users, their roles, teams and sessions</caption>
          <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3">User</th>
              <th scope="col" className="px-4 py-3">Role</th>
              <th scope="col" className="px-4 py-3">Teams</th>
              <th scope="col" className="px-4 py-3">Sign-in</th>
              <th scope="col" className="px-4 py-3"><span className="sr-only">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const email = user.email ?? '';
              const self = user.id === viewer.id;
              return (
                <tr key={user.id} className="border-b border-line align-top last:border-0">
                  <th scope="row" className="px-4 py-3 text-left font-normal">
                    <div className="font-medium">{user.name ?? email}</div>
                    <div className="text-xs text-muted">{email}</div>
                  </th>
                  <td className="px-4 py-3">
                    <form action={setRoleAction} className="flex items-center gap-2">
                      <input type="hidden" name="email" value={email} />
                      <label className="sr-only" htmlFor={`role-${user.id}`}>Role of {email}</label>
                      <select id={`role-${user.id}`} name="role" defaultValue={user.role ?? 'none'} className={inputClass}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>{role}</option>
                        ))}
                        <option value="none">no role</option>
                      </select>
                      <button type="submit" className={buttonClass}>Save</button>
                    </form>
                  </td>
                  <td className="px-4 py-3">
                    <ul className="mb-2 space-y-1">
                      {user.memberships.map((membership) => (
                        <li key={membership.team} className="flex items-center gap-2">
                          <span>{membership.teamName}</span>
                          {membership.role === 'manager' && <span className="rounded bg-raised px-1.5 py-0.5 text-xs">manager</span>}
                          <form action={revokeTeamAction}>
                            <input type="hidden" name="email" value={email} />
                            <input type="hidden" name="team" value={membership.team} />
                            <button type="submit" className="link text-xs" aria-label={`Remove ${email} from ${membership.teamName}`}>remove</button>
                          </form>
                        </li>
                      ))}
                      {user.memberships.length === 0 && <li className="text-xs text-muted">no team</li>}
                    </ul>
                    <form action={grantTeamAction} className="flex flex-wrap items-center gap-2">
                      <input type="hidden" name="email" value={email} />
                      <label className="sr-only" htmlFor={`team-${user.id}`}>Team to add {email} to</label>
                      <select id={`team-${user.id}`} name="team" required defaultValue="" className={inputClass}>
                        <option value="" disabled>add to team…</option>
                        {teams.map((team) => (
                          <option key={team.slug} value={team.slug}>{team.name}</option>
                        ))}
                      </select>
                      <label className="sr-only" htmlFor={`team-role-${user.id}`}>Role in the team</label>
                      <select id={`team-role-${user.id}`} name="teamRole" defaultValue="" className={inputClass}>
                        <option value="">as their role</option>
                        {MEMBERSHIP_ROLES.map((role) => (
                          <option key={role} value={role}>{role}</option>
                        ))}
                      </select>
                      <button type="submit" className={buttonClass}>Add</button>
                    </form>
                  </td>
                  <td className="px-4 py-3 text-xs text-muted">
                    <div>{user.signInMethods.length > 0 ? user.signInMethods.join(', ') : 'not signed in yet'}</div>
                    <div>{user.activeSessions} active session{user.activeSessions === 1 ? '' : 's'}</div>
                    {user.activeSessions > 0 && (
                      <form action={signOutUserAction} className="mt-1">
                        <input type="hidden" name="email" value={email} />
                        <button type="submit" className="link" aria-label={`Sign ${email} out everywhere`}>sign out everywhere</button>
                      </form>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    {!self && (
                      <details>
                        <summary className="cursor-pointer text-xs text-bad">Remove…</summary>
                        <form action={removeUserAction} className="mt-2 flex flex-col gap-2">
                          <input type="hidden" name="email" value={email} />
                          <label className="text-xs text-muted">
                            Type the address to confirm
                            <input name="confirm" autoComplete="off" className={`${inputClass} mt-1 w-56`} />
                          </label>
                          <button type="submit" className={dangerButtonClass}>Remove user</button>
                        </form>
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
