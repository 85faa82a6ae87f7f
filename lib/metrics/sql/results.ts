// Maintained metric results (docs/performance.md): what one metric query answered for one cell — a
// scope's exact repositories and teams × one period — is kept in MetricResult and served until a
// write touches those records. The triggers of migration 20261129141035_metric_results delete the
// entry in the writer's own transaction, whichever code path wrote (ingest, a collector, relink, a
// cascade), so a served result always equals a fresh computation.
//
// The key names everything a result depends on besides the records: the query's SQL (so a changed
// query never serves an old shape), the members, the period and time zone, and the settings.
import { createHash } from 'node:crypto';
import type { Db, DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { MetricGrid } from '@/lib/metrics/sql/grid';
import type { MetricSettings } from '@/lib/metrics/types';

/** A cell's rows as a query answered them, without the grid's keys (they differ between grids). */
export type CellPayload = Record<string, unknown> | Record<string, unknown>[] | null;

export interface ResultEntry {
  key: string;
  repositoryIds: readonly number[];
  teamIds: readonly number[];
  payload: CellPayload;
}

/** Results not used for this long are recomputed: they cannot grow without bound. */
const RETENTION_DAYS = 7;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What identifies each cell of the grid besides the query: its scope's members, its period and time
 * zone, and the settings. `cells[scopeKey][periodKey]`, to combine with `resultKey`.
 */
export function cellIdentities(grid: MetricGrid, settings: MetricSettings): string[][] {
  const settingsText = JSON.stringify(settings);
  return grid.scopes.map((scope) => {
    const members = sha256(JSON.stringify([[...scope.repositoryIds].sort((a, b) => a - b), [...scope.teamIds].sort((a, b) => a - b)]));
    return grid.periods.map(({ period }) =>
      JSON.stringify([members, period.from.toISOString(), period.to.toISOString(), period.timeZone, settingsText]));
  });
}

/** A query's SQL text (its values are parameters, so the text is the same for every grid). */
export function queryVersion(querySql: Prisma.Sql): string {
  return sha256(querySql.sql);
}

export function resultKey(queryVersionHash: string, cellIdentity: string): string {
  return sha256(`${queryVersionHash}\n${cellIdentity}`);
}

export interface StoredResults {
  /** The write epoch the reading snapshot saw: results computed in it may be stored only while it holds. */
  epoch: bigint;
  payloads: Map<string, CellPayload>;
}

/** The stored results among `keys`, and the epoch, read in the caller's snapshot in one statement. */
export async function readResults(db: DbClient, keys: readonly string[]): Promise<StoredResults> {
  // One JSON object rather than a row per key: the client decodes one value instead of thousands
  // (json, not jsonb: concatenated as stored, not rebuilt).
  const [row] = await db.$queryRaw<{ epoch: bigint | null; payloads: Record<string, CellPayload> | null }[]>`
    SELECT (SELECT epoch FROM "MetricResultEpoch" WHERE id = 1) AS epoch,
           (SELECT json_object_agg(key, payload) FROM "MetricResult" WHERE key = ANY(${keys}::text[])) AS payloads`;
  return { epoch: row?.epoch ?? -1n, payloads: new Map(Object.entries(row?.payloads ?? {})) };
}

/**
 * Stores results computed in a snapshot at `epoch`, unless a write has committed since, or is still
 * open (it holds the epoch row: SKIP LOCKED then finds none, and a dashboard never waits for a long
 * relink), since those results may not see it. Holding the row until commit makes a later write wait
 * for the stored rows, so its triggers see and drop them. Also drops expired results.
 */
export async function storeResults(db: Db, epoch: bigint, entries: readonly ResultEntry[]): Promise<boolean> {
  if (entries.length === 0) return true;
  return db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ epoch: bigint }[]>`SELECT epoch FROM "MetricResultEpoch" WHERE id = 1 FOR SHARE SKIP LOCKED`;
    if (current?.epoch !== epoch) return false;
    await tx.$executeRaw`
      INSERT INTO "MetricResult" (key, "repositoryIds", "teamIds", payload)
      SELECT e->>'key',
             ARRAY(SELECT jsonb_array_elements_text(e->'repositoryIds')::int),
             ARRAY(SELECT jsonb_array_elements_text(e->'teamIds')::int),
             e->'payload'
      FROM jsonb_array_elements(${JSON.stringify(entries)}::jsonb) AS e
      ON CONFLICT (key) DO NOTHING`;
    await tx.$executeRaw`DELETE FROM "MetricResult" WHERE "createdAt" < now() - make_interval(days => ${RETENTION_DAYS}::int)`;
    return true;
  }, { timeout: STORE_TIMEOUT_MS, maxWait: STORE_TIMEOUT_MS });
}

/** Storing an overview's few thousand entries takes milliseconds; a busy server may take longer. */
const STORE_TIMEOUT_MS = 30_000;

/** A row without the grid's keys, to store. */
export function toPayload(value: unknown): CellPayload {
  if (value === undefined || value === null) return null;
  const strip = (row: Record<string, unknown>) => {
    const { scope_key: _scope, period_key: _period, ...rest } = row;
    return rest;
  };
  return Array.isArray(value) ? value.map((row: Record<string, unknown>) => strip(row)) : strip(value as Record<string, unknown>);
}

/** A stored payload as the query's row(s) for a cell of this grid. */
export function fromPayload(payload: CellPayload, scopeKey: number, periodKey: number): unknown {
  if (payload === null) return undefined;
  const keyed = (row: Record<string, unknown>) => ({ ...row, scope_key: scopeKey, period_key: periodKey });
  return Array.isArray(payload) ? payload.map(keyed) : keyed(payload);
}
