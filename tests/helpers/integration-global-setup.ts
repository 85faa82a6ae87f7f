// Once per integration run: a PostgreSQL server (DATABASE_URL's when set, else an embedded one under
// .data/test-postgres) and a template database with every migration applied. Test files clone the
// template (tests/helpers/integration-file-setup.ts), which takes ~0.1 s instead of migrating each.
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { getEnv } from '@/lib/env';
import { projectRoot, startEmbeddedPostgres } from '@/scripts/lib/embedded-postgres';
import { applyMigrations } from '@/scripts/lib/migrate';
import { dropDatabase, dropStaleTestDatabases, createDatabase, testDatabaseName } from './postgres-admin';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a database on the test server from which test databases are created and dropped. */
    testServerUrl: string;
    /** The migrated template each test file's database is cloned from. */
    testTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = getEnv().DATABASE_URL;
  const server = configured
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(projectRoot, '.data', 'test-postgres'),
        // Next to the demo's port, so tests can run while the demo does.
        port: getEnv().EMBEDDED_POSTGRES_PORT + 1,
        database: 'postgres',
        disposable: true,
      });
  const serverUrl = configured ?? server?.url ?? '';

  try {
    await dropStaleTestDatabases(serverUrl);
    const template = testDatabaseName('template');
    await createDatabase(serverUrl, template);
    const templateUrl = new URL(serverUrl);
    templateUrl.pathname = `/${template}`;
    await applyMigrations(templateUrl.toString());

    project.provide('testServerUrl', serverUrl);
    project.provide('testTemplateDatabase', template);

    return async () => {
      await dropDatabase(serverUrl, template);
      await server?.stop();
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
