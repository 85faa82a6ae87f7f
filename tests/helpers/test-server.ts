// The PostgreSQL server a test run uses: DATABASE_URL's when set (only used to create and drop test
// databases), else a throwaway embedded cluster for this run only, in
// .data/test-postgres/run-<pid>-<random>, so concurrent runs (two terminals, or several developers
// in one checkout) never share or stop each other's server. initdb takes about a second. Clusters
// of runs that were killed are deleted at the next start.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { discardCluster, projectRoot, startEmbeddedPostgres } from '@/scripts/lib/embedded-postgres';
import { isProcessAlive } from '@/scripts/lib/file-lock';

export interface TestServer {
  /** URL of an existing database on the server, to connect to for CREATE/DROP DATABASE. */
  serverUrl: string;
  /** Stops and deletes a throwaway cluster; nothing for DATABASE_URL's server. */
  stop(): Promise<void>;
}

const clustersDir = path.join(projectRoot, '.data', 'test-postgres');

export async function startTestServer(): Promise<TestServer> {
  const configured = getEnv().DATABASE_URL;
  if (configured) return { serverUrl: configured, stop: async () => undefined };

  await mkdir(clustersDir, { recursive: true });
  for (const entry of await readdir(clustersDir, { withFileTypes: true })) {
    const runPid = Number(/^run-(\d+)-/.exec(entry.name)?.[1]);
    if (entry.isDirectory() && Number.isInteger(runPid) && !isProcessAlive(runPid)) {
      await discardCluster(path.join(clustersDir, entry.name));
    }
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(clustersDir, `run-${process.pid}-${randomBytes(3).toString('hex')}`),
    // Next to the demo's port, so tests can run while the demo does (a free port if taken).
    port: getEnv().EMBEDDED_POSTGRES_PORT + 1,
    database: 'postgres',
    disposable: true,
    // A private cluster: another port when the usual one is taken is expected, not news.
    onNotice: () => undefined,
  });
  return {
    serverUrl: server.url,
    stop: async () => {
      await server.stop();
      await discardCluster(server.dataDir);
    },
  };
}
