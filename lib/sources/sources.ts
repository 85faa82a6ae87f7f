// Source administration: add, list, show, update, remove. Settings are validated per kind; credentials
// are sealed on the way in and never come back out of these functions.
import type { DbClient } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { sealCredentials } from '@/lib/sources/credentials';
import { isSourceKind, SOURCE_KINDS, type SourceKind } from '@/lib/sources/kinds';
import { z } from 'zod';

export const sourceName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lowercase letters, digits, "-" or "_"');

/** Five-field cron (minute hour day month weekday); pg-boss parses the full grammar when it schedules. */
export const cronSchedule = z
  .string()
  .trim()
  // Counted by splitting rather than a repeated-group regex, which lint cannot tell from a slow one.
  .refine((value) => value.split(/\s+/).length === 5, 'must be a cron expression with five fields, e.g. "0 * * * *"');

export interface SourceSummary {
  id: number;
  kind: string;
  name: string;
  settings: Record<string, unknown>;
  schedule: string;
  enabled: boolean;
  hasCredentials: boolean;
  /** Conditions admins should see (feature not enabled, missing scope), by stream and repository. */
  state: Record<string, unknown>;
  lastRun: { status: string; startedAt: Date; finishedAt: Date | null; error: string | null } | null;
}

export class SourceNotFoundError extends Error {
  constructor(name: string) {
    super(`No source named "${name}"`);
    this.name = 'SourceNotFoundError';
  }
}

function formatIssues(error: z.ZodError, prefix: string): string {
  return error.issues.map((issue) => `${[prefix, ...issue.path].join('.')}: ${issue.message}`).join('; ');
}

export function parseSettings(kind: SourceKind, settings: unknown): Record<string, unknown> {
  const parsed = SOURCE_KINDS[kind].settings.safeParse(settings);
  if (!parsed.success) throw new InvalidInputError('settings', formatIssues(parsed.error, 'settings'));
  return parsed.data;
}

function parseCredentials(kind: SourceKind, credentials: unknown): Record<string, string> {
  const schema = SOURCE_KINDS[kind].credentials;
  if (!schema) throw new InvalidInputError('credentials', `a ${kind} source takes no credentials`);
  const parsed = schema.safeParse(credentials);
  // Issues name the field only; zod messages never include the received value here.
  if (!parsed.success) throw new InvalidInputError('credentials', formatIssues(parsed.error, 'credentials'));
  return parsed.data;
}

function toSummary(row: {
  id: number; kind: string; name: string; settings: unknown; schedule: string; enabled: boolean; state: unknown;
  hasCredentials: boolean; runs?: { status: string; startedAt: Date; finishedAt: Date | null; error: string | null }[];
}): SourceSummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: (row.settings ?? {}) as Record<string, unknown>,
    schedule: row.schedule,
    enabled: row.enabled,
    hasCredentials: row.hasCredentials,
    state: (row.state ?? {}) as Record<string, unknown>,
    lastRun: row.runs?.[0] ?? null,
  };
}

export interface NewSource {
  kind: string;
  name: string;
  settings: unknown;
  credentials?: Record<string, string>;
  schedule?: string;
  enabled?: boolean;
}

export async function createSource(db: DbClient, input: NewSource): Promise<SourceSummary> {
  if (!isSourceKind(input.kind)) throw new InvalidInputError('kind', `must be one of ${Object.keys(SOURCE_KINDS).join(', ')}`);
  const name = sourceName.safeParse(input.name);
  if (!name.success) throw new InvalidInputError('name', name.error.issues[0]?.message ?? 'invalid');
  const schedule = cronSchedule.safeParse(input.schedule ?? '0 * * * *');
  if (!schedule.success) throw new InvalidInputError('schedule', schedule.error.issues[0]?.message ?? 'invalid');
  const settings = parseSettings(input.kind, input.settings ?? {});
  const needsCredentials = SOURCE_KINDS[input.kind].credentials !== null;
  if (needsCredentials && !input.credentials) throw new InvalidInputError('credentials', `a ${input.kind} source needs ${SOURCE_KINDS[input.kind].secretFields.join(', ')}`);
  const credentials = needsCredentials ? parseCredentials(input.kind, input.credentials) : null;
  if (await db.source.findUnique({ where: { name: name.data }, select: { id: true } })) {
    throw new InvalidInputError('name', `a source named "${name.data}" already exists`);
  }
  const row = await db.source.create({
    data: {
      kind: input.kind,
      name: name.data,
      settings: settings as Prisma.InputJsonValue,
      schedule: schedule.data,
      enabled: input.enabled ?? true,
      credentials: credentials ? sealCredentials({ kind: input.kind, name: name.data }, credentials) : null,
    },
    select: { id: true, kind: true, name: true, settings: true, schedule: true, enabled: true, state: true },
  });
  return toSummary({ ...row, hasCredentials: credentials !== null });
}

