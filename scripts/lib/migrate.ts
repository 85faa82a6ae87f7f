// Prisma migrations without the native schema engine, which the `prisma` CLI downloads and cannot
// offline: drives Prisma's wasm schema engine through adapter-pg. The migration folders and the
// `_prisma_migrations` table keep Prisma's standard format, so `prisma migrate deploy` still works
// wherever the native engine can be downloaded. See TOOLCHAIN.md "Prisma 7 offline".
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine as SchemaEngineType } from '@prisma/schema-engine-wasm';
import pg from 'pg';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const defaultSchemaPath = path.join(projectRoot, 'prisma', 'schema.prisma');
export const defaultMigrationsDir = path.join(projectRoot, 'prisma', 'migrations');

export interface MigrateOptions {
  /** Defaults to prisma/schema.prisma. */
  schemaPath?: string;
  /** Defaults to prisma/migrations. */
  migrationsDir?: string;
  /** Receives the engine's log lines (noisy; for debugging). */
  onEngineLog?: (line: string) => void;
}

export interface ApplyMigrationsResult {
  /** Names of the migration folders applied by this call, oldest first; empty when up to date. */
  applied: string[];
}

export interface CreateMigrationResult {
  /** The new folder's name (`<timestamp>_<name>`), or null when the schema matches the migrations. */
  created: string | null;
  /** Absolute path of the new migration.sql, or null. */
  file: string | null;
  /** Data-loss warnings the engine reported for the new migration (already in the SQL as comments). */
  warnings: string[];
  /** Existing migrations applied to the database first (as `migrate dev` does). */
  applied: string[];
}

const noFilters = { externalTables: [], externalEnums: [] };

/** The database's schema or history differs from the migrations, so no new migration can be computed on it. */
export class MigrationDriftError extends Error {
  constructor(readonly details: string) {
    super(`The database has drifted from the migrations.\n${details}`);
    this.name = 'MigrationDriftError';
  }
}

// ---------------------------------------------------------------- connection config

/**
 * pg config from a postgres URL, with host, user and database as separate fields: adapter-pg
 * spreads this config into the shadow database's pool, where a `connectionString` would override
 * the shadow database's name.
 */
export function pgConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const params = url.searchParams;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
  const config: pg.PoolConfig = {
    // `?host=/run/postgresql` selects a Unix socket, as libpq does.
    host: params.get('host') ?? (url.hostname.replace(/^\[|\]$/g, '') || 'localhost'),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    max: 4,
  };
  const sslmode = params.get('sslmode');
  if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'no-verify') {
    config.ssl = { rejectUnauthorized: false };
  } else if (sslmode === 'verify-ca' || sslmode === 'verify-full') {
    config.ssl = true;
  }
  return config;
}

// ---------------------------------------------------------------- adapter-pg workarounds

/** Column indexes of `"char"` results in the query running in this async context. */
const charColumns = new AsyncLocalStorage<Set<number>>();

const OID_CHAR = 18;
const OID_CHAR_ARRAY = 1002;
const OID_NAME_ARRAY = 1003;
const OID_TEXT = 25;
const OID_TEXT_ARRAY = 1009;

interface FieldLike {
  dataTypeID: number;
}

function rewriteCatalogFields(result: unknown, seen: Set<number> | undefined): void {
  const results = Array.isArray(result) ? result : [result];
  for (const one of results) {
    const fields = (one as { fields?: unknown } | null)?.fields;
    if (!Array.isArray(fields)) continue;
    fields.forEach((field: FieldLike, index) => {
      // The schema describer reads catalog columns such as pg_constraint.contype of type "char",
      // which adapter-pg cannot deserialize (prisma/orm#27403). Its text form is the character.
      if (field.dataTypeID === OID_CHAR) {
        field.dataTypeID = OID_TEXT;
        seen?.add(index);
      } else if (field.dataTypeID === OID_NAME_ARRAY) {
        field.dataTypeID = OID_TEXT_ARRAY;
      } else if (field.dataTypeID === OID_CHAR_ARRAY) {
        field.dataTypeID = OID_TEXT_ARRAY;
      }
    });
  }
}

type QueryCallback = (error: Error | null, result: unknown) => void;

/** A pg client that hands adapter-pg catalog column types it can read. */
class CatalogAwareClient extends pg.Client {
  // The overloads of pg's query are not expressible on an override; the arguments pass through.
  override query(...args: unknown[]): never {
    const seen = charColumns.getStore();
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as QueryCallback;
      args[args.length - 1] = (error: Error | null, result: unknown) => {
        if (!error) rewriteCatalogFields(result, seen);
        callback(error, result);
      };
    }
    const superQuery = super.query as unknown as (...a: unknown[]) => unknown;
    const returned = superQuery.apply(this, args);
    if (typeof last !== 'function' && returned instanceof Promise) {
      return returned.then((result: unknown) => {
        rewriteCatalogFields(result, seen);
        return result;
      }) as never;
    }
    return returned as never;
  }
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw'>;

