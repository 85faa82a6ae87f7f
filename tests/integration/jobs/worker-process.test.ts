// `npm run worker` as a process: it starts on the test database, registers its schedules, and on SIGTERM
// stops claiming and exits through the orderly shutdown (running jobs get their grace period: see
// worker.test.ts). The CLI then shows the job history.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBoss } from '@/lib/jobs/boss';
import { DIGEST_DUE_QUEUE } from '@/lib/jobs/queues';
import { getTestDatabase } from '@/tests/helpers/database';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(script: string, args: string[] = []) {
  // The child's environment is this test's plus the file's database (the worker has no SMTP: digests off).
  const child = spawn(tsx, [script, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: getTestDatabase().url, SMTP_HOST: '', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (text: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`"${text}" not seen; output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe('npm run worker', () => {
  it('starts, schedules, runs a job, and exits cleanly on SIGTERM', async () => {
    const worker = run('scripts/worker.ts');
    await worker.waitFor('started:', 30_000);
    expect(worker.output()).toContain('digests off');

    // A digest check queued now runs at once (no subscriptions: it finds nothing due).
    const sender = createBoss({ connectionString: getTestDatabase().url, worker: false });
    await sender.start();
    try {
      const id = await sender.send(DIGEST_DUE_QUEUE, {});
      const deadline = Date.now() + 15_000;
      while ((await sender.getJobById(DIGEST_DUE_QUEUE, id!))?.state !== 'completed') {
        if (Date.now() > deadline) throw new Error(`job not completed; worker output:\n${worker.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await sender.getSchedules()).map((schedule) => schedule.name)).toContain(DIGEST_DUE_QUEUE);
    } finally {
      await sender.stop({ graceful: false, wait: true });
    }

    const stopping = Date.now();
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    expect(worker.output()).toContain('stopped.');
    // 128 + 15: the conventional exit status after SIGTERM, reached through the orderly shutdown.
    expect(code).toBe(143);
    expect(Date.now() - stopping).toBeLessThan(15_000);

    const list = run('scripts/vitals.ts', ['job', 'list', '--kind', 'digest']);
    expect(await list.exited).toBe(0);
    expect(list.output()).toMatch(/completed\s+1\/2\s+\S*\s+Find due digests/);
  }, 90_000);
});
