// The benchmark's own database on the configured (or embedded) server: created, migrated and filled
// with the reference dataset once, then reused while its scale and seed match.
import pg from 'pg';
import { applyMigrations } from '../lib/migrate';
import { loadReferenceDataset, type ReferenceScale } from './reference-dataset';

export interface BenchDatabase {
  url: string;
  loaded: boolean;
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A label stored in OrgSettings.name so a later run knows what the database holds. The layout is part
 * of it: a database loaded before its tables were kept in time order is loaded again.
 */
const labelOf = (scale: ReferenceScale, seed: number) => `bench ${JSON.stringify(scale)} seed ${seed} in time order`;

/** The tables relink rewrites, with the records whose ids follow time (reference-dataset.ts). */
const RECORD_TABLES = ['Deployment', 'Change', 'Incident', 'Finding'] as const;

export async function prepareBenchDatabase(
  serverUrl: string,
  scale: ReferenceScale,
  seed: number,
  log: (line: string) => void,
  relinkAll: (url: string) => Promise<void>,
): Promise<BenchDatabase> {
  const name = `vitals_bench_${scale.deployments}`;
  const url = withDatabaseName(serverUrl, name);
  const admin = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`); // name built from a number above
  } finally {
    await admin.end();
  }
  await applyMigrations(url);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const label = await client.query<{ name: string }>('SELECT name FROM "OrgSettings" WHERE id = 1');
    if (label.rows[0]?.name === labelOf(scale, seed)) {
      log(`Reusing ${name} (${label.rows[0].name}).`);
      return { url, loaded: false };
    }
    log(`Loading the reference dataset into ${name}…`);
    await client.query(`TRUNCATE "Team", "Repository", "Source", "Deployment", "Change", "Incident", "Finding", "OrgSettings" RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }

  await loadReferenceDataset(url, scale, seed, (step, rows, ms) => log(`  ${step.padEnd(32)} ${String(rows).padStart(9)} rows  ${(ms / 1000).toFixed(1)} s`));
  let started = performance.now();
  await relinkAll(url);
  log(`  ${'relink (derived links)'.padEnd(32)} ${''.padStart(9)}       ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const finish = new pg.Client({ connectionString: url });
  await finish.connect();
  try {
    // Relink rewrote most rows wherever there was room; a database that collected its records over
    // time keeps them in about the order they happened, and so do these tables from here on.
    started = performance.now();
    for (const table of RECORD_TABLES) await finish.query(`CLUSTER "${table}" USING "${table}_pkey"`); // names from the constant above
    log(`  ${'cluster in time order'.padEnd(32)} ${''.padStart(9)}       ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await finish.query('VACUUM ANALYZE');
    log(`  ${'vacuum analyze'.padEnd(32)} ${''.padStart(9)}       ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await finish.query(`INSERT INTO "OrgSettings" (id, name, "updatedAt") VALUES (1, $1, now())`, [labelOf(scale, seed)]);
  } finally {
    await finish.end();
  }
  return { url, loaded: true };
}
