// Once per integration run: a PostgreSQL server (tests/helpers/test-server.ts) and a template
// database with every migration applied. Test files clone the template
// (tests/helpers/integration-file-setup.ts), which takes ~0.1 s instead of migrating each.
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '@/scripts/lib/migrate';
import { createDatabase, databaseUrl, dropDatabase, dropStaleTestDatabases, testDatabaseName } from './postgres-admin';
import { startTestServer } from './test-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a database on the test server from which test databases are created and dropped. */
    testServerUrl: string;
    /** The migrated template each test file's database is cloned from. */
    testTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  try {
    await dropStaleTestDatabases(server.serverUrl);
    const template = testDatabaseName('template');
    await createDatabase(server.serverUrl, template);
    await applyMigrations(databaseUrl(server.serverUrl, template));

    project.provide('testServerUrl', server.serverUrl);
    project.provide('testTemplateDatabase', template);

    return async () => {
      await dropDatabase(server.serverUrl, template);
      await server.stop();
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
