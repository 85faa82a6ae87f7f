// `npm run vitals -- user add|list|grant|revoke|remove|sign-out`: users, roles and team memberships from
// the command line; `user add --role admin` bootstraps the first admin. Every change is audited.
import { UsageError, type CliGroup } from '@/lib/cli/command';
import type { Role } from '@/lib/access/viewer';
import { getDb } from '@/lib/db';
import {
  addUser,
  grantMembership,
  listUsers,
  parseMembershipRole,
  parseRoleInput,
  removeUser,
  revokeMembership,
  revokeSessions,
  setUserRole,
} from '@/lib/users/users';

const cliActor = { type: 'cli' as const, name: 'vitals cli' };

function requireString(value: unknown, usage: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`Usage: ${usage}`);
  return value;
}

function listOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

const usages = {
  add: 'user add --email E --role admin|executive|manager|member [--team slug[,slug]] [--team-role manager|member] [--name N]',
  grant: 'user grant --email E (--role R | --team slug [--team-role manager|member])',
  revoke: 'user revoke --email E (--role | --team slug)',
  remove: 'user remove --email E',
  signOut: 'user sign-out --email E',
};

export const userCommands: CliGroup = {
  name: 'user',
  summary: 'Users, roles and team memberships',
  actions: {
    add: {
      summary: 'Add a user who may then sign in (use --role admin for the first admin)',
      usage: usages.add,
      options: { email: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, 'team-role': { type: 'string' }, name: { type: 'string' } },
      async run(values) {
        const email = requireString(values.email, usages.add);
        const role = parseRoleInput(requireString(values.role, usages.add));
        const teamRole = typeof values['team-role'] === 'string' ? parseMembershipRole(values['team-role']) : undefined;
        const teams = listOf(values.team);
        const user = await addUser(getDb(), { email, role, teams, teamRole, name: typeof values.name === 'string' ? values.name : null }, cliActor);
        console.log(`Added ${user.email} as ${role}${teams.length ? ` of ${teams.join(', ')}` : ''}. They can sign in now.`);
        if ((role === 'manager' || role === 'member') && teams.length === 0) {
          console.log(`A ${role} sees nothing until granted a team: npm run vitals -- user grant --email ${user.email} --team <slug>`);
        }
      },
    },
    list: {
      summary: 'List users with their roles and teams',
      usage: 'user list',
      async run() {
        const users = await listUsers(getDb());
        if (users.length === 0) {
          console.log('No users yet. Add the first admin with: npm run vitals -- user add --email you@example.org --role admin');
          return;
        }
        for (const user of users) {
          const teams = user.memberships.map((m) => (m.role === 'manager' ? `${m.team} (manager)` : m.team)).join(', ');
          console.log(`${(user.email ?? user.id).padEnd(36)} ${(user.role ?? 'no access').padEnd(10)} ${teams || '-'}`);
        }
      },
    },
    grant: {
      summary: 'Give a user a role, or a team',
      usage: usages.grant,
      options: { email: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, 'team-role': { type: 'string' } },
      async run(values) {
        const email = requireString(values.email, usages.grant);
        if (typeof values.role === 'string' && typeof values.team !== 'string') {
          const role: Role = parseRoleInput(values.role);
          const { changed } = await setUserRole(getDb(), email, role, cliActor);
          console.log(changed ? `${email} is now ${role}.` : `${email} already is ${role}.`);
          return;
        }
        if (typeof values.team === 'string' && typeof values.role !== 'string') {
          const teamRole = typeof values['team-role'] === 'string' ? parseMembershipRole(values['team-role']) : null;
          const { changed } = await grantMembership(getDb(), email, values.team, teamRole, cliActor);
          console.log(changed ? `${email} now belongs to ${values.team}.` : `${email} already belongs to ${values.team} with that role.`);
          return;
        }
        throw new UsageError(`Usage: ${usages.grant}`);
      },
    },
    revoke: {
      summary: "Take away a user's role (they keep their account but see nothing), or a team",
      usage: usages.revoke,
      options: { email: { type: 'string' }, role: { type: 'boolean' }, team: { type: 'string' } },
      async run(values) {
        const email = requireString(values.email, usages.revoke);
        if (values.role === true && typeof values.team !== 'string') {
          const { changed } = await setUserRole(getDb(), email, null, cliActor);
          console.log(changed ? `${email} has no role now and sees nothing.` : `${email} had no role.`);
          return;
        }
        if (typeof values.team === 'string' && values.role !== true) {
          const { changed } = await revokeMembership(getDb(), email, values.team, cliActor);
          console.log(changed ? `${email} no longer belongs to ${values.team}.` : `${email} did not belong to ${values.team}.`);
          return;
        }
        throw new UsageError(`Usage: ${usages.revoke}`);
      },
    },
    remove: {
      summary: 'Delete a user (the audit trail keeps their history)',
      usage: usages.remove,
      options: { email: { type: 'string' } },
      async run(values) {
        const email = requireString(values.email, usages.remove);
        await removeUser(getDb(), email, cliActor);
        console.log(`Removed ${email}.`);
      },
    },
    'sign-out': {
      summary: 'End every session of a user',
      usage: usages.signOut,
      options: { email: { type: 'string' } },
      async run(values) {
        const email = requireString(values.email, usages.signOut);
        const { sessions } = await revokeSessions(getDb(), email, cliActor);
        console.log(`Ended ${sessions} session${sessions === 1 ? '' : 's'} of ${email}.`);
      },
    },
  },
};
