// What the PostgreSQL server wrote while a measurement ran: WAL volume and checkpoints. Write
// throughput depends on them more than on anything else (docs/performance.md, "Ingest throughput"),
// so the ingest table is printed with them, to tell a slow run's cause. Both are read at once and
// exactly (the WAL position, the checkpointer's counters); they are server-wide, so other databases'
// writes during the run count too.
import type { Db } from '@/lib/db';

export interface ServerActivity {
  /** The WAL insert position, in bytes. */
  walPosition: number;
  checkpoints: number;
}

export async function serverActivity(db: Db): Promise<ServerActivity> {
  // PostgreSQL 17 moved the checkpoint counters from pg_stat_bgwriter to pg_stat_checkpointer.
  const [version] = await db.$queryRaw<{ checkpointer: boolean }[]>`
    SELECT to_regclass('pg_catalog.pg_stat_checkpointer') IS NOT NULL AS checkpointer`;
  const [row] = version?.checkpointer
    ? await db.$queryRaw<ServerActivity[]>`
        SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::float8 AS "walPosition",
               (num_timed + num_requested)::float8 AS checkpoints
        FROM pg_stat_checkpointer`
    : await db.$queryRaw<ServerActivity[]>`
        SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::float8 AS "walPosition",
               (checkpoints_timed + checkpoints_req)::float8 AS checkpoints
        FROM pg_stat_bgwriter`;
  if (!row) throw new Error('PostgreSQL returned no checkpoint statistics.');
  return row;
}

/** e.g. "the server wrote 1.1 GB of WAL (7.5 KB a record) and made 2 checkpoints". */
export function formatActivity(before: ServerActivity, after: ServerActivity, records: number): string {
  const bytes = after.walPosition - before.walPosition;
  const megabytes = bytes / 1024 ** 2;
  const size = megabytes >= 1024 ? `${(megabytes / 1024).toFixed(1)} GB` : `${megabytes.toFixed(1)} MB`;
  const perRecord = records > 0 ? ` (${(bytes / records / 1024).toFixed(1)} KB a record)` : '';
  const checkpoints = after.checkpoints - before.checkpoints;
  return `the server wrote ${size} of WAL${perRecord} and made ${checkpoints} checkpoint${checkpoints === 1 ? '' : 's'}`;
}
