// The ingest benchmark cannot rot: `npm run bench -- --only ingest` runs end to end at a tiny scale —
// the reference database is copied, the batches go through the route handler into the copy in a child
// process (every answer checked against the contract there), the table is printed, the copy dropped —
// and the reference database is left exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaled } from '@/scripts/bench/reference-dataset';
import { runBench } from '@/tests/helpers/bench';
import { getTestDatabase } from '@/tests/helpers/database';
import { databaseUrl, dropDatabase, queryDatabase } from '@/tests/helpers/postgres-admin';

// Not the overview smoke test's scale: the two files run at once and each owns its bench database.
const SCALE = 0.002;

const COUNTS = `SELECT (SELECT count(*)::int FROM "Deployment") AS deployments, (SELECT count(*)::int FROM "Change") AS changes,
                       (SELECT count(*)::int FROM "Incident") AS incidents, (SELECT count(*)::int FROM "Finding") AS findings,
                       (SELECT count(*)::int FROM "ApiToken") AS tokens, (SELECT max("updatedAt") FROM "Change") AS "lastChange"`;

describe('npm run bench -- --only ingest', () => {
  const serverUrl = databaseUrl(getTestDatabase().url, 'postgres');
  const size = scaled(SCALE);
  const benchDatabase = `vitals_bench_${size.deployments}`;
  beforeAll(() => dropDatabase(serverUrl, benchDatabase));
  afterAll(() => dropDatabase(serverUrl, benchDatabase));

  it('measures every kind, new and re-sent, in a copy it drops, and leaves the reference database as it was', async () => {
    // Load the reference database first (an --only that measures nothing), to see it unchanged afterwards.
    const load = await runBench(['--scale', String(SCALE), '--only', 'none'], serverUrl);
    expect(load.code, load.output).toBe(0);
    const before = await queryDatabase(databaseUrl(serverUrl, benchDatabase), COUNTS);

    const { code, output } = await runBench(['--scale', String(SCALE), '--only', 'ingest', '--ingest-via', 'in-process'], serverUrl);
    expect(code, output).toBe(0);
    const copy = /into (vitals_bench_ingest_\w+), a copy of (\w+) made with CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY in [\d.]+ s/.exec(output);
    expect(copy?.[2], output).toBe(benchDatabase);
    expect(output).toContain('in process: the route handler called with real requests');
    expect(output).toContain(`${size.changes.toLocaleString('en')} changes, ${size.deployments.toLocaleString('en')} deployments`);
    for (const kind of ['changes', 'deployments', 'incidents', 'findings']) {
      expect(output).toMatch(new RegExp(`${kind}, new +[\\d.]+ ms .* [\\d,]+ +[\\d,]+ +[\\d,]+\\n`));
      expect(output).toMatch(new RegExp(`${kind}, re-sent +[\\d.]+ ms`));
    }
    expect(output).toMatch(/all kinds, both passes .*\n {2}target: ≥ 10,000 records\/s over both passes: (met|NOT MET) \([\d,]+\)/);
    // What the server wrote meanwhile: at least the records themselves went through the WAL.
    const wal = /\n {2}while it ran, the server wrote ([\d.]+) (MB|GB) of WAL \(([\d.]+) KB a record\) and made \d+ checkpoints?\n/.exec(output);
    expect(wal, output).not.toBeNull();
    expect(Number(wal?.[3])).toBeGreaterThan(0.1);

    expect(await queryDatabase(serverUrl, `SELECT datname FROM pg_database WHERE datname = '${copy?.[1] ?? ''}'`)).toEqual([]);
    expect(await queryDatabase(databaseUrl(serverUrl, benchDatabase), COUNTS)).toEqual(before);
  }, 180_000);
});
