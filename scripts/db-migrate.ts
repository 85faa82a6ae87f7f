// npm run db:migrate                          applies pending migrations (a no-op when up to date)
// npm run db:migration:create -- --name NAME  writes a new migration from changes to prisma/schema.prisma
// Both use DATABASE_URL when set, else the embedded PostgreSQL under .data/postgres.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ensureDatabase, projectRoot } from './lib/embedded-postgres';
import { applyMigrations, createMigration, MigrationDriftError } from './lib/migrate';
import { shutdown } from './lib/shutdown';

const usage = `Usage:
  npm run db:migrate
  npm run db:migration:create -- --name <snake_case_name>`;

function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const command = positionals[0] ?? 'apply';
  if (values.help || (command !== 'apply' && command !== 'create')) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (command === 'create' && !/^[A-Za-z0-9_]+$/.test(values.name ?? '')) {
    console.error(`--name is required: letters, digits and underscores.\n${usage}`);
    return 2;
  }

  const started = Date.now();
  const database = await ensureDatabase();
  console.log(`Database: ${describe(database.url)}${database.embedded ? ' (embedded PostgreSQL)' : ''}`);
  try {
    if (command === 'apply') {
      const { applied } = await applyMigrations(database.url);
      if (applied.length === 0) console.log('Migrations: already up to date, nothing applied.');
      for (const name of applied) console.log(`Applied ${name}`);
    } else {
      const result = await createMigration(database.url, values.name ?? '').catch((error: unknown) => {
        if (!(error instanceof MigrationDriftError)) throw error;
        const fix = database.embedded
          ? 'Stop whatever uses the embedded database, delete .data/postgres (npm run demo seeds it again) and retry.'
          : 'Point DATABASE_URL at a database that matches prisma/migrations (e.g. a new, empty one) and retry.';
        throw new Error(`${error.message}\n\n${fix}`);
      });
      for (const name of result.applied) console.log(`Applied ${name} (pending) first`);
      if (result.created === null || result.file === null) {
        console.log('No schema changes since the last migration: nothing to create.');
      } else {
        console.log(`Created ${path.relative(projectRoot, result.file)}`);
        for (const warning of result.warnings) console.warn(`Warning: ${warning}`);
        console.log('Review it, then apply it with: npm run db:migrate');
      }
    }
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await database.stop();
  }
}

// Exit explicitly: a lingering pool must not keep the process alive, and the code must be ours.
main().then(
  (code) => shutdown(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return shutdown(1);
  },
);
