// A bounded pool of job slots over several pg-boss queues. pg-boss's own `work()` polls one queue per
// loop with no limit across queues; a worker with one queue per source needs the opposite: at most N
// jobs at once in total, claimed from whichever queue has one (rotating, so no source starves), each
// claim a `FOR UPDATE SKIP LOCKED` fetch so several workers share the queues without taking a job twice.
import type PgBoss from 'pg-boss';

export interface JobRun {
  queue: string;
  job: PgBoss.JobWithMetadata<unknown>;
  /** Aborted when the worker shuts down and the job did not finish within the grace period. */
  signal: AbortSignal;
}

/** Returns the job's output (stored by pg-boss); throwing fails the job, which pg-boss retries. */
export type JobHandler = (run: JobRun) => Promise<Record<string, unknown> | undefined>;

export interface PoolLog {
  info(message: string): void;
  error(message: string): void;
}

export interface ClaimPoolOptions {
  name: string;
  concurrency: number;
  /** The queues to claim from, asked before every round (sources come and go). */
  queues: () => readonly string[];
  handler: JobHandler;
  /** How long to wait before looking again when every queue was empty. */
  pollIntervalMs: number;
  log: PoolLog;
}

interface Running {
  queue: string;
  jobId: string;
  controller: AbortController;
  done: Promise<void>;
}

export function errorOutput(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack?.split('\n').slice(0, 8).join('\n') ?? null };
  }
  return { message: String(error) };
}

export class ClaimPool {
  private readonly running = new Map<string, Running>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private offset = 0;

  constructor(
    private readonly boss: PgBoss,
    private readonly options: ClaimPoolOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Jobs running now, for logs and tests. */
  get active(): number {
    return this.running.size;
  }

  /** Claims nothing more at once (e.g. a source was added) instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  /**
   * Stops claiming, lets running jobs finish for `graceMs`, then aborts them; jobs still not settled
   * after a short wait are failed back to pg-boss so another worker retries them at once instead of
   * after their expiry.
   */
  async stop(graceMs: number): Promise<{ finished: number; aborted: number }> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    const before = this.running.size;
    await settleWithin([...this.running.values()].map((run) => run.done), graceMs);
    const aborted = [...this.running.values()];
    for (const run of aborted) run.controller.abort(new Error('worker shutting down'));
    await settleWithin(aborted.map((run) => run.done), Math.min(5_000, graceMs));
    for (const run of this.running.values()) {
      await this.boss
        .fail(run.queue, run.jobId, { message: 'worker shut down before the job finished' })
        .catch((error: unknown) => this.options.log.error(`could not release job ${run.jobId}: ${String(error)}`));
    }
    return { finished: before - aborted.length, aborted: aborted.length };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      while (!this.stopping && this.running.size < this.options.concurrency) {
        const claimed = await this.claimNext();
        if (!claimed) break;
        this.launch(claimed.queue, claimed.job);
      }
      if (this.stopping) break;
      // Every queue was empty, or every slot is taken: look again after the poll interval, or as soon
      // as a job finishes (a free slot) or the worker stops.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async claimNext(): Promise<{ queue: string; job: PgBoss.JobWithMetadata<unknown> } | null> {
    const queues = this.options.queues();
    for (let index = 0; index < queues.length; index += 1) {
      const queue = queues[(this.offset + index) % queues.length];
      if (queue === undefined) continue;
      try {
        const [job] = await this.boss.fetch<unknown>(queue, { includeMetadata: true, batchSize: 1 });
        if (job) {
          // The next claim starts after this queue, so one busy queue cannot take every slot first.
          this.offset = (this.offset + index + 1) % queues.length;
          return { queue, job };
        }
      } catch (error) {
        this.options.log.error(`[${this.options.name}] could not fetch from ${queue}: ${String(error)}`);
      }
    }
    return null;
  }

  private launch(queue: string, job: PgBoss.JobWithMetadata<unknown>): void {
    const controller = new AbortController();
    const done = (async () => {
      try {
        const output = await this.options.handler({ queue, job, signal: controller.signal });
        await this.boss.complete(queue, job.id, output ?? {});
      } catch (error) {
        // Whether pg-boss retries is its decision: out of attempts, or (stately queues) another job of the
        // queue already waiting for its retry, and this one is kept as failed.
        this.options.log.error(
          `[${this.options.name}] ${queue} job ${job.id} failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}): ${error instanceof Error ? error.message : String(error)}`,
        );
        await this.boss.fail(queue, job.id, errorOutput(error)).catch((failError: unknown) => {
          this.options.log.error(`[${this.options.name}] could not record the failure of job ${job.id}: ${String(failError)}`);
        });
      } finally {
        this.running.delete(job.id);
        this.wake?.();
      }
    })();
    this.running.set(job.id, { queue, jobId: job.id, controller, done });
  }
}

async function settleWithin(promises: Promise<void>[], ms: number): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
