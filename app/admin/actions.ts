'use server';
// The admin area's changes. Each action checks the caller itself (a layout's check does not cover a
// posted action), validates its form, calls one function in lib/ and records the change in the audit
// trail in the same transaction as the change. Next.js rejects server actions from another origin
// (CSRF). Outcomes come back as a notice or error in the page's URL (post/redirect/get), except a new
// token, which is returned once to the form and never put in a URL.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { recordAuditEvent } from '@/lib/audit';
import { requireAdminAction } from '@/lib/auth/require-admin';
import { createApiToken, revokeApiToken, TOKEN_SCOPES, type TokenScope } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Role } from '@/lib/access/viewer';
import { SOURCE_KINDS, isSourceKind } from '@/lib/sources/kinds';
import { createSource, removeSource, SourceNotFoundError, updateSource, type SourceUpdate } from '@/lib/sources/sources';
import {
  addUser,
  grantMembership,
  parseMembershipRole,
  parseRoleInput,
  removeUser,
  revokeMembership,
  revokeSessions,
  setUserRole,
} from '@/lib/users/users';

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

function roleOrNone(value: string): Role | null {
  return value === '' || value === 'none' ? null : parseRoleInput(value);
}

function messageOf(error: unknown): string | null {
  if (error instanceof InvalidInputError || error instanceof SourceNotFoundError) return error.message;
  if (error instanceof z.ZodError) return error.issues.map((issue) => issue.message).join('; ');
  return null;
}

/** Runs a change, then sends the admin back to `path` with its outcome. Unexpected errors propagate. */
async function changeAndReturn(path: string, change: () => Promise<string>): Promise<never> {
  let query: string;
  try {
    query = `notice=${encodeURIComponent(await change())}`;
  } catch (error) {
    const message = messageOf(error);
    if (message === null) throw error;
    query = `error=${encodeURIComponent(message)}`;
  }
  revalidatePath(path);
  redirect(`${path}?${query}`);
}

// ------------------------------------------------------------------ users, roles, memberships

export async function addUserAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/users', async () => {
    const team = field(formData, 'team');
    const user = await addUser(
      getDb(),
      {
        email: field(formData, 'email'),
        name: field(formData, 'name') || null,
        role: roleOrNone(field(formData, 'role')),
        teams: team ? [team] : [],
        teamRole: field(formData, 'teamRole') ? parseMembershipRole(field(formData, 'teamRole')) : undefined,
      },
      actor,
      ip,
    );
    return `Added ${user.email}.`;
  });
}

export async function setRoleAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/users', async () => {
    const email = field(formData, 'email');
    const role = roleOrNone(field(formData, 'role'));
    const { changed } = await setUserRole(getDb(), email, role, actor, ip);
    return changed ? `${email} is now ${role ?? 'without a role'}.` : `${email} already had that role.`;
  });
}

export async function grantTeamAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/users', async () => {
    const email = field(formData, 'email');
    const team = field(formData, 'team');
    const teamRole = field(formData, 'teamRole') ? parseMembershipRole(field(formData, 'teamRole')) : null;
    const { changed } = await grantMembership(getDb(), email, team, teamRole, actor, ip);
    return changed ? `${email} now belongs to ${team}.` : `${email} already belonged to ${team}.`;
  });
}

export async function revokeTeamAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/users', async () => {
    const email = field(formData, 'email');
    const team = field(formData, 'team');
    const { changed } = await revokeMembership(getDb(), email, team, actor, ip);
    return changed ? `${email} no longer belongs to ${team}.` : `${email} did not belong to ${team}.`;
  });
}

export async function signOutUserAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/users', async () => {
    const email = field(formData, 'email');
    const { sessions } = await revokeSessions(getDb(), email, actor, ip);
    return `Ended ${sessions} session${sessions === 1 ? '' : 's'} of ${email}.`;
  });
}

export async function removeUserAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/users', async () => {
    const email = field(formData, 'email');
    if (field(formData, 'confirm') !== email) throw new InvalidInputError(null, `Type ${email} to confirm removing this user.`);
    await removeUser(getDb(), email, actor, ip);
    return `Removed ${email}.`;
  });
}

// ------------------------------------------------------------------ API tokens

export interface CreateTokenState {
  /** The new token, shown once by the form that created it. */
  token?: string;
  name?: string;
  error?: string;
}

