// The PagerDuty sync loop. PagerDuty lists incidents by creation date only, so a sync does two
// things: it re-reads the incidents it saw unresolved (until they are resolved), then lists the
// incidents created since the watermark in since/until windows with offset paging, oldest first.
// Windows are cut in PagerDuty's clock (its Date header), the clock incidents are stamped with.
// The place in a window (and the set of unresolved incidents) is committed after each page's records
// are written, so a sync killed anywhere resumes there. Knows nothing of the database.
import {
  PAGERDUTY_OFFSET_CAP,
  PAGERDUTY_PAGE_SIZE,
  type PagerDutyClient,
} from '@/lib/collectors/pagerduty/client';
import { isResolved, mapPagerDutyIncident, type PdIncident } from '@/lib/collectors/pagerduty/map';
import { pagerDutyRecordShapeKey, type PagerDutySettings } from '@/lib/collectors/pagerduty/settings';
import { ApiError } from '@/lib/collectors/rest-client';
import { IncidentSyncProgress } from '@/lib/collectors/incident-sync-progress';
import {
  type IncidentRecord,
  type RecordSink,
  type SyncCounts,
  type SyncOptions,
  type SyncStateStore,
} from '@/lib/collectors/types';
import { parseVersionedCursor } from '@/lib/collectors/versioned-cursor';

/** Subtracted from the watermark (and between windows): incidents may be stamped a little late, and range ends may be exclusive. */
export const PAGERDUTY_OVERLAP_MS = 10 * 60_000;
const WINDOW_OVERLAP_MS = 60_000;
const DAY_MS = 86_400_000;
/** Unresolved incidents are re-read this many at a time between cursor commits. */
const OPEN_BATCH = 25;
const CURSOR_VERSION = 1;
const STREAM = 'pagerduty-incidents';
const KEY = 'incidents';

export interface PagerDutySyncInput extends SyncOptions {
  client: PagerDutyClient;
  store: RecordSink;
  state: SyncStateStore;
  settings: PagerDutySettings;
  /** PagerDuty's limit on offset + limit (tests lower it to exercise window splitting). */
  offsetCap?: number;
  pageSize?: number;
}

export interface PagerDutySyncResult {
  counts: SyncCounts;
  errors: string[];
  conditions: Record<string, string>;
}

interface PagerDutyCursor {
  v: number;
  shape: string;
  /** Every incident created before this instant was listed by a complete window. */
  watermark: string | null;
  /** A walk under way: the window [since, windowEnd) at `offset`, going on to `until`. */
  walk?: { since: string; windowEnd: string; until: string; offset: number };
  /** Incidents last seen unresolved, by id, with their creation time: re-read until resolved. */
  open: Record<string, string>;
}

const parseCursor = (text: string | null | undefined) => parseVersionedCursor<PagerDutyCursor>(text, CURSOR_VERSION);

const iso = (ms: number) => new Date(ms).toISOString();

