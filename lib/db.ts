// The one Prisma client. Credential columns are omitted from every result unless a query asks
// for them explicitly (only lib/sources reads them, to decrypt).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { requireEnv } from '@/lib/env';

function createClient() {
  const adapter = new PrismaPg({ connectionString: requireEnv('DATABASE_URL'), max: 10 });
  return new PrismaClient({ adapter, omit: { source: { credentials: true } } });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { vitalsDb?: Db };

/** The shared client, created on first use (so importing this module never needs a database). */
export function getDb(): Db {
  globalForDb.vitalsDb ??= createClient();
  return globalForDb.vitalsDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.vitalsDb?.$disconnect();
  globalForDb.vitalsDb = undefined;
}

/** The client inside `db.$transaction(async (tx) => …)`. */
export type DbTransaction = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** Store and query functions accept either, so callers can compose them in one transaction. */
export type DbClient = Db | DbTransaction;
