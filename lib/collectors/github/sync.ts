// The GitHub sync loop. Every stream is walked newest-first with a conditional request on its first
// page (a 304 means nothing changed), down to the watermark of the last complete walk; the place in a
// walk is committed after each page's records are written, so a sync killed anywhere resumes there.
// Deployments, workflow runs and releases that have no outcome yet are kept as "pending" and looked at
// again on later syncs. Knows nothing of the database: it is given { client, store, state, now }.
import { GitHubApiError, RateLimitExceededError, type GitHubClient, type Page } from '@/lib/collectors/github/client';
import {
  deployRuleFor,
  isRepositorySelected,
  productionPatternFor,
  type DeployRule,
  type GitHubSettings,
  type GitHubStream,
} from '@/lib/collectors/github/settings';
import {
  environmentMatches,
  firstCommitDate,
  isIncidentIssue,
  mapCodeScanningAlert,
  mapDependabotAlert,
  mapDeployment,
  mapIncidentIssue,
  mapPullRequest,
  mapRelease,
  mapSecretScanningAlert,
  mapWorkflowRun,
  slimPullRequest,
  type DeploymentOutcome,
  type GhCodeScanningAlert,
  type GhCommit,
  type GhDependabotAlert,
  type GhDeployment,
  type GhDeploymentStatus,
  type GhIssue,
  type GhPullRequest,
  type GhRelease,
  type GhRepository,
  type GhSecretScanningAlert,
  type GhWorkflowRun,
} from '@/lib/collectors/github/map';
import {
  emptyCounts,
  type ChangeRecord,
  type DeploymentRecord,
  type RecordSink,
  type RepositoryRecord,
  type SyncCounts,
  type SyncOptions,
  type SyncStateStore,
  type WriteResult,
} from '@/lib/collectors/types';

/** GitHub lists at most 250 commits of a pull request: the oldest 250, which hold the first commit. */
export const PULL_COMMITS_CAP = 250;
const PAGE_SIZE = 100;
/** A deployment or run with no outcome after this long will not get one; stop asking. */
const PENDING_GIVE_UP_MS = 14 * 86_400_000;
const REPOSITORY_CONCURRENCY = 4;

type GetPage = <T>(path: string, params: Record<string, string | number | undefined>) => Promise<Page<T>>;

/**
 * When the work of a pull request began: the earliest authored date among its commits, read a page at
 * a time. GitHub lists at most 250 commits of a pull request, the oldest ones, which hold that date.
 */
export async function firstCommitOfPull(
  client: GitHubClient,
  repository: string,
  number: number,
  getPage: GetPage = (path, params) => client.getPage(path, params),
): Promise<string | undefined> {
  let earliest: string | undefined;
  let listed = 0;
  let page = await getPage<GhCommit[]>(`/repos/${repository}/pulls/${number}/commits`, { per_page: PAGE_SIZE });
  while (page.status === 200) {
    const first = firstCommitDate(page.data);
    if (first && (earliest === undefined || Date.parse(first) < Date.parse(earliest))) earliest = first;
    listed += page.data.length;
    // GitHub stops listing at 250 commits; asking for more pages only returns empty lists.
    if (!page.next || listed >= PULL_COMMITS_CAP) break;
    page = await getPage<GhCommit[]>(client.relative(page.next), {});
  }
  return earliest;
}

export interface GitHubSyncInput extends SyncOptions {
  client: GitHubClient;
  store: RecordSink;
  state: SyncStateStore;
  settings: GitHubSettings;
}

export interface GitHubSyncResult {
  counts: SyncCounts;
  errors: string[];
  /** Conditions set during this run (feature not enabled, missing scope), by stream and repository. */
  conditions: Record<string, string>;
}

interface RepoSummary {
  fullName: string;
  defaultBranch: string;
  archived: boolean;
  url?: string;
}

interface PendingEntry {
  /** When it was first seen without an outcome. */
  since: string;
  etag?: string | null;
  /** What a later look needs besides the re-fetched part (a deployment's sha and environment). */
  deployment?: GhDeployment;
}

interface WalkCursor {
  /** Everything ordered at or after this was written by a complete walk. */
  watermark: string | null;
  /** A walk under way: where it goes on, what it started from. */
  walk?: { top: string | null; next: string; etag: string | null };
  pending?: Record<string, PendingEntry>;
}

class SyncAborted extends Error {
  constructor() {
    super('Sync cancelled');
    this.name = 'AbortError';
  }
}

