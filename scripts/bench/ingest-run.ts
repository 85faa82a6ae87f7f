// Ingest throughput against DATABASE_URL, a throwaway copy of the reference database: started by
// benchIngest (scripts/bench/ingest.ts), which makes the copy and drops it afterwards.
import { parseArgs } from 'node:util';
import { disconnectDb, getDb } from '@/lib/db';
import { requireEnv } from '@/lib/env';
import { isIngestVia, measureIngestInto } from './ingest';

const { values } = parseArgs({ options: { via: { type: 'string', default: 'auto' } } });
if (!isIngestVia(values.via)) throw new Error(`--via must be auto, http or in-process, not "${values.via}"`);
try {
  await measureIngestInto(getDb(), requireEnv('DATABASE_URL'), values.via);
} finally {
  await disconnectDb();
}
