// Once per browser-test run (Playwright globalSetup): the app under test, served by `next start` on a
// fresh database seeded with the demo organisation, on a free port. It runs here rather than as
// Playwright's `webServer` because the tests themselves also need that database (to create sessions,
// read fixtures): everything set in process.env below reaches the test workers, which start after
// this. With E2E_BASE_URL set, nothing is started: the tests use that server and DATABASE_URL.
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { projectRoot } from '@/scripts/lib/embedded-postgres';
import { applyMigrations } from '@/scripts/lib/migrate';
import { buildIfNeeded, runProjectScript, startNext, waitUntilServing, type NextServer } from '@/scripts/lib/next-app';
import { createDatabase, databaseUrl, dropDatabase, dropStaleTestDatabases, testDatabaseName } from './postgres-admin';
import { startTestServer, type TestServer } from './test-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const log = (line: string) => console.log(`[e2e] ${line}`);

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (getEnv().E2E_BASE_URL) {
    log(`Using the running app at ${getEnv().E2E_BASE_URL}.`);
    return async () => undefined;
  }
  const started = Date.now();
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    const server: TestServer = await startTestServer();
    cleanups.push(() => server.stop());
    await dropStaleTestDatabases(server.serverUrl);
    const name = testDatabaseName('e2e');
    await createDatabase(server.serverUrl, name);
    cleanups.push(() => dropDatabase(server.serverUrl, name));
    const url = databaseUrl(server.serverUrl, name);
    await applyMigrations(url);

    log('Seeding the demo organisation…');
    const seeded = await runProjectScript('scripts/seed-demo.ts', [], { DATABASE_URL: url });
    if (seeded !== 0) throw new Error(`Seeding the demo data failed (exit code ${seeded}).`);

    await buildIfNeeded({ log });

    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    // Throwaway secrets: this run's sessions and sealed credentials die with its database.
    const serverEnv = {
      DATABASE_URL: url,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      VITALS_DEMO: 'true',
      // The demo sign-in is refused under NODE_ENV=production (lib/env.ts); see scripts/demo.ts.
      NODE_ENV: 'test',
      APP_URL: baseUrl,
      // Magic-link sign-in: the app mails the SMTP server that tests/e2e/auth/sign-in.spec.ts starts here.
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await freePort()),
      SMTP_FROM: 'Vitals <vitals@e2e.test>',
      // Configured (the password unused without SMTP_USER) so the no-secrets checks have them to look for.
      SMTP_PASSWORD: randomBytes(16).toString('hex'),
      GITHUB_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      // GitHub sign-in against the fake GitHub (Enterprise Server style) that tests/e2e/auth/github-sign-in.spec.ts starts here.
      GITHUB_CLIENT_ID: 'vitals-e2e',
      GITHUB_CLIENT_SECRET: randomBytes(20).toString('hex'),
      GITHUB_AUTH_URL: `http://127.0.0.1:${await freePort()}`,
    };
    const logFile = path.join(projectRoot, 'artifacts', 'e2e-server.log');
    await mkdir(path.dirname(logFile), { recursive: true });
    const next: NextServer = startNext({ mode: 'start', port, env: serverEnv, logFile });
    cleanups.push(() => next.stop());
    try {
      await waitUntilServing(`${baseUrl}/api/health`, next);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)} See ${path.relative(projectRoot, logFile)}.`);
    }

    // For the test workers (started after this): the app, its database and its configuration.
    Object.assign(process.env, serverEnv, { E2E_BASE_URL: baseUrl });
    log(`App under test: ${baseUrl} (database ${name}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
