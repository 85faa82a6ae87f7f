// Syncs that die at a chosen operation, for the resume tests of every source kind (GitHub, Jira,
// PagerDuty): each attempt is one "process"; once it is killed, everything it still does fails, as
// nothing runs on in a process that died. Lives with the GitHub helpers, where the first resume test
// was written; the Jira and PagerDuty tests use it too.
import type { Db } from '@/lib/db';
import type { RecordSink, SyncStateStore } from '@/lib/collectors/types';
import { createRecordSink } from '@/lib/sources/record-sink';
import { createSyncStateStore } from '@/lib/sources/sync-state';

export class Killed extends Error {}

/** Runs `work` as one operation of the process: counted (and possibly killed) before and after. */
export type Around = <T>(work: () => Promise<T>) => Promise<T>;

export interface KillableProcess {
  /** Counts one operation; throws Killed at the chosen one, and for ever after once the process died. */
  step: () => void;
  around: Around;
  /** The source's real sink and state, with every write (not read) an operation. */
  sink: RecordSink;
  state: SyncStateStore;
}

export function createKillSwitch(db: Db, source: { id: number }, provider: string) {
  let operations = 0;
  let killAt = Number.POSITIVE_INFINITY;
  let generation = 0;
  const dbSink = createRecordSink(db, source.id, provider, (message) => {
    throw new Error(message);
  });
  const dbState = createSyncStateStore(db, source.id);

  return {
    /** The next attempt dies at operation `at` (1-based); Infinity lets it finish. */
    arm(at: number): void {
      operations = 0;
      killAt = at;
    },
    /** A new process, alive until the armed operation. */
    process(): KillableProcess {
      const own = generation;
      const step = () => {
        if (own !== generation) throw new Killed('this process is dead');
        operations += 1;
        if (operations === killAt) {
          generation += 1;
          throw new Killed(`killed at operation ${operations}`);
        }
      };
      const around: Around = async (work) => {
        step();
        const result = await work();
        step();
        return result;
      };
      return {
        step,
        around,
        sink: {
          repositories: (records) => around(() => dbSink.repositories(records)),
          changes: (records) => around(() => dbSink.changes(records)),
          deployments: (records) => around(() => dbSink.deployments(records)),
          incidents: (records) => around(() => dbSink.incidents(records)),
          findings: (records) => around(() => dbSink.findings(records)),
        },
        state: {
          get: (stream, key) => dbState.get(stream, key),
          put: (stream, key, value) => around(() => dbState.put(stream, key, value)),
          setCondition: (name, message) => dbState.setCondition(name, message),
        },
      };
    },
  };
}

/** What a resumed sync got wrong: expected ids not stored, stored ids not expected, ids stored twice. */
export function idDiscrepancies(stored: string[], expected: { has(id: string): boolean; keys(): Iterable<string> }) {
  return {
    lost: [...expected.keys()].filter((id) => !stored.includes(id)),
    extra: stored.filter((id) => !expected.has(id)),
    duplicated: stored.length - new Set(stored).size,
  };
}
