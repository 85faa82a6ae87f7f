// Computes every derived link of the benchmark database (DATABASE_URL), as ingest would have.
import { disconnectDb, getDb } from '@/lib/db';
import { relink } from '@/lib/store/relink';

try {
  await relink(getDb(), 'all');
} finally {
  await disconnectDb();
}
