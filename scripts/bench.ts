// `npm run bench [-- --scale 1 --runs 20 --seed 42]`: the reference-scale benchmark of docs/performance.md.
// Loads (once) the reference organisation, then prints side by side the org overview through the app's
// metric layer, the raw-SQL floor and a naive Prisma-and-JavaScript baseline, the team page queries,
// ingest throughput through the API and the worker's peak memory while syncing.
import { parseArgs } from 'node:util';
import { ensureDatabase } from './lib/embedded-postgres';
import { onShutdown } from './lib/shutdown';
import { prepareBenchDatabase } from './bench/bench-database';
import { REFERENCE_SCALE, scaled } from './bench/reference-dataset';
import { runChild } from './bench/child';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '20' },
    'naive-runs': { type: 'string', default: '20' },
    seed: { type: 'string', default: '42' },
    only: { type: 'string' },
    'ingest-via': { type: 'string', default: 'auto' },
    'ingest-runs': { type: 'string', default: '3' },
  },
});

const scale = Number(values.scale);
const runs = Number(values.runs);
const seed = Number(values.seed);
const ingestRuns = Number(values['ingest-runs']);
if (!(scale > 0 && scale <= 1) || !(Number.isInteger(runs) && runs >= 1) || !Number.isInteger(seed) || !(Number.isInteger(ingestRuns) && ingestRuns >= 1)) {
  console.error('Usage: npm run bench -- [--scale 0<S<=1] [--runs N] [--naive-runs N] [--seed N] [--only overview,team,ingest,worker,explain] [--ingest-via auto|http|in-process] [--ingest-runs N]');
  process.exit(2);
}

const log = (line: string) => console.log(line);
const database = await ensureDatabase({ disposable: false });
onShutdown(() => database.stop());
try {
  const size = scale === 1 ? REFERENCE_SCALE : scaled(scale);
  log(`Vitals benchmark: ${size.teams} teams, ${size.repositories} repositories, ${size.deployments.toLocaleString('en')} deployments, ` +
    `${size.changes.toLocaleString('en')} changes, ${size.incidents.toLocaleString('en')} incidents, ${size.findings.toLocaleString('en')} findings`);
  // Code that uses the app's database client runs in child processes whose DATABASE_URL is the
  // benchmark database (lib/env reads the environment once per process).
  const bench = await prepareBenchDatabase(database.url, size, seed, log, (url) => runChild('scripts/bench/relink-all.ts', [], url));
  await runChild('scripts/bench/measure.ts', ['--runs', String(runs), '--naive-runs', values['naive-runs'], '--ingest-via', values['ingest-via'], '--ingest-runs', values['ingest-runs'], ...(values.only ? ['--only', values.only] : [])], bench.url);
} finally {
  await database.stop();
}
