// SyncStateStore over the SyncState table and the Source.state conditions, for any collector.
import type { DbClient } from '@/lib/db';
import type { StreamState, SyncStateStore } from '@/lib/collectors/types';

export function createSyncStateStore(db: DbClient, sourceId: number): SyncStateStore {
  return {
    async get(stream, key) {
      const row = await db.syncState.findUnique({
        where: { sourceId_stream_key: { sourceId, stream, key } },
        select: { cursor: true, etag: true },
      });
      return row ?? null;
    },
    async put(stream, key, state: StreamState) {
      await db.syncState.upsert({
        where: { sourceId_stream_key: { sourceId, stream, key } },
        create: { sourceId, stream, key, cursor: state.cursor, etag: state.etag },
        update: { cursor: state.cursor, etag: state.etag },
      });
    },
    async setCondition(name, message) {
      // One statement each, so concurrent streams of one sync never overwrite each other's conditions.
      if (message === null) {
        await db.$executeRaw`UPDATE "Source" SET state = state - ${name}::text WHERE id = ${sourceId} AND state ? ${name}::text`;
      } else {
        const value = JSON.stringify({ message, since: new Date().toISOString() });
        await db.$executeRaw`
          UPDATE "Source" SET state = jsonb_set(state, ARRAY[${name}::text], ${value}::jsonb)
          WHERE id = ${sourceId} AND (state -> ${name}::text ->> 'message') IS DISTINCT FROM ${message}::text`;
      }
    },
  };
}
