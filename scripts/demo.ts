// npm run demo: Vitals with realistic demo data on this machine, one command.
//   database (DATABASE_URL, else embedded PostgreSQL under .data/postgres) → migrations → demo data
//   (once: only into a database without teams) → `next build` when the sources changed → `next start`
//   and a worker, with demo sign-in on. Ctrl-C/SIGTERM stops the web server, the worker, then PostgreSQL.
// npm run dev: the same with `next dev` (no build).
//
// The web server runs with NODE_ENV=test under `next start`: lib/env.ts refuses the demo sign-in
// under NODE_ENV=production, and Next.js keeps an explicit NODE_ENV while serving the production
// build (`test` still selects React's production runtime).
import net from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { ensureDatabase } from './lib/embedded-postgres';
import { applyMigrations } from './lib/migrate';
import { buildIfNeeded, localSecrets, runProjectScript, startNext, waitUntilServing } from './lib/next-app';
import { isShuttingDown, shutdown } from './lib/shutdown';

const { values: args } = parseArgs({
  options: { dev: { type: 'boolean' }, 'no-worker': { type: 'boolean' } },
});
const mode = args.dev ? 'dev' : 'start';
const totalSteps = mode === 'dev' ? 4 : 5;
let stepNumber = 0;
const started = Date.now();

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Prints "[n/N] title…" and then "done (1.2 s)" or the detail the step returns. */
async function step<T>(title: string, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
  stepNumber += 1;
  console.log(`[${stepNumber}/${totalSteps}] ${title}…`);
  const stepStarted = Date.now();
  const result = await run();
  console.log(`      ${describe(result)} (${seconds(stepStarted)})`);
  return result;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port }, () => server.close(() => resolve(true)));
  });
}

async function countTeams(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('SELECT count(*) FROM "Team"');
    return Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const env = getEnv();
  console.log(`Vitals ${mode === 'dev' ? 'development server' : 'demo'}\n`);
  if (!(await isPortFree(env.PORT))) {
    throw new Error(`Port ${env.PORT} is already in use (another Vitals?). Stop it, or choose another port: PORT=3001 npm run ${mode === 'dev' ? 'dev' : 'demo'}`);
  }

  const database = await step(
    env.DATABASE_URL ? 'Database: DATABASE_URL' : 'Database: embedded PostgreSQL (.data/postgres)',
    () => ensureDatabase(),
    (db) => {
      const url = new URL(db.url);
      return `ready at ${url.hostname}:${url.port || 5432}${url.pathname}`;
    },
  );

  await step('Migrations', () => applyMigrations(database.url), ({ applied }) =>
    applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`,
  );

  await step(
    'Demo data',
    async () => {
      const teams = await countTeams(database.url);
      if (teams > 0) return `kept the existing data (${teams} teams)`;
      const code = await runProjectScript('scripts/seed-demo.ts', ['--if-empty'], { DATABASE_URL: database.url });
      if (code !== 0) throw new Error(`Seeding the demo data failed (exit code ${code}).`);
      return 'seeded';
    },
    (summary) => summary,
  );

  const secrets = await localSecrets();
  const serverEnv = {
    DATABASE_URL: database.url,
    AUTH_SECRET: env.AUTH_SECRET ?? secrets.AUTH_SECRET,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY ?? secrets.ENCRYPTION_KEY,
    VITALS_DEMO: 'true',
    // See the note at the top: the demo sign-in needs a non-production NODE_ENV.
    NODE_ENV: mode === 'dev' ? 'development' : 'test',
    ...(env.APP_URL === 'http://localhost:3000' && env.PORT !== 3000 ? { APP_URL: `http://localhost:${env.PORT}` } : {}),
  };

  if (mode === 'start') {
    await step('Build', () => buildIfNeeded({ log: (line) => console.log(`      ${line}`) }), (built) =>
      built ? 'built' : 'up to date',
    );
  }

  const server = await step(
    `Web server (next ${mode}${args['no-worker'] ? '' : ' and a worker'})`,
    async () => {
      const next = startNext({ mode, port: env.PORT, env: serverEnv });
      if (!args['no-worker']) {
        void runProjectScript('scripts/worker.ts', [], serverEnv).then((code) => {
          if (code !== 0 && !isShuttingDown()) console.error(`The worker stopped (exit code ${code}); the dashboard keeps running.`);
        });
      }
      await waitUntilServing(`http://localhost:${env.PORT}/api/health`, next, mode === 'dev' ? 300_000 : 120_000);
      return next;
    },
    () => 'answering',
  );

  const url = env.APP_URL === 'http://localhost:3000' ? `http://localhost:${env.PORT}` : env.APP_URL;
  console.log(`\n  Vitals is ready: ${url}   (in ${seconds(started)})`);
  console.log(`  Sign in as one of the demo users. Data: ${database.embedded ? 'embedded PostgreSQL in .data/postgres' : 'DATABASE_URL'}.`);
  console.log('  Stop with Ctrl-C.\n');

  const code = await server.exited;
  console.error(`The web server exited unexpectedly (code ${code}).`);
  await shutdown(code === 0 ? 1 : code);
}

main().catch(async (error: unknown) => {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
