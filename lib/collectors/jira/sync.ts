// The Jira sync loop. Each stream (incidents; security findings when a JQL is set) is one search,
// limited after the first complete walk to issues updated since the watermark, walked in creation
// order with nextPageToken. The place in a walk is committed after each page's records are written,
// so a sync killed anywhere resumes there; an expired or refused page token restarts the walk (records
// are upserted, so re-reading costs requests, never duplicates). Knows nothing of the database.
import { JIRA_PAGE_SIZE, type JiraClient } from '@/lib/collectors/jira/client';
import {
  formatJqlInstant,
  incrementalJql,
  jiraInstant,
  jqlFilter,
  mapJiraFinding,
  mapJiraIncident,
  requestedFields,
  type JiraIssue,
} from '@/lib/collectors/jira/map';
import { jiraRecordShapeKey, type JiraSettings } from '@/lib/collectors/jira/settings';
import { ApiError } from '@/lib/collectors/rest-client';
import { isValidTimeZone } from '@/lib/format/time-zone';
import { IncidentSyncProgress } from '@/lib/collectors/incident-sync-progress';
import {
  type FindingRecord,
  type IncidentRecord,
  type RecordSink,
  type SyncCounts,
  type SyncOptions,
  type SyncStateStore,
} from '@/lib/collectors/types';
import { parseVersionedCursor } from '@/lib/collectors/versioned-cursor';

/**
 * Subtracted from the watermark before it goes into JQL: JQL dates have minutes only, are read in
 * the user's zone (an hour repeats when DST ends), and Jira's clock is not ours.
 */
export const JQL_OVERLAP_MS = 60 * 60_000;
/** Jira page tokens expire after 7 days; a walk older than this starts again rather than fail. */
const TOKEN_MAX_AGE_MS = 6 * 86_400_000;
const CURSOR_VERSION = 1;
const MAX_KEYS_SHOWN = 10;

export type JiraStream = 'incidents' | 'security-findings';

export interface JiraSyncInput extends SyncOptions {
  client: JiraClient;
  store: RecordSink;
  state: SyncStateStore;
  settings: JiraSettings;
}

export interface JiraSyncResult {
  counts: SyncCounts;
  errors: string[];
  conditions: Record<string, string>;
}

interface JiraCursor {
  v: number;
  /** The record-shaping settings the watermark was reached with (jiraRecordShapeKey). */
  shape: string;
  /** Every matching issue updated before this instant was written by a complete walk. */
  watermark: string | null;
  walk?: {
    jql: string;
    nextPageToken: string;
    /** When the walk began by our clock (page tokens expire). */
    begunAt: string;
    /** Jira's clock when it answered the walk's first page: issues updated after it may have been passed. */
    serverStart: string;
    /** Latest `updated` seen so far in this walk. */
    maxSeen: string | null;
    /** Whether this walk covers everything (no watermark), so it can clear "unmapped" conditions. */
    complete: boolean;
  };
}

const parseCursor = (text: string | null | undefined) => parseVersionedCursor<JiraCursor>(text, CURSOR_VERSION);

const minIso = (a: string, b: string) => (a < b ? a : b);
const maxIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

