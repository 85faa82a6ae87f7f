// In-memory RecordSink and SyncStateStore for collector tests that need no database: records keyed by
// externalId exactly like the store's (source, externalId) upserts.
import type {
  ChangeRecord, DeploymentRecord, FindingRecord, IncidentRecord, RecordSink, RepositoryRecord, StreamState, SyncStateStore, WriteResult,
} from '@/lib/collectors/types';

export class MemoryStore implements RecordSink {
  readonly repos = new Map<string, RepositoryRecord>();
  readonly changeRecords = new Map<string, ChangeRecord>();
  readonly deploymentRecords = new Map<string, DeploymentRecord>();
  readonly incidentRecords = new Map<string, IncidentRecord>();
  readonly findingRecords = new Map<string, FindingRecord>();
  /** How many times each externalId was written (re-writes are updates, never new rows). */
  readonly writes = new Map<string, number>();
  /** Called before every write: a test throws from it to kill a sync at that point. */
  beforeWrite: () => void = () => {};

  private put<T extends { externalId: string }>(map: Map<string, T>, records: T[]): WriteResult {
    this.beforeWrite();
    let created = 0;
    for (const record of records) {
      if (!map.has(record.externalId)) created += 1;
      map.set(record.externalId, record);
      this.writes.set(record.externalId, (this.writes.get(record.externalId) ?? 0) + 1);
    }
    return { created, updated: records.length - created, rejected: 0 };
  }

  async repositories(records: RepositoryRecord[]) {
    for (const record of records) this.repos.set(record.fullName, record);
  }
  async changes(records: ChangeRecord[]) { return this.put(this.changeRecords, records); }
  async deployments(records: DeploymentRecord[]) { return this.put(this.deploymentRecords, records); }
  async incidents(records: IncidentRecord[]) { return this.put(this.incidentRecords, records); }
  async findings(records: FindingRecord[]) { return this.put(this.findingRecords, records); }
}

export class MemoryState implements SyncStateStore {
  readonly streams = new Map<string, StreamState>();
  readonly conditions = new Map<string, string>();
  beforePut: () => void = () => {};

  async get(stream: string, key: string) {
    return this.streams.get(`${stream}|${key}`) ?? null;
  }
  async put(stream: string, key: string, state: StreamState) {
    this.beforePut();
    this.streams.set(`${stream}|${key}`, { ...state });
  }
  async setCondition(name: string, message: string | null) {
    if (message === null) this.conditions.delete(name);
    else this.conditions.set(name, message);
  }
}
