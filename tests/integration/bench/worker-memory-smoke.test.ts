// The benchmark's worker-memory measurement (scripts/bench/worker-memory.ts) at tiny scale, so it cannot
// rot: the fake GitHub, the CLI that adds the source and queues the sync, the real worker process, the
// RSS sampling and the check of what was stored all run as in `npm run bench -- --only worker`.
import { expect, it } from 'vitest';
import { formatWorkerMemory, measureWorkerMemory, WORKER_RSS_TARGET_BYTES } from '@/scripts/bench/worker-memory';
import { getTestDatabase } from '@/tests/helpers/database';

const TINY = { repos: 20, deploymentsPerRepo: 3, pullsPerRepo: 4, issuesPerRepo: 2, codeScanningPerRepo: 2, dependabotPerRepo: 3, secretsPerRepo: 1 };

it('measures the worker syncing 20 repositories: every record stored, its peak memory sampled', async () => {
  const result = await measureWorkerMemory({ databaseUrl: getTestDatabase().url, shape: TINY, timeoutMs: 25_000 });
  expect(result.error).toBeNull();
  expect(result.status).toBe('succeeded');
  expect(result.stored).toEqual(result.expected);
  expect(result.stored.repositories).toBe(20);
  expect(result.stored.changes).toBeGreaterThan(0);
  expect(result.samples).toBeGreaterThan(0);
  expect(result.startedRssBytes).toBeGreaterThan(0);
  expect(result.peakRssBytes).toBeGreaterThanOrEqual(result.startedRssBytes);
  if (result.peakRssHighWaterBytes !== null) expect(result.peakRssHighWaterBytes).toBeGreaterThan(0);
  expect(result.syncMs).toBeGreaterThan(0);
  expect(result.requests[200]).toBeGreaterThan(20);
  expect(formatWorkerMemory(result, WORKER_RSS_TARGET_BYTES)).toMatch(/peak RSS .* MB[\s\S]*records .*all expected/);
}, 30_000);