export async function syncJira(input: JiraSyncInput): Promise<JiraSyncResult> {
  const { client, store, state, settings } = input;
  const progress = new IncidentSyncProgress(input, client.rest, { phase: 'credentials', kinds: ['incidents', 'findings'] });
  const errors: string[] = [];
  const conditions: Record<string, string> = {};
  const setCondition = async (name: string, message: string | null) => {
    if (message !== null) conditions[name] = message;
    await state.setCondition(name, message);
  };

  progress.report();
  // Checks the credentials first (a clear 401), and learns the zone JQL dates are read in.
  const myself = await client.myself(input.signal);
  const timeZone = myself.timeZone && isValidTimeZone(myself.timeZone) ? myself.timeZone : 'UTC';
  const fields = requestedFields(settings);

  async function walkStream(
    stream: JiraStream,
    jqlText: string,
    handle: (issues: JiraIssue[], unmapped: string[]) => Promise<void>,
  ): Promise<{ complete: boolean }> {
    progress.phase = stream;
    progress.report();
    const streamName = `jira-${stream}`;
    const shape = jiraRecordShapeKey(settings, stream);
    const saved = parseCursor((await state.get(streamName, 'jql'))?.cursor);
    const cursor: JiraCursor = !input.full && saved?.shape === shape ? saved : { v: CURSOR_VERSION, shape, watermark: null };
    const commit = (next: JiraCursor) => state.put(streamName, 'jql', { cursor: JSON.stringify(next), etag: null });

    type WalkState = Omit<NonNullable<JiraCursor['walk']>, 'nextPageToken' | 'serverStart'> & { serverStart: string | null };
    const startWalk = (): WalkState => {
      const since = cursor.watermark ? formatJqlInstant(new Date(Date.parse(cursor.watermark) - JQL_OVERLAP_MS), timeZone) : null;
      return {
        jql: incrementalJql(jqlFilter(jqlText), since),
        begunAt: input.now().toISOString(),
        serverStart: null,
        maxSeen: null,
        complete: cursor.watermark === null,
      };
    };
    const resumable = cursor.walk && input.now().getTime() - Date.parse(cursor.walk.begunAt) < TOKEN_MAX_AGE_MS;
    let walk: WalkState = resumable && cursor.walk ? cursor.walk : startWalk();
    let token: string | undefined = resumable ? cursor.walk?.nextPageToken : undefined;
    let restarted = false;
    const unmapped: string[] = [];

    for (;;) {
      let page;
      try {
        page = await client.search({ jql: walk.jql, fields, nextPageToken: token, maxResults: JIRA_PAGE_SIZE }, input.signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && token && !restarted) {
          // A page token Jira no longer accepts (expired, or from before a JQL change): start over.
          restarted = true;
          walk = startWalk();
          token = undefined;
          continue;
        }
        if (error instanceof ApiError && error.status === 400) {
          throw new Error(`Jira refused the ${stream === 'incidents' ? 'incident' : 'security finding'} JQL "${jqlText}": ${error.detail ?? 'invalid query'}`);
        }
        throw error;
      }
      // Jira's clock, not ours: a watermark from our clock would skip edits if the clocks disagree.
      const serverStart = walk.serverStart ?? (client.rest.lastServerTime ?? input.now()).toISOString();
      const issues = page.issues ?? [];
      await handle(issues, unmapped);
      const maxSeen = issues.reduce<string | null>((latest, issue) => maxIso(latest, jiraInstant(issue.fields?.updated) ?? null), walk.maxSeen);
      const next = page.isLast === true ? null : (page.nextPageToken ?? null);
      if (!next || issues.length === 0) {
        // Issues updated while the walk ran may have been passed already: the next walk starts no
        // later than this one did.
        const reached = maxSeen === null ? cursor.watermark : maxIso(cursor.watermark, minIso(serverStart, maxSeen));
        await commit({ v: CURSOR_VERSION, shape, watermark: reached });
        break;
      }
      walk = { ...walk, serverStart, maxSeen };
      token = next;
      await commit({ ...cursor, walk: { ...walk, serverStart, nextPageToken: next } });
    }

    // Skipped issues stay skipped until the mapping changes (which walks everything again), so the
    // condition is cleared only by a walk that saw everything.
    const conditionName = `${stream}:unmapped`;
    if (unmapped.length > 0) {
      const shown = unmapped.slice(0, MAX_KEYS_SHOWN).join(', ');
      const what = stream === 'incidents' ? 'team or repository' : 'repository (findings need one)';
      await setCondition(
        conditionName,
        `issues that map to no ${what} are skipped (${unmapped.length} in the last sync, e.g. ${shown}): add a mapping or a default; a changed mapping re-reads every issue`,
      );
    } else if (walk.complete) {
      await setCondition(conditionName, null);
    }
    return { complete: walk.complete };
  }

  await walkStream('incidents', settings.incidentJql, async (issues, unmapped) => {
    const records: IncidentRecord[] = [];
    for (const issue of issues) {
      const mapped = mapJiraIncident(settings, issue);
      if (mapped.kind === 'record') records.push(mapped.record);
      else unmapped.push(mapped.key);
    }
    if (records.length > 0) progress.tally('incidents', await store.incidents(records), records.length);
  });

  if (settings.securityFindingJql) {
    const unknownSeverities = new Set<string>();
    const { complete } = await walkStream('security-findings', settings.securityFindingJql, async (issues, unmapped) => {
      const records: FindingRecord[] = [];
      for (const issue of issues) {
        const mapped = mapJiraFinding(settings, issue);
        if (mapped.kind === 'unmapped') {
          unmapped.push(mapped.key);
          continue;
        }
        if (mapped.unknownSeverity) unknownSeverities.add(mapped.unknownSeverity);
        records.push(mapped.record);
      }
      if (records.length > 0) progress.tally('findings', await store.findings(records), records.length);
    });
    if (unknownSeverities.size > 0) {
      await setCondition(
        'security-findings:severity',
        `severity values ${[...unknownSeverities].slice(0, MAX_KEYS_SHOWN).map((value) => `"${value}"`).join(', ')} are not critical/high/medium/low and were stored as medium: add them to severityMap`,
      );
    } else if (complete) {
      await setCondition('security-findings:severity', null);
    }
  }

  progress.done();
  return { counts: progress.counts, errors, conditions };
}
