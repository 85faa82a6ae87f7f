// How fast this machine is right now, in two fixed tasks, printed beside a measurement so that two
// runs can be compared knowing the state the machine was in. On the virtual machines the benchmark was
// run on, plain computation kept its speed all day, while writing fresh memory fell to ~300 MB/s as
// the host took back memory the guest was not using, and allocation-heavy JavaScript (parsing and
// validating a batch) then ran 2–3× slower than earlier the same day.

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
  // Buffer.alloc fills every byte, so every page is written once (with a byte of the loop's result, so
  // the loop cannot be optimised away).
  const fresh = Buffer.alloc(FRESH_MEMORY_MB * 1024 * 1024, x & 0xff);
  const freshMs = performance.now() - started;
  if (fresh.length !== FRESH_MEMORY_MB * 1024 * 1024) throw new Error('allocation failed');
  return { computeMs, freshMemoryMBps: (FRESH_MEMORY_MB * 1000) / freshMs };
}

export function formatMachineCheck(check: MachineCheck): string {
  return `machine now: a fixed loop in ${Math.round(check.computeMs)} ms, fresh memory written at ` +
    `${Math.round(check.freshMemoryMBps).toLocaleString('en')} MB/s (docs/performance.md, "The machine")`;
}
