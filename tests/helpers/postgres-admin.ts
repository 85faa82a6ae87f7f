// Creating and dropping the throwaway databases of integration tests, on whatever server the run uses.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const prefix = 'vitals_test_';
/** Test databases older than this are leftovers of a killed run and are dropped at the next start. */
const staleAfterSeconds = 6 * 60 * 60;

/** A unique name: `vitals_test_<kind>_<unix seconds>_<random>` (the time lets later runs clean up). */
export function testDatabaseName(kind: string): string {
  return `${prefix}${kind}_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CREATE DATABASE, optionally as a copy of `template`. PostgreSQL refuses to copy a template while
 * another session is connected to it (SQLSTATE 55006); that is brief here, so retry a while.
 * `fileCopy` copies a large template's files instead of writing them all to the WAL (PostgreSQL 15's
 * default, which floods the WAL and sets off checkpoints for minutes after the copy): quicker, and
 * quiet afterwards.
 */
export async function createDatabase(serverUrl: string, name: string, template?: string, { fileCopy = false }: { fileCopy?: boolean } = {}): Promise<void> {
  await withAdminClient(serverUrl, async (client) => {
    const sql = `CREATE DATABASE ${client.escapeIdentifier(name)}` +
      (template ? ` TEMPLATE ${client.escapeIdentifier(template)}${fileCopy ? ' STRATEGY FILE_COPY' : ''}` : '');
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 40) throw error;
        await sleep(50 * attempt);
      }
    }
  });
}

/** DROP DATABASE, closing any connection a test left open (FORCE needs PostgreSQL 13+). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** Drops test databases left behind by runs that were killed before their teardown. */
export async function dropStaleTestDatabases(serverUrl: string): Promise<void> {
  const names = await withAdminClient(serverUrl, async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix}%`],
    );
    return result.rows.map((row) => row.datname);
  });
  const now = Date.now() / 1000;
  for (const name of names) {
    const created = Number(/_(\d{10})_[0-9a-f]{8}$/.exec(name)?.[1]);
    if (Number.isFinite(created) && now - created > staleAfterSeconds) await dropDatabase(serverUrl, name);
  }
}

/** The rows of one statement on database `url`, over a connection of its own. */
export async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}
