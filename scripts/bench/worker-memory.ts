// The worker's memory while it syncs a large organisation (issue 9): the tests' fake GitHub serves an
// organisation, a GitHub source is added and a sync queued with the administration CLI as a user would,
// and the real worker process (scripts/worker.ts) runs it while this process samples the RSS of the
// worker's process tree. Used by `npm run bench` (the `worker` section) and, at tiny scale, by
// tests/integration/bench/worker-memory-smoke.test.ts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { FakeGitHub } from '@/tests/helpers/github/fake-github';
import { expectedRecords, FakeDataBuilder, type DataShape } from '@/tests/helpers/github/fake-data';
import { statusCounts } from '@/tests/helpers/github/test-source';
import { createDatabase, databaseUrl, dropDatabase } from '@/tests/helpers/postgres-admin';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { syncQueueName } from '@/lib/jobs/queues';
import { applyMigrations } from '../lib/migrate';
import { projectRoot } from '../lib/embedded-postgres';
import { nodeOptionsFor } from '../lib/node-options';

const require = createRequire(import.meta.url);

/**
 * The benchmark's organisation: 2,000 active repositories (and one archived) as a first sync finds them.
 * Most are quiet: 30 closed pull requests (one page; ~80 % merged into the default branch, each then
 * asking for its commits), 20 deployments (~65 % to production, each asking for its statuses), 10 issues
 * (~75 % incidents), 15 code scanning, 60 Dependabot and 5 secret scanning alerts. Every tenth is busy:
 * 150 pull requests (a full page of 100, ~2.1 MB as GitHub lists them, and a second page), 60 deployments,
 * 120 code scanning alerts (two pages) and 300 Dependabot alerts (three cursor pages of ~450 KB).
 * ~340,000 records from ~111,000 requests.
 */
export const WORKER_BENCH_SHAPE: DataShape = {
  repos: 2_000, deploymentsPerRepo: 20, pullsPerRepo: 30, issuesPerRepo: 10, codeScanningPerRepo: 15, dependabotPerRepo: 60, secretsPerRepo: 5,
  busy: { every: 10, pullsPerRepo: 150, deploymentsPerRepo: 60, codeScanningPerRepo: 120, dependabotPerRepo: 300 },
};

const SOURCE_NAME = 'bench-github';
/** The issue's target for the worker while it syncs the benchmark's organisation. */
export const WORKER_RSS_TARGET_BYTES = 300 * 1024 * 1024;
/** The worker's database, next to the benchmark's on the same server, made for one run and dropped after it. */
const WORKER_BENCH_DATABASE = 'vitals_bench_worker';

export interface WorkerMemoryOptions {
  /** A migrated database the worker may fill; nothing else should use it meanwhile. */
  databaseUrl: string;
  shape: DataShape;
  seed?: number;
  /** How often the worker's RSS is read (default 100 ms). */
  sampleIntervalMs?: number;
  /** Gives up (and stops the worker) after this long (default 30 minutes). */
  timeoutMs?: number;
  /** Extra Node.js options for the worker, e.g. `--heapsnapshot-near-heap-limit=1` to see what holds memory. */
  workerNodeOptions?: string[];
  /** Environment for the worker on top of the database and key, e.g. WORKER_SYNC_CONCURRENCY. */
  workerEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface RecordCounts {
  repositories: number;
  changes: number;
  deployments: number;
  incidents: number;
  findings: number;
}

export interface WorkerMemoryResult {
  /** Highest sum of the RSS of the worker and its descendants over the samples. */
  peakRssBytes: number;
  /** The kernel's own high-water mark of the worker process (VmHWM, Linux only; null elsewhere). */
  peakRssHighWaterBytes: number | null;
  /** RSS when the worker said it had started (its resting size, before the sync). */
  startedRssBytes: number;
  /** CPU time the worker process used until the sync ended (user + system; Linux only, null elsewhere). */
  cpuMs: number | null;
  samples: number;
  /** The sync itself, as its CollectorRun recorded it. */
  syncMs: number;
  /** From starting the worker process to the end of the sync job (the sync and what the worker does after it). */
  wallMs: number;
  status: string;
  error: string | null;
  /** What the sync stored, and what a correct collector must store from the fake's data. */
  stored: RecordCounts;
  expected: RecordCounts;
  /** Requests the fake GitHub answered, by status. */
  requests: Record<number, number>;
}

// ------------------------------------------------------------------ process memory

/** RSS in bytes of `rootPid` and every process below it. */
export function processTreeRss(rootPid: number): number {
  const processes = existsSync('/proc/self/status') ? procProcesses() : psProcesses();
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of processes.values()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let total = 0;
  const pending = [rootPid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += processes.get(pid)?.rssBytes ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  rssBytes: number;
}

function procProcesses(): Map<number, ProcessEntry> {
  const processes = new Map<number, ProcessEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = readProcStatus(Number(name));
    if (status) processes.set(status.pid, status);
  }
  return processes;
}

/** User + system CPU time of a process so far, from /proc/<pid>/stat (in clock ticks, 100 a second on Linux). */
function readProcCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function readProcStatus(pid: number): (ProcessEntry & { highWaterBytes: number }) | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    // The process ended between listing /proc and reading it: it holds no memory any more.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') return null;
    throw error;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { pid, ppid: field('PPid'), rssBytes: field('VmRSS') * 1024, highWaterBytes: field('VmHWM') * 1024 };
}

