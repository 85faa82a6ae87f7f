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

    const { code, output } = await runBench(['--scale', String(SCALE), '--only', 'ingest', '--ingest-via', 'in-process', '--ingest-runs', '2'], serverUrl);
    expect(code, output).toBe(0);
    const copyLine = /into (vitals_bench_ingest_\w+), a copy of (\w+) made with CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY in [\d.]+ s/g;
    const copies = [...output.matchAll(copyLine)];
    expect(copies.map((copy) => copy[2]), output).toEqual([benchDatabase, benchDatabase]);
    expect(new Set(copies.map((copy) => copy[1])).size).toBe(2);
    // Each run says how fast the machine was just before it.
    const machine = [...output.matchAll(/\n {2}run \d of 2\n {2}machine now: a fixed loop in (\d+) ms, fresh memory written at ([\d,]+) MB\/s/g)];
    expect(machine, output).toHaveLength(2);
    for (const check of machine) expect(Number(check[2]?.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(output).toContain('in process: the route handler called with real requests');
    expect(output).toContain(`${size.changes.toLocaleString('en')} changes, ${size.deployments.toLocaleString('en')} deployments`);
    for (const kind of ['changes', 'deployments', 'incidents', 'findings']) {
      expect(output).toMatch(new RegExp(`${kind}, new +[\\d.]+ ms .* [\\d,]+ +[\\d,]+ +[\\d,]+\\n`));
      expect(output).toMatch(new RegExp(`${kind}, re-sent +[\\d.]+ ms`));
    }
    // Both runs' totals, and the median run against the target.
    const summary = /\n {2}over 2 runs, each on a fresh copy, records\/s: new ([\d,]+)–([\d,]+), re-sent [\d,]+–[\d,]+, both passes ([\d,]+)–([\d,]+)\n {2}target: ≥ 10,000 records\/s over both passes, in the median run: (met|NOT MET) \(([\d,]+); new records [\d,]+\)/.exec(output);
    expect(summary, output).not.toBeNull();
    const number = (text = '') => Number(text.replaceAll(',', ''));
    expect(number(summary?.[1])).toBeGreaterThan(0);
    expect(number(summary?.[3])).toBeLessThanOrEqual(number(summary?.[4]));
    // With two runs the median is the slower one: the verdict never rests on the luckier run alone.
    expect(summary?.[6]).toBe(summary?.[3]);
    const bothPasses = [...output.matchAll(/all kinds, both passes +[\d.]+ ms .* ([\d,]+)\n/g)].map((m) => number(m[1])).sort((a, b) => a - b);
    expect(bothPasses).toEqual([number(summary?.[3]), number(summary?.[4])]);
    // What the server wrote meanwhile: at least the records themselves went through the WAL.
    const wal = /\n {2}while it ran, the server wrote ([\d.]+) (MB|GB) of WAL \(([\d.]+) KB a record\) and made \d+ checkpoints?\n/.exec(output);
    expect(wal, output).not.toBeNull();
    expect(Number(wal?.[3])).toBeGreaterThan(0.1);

    for (const copy of copies) expect(await queryDatabase(serverUrl, `SELECT datname FROM pg_database WHERE datname = '${copy[1] ?? ''}'`)).toEqual([]);
    expect(await queryDatabase(databaseUrl(serverUrl, benchDatabase), COUNTS)).toEqual(before);
  }, 180_000);
});
