// npm run db:seed-demo [-- --seed N] [-- --if-empty]: writes the demo organisation (lib/demo/seed.ts)
// into DATABASE_URL's database. `npm run demo` runs it once, with --if-empty, in a child process so
// that lib/env and getDb() see the embedded database's URL from the start.
import { parseArgs } from 'node:util';
import { disconnectDb, getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { seedDemoData } from '@/lib/demo/seed';
import { shutdown } from './lib/shutdown';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, 'if-empty': { type: 'boolean' } } });
  if (!getEnv().DATABASE_URL) {
    console.error('DATABASE_URL is not set. See .env.example (npm run demo sets it for its embedded database).');
    return 2;
  }
  const db = getDb();
  try {
    const teams = await db.team.count();
    if (values['if-empty'] && teams > 0) {
      console.log(`  The database already has ${teams} teams: keeping its data.`);
      return 0;
    }
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) {
      console.error(`--seed must be an integer, not "${values.seed}".`);
      return 2;
    }
    const summary = await seedDemoData(db, { seed, onProgress: (step) => console.log(`  … ${step}`) });
    console.log(
      `  Seeded ${summary.teams} teams, ${summary.repositories} repositories, ` +
        `${summary.changes.created} pull requests, ${summary.deployments.created} deployments, ` +
        `${summary.incidents.created} incidents, ${summary.findings.created} findings, ${summary.users} users ` +
        `(seed ${summary.seed}) in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await disconnectDb();
  }
}

main().then(
  (code) => shutdown(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    return shutdown(1);
  },
);