const summarySelect = {
  id: true, kind: true, name: true, settings: true, schedule: true, enabled: true, state: true,
  runs: { orderBy: { startedAt: 'desc' as const }, take: 1, select: { status: true, startedAt: true, finishedAt: true, error: true } },
};

async function withCredentialFlags<T extends { id: number }>(db: DbClient, rows: T[]): Promise<(T & { hasCredentials: boolean })[]> {
  const ids = rows.map((row) => row.id);
  const withSecrets = await db.source.findMany({ where: { id: { in: ids }, credentials: { not: null } }, select: { id: true } });
  const flagged = new Set(withSecrets.map((row) => row.id));
  return rows.map((row) => ({ ...row, hasCredentials: flagged.has(row.id) }));
}

export async function listSources(db: DbClient): Promise<SourceSummary[]> {
  const rows = await db.source.findMany({ orderBy: { name: 'asc' }, select: summarySelect });
  return (await withCredentialFlags(db, rows)).map(toSummary);
}

export async function getSource(db: DbClient, name: string): Promise<SourceSummary> {
  const row = await db.source.findUnique({ where: { name }, select: summarySelect });
  if (!row) throw new SourceNotFoundError(name);
  const [flagged] = await withCredentialFlags(db, [row]);
  return toSummary(flagged ?? { ...row, hasCredentials: false });
}

export interface SourceUpdate {
  /** Replaces the settings; use mergeSettings for a partial change. */
  settings?: unknown;
  credentials?: Record<string, string>;
  schedule?: string;
  enabled?: boolean;
}

export async function updateSource(db: DbClient, name: string, update: SourceUpdate): Promise<SourceSummary> {
  const current = await db.source.findUnique({ where: { name }, select: { id: true, kind: true, name: true } });
  if (!current) throw new SourceNotFoundError(name);
  if (!isSourceKind(current.kind)) throw new InvalidInputError('kind', `unknown source kind "${current.kind}"`);
  const data: Prisma.SourceUpdateInput = {};
  if (update.settings !== undefined) data.settings = parseSettings(current.kind, update.settings) as Prisma.InputJsonValue;
  if (update.credentials !== undefined) data.credentials = sealCredentials(current, parseCredentials(current.kind, update.credentials));
  if (update.schedule !== undefined) {
    const schedule = cronSchedule.safeParse(update.schedule);
    if (!schedule.success) throw new InvalidInputError('schedule', schedule.error.issues[0]?.message ?? 'invalid');
    data.schedule = schedule.data;
  }
  if (update.enabled !== undefined) data.enabled = update.enabled;
  await db.source.update({ where: { id: current.id }, data });
  return getSource(db, name);
}

/** Removes a source with its sync state and runs; its records go too (they belong to the source). */
export async function removeSource(db: DbClient, name: string): Promise<void> {
  const deleted = await db.source.deleteMany({ where: { name } });
  if (deleted.count === 0) throw new SourceNotFoundError(name);
}

/** Forgets every cursor and ETag of a source, so the next sync is a full one. */
export async function resetSyncState(db: DbClient, sourceId: number): Promise<number> {
  const deleted = await db.syncState.deleteMany({ where: { sourceId } });
  return deleted.count;
}
