// The database of an integration test file. Every file in tests/integration runs against its own
// fresh, fully migrated database (see integration-file-setup.ts), which is also DATABASE_URL, so:
//   - code under test that calls getDb() (lib/db.ts) uses it with no extra wiring;
//   - tests that prefer to pass the client explicitly use getTestDb() (the same client);
//   - tests that need an empty or a second database use createScratchDatabase().
// Tests within a file share the database: use distinct keys per test, or truncateAllTables().
import { getDb, type Db } from '@/lib/db';
import { createDatabase, databaseUrl, dropDatabase, testDatabaseName } from './postgres-admin';

export interface TestDatabase {
  name: string;
  url: string;
}

interface FileDatabase extends TestDatabase {
  serverUrl: string;
  templateName: string;
}

let fileDatabase: FileDatabase | undefined;
const scratchDatabases: string[] = [];

/** Called by integration-file-setup.ts only. */
export function registerFileDatabase(database: FileDatabase): void {
  fileDatabase = database;
}

function requireFileDatabase(): FileDatabase {
  if (!fileDatabase) {
    throw new Error('No test database: tests/helpers/database.ts works in the vitest "integration" project only.');
  }
  return fileDatabase;
}

/** This test file's database (migrated, initially empty of rows). */
export function getTestDatabase(): TestDatabase {
  const { name, url } = requireFileDatabase();
  return { name, url };
}

/** The app's Prisma client (getDb()), connected to this test file's database. */
export function getTestDb(): Db {
  requireFileDatabase();
  return getDb();
}

/**
 * Another database on the test server, dropped after the file's tests: `migrated: true` copies the
 * migrated template, `false` gives an empty database (e.g. to test migrations themselves).
 */
export async function createScratchDatabase({ migrated }: { migrated: boolean }): Promise<TestDatabase> {
  const { serverUrl, templateName } = requireFileDatabase();
  const name = testDatabaseName(migrated ? 'scratch' : 'empty');
  await createDatabase(serverUrl, name, migrated ? templateName : undefined);
  scratchDatabases.push(name);
  return { name, url: databaseUrl(serverUrl, name) };
}

/** Called by integration-file-setup.ts after the file's tests. */
export async function dropScratchDatabases(): Promise<void> {
  const { serverUrl } = requireFileDatabase();
  for (const name of scratchDatabases.splice(0)) await dropDatabase(serverUrl, name);
}

/** Empties every table (keeping the migration history), for tests that need a clean slate. */
export async function truncateAllTables(db: Db = getTestDb()): Promise<void> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map(({ tablename }) => `"${tablename.replaceAll('"', '""')}"`).join(', ');
  await db.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}
