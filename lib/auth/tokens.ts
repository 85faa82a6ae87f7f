// API tokens: random, shown once, stored as a SHA-256 hash (they carry 256 bits of entropy, so a slow
// password hash adds nothing), each with its own ingest source so ingest is idempotent per token.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, DbClient } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';
import type { Viewer } from '@/lib/access/viewer';

export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const TOKEN_PREFIX = 'vit_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreateTokenInput {
  name: string;
  scopes: TokenScope[];
  /** Limit reading to these teams (and their children); empty: no limit beyond the scopes. */
  teamSlugs?: string[];
  createdById?: string | null;
  expiresAt?: Date | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  /** The secret, returned this once only. */
  token: string;
  prefix: string;
  scopes: TokenScope[];
  teams: string[];
}

export async function createApiToken(db: Db, input: CreateTokenInput): Promise<CreatedToken> {
  const name = input.name.trim();
  if (!/^[\w .:@-]{1,100}$/.test(name)) {
    throw new InvalidInputError(null, 'Token names are 1-100 letters, digits, spaces and . : @ _ -');
  }
  if (input.scopes.length === 0) throw new InvalidInputError(null, `Give at least one scope: ${TOKEN_SCOPES.join(', ')}`);
  const teamSlugs = [...new Set(input.teamSlugs ?? [])];
  const teams = await db.team.findMany({ where: { slug: { in: teamSlugs } }, select: { id: true, slug: true } });
  const missing = teamSlugs.filter((slug) => !teams.some((team) => team.slug === slug));
  if (missing.length > 0) throw new InvalidInputError(null, `No team with slug ${missing.map((s) => `"${s}"`).join(', ')}`);
  if (await db.apiToken.findUnique({ where: { name }, select: { id: true } })) {
    throw new InvalidInputError(null, `A token named "${name}" already exists`);
  }

  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const created = await db.$transaction(async (tx) => {
    const source = await tx.source.upsert({
      where: { name: `ingest:${name}` },
      create: { kind: 'ingest', name: `ingest:${name}`, settings: { token: name } },
      update: {},
    });
    return tx.apiToken.create({
      data: {
        name,
        tokenHash: hashToken(token),
        prefix,
        scopes: [...new Set(input.scopes)],
        sourceId: source.id,
        createdById: input.createdById ?? null,
        expiresAt: input.expiresAt ?? null,
        teams: { create: teams.map((team) => ({ teamId: team.id })) },
      },
    });
  });
  return { id: created.id, name, token, prefix, scopes: created.scopes as TokenScope[], teams: teams.map((t) => t.slug) };
}

/** Accepts a transaction too, so a revocation and its audit event commit together. */
export async function revokeApiToken(db: DbClient, name: string): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count > 0;
}

export async function listApiTokens(db: Db) {
  const tokens = await db.apiToken.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true,
      teams: { select: { team: { select: { slug: true } } } },
    },
  });
  return tokens.map(({ teams, ...token }) => ({ ...token, teams: teams.map((t) => t.team.slug) }));
}

export interface TokenPrincipal {
  viewer: Viewer;
  sourceId: number;
}

/**
 * How fresh a token's lastUsedAt is kept. A collector calls many times a minute, and writing the time
 * on every call cost each of them a committed write; admins read it to the day.
 */
export const LAST_USED_PRECISION_MS = 60_000;

/** The caller behind a bearer token, or null when the token is unknown, revoked or expired. */
export async function authenticateToken(db: Db, token: string, now = new Date()): Promise<TokenPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const record = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true, name: true, scopes: true, sourceId: true, revokedAt: true, expiresAt: true, lastUsedAt: true, teams: { select: { teamId: true } },
    },
  });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    // Best effort: a lost lastUsedAt update must not fail the request.
    await db.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } }).catch((error: unknown) => {
      console.warn(`Could not record use of token ${record.id}: ${(error as Error).message}`);
    });
  }
  const scopes = record.scopes;
  const role = scopes.includes('admin') ? 'admin' : scopes.includes('read') ? 'executive' : null;
  const teamIds = record.teams.map((t) => t.teamId);
  return {
    sourceId: record.sourceId,
    viewer: {
      kind: 'token',
      id: String(record.id),
      name: record.name,
      role: role === 'executive' && teamIds.length > 0 ? 'member' : role,
      teamIds,
      managedTeamIds: [],
      scopes,
    },
  };
}
