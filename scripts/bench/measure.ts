// The benchmark's measurements against DATABASE_URL (the loaded reference database); run by
// scripts/bench.ts in its own process. Prints one table.
import { parseArgs } from 'node:util';
import { disconnectDb, getDb } from '@/lib/db';
import { requireEnv } from '@/lib/env';
import { parsePeriod } from '@/lib/metrics/period';
import { explainOverview } from './explain';
import { benchIngest, isIngestVia } from './ingest';
import { formatOverview, measureOverview, measureTeamPage } from './overview';
import { REFERENCE_END } from './reference-dataset';
import { formatTable } from './timing';
import { benchWorkerMemory, WORKER_BENCH_SHAPE } from './worker-memory';
import { checkMachine, formatMachineCheck } from './machine-check';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'naive-runs': { type: 'string', default: '20' },
    only: { type: 'string' },
    'ingest-via': { type: 'string', default: 'auto' },
    'ingest-runs': { type: 'string', default: '3' },
  },
});
const runs = Number(values.runs);
const naiveRuns = Number(values['naive-runs']);
const only = values.only?.split(',') ?? null;
/** Parts run when --only is not given (the EXPLAIN plans only on request). */
const DEFAULT_PARTS = ['overview', 'team', 'worker', 'ingest'];
const wanted = (part: string) => (only === null ? DEFAULT_PARTS.includes(part) : only.includes(part));
const ingestVia = values['ingest-via'];
if (!isIngestVia(ingestVia)) throw new Error(`--ingest-via must be auto, http or in-process, not "${ingestVia}"`);
// scripts/bench.ts has refused anything but a whole number from 1.
const ingestRuns = Number(values['ingest-runs']);

const DAY = 86_400_000;
const to = REFERENCE_END.toISOString().slice(0, 10);
const from = new Date(REFERENCE_END.getTime() - 90 * DAY).toISOString().slice(0, 10);
const period = parsePeriod({ from, to, timeZone: 'UTC' });
const sixMonths = parsePeriod({ from: new Date(REFERENCE_END.getTime() - 182 * DAY).toISOString().slice(0, 10), to, timeZone: 'UTC' });

console.log(`\n${formatMachineCheck(checkMachine())}`);
const db = getDb();
try {
  if (wanted('overview')) {
    const teams = await db.team.count();
    console.log(`\nOrg overview: all 12 metrics for all ${teams} teams, ${from} to ${to} and the 90 days before ` +
      `(p50/p95 of ${runs} runs, naive ${naiveRuns}, after one warm-up run each)`);
    console.log(formatOverview(await measureOverview(db, period, runs, naiveRuns)));
  }
  if (wanted('team')) {
    // The busiest team: the first child team holds the busiest repositories.
    const busiest = await db.team.findFirstOrThrow({ where: { parentId: { not: null } }, orderBy: { id: 'asc' } });
    console.log(`\nTeam page of ${busiest.slug} (the busiest team), ${from} to ${to}`);
    console.log(formatTable(await measureTeamPage(db, busiest.slug, period, sixMonths, runs)));
  }
  if (wanted('worker')) {
    console.log(`\nWorker memory: npm run worker syncing ${WORKER_BENCH_SHAPE.repos.toLocaleString('en')} repositories from the fake GitHub, on a fresh database (scripts/bench/worker-memory.ts)`);
    await benchWorkerMemory(requireEnv('DATABASE_URL'));
  }
  if (wanted('explain')) {
    console.log(`\nPlans of the app's metric queries for the org overview, computed from the records (EXPLAIN ANALYZE)\n`);
    console.log(await explainOverview(db, period));
  }
} finally {
  await disconnectDb();
}
// Last, with this process's connections closed: copying the reference database needs it to itself.
if (wanted('ingest')) {
  console.log('\nIngest throughput: POST /api/v1/ingest/{changes,deployments,incidents,findings} (scripts/bench/ingest.ts)');
  await benchIngest(requireEnv('DATABASE_URL'), { via: ingestVia, runs: ingestRuns });
}
