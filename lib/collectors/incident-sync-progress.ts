// The counts and progress reports of a sync over the shared REST client (Jira, PagerDuty): one place
// that tallies written records, notes rate-limit waits and tells `onProgress`, so each sync loop keeps
// only its own walking logic.
import type { RestClient } from '@/lib/collectors/rest-client';
import { emptyCounts, type SyncOptions, type WriteResult } from '@/lib/collectors/types';

type IncidentRecordKind = 'incidents' | 'findings';

export class IncidentSyncProgress {
  readonly counts = emptyCounts();
  /** What the sync is doing now, shown by the progress display. */
  phase: string;
  private waitingUntil: Date | null = null;
  /** The record kinds this source writes, summed into the progress's record count. */
  private readonly kinds: IncidentRecordKind[];

  constructor(
    private readonly input: Pick<SyncOptions, 'onProgress'>,
    private readonly rest: RestClient,
    options: { phase: string; kinds: IncidentRecordKind[] },
  ) {
    this.phase = options.phase;
    this.kinds = options.kinds;
    // A wait can last minutes: shown at once, not at the next page.
    rest.onRateLimitWait = (until) => {
      this.waitingUntil = until;
      this.report();
    };
  }

  report(): void {
    const { counts, rest } = this;
    counts.requests = rest.stats.requests;
    counts.rateLimitWaits = rest.stats.rateLimitWaits;
    this.input.onProgress?.({
      phase: this.phase,
      repositoriesDone: 0,
      repositoriesTotal: 0,
      records: this.kinds.reduce((sum, kind) => sum + counts[kind], 0),
      rateLimitRemaining: rest.stats.rateLimitRemaining,
      waitingUntil: this.waitingUntil,
      counts: { ...counts },
    });
  }

  /** Adds one page's write to the counts; an answered page also means any rate-limit wait is over. */
  tally(kind: IncidentRecordKind, written: WriteResult, size: number): void {
    const { counts } = this;
    counts[kind] += size - written.rejected;
    counts.created += written.created;
    counts.updated += written.updated;
    counts.rejected += written.rejected;
    this.pageDone();
  }

  /** A page handled (written or not): any rate-limit wait is over. */
  pageDone(): void {
    this.waitingUntil = null;
    this.report();
  }

  /** The last report of a run. */
  done(): void {
    this.phase = 'done';
    this.pageDone();
  }
}
