// Building and running the Next.js app from scripts (demo, dev, e2e): build only when the sources
// changed since the last build, run `next start`/`next dev` as a child that is stopped on Ctrl-C or
// SIGTERM, and wait until it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from './embedded-postgres';
import { withFileLock } from './file-lock';
import { nodeOptionsFor } from './node-options';
import { isShuttingDown, onShutdown } from './shutdown';

const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');
const buildIdFile = path.join(projectRoot, '.next', 'BUILD_ID');

/** Everything `next build` reads; a file newer than the last build means the build is stale. */
const buildInputs = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'middleware.ts',
  'next.config.js',
  'postcss.config.mjs',
  'postcss.config.js',
  'tailwind.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];

async function newestModification(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // catches deleted files
  for (const child of await readdir(entry)) {
    if (child === 'node_modules' || child.startsWith('.')) continue;
    newest = Math.max(newest, await newestModification(path.join(entry, child)));
  }
  return newest;
}

/** Why a build is needed, or null when .next is newer than every source. */
export async function buildNeeded(): Promise<string | null> {
  const built = await stat(buildIdFile).catch(() => undefined);
  if (!built) return 'no build yet';
  const sources = await Promise.all(buildInputs.map((entry) => newestModification(path.join(projectRoot, entry))));
  return Math.max(...sources) > built.mtimeMs ? 'sources changed since the last build' : null;
}

/**
 * The environment of a Next.js child: ours plus `overrides` (undefined removes a variable). Children
 * inherit the environment as a whole; lib/env.ts remains the one place that interprets it.
 */
function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs a child to completion, stopping it if we are asked to shut down meanwhile. */
function runToCompletion(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: 'inherit' });
    const unregister = onShutdown(() => stopChild(child));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      unregister();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * `next build`, unless the existing build is current (or `force`). Serialised across processes:
 * two builds writing one .next would corrupt it. Builds without VITALS_DEMO, which lib/env.ts
 * refuses under the production NODE_ENV that `next build` uses; the demo turns it on at start.
 */
export async function buildIfNeeded({ force = false, log = console.log }: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  return withFileLock(
    path.join(projectRoot, '.data', 'next-build.lock'),
    async () => {
      const reason = force ? 'requested' : await buildNeeded();
      if (reason === null) return false;
      log(`Building the app (${reason}); this takes a minute or two…`);
      const code = await runToCompletion([nextBin, 'build'], childEnv({ NODE_ENV: 'production', VITALS_DEMO: undefined }));
      if (code !== 0 && !isShuttingDown()) throw new Error(`next build failed (exit code ${code}).`);
      return true;
    },
    { onWait: (pid) => log(`Waiting for process ${pid}, which is building the app…`) },
  );
}

export interface NextServer {
  url: string;
  child: ChildProcess;
  /** Resolves when the server exits on its own (a crash); never when we stop it. */
  exited: Promise<number>;
  stop(): Promise<void>;
}

/** Starts `next start` (or `next dev`) on `port` with `env` added; stopped on shutdown, before PostgreSQL. */
export function startNext({
  mode,
  port,
  env,
  logFile,
}: {
  mode: 'start' | 'dev';
  port: number;
  env: Record<string, string | undefined>;
  /** Where the server's output goes; default: ours. */
  logFile?: string;
}): NextServer {
  const output = logFile ? openSync(logFile, 'a') : 'inherit';
  const child = spawn(process.execPath, [nextBin, mode, '--port', String(port)], {
    cwd: projectRoot,
    env: childEnv(env),
    stdio: ['ignore', output, output],
  });
  if (typeof output === 'number') closeSync(output); // the child holds its own copy
  let stopping = false;
  const stop = async () => {
    stopping = true;
    unregister();
    await stopChild(child);
  };
  const unregister = onShutdown(stop);
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      // Ctrl-C reaches Next.js directly too; exiting then is part of the shutdown, not a crash.
      if (!stopping && !isShuttingDown()) resolve(code ?? (signal ? 1 : 0));
    });
  });
  return { url: `http://localhost:${port}`, child, exited, stop };
}

const tsxCli = require.resolve('tsx/cli');

/** Runs a project script with tsx and `env` added, to completion (stopped on shutdown); its output is ours. */
export function runProjectScript(script: string, args: string[], env: Record<string, string>): Promise<number> {
  return runToCompletion([tsxCli, ...nodeOptionsFor(script), path.join(projectRoot, script), ...args], childEnv(env));
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the child has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, the server exits, or `timeoutMs` passes. */
export async function waitUntilServing(url: string, server: NextServer, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let crashed: number | undefined;
  void server.exited.then((code) => {
    crashed = code;
  });
  while (Date.now() < deadline) {
    if (crashed !== undefined) throw new Error(`The web server exited (code ${crashed}) before it was ready.`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The web server did not answer ${url} within ${Math.round(timeoutMs / 1000)} s.`);
}

/**
 * AUTH_SECRET and ENCRYPTION_KEY for local runs that did not set them: generated once and kept in
 * .data/secrets.json (mode 600), so sessions and encrypted source credentials survive restarts.
 */
export async function localSecrets(): Promise<{ AUTH_SECRET: string; ENCRYPTION_KEY: string }> {
  const file = path.join(projectRoot, '.data', 'secrets.json');
  if (existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<'AUTH_SECRET' | 'ENCRYPTION_KEY', string>>;
    if (saved.AUTH_SECRET && saved.ENCRYPTION_KEY) return { AUTH_SECRET: saved.AUTH_SECRET, ENCRYPTION_KEY: saved.ENCRYPTION_KEY };
  }
  const secrets = { AUTH_SECRET: randomBytes(32).toString('base64url'), ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
