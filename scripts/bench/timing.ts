// Repeated timings with percentiles, and the table the benchmark prints.

export interface Timing {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  min: number;
  /** For work that processes records (ingest): how many, and records per second. */
  throughput?: Throughput;
}

export interface Throughput {
  records: number;
  /** Records per second of the median run (runs may differ in size). */
  p50: number;
  /** All records over the time of all runs. */
  total: number;
}

/** Linear interpolation between closest ranks, as everywhere else in Vitals. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (rank - low);
}

export interface RunOptions {
  /** Untimed preparation before every run (the warm-up's too), e.g. dropping what a run would reuse. */
  before?: () => Promise<unknown>;
}

/** One warm-up run (not counted), then `runs` timed runs. */
export async function timeRuns(name: string, runs: number, work: () => Promise<unknown>, options: RunOptions = {}): Promise<Timing> {
  await options.before?.();
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    await options.before?.();
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return summariseTimes(name, times);
}

/** Percentiles of run times in milliseconds (any order). */
export function summariseTimes(name: string, times: readonly number[], throughput?: Throughput): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name,
    runs: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    ...(throughput ? { throughput } : {}),
  };
}

/** Times per run; with throughput, also records and records/s (of the median run, and in total). */
export function formatTable(timings: readonly Timing[]): string {
  const width = Math.max(...timings.map((t) => t.name.length), 10);
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(12);
  const count = (value: number) => Math.round(value).toLocaleString('en').padStart(12);
  const withThroughput = timings.some((t) => t.throughput);
  const throughput = (t: Timing) =>
    withThroughput && t.throughput ? ` ${count(t.throughput.records)} ${count(t.throughput.p50)} ${count(t.throughput.total)}` : '';
  const header = withThroughput ? ` ${'records'.padStart(12)} ${'p50 rec/s'.padStart(12)} ${'total rec/s'.padStart(12)}` : '';
  // Runs is the last column of a plain table; before the throughput columns it needs a width.
  const runs = (value: number | string) => `  ${withThroughput ? String(value).padStart(4) : value}`;
  return [
    `  ${'measurement'.padEnd(width)} ${'p50'.padStart(12)} ${'p95'.padStart(12)} ${'min'.padStart(12)}${runs('runs')}${header}`,
    ...timings.map((t) => `  ${t.name.padEnd(width)} ${ms(t.p50)} ${ms(t.p95)} ${ms(t.min)}${runs(t.runs)}${throughput(t)}`),
  ].join('\n');
}