function parseCursor(text: string | null | undefined): WalkCursor {
  if (!text) return { watermark: null };
  try {
    const value = JSON.parse(text) as WalkCursor;
    return typeof value === 'object' && value !== null ? value : { watermark: null };
  } catch {
    // A cursor from an older format: start the stream over (records are upserted, not duplicated).
    return { watermark: null };
  }
}

const maxOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const instantKey = (iso: string) => new Date(iso).toISOString();
const idKey = (id: number) => String(id).padStart(20, '0');

export async function syncGitHub(input: GitHubSyncInput): Promise<GitHubSyncResult> {
  const { client, store, state, settings } = input;
  const counts = emptyCounts();
  const errors: string[] = [];
  const conditions: Record<string, string> = {};
  let repositoriesTotal = 0;
  let repositoriesDone = 0;
  let phase = 'repositories';

  const report = () => {
    counts.requests = client.stats.requests;
    counts.notModified = client.stats.notModified;
    counts.rateLimitWaits = client.stats.rateLimitWaits;
    // Kept in the run's counts so the collector-health page can show what was left when the run ended.
    const { rateLimitRemaining, rateLimitLimit, rateLimitResetAt } = client.stats;
    if (rateLimitRemaining !== null) counts.rateLimitRemaining = rateLimitRemaining;
    if (rateLimitLimit !== null) counts.rateLimitLimit = rateLimitLimit;
    if (rateLimitResetAt !== null) counts.rateLimitResetAt = rateLimitResetAt;
    input.onProgress?.({
      phase,
      repositoriesDone,
      repositoriesTotal,
      records: counts.changes + counts.deployments + counts.incidents + counts.findings,
      rateLimitRemaining: client.stats.rateLimitRemaining,
      waitingUntil: client.stats.waitingUntil,
      counts: { ...counts },
    });
  };
  // Set when one repository's worker fails for good, so the others stop at their next request instead
  // of writing on after the run has been recorded as over.
  let stopped = false;
  const checkAborted = () => {
    if (input.signal?.aborted || stopped) throw new SyncAborted();
  };
  const noteError = (message: string) => {
    errors.push(message);
    input.onError?.(message);
  };
  const tally = (kind: 'changes' | 'deployments' | 'incidents' | 'findings', written: WriteResult, size: number) => {
    counts[kind] += size - written.rejected;
    counts.created += written.created;
    counts.updated += written.updated;
    counts.rejected += written.rejected;
  };

  async function getPage<T>(path: string, params: Record<string, string | number | undefined>, etag?: string | null): Promise<Page<T>> {
    checkAborted();
    const page = await client.getPage<T>(path, params, input.full ? null : etag);
    report();
    return page;
  }

  /**
   * Walks a newest-first listing down to the stream's watermark. `order` gives each item's sort key
   * (ISO instant or padded id); `handle` writes the items at or above the watermark. The cursor (and
   * anything the stream keeps in `extra`) is committed after every page.
   */
  async function walkNewestFirst<T, D = T[]>(options: {
    stream: string;
    key: string;
    path: string;
    params: Record<string, string | number | undefined>;
    items?: (data: D) => T[];
    order: (item: T) => string;
    /** Writes the items; `wait` keeps one for a later look (saved with the cursor after the page). */
    handle: (items: T[], wait: (id: string, entry: PendingEntry) => void) => Promise<void>;
    /** Runs before the walk with the stream's pending entries (mutable); they are saved with the cursor. */
    pending?: (pending: Record<string, PendingEntry>, save: () => Promise<void>) => Promise<void>;
  }): Promise<void> {
    const extract = options.items ?? ((data: D) => data as unknown as T[]);
    const saved = await state.get(options.stream, options.key);
    const stored = parseCursor(saved?.cursor);
    const cursor: WalkCursor = input.full ? { watermark: null, pending: stored.pending } : stored;
    const pending = cursor.pending ?? {};
    let savedEtag = input.full ? null : saved?.etag ?? null;
    const commit = async (next: WalkCursor, etag: string | null) => {
      await state.put(options.stream, options.key, {
        cursor: JSON.stringify(Object.keys(pending).length > 0 ? { ...next, pending } : next),
        etag,
      });
    };

    if (options.pending && Object.keys(pending).length > 0) {
      await options.pending(pending, () => commit(cursor, savedEtag));
      await commit(cursor, savedEtag);
    }

    // A page's answer is let go as soon as `extract` has taken its items (the pull requests stream keeps
    // slim copies), before `handle` asks GitHub for more per item.
    const fetchItems = async (path: string, params: Record<string, string | number | undefined>, conditionalOn?: string | null) => {
      const page = await getPage<D>(path, params, conditionalOn);
      return page.status === 304 ? null : { items: extract(page.data), etag: page.etag, next: page.next };
    };
    let page: Awaited<ReturnType<typeof fetchItems>>;
    let top: string | null;
    let etag: string | null;
    if (cursor.walk) {
      ({ top, etag } = cursor.walk);
      page = await fetchItems(cursor.walk.next, {});
    } else {
      page = await fetchItems(options.path, options.params, savedEtag);
      if (page === null) return;
      etag = page.etag;
      top = page.items.reduce<string | null>((max, item) => maxOf(max, options.order(item)), cursor.watermark);
    }
    const watermark = cursor.watermark;
    const wait = (id: string, entry: PendingEntry) => {
      pending[id] = entry;
    };
    // Only a first page is conditional; a stray 304 later ends the walk.
    while (page !== null) {
      const { items, next } = page;
      const reachedWatermark = watermark !== null && items.some((item) => options.order(item) < watermark);
      await options.handle(watermark === null ? items : items.filter((item) => options.order(item) >= watermark), wait);
      if (!next || reachedWatermark || items.length === 0) {
        savedEtag = etag;
        await commit({ watermark: maxOf(top, watermark) }, etag);
        return;
      }
      const nextPath = client.relative(next);
      await commit({ watermark, walk: { top, next: nextPath, etag } }, savedEtag);
      page = await fetchItems(nextPath, {});
    }
    await commit({ watermark: maxOf(top, watermark) }, etag);
  }

  // ------------------------------------------------------------------ repositories

  async function listRepositories(): Promise<RepoSummary[]> {
    const summaries: RepoSummary[] = [];
    const toSummary = (repo: GhRepository): RepoSummary => ({
      fullName: repo.full_name,
      defaultBranch: repo.default_branch || 'main',
      archived: Boolean(repo.archived || repo.disabled),
      url: repo.html_url ?? undefined,
    });
    if (settings.organization) {
      const key = settings.organization;
      const saved = await state.get('repositories', key);
      let page = await getPage<GhRepository[]>(
        `/orgs/${encodeURIComponent(key)}/repos`,
        { type: 'all', sort: 'updated', direction: 'desc', per_page: PAGE_SIZE },
        saved?.cursor ? saved.etag : null,
      );
      if (page.status === 304 && saved?.cursor) {
        summaries.push(...(JSON.parse(saved.cursor) as RepoSummary[]));
      } else if (page.status === 200) {
        const etag = page.etag;
        const listed: RepoSummary[] = [];
        for (;;) {
          if (page.status !== 200) break;
          listed.push(...page.data.map(toSummary));
          if (!page.next) break;
          page = await getPage<GhRepository[]>(client.relative(page.next), {});
        }
        await state.put('repositories', key, { cursor: JSON.stringify(listed), etag });
        summaries.push(...listed);
      }
    }
    for (const fullName of settings.repositories) {
      if (summaries.some((summary) => summary.fullName.toLowerCase() === fullName.toLowerCase())) continue;
      const saved = await state.get('repository', fullName);
      try {
        const page = await getPage<GhRepository>(`/repos/${fullName}`, {}, saved?.cursor ? saved.etag : null);
        if (page.status === 304 && saved?.cursor) {
          summaries.push(JSON.parse(saved.cursor) as RepoSummary);
        } else if (page.status === 200) {
          const summary = toSummary(page.data);
          await state.put('repository', fullName, { cursor: JSON.stringify(summary), etag: page.etag });
          summaries.push(summary);
        }
        await setCondition(`repository:${fullName}`, null);
      } catch (error) {
        if (!(error instanceof GitHubApiError) || ![403, 404].includes(error.status)) throw error;
        await setCondition(`repository:${fullName}`, `${error.status}: ${error.message}`);
      }
    }
    return summaries;
  }

  // ------------------------------------------------------------------ conditions

  const knownConditions = new Set<string>();
  async function setCondition(name: string, message: string | null): Promise<void> {
    if (message === null && !knownConditions.has(name)) {
      // Clearing is cheap for the store (it skips absent names); done always so a fixed repo clears.
      await state.setCondition(name, null);
      return;
    }
    if (message !== null) {
      knownConditions.add(name);
      conditions[name] = message;
    }
    await state.setCondition(name, message);
  }

  /**
   * Runs one stream of one repository. A 403 (feature not enabled, missing scope) or 404 (feature
   * off, repository gone) becomes a condition on the source, not a failed run.
   */
  async function runStream(stream: string, repo: RepoSummary, work: () => Promise<void>): Promise<void> {
    const conditionName = `${stream}:${repo.fullName}`;
    try {
      await work();
      await setCondition(conditionName, null);
    } catch (error) {
      if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404 || error.status === 410)) {
        counts.skipped += 1;
        await setCondition(conditionName, `${error.status}: ${error.message}`);
        return;
      }
      if (error instanceof GitHubApiError) {
        noteError(`${stream} ${repo.fullName}: GitHub answered ${error.status}: ${error.message}`);
        return;
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------ deploy streams

  async function writeDeployments(records: DeploymentRecord[]): Promise<void> {
    if (records.length === 0) return;
    tally('deployments', await store.deployments(records), records.length);
    report();
  }

  function stillWaiting(entry: PendingEntry): boolean {
    return input.now().getTime() - Date.parse(entry.since) < PENDING_GIVE_UP_MS;
  }

  async function syncDeployments(repo: RepoSummary, rule: Extract<DeployRule, { kind: 'deployments' }>): Promise<void> {
    const base = `/repos/${repo.fullName}`;
    const statusesOf = async (id: number, etag?: string | null) =>
      getPage<GhDeploymentStatus[]>(`${base}/deployments/${id}/statuses`, { per_page: PAGE_SIZE }, etag);
    await walkNewestFirst<GhDeployment>({
      stream: 'deployments',
      key: repo.fullName,
      path: `${base}/deployments`,
      params: { per_page: PAGE_SIZE },
      order: (deployment) => idKey(deployment.id),
      pending: async (pending, save) => {
        for (const [id, entry] of Object.entries(pending)) {
          const statuses = entry.deployment ? await statusesOf(Number(id), entry.etag) : null;
          if (!entry.deployment || !statuses || statuses.status === 304) {
            if (!entry.deployment || !stillWaiting(entry)) delete pending[id];
            continue;
          }
          const outcome = mapDeployment(repo.fullName, entry.deployment, statuses.data);
          if (outcome.kind === 'finished') await writeDeployments([outcome.record]);
          if (outcome.kind !== 'pending' || !stillWaiting(entry)) delete pending[id];
          else entry.etag = statuses.etag;
          await save();
        }
      },
      handle: async (deployments, wait) => {
        const records: DeploymentRecord[] = [];
        for (const deployment of deployments) {
          // Only production deployments are fetched with their statuses: previews would cost a request each.
          if (!environmentMatches(rule.environmentPattern, deployment.environment ?? '')) continue;
          const statuses = await statusesOf(deployment.id);
          if (statuses.status !== 200) continue;
          const outcome = mapDeployment(repo.fullName, deployment, statuses.data);
          if (outcome.kind === 'finished') records.push(outcome.record);
          else if (outcome.kind === 'pending') {
            const { id, sha, ref, task, environment, description, created_at } = deployment;
            wait(String(id), {
              since: input.now().toISOString(),
              etag: statuses.etag,
              deployment: { id, sha, ref, task, environment, description, created_at },
            });
          }
        }
        await writeDeployments(records);
      },
    });
  }

  async function syncWorkflowRuns(repo: RepoSummary, rule: Extract<DeployRule, { kind: 'workflow' }>): Promise<void> {
    const base = `/repos/${repo.fullName}`;
    for (const workflow of rule.workflows) {
      const key = `${repo.fullName}#${workflow}`;
      await walkNewestFirst<GhWorkflowRun, { workflow_runs: GhWorkflowRun[] }>({
        stream: 'workflow-runs',
        key,
        path: `${base}/actions/workflows/${encodeURIComponent(workflow)}/runs`,
        params: { branch: repo.defaultBranch, per_page: PAGE_SIZE, exclude_pull_requests: 'true' },
        items: (data) => data.workflow_runs,
        order: (run) => idKey(run.id),
        pending: async (pending, save) => {
          for (const [id, entry] of Object.entries(pending)) {
            const run = await getPage<GhWorkflowRun>(`${base}/actions/runs/${id}`, { exclude_pull_requests: 'true' }, entry.etag);
            if (run.status === 304) {
              if (!stillWaiting(entry)) delete pending[id];
              continue;
            }
            const outcome = mapWorkflowRun(repo.fullName, run.data, rule.environment);
            if (outcome.kind === 'finished') await writeDeployments([outcome.record]);
            if (outcome.kind !== 'pending' || !stillWaiting(entry)) delete pending[id];
            else entry.etag = run.etag;
            await save();
          }
        },
        handle: async (runs, wait) => {
          const records = splitOutcomes(runs, wait, (run) => [
            String(run.id),
            run.head_branch && run.head_branch !== repo.defaultBranch ? { kind: 'none' } : mapWorkflowRun(repo.fullName, run, rule.environment),
          ]);
          await writeDeployments(records);
        },
      });
    }
  }

  function splitOutcomes<T>(items: T[], wait: (id: string, entry: PendingEntry) => void, outcome: (item: T) => [string, DeploymentOutcome]) {
    const records: DeploymentRecord[] = [];
    for (const item of items) {
      const [id, result] = outcome(item);
      if (result.kind === 'finished') records.push(result.record);
      else if (result.kind === 'pending') wait(id, { since: input.now().toISOString() });
    }
    return records;
  }

  async function syncReleases(repo: RepoSummary, rule: Extract<DeployRule, { kind: 'releases' }>): Promise<void> {
    const base = `/repos/${repo.fullName}`;
    await walkNewestFirst<GhRelease>({
      stream: 'releases',
      key: repo.fullName,
      path: `${base}/releases`,
      params: { per_page: PAGE_SIZE },
      order: (release) => idKey(release.id),
      pending: async (pending, save) => {
        for (const [id, entry] of Object.entries(pending)) {
          try {
            const release = await getPage<GhRelease>(`${base}/releases/${id}`, {}, entry.etag);
            if (release.status === 304) {
              if (!stillWaiting(entry)) delete pending[id];
              continue;
            }
            const outcome = mapRelease(repo.fullName, release.data, rule);
            if (outcome.kind === 'finished') await writeDeployments([outcome.record]);
            if (outcome.kind !== 'pending' || !stillWaiting(entry)) delete pending[id];
            else entry.etag = release.etag;
          } catch (error) {
            // A draft that was deleted is gone for good.
            if (!(error instanceof GitHubApiError && error.status === 404)) throw error;
            delete pending[id];
          }
          await save();
        }
      },
      handle: async (releases, wait) => {
        await writeDeployments(splitOutcomes(releases, wait, (release) => [String(release.id), mapRelease(repo.fullName, release, rule)]));
      },
    });
  }

  // ------------------------------------------------------------------ pull requests

  async function syncPullRequests(repo: RepoSummary): Promise<void> {
    await walkNewestFirst<GhPullRequest, GhPullRequest[]>({
      stream: 'pulls',
      key: repo.fullName,
      path: `/repos/${repo.fullName}/pulls`,
      params: { state: 'closed', sort: 'updated', direction: 'desc', per_page: PAGE_SIZE },
      items: (data) => data.map(slimPullRequest),
      order: (pull) => instantKey(pull.updated_at),
      handle: async (pulls) => {
        const records: ChangeRecord[] = [];
        for (const pull of pulls) {
          // Lead time is about reaching production: only merges into the default branch are changes.
          if (!pull.merged_at || (pull.base?.ref && pull.base.ref !== repo.defaultBranch)) continue;
          const record = mapPullRequest(repo.fullName, pull, await firstCommitOfPull(client, repo.fullName, pull.number, getPage));
          if (record) records.push(record);
        }
        if (records.length === 0) return;
        tally('changes', await store.changes(records), records.length);
        report();
      },
    });
  }

  // ------------------------------------------------------------------ incidents

  async function syncIncidents(repo: RepoSummary): Promise<void> {
    for (const label of settings.incidentLabels) {
      await walkNewestFirst<GhIssue>({
        stream: 'incidents',
        key: `${repo.fullName}#${label}`,
        path: `/repos/${repo.fullName}/issues`,
        params: { labels: label, state: 'all', sort: 'updated', direction: 'desc', per_page: PAGE_SIZE },
        order: (issue) => instantKey(issue.updated_at),
        handle: async (issues) => {
          const records = issues.filter((issue) => isIncidentIssue(settings, issue)).map((issue) => mapIncidentIssue(repo.fullName, issue, settings));
          if (records.length === 0) return;
          tally('incidents', await store.incidents(records), records.length);
          report();
        },
      });
    }
  }

  // ------------------------------------------------------------------ security alerts

  async function syncAlerts<T extends { updated_at?: string | null; created_at: string }>(
    stream: string,
    repo: RepoSummary,
    path: string,
    params: Record<string, string | number>,
    map: (repository: string, alert: T) => ReturnType<typeof mapCodeScanningAlert>,
  ): Promise<void> {
    await walkNewestFirst<T>({
      stream,
      key: repo.fullName,
      path: `/repos/${repo.fullName}/${path}`,
      params: { sort: 'updated', direction: 'desc', per_page: PAGE_SIZE, ...params },
      order: (alert) => instantKey(alert.updated_at ?? alert.created_at),
      handle: async (alerts) => {
        const records = alerts.map((alert) => map(repo.fullName, alert));
        if (records.length === 0) return;
        tally('findings', await store.findings(records), records.length);
        report();
      },
    });
  }

  // ------------------------------------------------------------------ the run

  const enabled = (stream: GitHubStream) => settings.streams.includes(stream);

  async function syncRepository(repo: RepoSummary): Promise<void> {
    const rule = deployRuleFor(settings, repo.fullName);
    if (enabled('deployments')) {
      if (rule.kind === 'deployments') await runStream('deployments', repo, () => syncDeployments(repo, rule));
      else if (rule.kind === 'workflow') await runStream('workflow-runs', repo, () => syncWorkflowRuns(repo, rule));
      else await runStream('releases', repo, () => syncReleases(repo, rule));
    }
    if (enabled('pulls')) await runStream('pulls', repo, () => syncPullRequests(repo));
    if (enabled('incidents')) await runStream('incidents', repo, () => syncIncidents(repo));
    if (enabled('code-scanning')) {
      await runStream('code-scanning', repo, () => syncAlerts<GhCodeScanningAlert>('code-scanning', repo, 'code-scanning/alerts', {}, mapCodeScanningAlert));
    }
    if (enabled('dependabot')) {
      await runStream('dependabot', repo, () => syncAlerts<GhDependabotAlert>('dependabot', repo, 'dependabot/alerts', {}, mapDependabotAlert));
    }
    if (enabled('secret-scanning')) {
      await runStream('secret-scanning', repo, () =>
        syncAlerts<GhSecretScanningAlert>('secret-scanning', repo, 'secret-scanning/alerts', { hide_secret: 'true' }, mapSecretScanningAlert),
      );
    }
  }

  client.onWait = () => report();
  report();
  const listed = await listRepositories().catch((error: unknown) => {
    if (error instanceof GitHubApiError) {
      throw new GitHubApiError(error.status, `listing repositories of ${settings.organization ?? 'the source'}: ${error.message}`, error.path);
    }
    throw error;
  });
  const selected = listed.filter((repo) => !repo.archived && isRepositorySelected(settings, repo.fullName));
  const records: RepositoryRecord[] = selected.map((repo) => ({
    fullName: repo.fullName,
    defaultBranch: repo.defaultBranch,
    archived: repo.archived,
    url: repo.url,
    productionPattern: productionPatternFor(deployRuleFor(settings, repo.fullName)),
  }));
  await store.repositories(records);
  counts.repositories = selected.length;
  repositoriesTotal = selected.length;
  phase = 'streams';
  report();

  // A few repositories at a time: enough to hide latency, few enough to stay clear of secondary limits.
  const queue = [...selected];
  const workers = Array.from({ length: Math.min(REPOSITORY_CONCURRENCY, queue.length) }, async () => {
    for (let repo = queue.shift(); repo && !stopped; repo = queue.shift()) {
      await syncRepository(repo);
      repositoriesDone += 1;
      report();
    }
  });
  const outcomes = await Promise.allSettled(
    workers.map((worker) =>
      worker.catch((error: unknown) => {
        stopped = true;
        throw error;
      }),
    ),
  );
  // The first real failure, not the SyncAborted of the workers it stopped.
  const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  const failure = failures.find((reason) => !(reason instanceof SyncAborted)) ?? failures[0];
  if (failures.length > 0) throw failure;
  phase = 'done';
  report();
  return { counts, errors, conditions };
}

export { RateLimitExceededError };
