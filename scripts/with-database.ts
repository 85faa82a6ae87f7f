// `tsx scripts/with-database.ts <script> [args…]`: runs a project CLI against DATABASE_URL, or, when
// it is unset, against the embedded PostgreSQL under .data/ (started for the run if no other Vitals
// process is running it, stopped afterwards). With the embedded database, the local secrets kept
// beside it (the ones `npm run demo` uses) stand in for unset AUTH_SECRET / ENCRYPTION_KEY, so
// credentials sealed by one command can be opened by the next.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { ensureDatabase, projectRoot } from './lib/embedded-postgres';
import { localSecrets, stopChild } from './lib/next-app';
import { nodeOptionsFor } from './lib/node-options';
import { onShutdown, shutdown } from './lib/shutdown';

const require = createRequire(import.meta.url);
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('Usage: tsx scripts/with-database.ts <script> [args…]');
  process.exit(2);
}

const env = getEnv();
const database = await ensureDatabase();
onShutdown(() => database.stop());
const secrets = database.embedded ? await localSecrets() : null;
const child = spawn(process.execPath, [require.resolve('tsx/cli'), ...nodeOptionsFor(script), path.join(projectRoot, script), ...args], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    ...(secrets && !env.AUTH_SECRET ? { AUTH_SECRET: secrets.AUTH_SECRET } : {}),
    ...(secrets && !env.ENCRYPTION_KEY ? { ENCRYPTION_KEY: secrets.ENCRYPTION_KEY } : {}),
  },
});
onShutdown(() => stopChild(child));
child.once('exit', (code, signal) => {
  void shutdown(code ?? (signal === 'SIGINT' ? 130 : 1));
});
