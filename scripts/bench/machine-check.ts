// How fast this machine is right now, in two fixed tasks, printed beside a measurement so that a slow
// run can be told from a regression. On the virtual machines the benchmark was run on, speed changes
// by 2–3× within a day: the host takes back memory the guest does not use, and touching fresh memory
// then costs a fault each page (PostgreSQL's new WAL and file pages, Node's growing heap), while plain
// computation keeps its speed. The two tasks show which of the two has moved.

export interface MachineCheck {
  /** Milliseconds for a fixed loop of integer arithmetic: no memory beyond a few registers. */
  computeMs: number;
  /** Megabytes per second of fresh memory allocated and written (FRESH_MEMORY_MB of it). */
  freshMemoryMBps: number;
}

const LOOP_ITERATIONS = 50_000_000;
const FRESH_MEMORY_MB = 256;

export function checkMachine(): MachineCheck {
  let started = performance.now();
  let x = 0;
  for (let i = 0; i < LOOP_ITERATIONS; i += 1) x = (x + i * 7) % 1_000_003;
  const computeMs = performance.now() - started;
  started = performance.now();
  // Buffer.alloc fills with zeros, so every page is written once.
  const fresh = Buffer.alloc(FRESH_MEMORY_MB * 1024 * 1024, x & 0xff);
  const freshMs = performance.now() - started;
  if (fresh.length !== FRESH_MEMORY_MB * 1024 * 1024) throw new Error('allocation failed');
  return { computeMs, freshMemoryMBps: (FRESH_MEMORY_MB * 1000) / freshMs };
}

export function formatMachineCheck(check: MachineCheck): string {
  return `machine now: a fixed loop in ${Math.round(check.computeMs)} ms, fresh memory written at ` +
    `${Math.round(check.freshMemoryMBps).toLocaleString('en')} MB/s (see docs/performance.md, "Ingest throughput")`;
}
