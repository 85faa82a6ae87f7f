// Repeated timings with percentiles, and the table the benchmark prints.

export interface Timing {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  min: number;
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

/** One warm-up run (not counted), then `runs` timed runs. */
export async function timeRuns(name: string, runs: number, work: () => Promise<unknown>): Promise<Timing> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, runs, p50: percentile(times, 0.5), p95: percentile(times, 0.95), min: times[0] ?? Number.NaN };
}

export function formatTable(timings: readonly Timing[]): string {
  const width = Math.max(...timings.map((t) => t.name.length), 10);
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(12);
  return [
    `  ${'measurement'.padEnd(width)} ${'p50'.padStart(12)} ${'p95'.padStart(12)} ${'min'.padStart(12)}  runs`,
    ...timings.map((t) => `  ${t.name.padEnd(width)} ${ms(t.p50)} ${ms(t.p95)} ${ms(t.min)}  ${t.runs}`),
  ].join('\n');
}
