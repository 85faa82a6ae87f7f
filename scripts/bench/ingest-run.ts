// Ingest throughput against DATABASE_URL, a throwaway copy of the reference database: started by
// benchIngest (scripts/bench/ingest.ts), which makes the copy and drops it afterwards.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { disconnectDb, getDb } from '@/lib/db';
import { requireEnv } from '@/lib/env';
import { ingestRates, isIngestVia, measureIngestInto } from './ingest';

// --rates: where to write this run's records/s (IngestRates, JSON) for the parent's summary.
const { values } = parseArgs({ options: { via: { type: 'string', default: 'auto' }, rates: { type: 'string' } } });
if (!isIngestVia(values.via)) throw new Error(`--via must be auto, http or in-process, not "${values.via}"`);
try {
  const measurements = await measureIngestInto(getDb(), requireEnv('DATABASE_URL'), values.via);
  if (values.rates) await writeFile(values.rates, JSON.stringify(ingestRates(measurements)));
} finally {
  await disconnectDb();
}