export async function syncPagerDuty(input: PagerDutySyncInput): Promise<PagerDutySyncResult> {
  const { client, store, state, settings } = input;
  const offsetCap = input.offsetCap ?? PAGERDUTY_OFFSET_CAP;
  const pageSize = Math.min(input.pageSize ?? PAGERDUTY_PAGE_SIZE, offsetCap);
  const progress = new IncidentSyncProgress(input, client.rest, { phase: 'open-incidents', kinds: ['incidents'] });
  const errors: string[] = [];
  const conditions: Record<string, string> = {};
  const serviceIds = settings.services.map((rule) => rule.service);

  const shape = pagerDutyRecordShapeKey(settings);
  const saved = parseCursor((await state.get(STREAM, KEY))?.cursor);
  const cursor: PagerDutyCursor =
    !input.full && saved?.shape === shape ? saved : { v: CURSOR_VERSION, shape, watermark: null, open: saved?.open ?? {} };
  const commit = () => state.put(STREAM, KEY, { cursor: JSON.stringify(cursor), etag: null });
  const unmappedServices = new Set<string>();

  /** Writes the mapped incidents and notes which are still open. */
  async function write(incidents: PdIncident[]): Promise<void> {
    const records: IncidentRecord[] = [];
    for (const incident of incidents) {
      const mapped = mapPagerDutyIncident(settings, incident);
      if (mapped.kind === 'unmapped') {
        unmappedServices.add(mapped.service);
        delete cursor.open[incident.id];
        continue;
      }
      records.push(mapped.record);
      if (isResolved(incident)) delete cursor.open[incident.id];
      else cursor.open[incident.id] = incident.created_at;
    }
    if (records.length > 0) progress.tally('incidents', await store.incidents(records), records.length);
    else progress.pageDone();
  }

  progress.report();
  const serverNow = (await client.serverTime(input.signal)) ?? input.now();

  // 1. Incidents seen unresolved: their resolution is not a new incident, so listing by creation
  //    date would not show it again.
  const openIds = Object.entries(cursor.open).sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id]) => id);
  for (let start = 0; start < openIds.length; start += OPEN_BATCH) {
    const batch: PdIncident[] = [];
    for (const id of openIds.slice(start, start + OPEN_BATCH)) {
      try {
        batch.push(await client.getIncident(id, input.signal));
      } catch (error) {
        // Deleted (or merged into another incident): nothing more to learn about it.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        delete cursor.open[id];
      }
    }
    await write(batch);
    await commit();
  }

  // 2. Incidents created since the watermark, window by window.
  progress.phase = 'incidents';
  progress.report();
  if (!cursor.walk) {
    const now = serverNow.getTime();
    const since = cursor.watermark ? Date.parse(cursor.watermark) - PAGERDUTY_OVERLAP_MS : now - settings.lookbackDays * DAY_MS;
    cursor.walk = { since: iso(since), windowEnd: iso(Math.min(since + settings.windowDays * DAY_MS, now)), until: iso(now), offset: 0 };
    await commit();
  }
  while (cursor.walk) {
    const walk: NonNullable<PagerDutyCursor['walk']> = cursor.walk;
    if (walk.offset > 0 && walk.offset + pageSize > offsetCap) {
      // More incidents in this window than offset paging reaches: list its first half on its own.
      const since = Date.parse(walk.since);
      const half = since + Math.floor((Date.parse(walk.windowEnd) - since) / 2);
      if (half - since < 60_000) throw new Error(`PagerDuty lists more than ${offsetCap} incidents created in the minute after ${walk.since}; narrow the services`);
      cursor.walk = { ...walk, windowEnd: iso(half), offset: 0 };
      await commit();
      continue;
    }
    const page = await client.listIncidents({ since: walk.since, until: walk.windowEnd, serviceIds, offset: walk.offset, limit: pageSize }, input.signal);
    const incidents = page.incidents ?? [];
    await write(incidents);
    if (page.more === true && incidents.length > 0) {
      cursor.walk = { ...walk, offset: walk.offset + incidents.length };
    } else {
      cursor.watermark = walk.windowEnd;
      const end = Date.parse(walk.windowEnd);
      const until = Date.parse(walk.until);
      if (end >= until) {
        delete cursor.walk;
      } else {
        const since = end - WINDOW_OVERLAP_MS;
        cursor.walk = { since: iso(since), windowEnd: iso(Math.min(since + settings.windowDays * DAY_MS, until)), until: walk.until, offset: 0 };
      }
    }
    await commit();
  }

  // Listing asks for the mapped services only, so this means PagerDuty answered something unexpected.
  if (unmappedServices.size > 0) {
    conditions['incidents:unmapped'] = `incidents of unmapped services ${[...unmappedServices].join(', ')} were skipped`;
    await state.setCondition('incidents:unmapped', conditions['incidents:unmapped']);
  } else {
    await state.setCondition('incidents:unmapped', null);
  }

  progress.done();
  return { counts: progress.counts, errors, conditions };
}