async function queryRawWithChars(inner: Queryable, query: SqlQuery): Promise<SqlResultSet> {
  const seen = new Set<number>();
  const result = await charColumns.run(seen, () => inner.queryRaw(query));
  // Report "char" columns as characters, as the native engine sees them.
  for (const index of seen) result.columnTypes[index] = ColumnTypeEnum.Character;
  return result;
}

function wrapTransaction(inner: Transaction): Transaction {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'queryRaw') return (query: SqlQuery) => queryRawWithChars(target, query);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function toDriverAdapterError(error: unknown): unknown {
  const pgError = error as Partial<pg.DatabaseError> | null;
  if (pgError && typeof pgError.code === 'string' && typeof pgError.severity === 'string') {
    return new DriverAdapterError({
      kind: 'postgres',
      code: pgError.code,
      severity: pgError.severity,
      message: pgError.message ?? String(error),
      detail: pgError.detail,
      column: pgError.column,
      hint: pgError.hint,
    });
  }
  return error;
}

function wrapAdapter(
  inner: SqlDriverAdapter & { underlyingDriver(): pg.Pool },
  dispose: () => Promise<void> = () => inner.dispose(),
): SqlDriverAdapter {
  return new Proxy(inner, {
    get(target, property, receiver) {
      switch (property) {
        case 'queryRaw':
          return (query: SqlQuery) => queryRawWithChars(target, query);
        case 'startTransaction':
          return async (...args: Parameters<SqlDriverAdapter['startTransaction']>) =>
            wrapTransaction(await target.startTransaction(...args));
        case 'executeScript':
          // adapter-pg splits scripts on every ";" (even inside strings and comments); the native
          // engine sends a migration script whole, as one simple query. Do the same.
          return async (script: string) => {
            try {
              await target.underlyingDriver().query(script);
            } catch (error) {
              throw toDriverAdapterError(error);
            }
          };
        case 'dispose':
          return dispose;
        default: {
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
}

async function runAdminStatement(config: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client({ ...config });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * adapter-pg's factory with the workarounds: catalog column types, whole-script execution, and a
 * shadow database dropped only after its pool is closed (else "being accessed by other users").
 */
class MigrationPgFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  /** Cleanups still owed; the engine never disposes its main connection, so closeAll() does. */
  private readonly open = new Set<() => Promise<void>>();

  constructor(private readonly config: pg.PoolConfig) {}

  async connect(): Promise<SqlDriverAdapter> {
    const inner = await new PrismaPg({ ...this.config, Client: CatalogAwareClient }).connect();
    return wrapAdapter(inner, this.track(() => inner.dispose()));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await runAdminStatement(this.config, `CREATE DATABASE "${database}"`);
    const inner = await new PrismaPg({ ...this.config, database, Client: CatalogAwareClient }).connect();
    return wrapAdapter(
      inner,
      this.track(async () => {
        await inner.dispose();
        await runAdminStatement(this.config, `DROP DATABASE IF EXISTS "${database}"`);
      }),
    );
  }

  async closeAll(): Promise<void> {
    for (const cleanup of [...this.open]) await cleanup();
  }

  /** A cleanup that runs at most once, whether the engine or closeAll() calls it. */
  private track(cleanup: () => Promise<void>): () => Promise<void> {
    const once = async () => {
      if (!this.open.delete(once)) return;
      await cleanup();
    };
    this.open.add(once);
    return once;
  }
}

// ---------------------------------------------------------------- the wasm engine

interface PanicRegistry {
  message: string | undefined;
  set_message(message: string): void;
}

const globalWithPanics = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm');
let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * The package's entry imports the .wasm file as an ES module, which Node.js cannot; load its
 * JavaScript glue and instantiate the wasm bytes ourselves instead.
 */
function loadEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    globalWithPanics.PRISMA_WASM_PANIC_REGISTRY ??= {
      message: undefined,
      set_message(message: string) {
        this.message = message;
      },
    };
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import(gluePath)) as SchemaEngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const imports: WebAssembly.ModuleImports = { ...(glue as unknown as WebAssembly.ModuleImports) };
    for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
      // The engine arms timeouts it never clears (up to ~10 s); unref them so a finished command
      // lets the process exit instead of waiting for them.
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(callback, ms >>> 0);
        timer.unref();
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

/** Engine errors arrive as objects; surface their message (and a Rust panic's, when there was one). */
function engineError(error: unknown): Error {
  const panic = globalWithPanics.PRISMA_WASM_PANIC_REGISTRY?.message;
  if (panic) return new Error(`Prisma schema engine panicked: ${panic}`);
  if (error instanceof Error) return error;
  const message = (error as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' ? message : JSON.stringify(error));
}

async function withEngine<T>(
  databaseUrl: string,
  options: MigrateOptions,
  run: (engine: SchemaEngineType, schema: { path: string; content: string }) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schemaPath = options.schemaPath ?? defaultSchemaPath;
  const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
  const pgFactory = new MigrationPgFactory(pgConfigFromUrl(databaseUrl));
  const factory = bindMigrationAwareSqlAdapterFactory(pgFactory);
  const log = (line: string) => options.onEngineLog?.(line);
  let engine: SchemaEngineType;
  try {
    engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, factory);
  } catch (error) {
    await pgFactory.closeAll();
    throw engineError(error);
  }
  try {
    return await run(engine, schema);
  } catch (error) {
    throw engineError(error);
  } finally {
    engine.free();
    await pgFactory.closeAll();
  }
}

// ---------------------------------------------------------------- migration folders

const lockfileName = 'migration_lock.toml';
const lockfileContent =
  '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n';

/** The migrations folder as the engine expects it: every `<name>/migration.sql`, in name order. */
export async function loadMigrationList(migrationsDir: string = defaultMigrationsDir): Promise<MigrationList> {
  const entries = existsSync(migrationsDir) ? await readdir(migrationsDir, { withFileTypes: true }) : [];
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => {
      const file = path.join(migrationsDir, folder, 'migration.sql');
      const content = await readFile(file, 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: unknown) => ({ tag: 'error' as const, value: String(error) }),
      );
      return { path: folder, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockfilePath = path.join(migrationsDir, lockfileName);
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: lockfileName,
      content: existsSync(lockfilePath) ? await readFile(lockfilePath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

// ---------------------------------------------------------------- commands

/**
 * The data-loss warnings the engine writes at the top of a script (`/* Warnings: - … *\/`); reading
 * them there spares evaluateDataLoss, which would build one more shadow database.
 */
function warningsIn(script: string): string[] {
  const block = /^\/\*\s*\n\s*Warnings:([\s\S]*?)\*\//.exec(script)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2));
}

/** Applies the migrations not yet in `_prisma_migrations` (like `prisma migrate deploy`). */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<ApplyMigrationsResult> {
  const migrationsList = await loadMigrationList(options.migrationsDir);
  return withEngine(databaseUrl, options, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return { applied: output.appliedMigrationNames };
  });
}

/** Names of the migrations in the folder that the database has not applied yet. */
export async function listPendingMigrations(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  const migrationsList = await loadMigrationList(options.migrationsDir);
  return withEngine(databaseUrl, options, async (engine) => {
    const output = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    if (!output.hasMigrationsTable) return migrationsList.migrationDirectories.map((dir) => dir.path);
    const history = output.history;
    if (history === null || history.diagnostic === 'migrationsDirectoryIsBehind') return [];
    return history.unappliedMigrationNames;
  });
}

/**
 * Writes `<migrationsDir>/<timestamp>_<name>/migration.sql` with the SQL that takes a database from
 * the existing migrations to the schema (like `prisma migrate dev --create-only`): the database at
 * `databaseUrl` is checked for drift and gets the existing migrations applied, not the new one; it
 * also hosts the temporary shadow databases.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  options: MigrateOptions = {},
): Promise<CreateMigrationResult> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`Migration name "${name}" must use only letters, digits and underscores.`);
  }
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const migrationsList = await loadMigrationList(migrationsDir);
  return withEngine(databaseUrl, options, async (engine, schema) => {
    const schemaContainer = { files: [schema] };
    // The `migrate dev` sequence: check for drift, bring the database up to the existing migrations,
    // then diff. The wasm engine's createMigration (and evaluateDataLoss) only find the adapter's
    // shadow database ("shadow DB must be provided through an external factory" otherwise) after a
    // devDiagnostic on an up-to-date database, so diagnose again when migrations were just applied.
    const diagnose = async () => {
      const { action } = await engine.devDiagnostic({ migrationsList, filters: noFilters });
      if (action.tag === 'reset') throw new MigrationDriftError(action.reason);
    };
    await diagnose();
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    if (appliedMigrationNames.length > 0) await diagnose();
    const output = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: schemaContainer,
      filters: noFilters,
    });
    const applied = appliedMigrationNames;
    if (output.migrationScript === null) return { created: null, file: null, warnings: [], applied };
    const folder = path.join(migrationsDir, output.generatedMigrationName);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, `migration.${output.extension}`);
    await writeFile(file, output.migrationScript);
    const lockfilePath = path.join(migrationsDir, lockfileName);
    if (!existsSync(lockfilePath)) await writeFile(lockfilePath, lockfileContent);
    return { created: output.generatedMigrationName, file, warnings: warningsIn(output.migrationScript), applied };
  });
}


/**
 * The SQL that would take a database from the migrations to prisma/schema.prisma, or null when
 * they match (a check for CI and tests; one shadow database, unlike createMigration's three).
 */
export async function diffMigrationsToSchema(databaseUrl: string, options: MigrateOptions = {}): Promise<string | null> {
  const migrationsList = await loadMigrationList(options.migrationsDir);
  return withEngine(databaseUrl, options, async (engine, schema) => {
    const output = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return output.exitCode === 2 ? (output.stdout ?? '') : null;
  });
}
