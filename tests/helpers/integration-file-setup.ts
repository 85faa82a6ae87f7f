// Runs before every integration test file (vitest setupFiles): gives the file its own database, a
// copy of the migrated template, and points DATABASE_URL at it before the test file imports any
// app code, so lib/env and lib/db's getDb() use it. Dropped when the file's tests end.
import { afterAll, inject } from 'vitest';
import { disconnectDb } from '@/lib/db';
import { dropScratchDatabases, registerFileDatabase } from './database';
import { createDatabase, databaseUrl, dropDatabase, testDatabaseName } from './postgres-admin';

const serverUrl = inject('testServerUrl');
const templateName = inject('testTemplateDatabase');
const name = testDatabaseName('file');
await createDatabase(serverUrl, name, templateName);
const url = databaseUrl(serverUrl, name);
// Tests may set the environment: lib/env.ts reads it once, on the first getEnv() of this file.
process.env.DATABASE_URL = url;
registerFileDatabase({ name, url, serverUrl, templateName });

afterAll(async () => {
  await disconnectDb();
  await dropScratchDatabases();
  await dropDatabase(serverUrl, name);
});