export async function createTokenAction(_previous: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const { viewer, actor, ip } = await requireAdminAction();
  const scopes = formData.getAll('scopes').filter((s): s is string => typeof s === 'string');
  const unknown = scopes.filter((scope) => !(TOKEN_SCOPES as readonly string[]).includes(scope));
  if (scopes.length === 0 || unknown.length > 0) return { error: `Choose at least one scope: ${TOKEN_SCOPES.join(', ')}.` };
  const teams = formData.getAll('teams').filter((s): s is string => typeof s === 'string' && s !== '');
  const expiresDays = field(formData, 'expiresDays');
  const days = expiresDays === '' ? null : Number(expiresDays);
  if (days !== null && !(Number.isInteger(days) && days > 0 && days <= 3650)) return { error: 'Expiry is a whole number of days, 1 to 3650, or empty.' };
  try {
    const db = getDb();
    const created = await createApiToken(db, {
      name: field(formData, 'name'),
      scopes: scopes as TokenScope[],
      teamSlugs: teams,
      createdById: viewer.kind === 'user' ? viewer.id : null,
      expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000),
    });
    await recordAuditEvent(db, {
      actor,
      action: 'token.create',
      target: `token:${created.name}`,
      details: { scopes: created.scopes, teams: created.teams, expiresDays: days },
      ip,
    });
    revalidatePath('/admin/tokens');
    return { token: created.token, name: created.name };
  } catch (error) {
    const message = messageOf(error);
    if (message === null) throw error;
    return { error: message };
  }
}

export async function revokeTokenAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/tokens', async () => {
    const name = field(formData, 'name');
    const db = getDb();
    const revoked = await db.$transaction(async (tx) => {
      const done = await revokeApiToken(tx, name);
      if (done) await recordAuditEvent(tx, { actor, action: 'token.revoke', target: `token:${name}`, ip });
      return done;
    });
    if (!revoked) throw new InvalidInputError(null, `No active token named "${name}".`);
    return `Revoked token "${name}". Calls with it are refused from now on.`;
  });
}

// ------------------------------------------------------------------ sources

function parseJsonObject(text: string, label: string): Record<string, unknown> {
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError(label, 'is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidInputError(label, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** The credential fields of the form (write-only inputs named credential.<field>); null when all are empty. */
function credentialsFrom(formData: FormData, fields: readonly string[]): Record<string, string> | null {
  const values = Object.fromEntries(fields.map((name) => [name, field(formData, `credential.${name}`)]));
  return Object.values(values).some((value) => value !== '') ? values : null;
}

export async function createSourceAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  await changeAndReturn('/admin/sources', async () => {
    const kind = field(formData, 'kind');
    if (!isSourceKind(kind)) throw new InvalidInputError('kind', `must be one of ${Object.keys(SOURCE_KINDS).join(', ')}`);
    const credentials = credentialsFrom(formData, SOURCE_KINDS[kind].secretFields);
    const source = await getDb().$transaction(async (tx) => {
      const created = await createSource(tx, {
        kind,
        name: field(formData, 'name'),
        settings: parseJsonObject(field(formData, 'settings'), 'settings'),
        credentials: credentials ?? undefined,
        schedule: field(formData, 'schedule') || undefined,
        enabled: formData.get('enabled') === 'on',
      });
      await recordAuditEvent(tx, {
        actor,
        action: 'source.create',
        target: `source:${created.name}`,
        // Which settings and that credentials were set; never their values.
        details: { kind, settings: created.settings as Prisma.InputJsonValue, schedule: created.schedule, enabled: created.enabled, credentials: created.hasCredentials },
        ip,
      });
      return created;
    });
    return `Added source "${source.name}".`;
  });
}

export async function updateSourceAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  const name = field(formData, 'name');
  await changeAndReturn(`/admin/sources/${encodeURIComponent(name)}`, async () => {
    const kind = field(formData, 'kind');
    if (!isSourceKind(kind)) throw new InvalidInputError('kind', 'unknown source kind');
    const update: SourceUpdate = {
      settings: parseJsonObject(field(formData, 'settings'), 'settings'),
      schedule: field(formData, 'schedule'),
      enabled: formData.get('enabled') === 'on',
    };
    const credentials = credentialsFrom(formData, SOURCE_KINDS[kind].secretFields);
    if (credentials) update.credentials = credentials;
    await getDb().$transaction(async (tx) => {
      const updated = await updateSource(tx, name, update);
      await recordAuditEvent(tx, {
        actor,
        action: 'source.update',
        target: `source:${name}`,
        details: { settings: updated.settings as Prisma.InputJsonValue, schedule: updated.schedule, enabled: updated.enabled, credentialsReplaced: credentials !== null },
        ip,
      });
    });
    return credentials ? `Saved "${name}"; its credentials were replaced.` : `Saved "${name}".`;
  });
}

export async function removeSourceAction(formData: FormData) {
  const { actor, ip } = await requireAdminAction();
  const name = field(formData, 'name');
  if (field(formData, 'confirm') !== name) {
    redirect(`/admin/sources/${encodeURIComponent(name)}?error=${encodeURIComponent(`Type ${name} to confirm removing this source and its records.`)}`);
  }
  await changeAndReturn('/admin/sources', async () => {
    await getDb().$transaction(async (tx) => {
      await removeSource(tx, name);
      await recordAuditEvent(tx, { actor, action: 'source.delete', target: `source:${name}`, ip });
    });
    return `Removed source "${name}" and its records.`;
  });
}
