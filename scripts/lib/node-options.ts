// Node.js options of the project scripts that need some, for every launcher (`npm run worker` through
// with-database.ts, `npm run demo`, the benchmark), so each starts them the same way.
import path from 'node:path';
import { getEnv } from '@/lib/env';

/**
 * The worker keeps ~50 MB alive while it syncs but parses GitHub list pages of 1–2 MB all the time.
 * With a heap limit of 2 GB or more (V8's default on a machine with 8 GB of memory or more), V8 lets
 * the heap grow to ~4× what survived the last full collection, ~220 MB here; under a lower limit it
 * grows by ~1.3–1.6×, and the heap stays near 100 MB. The limit itself (1 GB by default) is far above
 * what the worker needs.
 */
export function nodeOptionsFor(script: string): string[] {
  if (path.normalize(script) !== path.normalize('scripts/worker.ts')) return [];
  return [`--max-old-space-size=${getEnv().WORKER_MAX_HEAP_MB}`];
}