/** Elsewhere (macOS): one `ps` of every process. */
function psProcesses(): Map<number, ProcessEntry> {
  const processes = new Map<number, ProcessEntry>();
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' }).split('\n')) {
    const [pid, ppid, rss] = line.trim().split(/\s+/).map(Number);
    if (pid !== undefined && ppid !== undefined && rss !== undefined && Number.isFinite(rss)) processes.set(pid, { pid, ppid, rssBytes: rss * 1024 });
  }
  return processes;
}

// ------------------------------------------------------------------ processes of the project

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** A project script under tsx in one Node process (no tsx CLI wrapper), so its pid is the script's own. */
function startScript(script: string, args: string[], env: Record<string, string>, nodeOptions: string[] = [], stdin?: string): Child {
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(process.execPath, [...nodeOptions, '--import', loader, path.join(projectRoot, script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  // Only the tail is kept: enough to explain a failure, bounded however long the worker runs.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  return { process: child, exited, output: () => output };
}

async function runScript(script: string, args: string[], env: Record<string, string>, stdin?: string): Promise<string> {
  const child = startScript(script, args, env, [], stdin);
  const code = await child.exited;
  if (code !== 0) throw new Error(`${script} ${args.slice(0, 2).join(' ')} ended with exit code ${code}:\n${child.output()}`);
  return child.output();
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 30_000);
  await child.exited;
  clearTimeout(timer);
}

// ------------------------------------------------------------------ the measurement

async function storedCounts(client: pg.Client, sourceId: number): Promise<RecordCounts> {
  const count = async (table: string) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE "sourceId" = $1`, [sourceId])).rows[0]?.n ?? 0);
  return {
    repositories: await count('Repository'),
    changes: await count('Change'),
    deployments: await count('Deployment'),
    incidents: await count('Incident'),
    findings: await count('Finding'),
  };
}

interface FinishedRun {
  status: string;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

export async function measureWorkerMemory(options: WorkerMemoryOptions): Promise<WorkerMemoryResult> {
  const log = options.log ?? (() => undefined);
  const sampleIntervalMs = options.sampleIntervalMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const fake = await FakeGitHub.start();
  const db = new pg.Client({ connectionString: options.databaseUrl });
  let worker: Child | null = null;
  try {
    let started = performance.now();
    new FakeDataBuilder(fake, options.seed ?? 42).build(options.shape);
    // Like a GitHub Enterprise Server with rate limiting off (its default): the run measures the worker,
    // not hours of waiting for 5,000 requests an hour.
    fake.rateLimit = { limit: 100_000_000, remaining: 100_000_000, resetAt: Math.floor(Date.now() / 1000) + 3600 };
    const wanted = expectedRecords(fake);
    const expected: RecordCounts = {
      repositories: wanted.repositories.size, changes: wanted.changes.size, deployments: wanted.deployments.size,
      incidents: wanted.incidents.size, findings: wanted.findings.size,
    };
    log(`  fake GitHub at ${fake.url}: ${fake.repos.length} repositories generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // A key of its own: the CLI seals the token with it, the worker opens it.
    const env = { DATABASE_URL: options.databaseUrl, ENCRYPTION_KEY: randomBytes(32).toString('base64'), NODE_ENV: 'production', SMTP_HOST: '' };
    await runScript('scripts/vitals.ts', ['source', 'add', 'github', '--name', SOURCE_NAME, '--org', fake.org, '--api-url', fake.url, '--token-stdin'], env, fake.token);
    await runScript('scripts/vitals.ts', ['job', 'sync', '--source', SOURCE_NAME], env);
    await db.connect();
    const source = await db.query<{ id: number }>('SELECT id FROM "Source" WHERE name = $1', [SOURCE_NAME]);
    const sourceId = source.rows[0]?.id;
    if (sourceId === undefined) throw new Error(`source ${SOURCE_NAME} was not created`);

    started = performance.now();
    // Started as `npm run worker` starts it (its Node.js options included), minus the launcher processes.
    worker = startScript('scripts/worker.ts', [], { ...env, ...options.workerEnv }, [...nodeOptionsFor('scripts/worker.ts'), ...(options.workerNodeOptions ?? [])]);
    const pid = worker.process.pid;
    if (pid === undefined) throw new Error('the worker did not start');
    let peakRssBytes = 0;
    let samples = 0;
    let startedRssBytes = 0;
    const sample = () => {
      const rss = processTreeRss(pid);
      peakRssBytes = Math.max(peakRssBytes, rss);
      samples += 1;
      return rss;
    };
    const sampler = setInterval(sample, sampleIntervalMs);
    let run: FinishedRun | undefined;
    let highWater: number | null = null;
    let cpuMs: number | null = null;
    try {
      for (;;) {
        if (worker.process.exitCode !== null) throw new Error(`the worker exited (code ${worker.process.exitCode}) before the sync finished:\n${worker.output()}`);
        if (performance.now() - started > timeoutMs) throw new Error(`the sync did not finish within ${timeoutMs / 1000} s:\n${worker.output()}`);
        if (startedRssBytes === 0 && worker.output().includes('started:')) startedRssBytes = sample();
        // Until the job is over, not just the collector run: after a sync the worker computes the
        // dashboards again (lib/jobs/app-worker.ts), which is part of what a sync costs it.
        const job = await db.query<{ state: string }>(`SELECT state FROM ${BOSS_SCHEMA}.job WHERE name = $1 ORDER BY created_on DESC LIMIT 1`, [syncQueueName(sourceId)]);
        if (['completed', 'failed', 'retry', 'cancelled'].includes(job.rows[0]?.state ?? '')) {
          const runs = await db.query<FinishedRun>(
            `SELECT status, error, "startedAt", "finishedAt" FROM "CollectorRun" WHERE "sourceId" = $1 ORDER BY id DESC LIMIT 1`,
            [sourceId],
          );
          run = runs.rows[0];
          if (!run || run.status === 'running') throw new Error(`the sync job ended (${job.rows[0]?.state}) without a finished collector run:\n${worker.output()}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      sample();
      if (existsSync('/proc/self/status')) {
        highWater = readProcStatus(pid)?.highWaterBytes ?? null;
        cpuMs = readProcCpuMs(pid);
      }
    } finally {
      clearInterval(sampler);
    }
    const wallMs = performance.now() - started;
    await stopChild(worker);
    if (!run) throw new Error('unreachable: the loop above ends with a finished run or throws');
    const stored = await storedCounts(db, sourceId);
    return {
      peakRssBytes, peakRssHighWaterBytes: highWater, startedRssBytes, cpuMs, samples,
      syncMs: run.finishedAt.getTime() - run.startedAt.getTime(), wallMs,
      status: run.status, error: run.error, stored, expected, requests: statusCounts(fake),
    };
  } finally {
    if (worker) await stopChild(worker);
    await db.end().catch(() => undefined); // never connected when setting up failed: nothing to close
    await fake.close();
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The lines the benchmark prints. */
export function formatWorkerMemory(result: WorkerMemoryResult, limitBytes: number): string {
  const total = (counts: RecordCounts) => counts.changes + counts.deployments + counts.incidents + counts.findings;
  const requests = Object.values(result.requests).reduce((sum, n) => sum + n, 0);
  const same = JSON.stringify(result.stored) === JSON.stringify(result.expected);
  return [
    `  peak RSS             ${megabytes(result.peakRssBytes).padStart(9)}  (the worker's process tree, ${result.samples.toLocaleString('en')} samples${
      result.peakRssHighWaterBytes === null ? '' : `; kernel high-water mark ${megabytes(result.peakRssHighWaterBytes)}`})  target ≤ ${megabytes(limitBytes)}: ${result.peakRssBytes <= limitBytes ? 'met' : 'NOT MET'}`,
    `  RSS once started     ${megabytes(result.startedRssBytes).padStart(9)}`,
    `  sync duration        ${`${(result.syncMs / 1000).toFixed(1)} s`.padStart(9)}  (${(result.wallMs / 1000).toFixed(1)} s from starting the worker to the end of the job${
      result.cpuMs === null ? '' : `; worker CPU ${(result.cpuMs / 1000).toFixed(1)} s`}), status ${result.status}${result.error ? `: ${result.error.split('\n')[0]}` : ''}`,
    `  repositories         ${String(result.stored.repositories).padStart(9)}`,
    `  records              ${total(result.stored).toLocaleString('en').padStart(9)}  (${result.stored.changes} changes, ${result.stored.deployments} deployments, ${result.stored.incidents} incidents, ${result.stored.findings} findings)${same ? ', all expected' : `; EXPECTED ${JSON.stringify(result.expected)}`}`,
    `  GitHub requests      ${requests.toLocaleString('en').padStart(9)}  ${JSON.stringify(result.requests)}`,
  ].join('\n');
}

/**
 * The `worker` section of `npm run bench`: a fresh database next to the benchmark's (`databaseUrlOnServer`
 * only names the server), the measurement, the lines to print. The database is dropped afterwards.
 */
export async function benchWorkerMemory(databaseUrlOnServer: string, shape: DataShape = WORKER_BENCH_SHAPE, log: (line: string) => void = console.log): Promise<WorkerMemoryResult> {
  const url = databaseUrl(databaseUrlOnServer, WORKER_BENCH_DATABASE);
  // Left over by a run that was killed: start clean.
  await dropDatabase(databaseUrlOnServer, WORKER_BENCH_DATABASE);
  await createDatabase(databaseUrlOnServer, WORKER_BENCH_DATABASE);
  try {
    await applyMigrations(url);
    const result = await measureWorkerMemory({ databaseUrl: url, shape, log });
    log(formatWorkerMemory(result, WORKER_RSS_TARGET_BYTES));
    return result;
  } finally {
    await dropDatabase(databaseUrlOnServer, WORKER_BENCH_DATABASE);
  }
}
