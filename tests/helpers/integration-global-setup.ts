// Once per integration run: a PostgreSQL server (DATABASE_URL's when set, else a throwaway embedded
// one under .data/test-postgres) and a template database with every migration applied. Test files clone the
// template (tests/helpers/integration-file-setup.ts), which takes ~0.1 s instead of migrating each.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { getEnv } from '@/lib/env';
import { discardCluster, projectRoot, startEmbeddedPostgres, type EmbeddedServer } from '@/scripts/lib/embedded-postgres';
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
  const server = configured ? undefined : await startTestCluster();
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
      await stopTestCluster(server);
    };
  } catch (error) {
    await stopTestCluster(server);
    throw error;
  }
}

const clustersDir = path.join(projectRoot, '.data', 'test-postgres');

/**
 * A throwaway cluster for this run only, in .data/test-postgres/run-<pid>-<random>: concurrent runs
 * (two terminals, or several developers in one checkout) never share or stop each other's server.
 * initdb takes about a second. Clusters of runs that were killed are deleted here.
 */
async function startTestCluster(): Promise<EmbeddedServer> {
  await mkdir(clustersDir, { recursive: true });
  for (const entry of await readdir(clustersDir, { withFileTypes: true })) {
    const runPid = Number(/^run-(\d+)-/.exec(entry.name)?.[1]);
    if (entry.isDirectory() && Number.isInteger(runPid) && !isProcessAlive(runPid)) {
      await discardCluster(path.join(clustersDir, entry.name));
    }
  }
  return startEmbeddedPostgres({
    dataDir: path.join(clustersDir, `run-${process.pid}-${randomBytes(3).toString('hex')}`),
    // Next to the demo's port, so tests can run while the demo does (a free port if taken).
    port: getEnv().EMBEDDED_POSTGRES_PORT + 1,
    database: 'postgres',
    disposable: true,
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stopTestCluster(server: EmbeddedServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  await discardCluster(server.dataDir);
}
