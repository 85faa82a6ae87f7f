// The offline migration runner (scripts/lib/migrate.ts) against a real PostgreSQL: it builds the whole
// schema on an empty database, is a no-op the second time, and the migrations match schema.prisma.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  createMigration,
  defaultMigrationsDir,
  defaultSchemaPath,
  diffMigrationsToSchema,
} from '@/scripts/lib/migrate';
import { createScratchDatabase, getTestDatabase } from '@/tests/helpers/database';
import { queryDatabase } from '@/tests/helpers/postgres-admin';

/** Table names the schema declares: each model's name, or its @@map. */
async function tablesInSchema(): Promise<string[]> {
  const schema = await readFile(defaultSchemaPath, 'utf8');
  const models = [...schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  return models.map(([, name, body]) => /@@map\("([^"]+)"\)/.exec(body ?? '')?.[1] ?? name ?? '').sort();
}

async function migrationFolders(): Promise<string[]> {
  const entries = await readdir(defaultMigrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Everything a migration could change, as comparable text: columns, constraints, indexes, history. */
async function schemaSnapshot(url: string): Promise<string[]> {
  const rows = await queryDatabase<{ line: string }>(
    url,
    `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
       FROM information_schema.columns WHERE table_schema = 'public'
     UNION ALL
     SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     UNION ALL
     SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL
     SELECT 'migration ' || id || ' ' || migration_name || ' ' || checksum || ' ' || finished_at || ' ' || applied_steps_count
       FROM _prisma_migrations`,
  );
  return rows.map((row) => row.line).sort();
}

describe('applyMigrations', () => {
  it('creates every table of the schema on an empty database, then applies nothing and changes nothing', async () => {
    const empty = await createScratchDatabase({ migrated: false });

    const first = await applyMigrations(empty.url);
    expect(first.applied).toEqual(await migrationFolders());

    const tables = await queryDatabase<{ table_name: string }>(
      empty.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const created = tables.map((row) => row.table_name).sort();
    expect(created).toEqual([...(await tablesInSchema()), '_prisma_migrations'].sort());

    const before = await schemaSnapshot(empty.url);
    const second = await applyMigrations(empty.url);
    expect(second.applied).toEqual([]);
    expect(await schemaSnapshot(empty.url)).toEqual(before);
  });
});

describe('diffMigrationsToSchema', () => {
  it('finds no difference: the committed migrations match prisma/schema.prisma', async () => {
    // When this fails, prisma/schema.prisma changed without a migration: run
    // `npm run db:migration:create -- --name <what_changed>` and commit the new folder.
    expect(await diffMigrationsToSchema(getTestDatabase().url)).toBeNull();
  });
});

describe('createMigration', () => {
  const scratchDirs: string[] = [];
  afterAll(async () => {
    for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes a migration for a schema change, then finds nothing more to create', async () => {
    // Copies, so nothing is ever written into prisma/.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vitals-migrations-'));
    scratchDirs.push(dir);
    const migrationsDir = path.join(dir, 'migrations');
    await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
    const schemaPath = path.join(dir, 'schema.prisma');
    const schema = await readFile(defaultSchemaPath, 'utf8');
    await writeFile(schemaPath, `${schema}\nmodel MigrationProbe {\n  id Int @id\n  label String\n}\n`);
    const options = { migrationsDir, schemaPath };
    // createMigration applies the existing migrations to the database it is given: not this file's.
    const { url } = await createScratchDatabase({ migrated: true });

    const created = await createMigration(url, 'add_probe', options);
    expect(created.created).toMatch(/^\d{14}_add_probe$/);
    expect(await readFile(created.file ?? '', 'utf8')).toContain('CREATE TABLE "MigrationProbe"');

    const again = await createMigration(url, 'nothing', options);
    expect(again.created).toBeNull();
    // Like `migrate dev`, it first applied the pending migration it had just written.
    expect(again.applied).toEqual([created.created]);
  });
});
