// A local fake of GitHub's REST API, built from GitHub's own OpenAPI description (the pruned fixture):
// openapi-backend routes and validates every request against it, and every object served starts as the
// description's own 200 example with the fields of a generated data set written over it. It serves
// many pages with Link headers (page numbers, and before/after cursors for Dependabot), ETags and 304s,
// rate-limit headers, and injected 403/404/422/429/5xx answers. Octokit is pointed at it by URL.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { OpenAPIBackend } from 'openapi-backend';

export const PRUNED_SPEC = fileURLToPath(new URL('../../fixtures/github/api.github.com.pruned.json', import.meta.url));

type Json = Record<string, unknown>;

export interface FakeDeployment {
  id: number;
  environment: string;
  sha: string;
  task: string;
  description: string | null;
  created_at: string;
  statuses: { id: number; state: string; created_at: string }[];
}
export interface FakeRun {
  id: number;
  workflow: string;
  head_branch: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
}
export interface FakeRelease {
  id: number;
  tag_name: string;
  target_commitish: string;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string | null;
}
export interface FakePull {
  id: number;
  number: number;
  title: string;
  labels: string[];
  state: 'open' | 'closed';
  base: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
  commits: { sha: string; date: string }[];
}
export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  isPullRequest?: boolean;
}
export interface FakeAlert {
  number: number;
  state: string;
  created_at: string;
  updated_at: string;
  fixed_at?: string | null;
  dismissed_at?: string | null;
  dismissed_reason?: string | null;
  resolution?: string | null;
  resolved_at?: string | null;
  severity: string;
}
export interface FakeRepo {
  owner: string;
  name: string;
  id: number;
  default_branch: string;
  archived: boolean;
  updated_at: string;
  /** 'on', or the status GitHub answers when the feature is off (403 Advanced Security, 404 disabled). */
  codeScanning: 'on' | 403 | 404;
  dependabot: 'on' | 403;
  secretScanning: 'on' | 404;
  deployments: FakeDeployment[];
  runs: FakeRun[];
  releases: FakeRelease[];
  pulls: FakePull[];
  issues: FakeIssue[];
  codeScanningAlerts: FakeAlert[];
  dependabotAlerts: FakeAlert[];
  secretScanningAlerts: FakeAlert[];
}

export interface Fault {
  /** Matched against "METHOD /path?query". */
  match: RegExp;
  status: number;
  /** How many matching requests get the fault (then it is spent). */
  times: number;
  headers?: Record<string, string>;
  message?: string;
  /** Destroy the socket instead of answering: a network error. */
  drop?: boolean;
  /** Answer as usual (`status` is not used), but cut the connection halfway through the body. */
  truncate?: boolean;
  /** Answer as usual (`status` is not used), this many milliseconds late. */
  delayMs?: number;
}

export interface LoggedRequest {
  method: string;
  url: string;
  status: number;
  /** Date.now() when answered. */
  at: number;
}

const MAX_PER_PAGE = 100;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

export class FakeGitHub {
  readonly repos: FakeRepo[] = [];
  readonly log: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  rateLimit = { limit: 5000, remaining: 5000, resetAt: Math.floor(Date.now() / 1000) + 3600 };
  org = 'acme';
  url = '';
  private server?: Server;
  private examples = new Map<string, Json>();

  private constructor(
    private readonly api: OpenAPIBackend,
    readonly token: string,
  ) {}

  static async start(options: { token?: string; port?: number } = {}): Promise<FakeGitHub> {
    const api = new OpenAPIBackend({
      definition: PRUNED_SPEC,
      quick: false,
      validate: true,
      ajvOpts: { strict: false, validateFormats: false, logger: false },
    });
    await api.init();
    // openapi-backend flattens the whole description again for every request it routes; the description
    // never changes, so once is enough (routing was a fifth of the fake's time at benchmark scale).
    const operations = api.router.getOperations();
    api.router.getOperations = () => operations;
    const fake = new FakeGitHub(api, options.token ?? 'ghp_fake_token_for_tests');
    fake.server = createServer((req, res) => {
      fake.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: `fake GitHub bug: ${String(error)}` }));
      });
    });
    await new Promise<void>((resolve) => fake.server?.listen(options.port ?? 0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  repo(fullName: string): FakeRepo {
    const found = this.repos.find((repo) => `${repo.owner}/${repo.name}` === fullName);
    if (!found) throw new Error(`fake has no repository ${fullName}`);
    return found;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  resetLog(): void {
    this.log.length = 0;
  }

  /**
   * The description's example for an operation: the template every served object starts from. Shared
   * and frozen: callers spread it into a new object (and copy any nested object they change).
   */
  private example(operationId: string): Readonly<Json> {
    let example = this.examples.get(operationId);
    if (!example) {
      const mock = this.api.mockResponseForOperation(operationId, { code: 200 }).mock as unknown;
      const first = Array.isArray(mock) ? mock[0] : (mock as Json)?.workflow_runs ? ((mock as Json).workflow_runs as Json[])[0] : mock;
      example = deepFreeze(structuredClone((first ?? {}) as Json));
      this.examples.set(operationId, example);
    }
    return example;
  }

  private send(res: ServerResponse, req: IncomingMessage, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const countsAgainstLimit = status !== 304;
    if (countsAgainstLimit && this.rateLimit.remaining > 0) this.rateLimit.remaining -= 1;
    res.setHeader('x-ratelimit-limit', String(this.rateLimit.limit));
    res.setHeader('x-ratelimit-remaining', String(this.rateLimit.remaining));
    res.setHeader('x-ratelimit-reset', String(this.rateLimit.resetAt));
    res.setHeader('x-ratelimit-used', String(this.rateLimit.limit - this.rateLimit.remaining));
    res.setHeader('x-ratelimit-resource', 'core');
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    this.log.push({ method: req.method ?? 'GET', url: req.url ?? '', status, at: Date.now() });
    res.statusCode = status;
    if (status === 304 || body === undefined) {
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      this.send(res, req, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const line = `${req.method} ${url.pathname}${url.search}`;
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.match.test(line));
    if (fault) fault.times -= 1;
    const late = fault?.delayMs;
    if (late !== undefined) await new Promise((resolve) => setTimeout(resolve, late));
    const cut = fault?.truncate === true;
    if (fault && !cut && late === undefined) {
      if (fault.drop) {
        this.log.push({ method: req.method ?? 'GET', url: req.url ?? '', status: 0, at: Date.now() });
        req.socket.destroy();
        return;
      }
      this.send(res, req, fault.status, { message: fault.message ?? `Injected ${fault.status}`, documentation_url: 'https://docs.github.com/rest' }, fault.headers);
      return;
    }
    if (this.rateLimit.remaining <= 0 && Date.now() / 1000 < this.rateLimit.resetAt) {
      this.send(res, req, 403, { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const request = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers as Record<string, string> };
    const operation = this.api.matchOperation(request);
    if (!operation) {
      this.send(res, req, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const validation = this.api.validateRequest(request, operation);
    if (!validation.valid) {
      const detail = (validation.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`).join('; ');
      this.send(res, req, 422, { message: `Validation Failed: ${detail}`, documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const params = this.api.router.parseRequest(request, operation).params as Record<string, string>;
    this.currentPath = url.pathname;
    const result = this.answer(operation.operationId ?? '', params, url.searchParams);
    if ('error' in result) {
      this.send(res, req, result.error, { message: result.message, documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const { body, link } = result;
    const text = JSON.stringify(body);
    const etag = etagOf(text);
    const headers: Record<string, string> = { etag };
    if (link) headers.link = link;
    if (req.headers['if-none-match'] === etag) {
      this.send(res, req, 304, undefined, headers);
      return;
    }
    if (cut) {
      // The whole length announced, half of it sent: the client sees the connection end mid-body.
      this.log.push({ method: req.method ?? 'GET', url: req.url ?? '', status: 0, at: Date.now() });
      res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
      return;
    }
    this.send(res, req, 200, text, headers);
  }

  private repoFor(params: Record<string, string>): FakeRepo | undefined {
    return this.repos.find((repo) => repo.owner === params.owner && repo.name === params.repo);
  }

  private answer(operationId: string, params: Record<string, string>, query: URLSearchParams): { body: unknown; link?: string } | { error: number; message: string } {
    if (operationId === 'repos/list-for-org') {
      if (params.org !== this.org) return { error: 404, message: 'Not Found' };
      const repos = [...this.repos].sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id);
      return this.paged(repos, query, (repo) => this.repoJson(repo));
    }
    const repo = this.repoFor(params);
    if (!repo) return { error: 404, message: 'Not Found' };
    const full = `${repo.owner}/${repo.name}`;
    switch (operationId) {
      case 'repos/get':
        return { body: this.repoJson(repo) };
      case 'repos/list-deployments': {
        const list = [...repo.deployments].sort((a, b) => b.id - a.id).filter((d) => !query.get('environment') || d.environment === query.get('environment'));
        return this.paged(list, query, (d) => this.deploymentJson(full, d));
      }
      case 'repos/list-deployment-statuses': {
        const deployment = repo.deployments.find((d) => d.id === Number(params.deployment_id));
        if (!deployment) return { error: 404, message: 'Not Found' };
        const statuses = [...deployment.statuses].sort((a, b) => b.id - a.id);
        return this.paged(statuses, query, (s) => ({ ...this.example('repos/list-deployment-statuses'), id: s.id, state: s.state, created_at: s.created_at, updated_at: s.created_at, environment: deployment.environment, log_url: `https://github.com/${full}/deployments/${deployment.id}` }));
      }
      case 'actions/list-workflow-runs': {
        const branch = query.get('branch');
        const runs = repo.runs
          .filter((run) => run.workflow === params.workflow_id && (!branch || run.head_branch === branch))
          .sort((a, b) => b.id - a.id);
        const page = this.paged(runs, query, (run) => this.runJson(full, run));
        return { body: { total_count: runs.length, workflow_runs: page.body }, link: page.link };
      }
      case 'actions/get-workflow-run': {
        const run = repo.runs.find((candidate) => candidate.id === Number(params.run_id));
        return run ? { body: this.runJson(full, run) } : { error: 404, message: 'Not Found' };
      }
      case 'repos/list-releases':
        return this.paged([...repo.releases].sort((a, b) => b.id - a.id), query, (r) => this.releaseJson(full, r));
      case 'repos/get-release': {
        const release = repo.releases.find((candidate) => candidate.id === Number(params.release_id));
        return release ? { body: this.releaseJson(full, release) } : { error: 404, message: 'Not Found' };
      }
      case 'pulls/list': {
        const state = query.get('state') ?? 'open';
        const pulls = repo.pulls.filter((pull) => state === 'all' || pull.state === state);
        return this.paged(this.sorted(pulls, query), query, (pull) => this.pullJson(full, pull));
      }
      case 'pulls/list-commits': {
        const pull = repo.pulls.find((candidate) => candidate.number === Number(params.pull_number));
        if (!pull) return { error: 404, message: 'Not Found' };
        // GitHub lists at most 250 commits of a pull request, oldest first.
        return this.paged(pull.commits.slice(0, 250), query, (commit) => {
          const json = this.example('pulls/list-commits');
          const inner = (json.commit ?? {}) as Json;
          return { ...json, sha: commit.sha, commit: { ...inner, author: { ...(inner.author as Json), date: commit.date }, committer: { ...(inner.committer as Json), date: commit.date } } };
        });
      }
      case 'issues/list-for-repo': {
        const state = query.get('state') ?? 'open';
        const labels = (query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
        const since = query.get('since');
        const issues = repo.issues.filter(
          (issue) =>
            (state === 'all' || issue.state === state) &&
            labels.every((label) => issue.labels.some((l) => l.toLowerCase() === label)) &&
            (!since || issue.updated_at >= since),
        );
        return this.paged(this.sorted(issues, query), query, (issue) => this.issueJson(full, issue));
      }
      case 'code-scanning/list-alerts-for-repo':
        if (repo.codeScanning === 403) return { error: 403, message: 'Advanced Security must be enabled for this repository to use code scanning.' };
        if (repo.codeScanning === 404) return { error: 404, message: 'no analysis found' };
        return this.paged(this.sorted(repo.codeScanningAlerts, query), query, (a) => this.codeScanningJson(full, a));
      case 'dependabot/list-alerts-for-repo':
        if (repo.dependabot === 403) return { error: 403, message: 'Dependabot alerts are disabled for this repository.' };
        return this.cursorPaged(this.sorted(repo.dependabotAlerts, query), query, (a) => this.dependabotJson(full, a));
      case 'secret-scanning/list-alerts-for-repo':
        if (repo.secretScanning === 404) return { error: 404, message: 'Secret scanning is disabled on this repository.' };
        return this.paged(this.sorted(repo.secretScanningAlerts, query), query, (a) => this.secretJson(full, a));
      default:
        return { error: 404, message: `fake GitHub does not serve ${operationId}` };
    }
  }

  private sorted<T extends { created_at: string; updated_at: string }>(items: T[], query: URLSearchParams): T[] {
    const key = query.get('sort') === 'updated' ? 'updated_at' : 'created_at';
    const direction = query.get('direction') === 'asc' ? 1 : -1;
    return [...items].sort((a, b) => direction * a[key].localeCompare(b[key]));
  }

  private perPage(query: URLSearchParams): number {
    return Math.min(MAX_PER_PAGE, Math.max(1, Number(query.get('per_page') ?? 30)));
  }

  private selfLink(query: URLSearchParams, changes: Record<string, string | null>): string {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    return `${this.url}${this.currentPath}?${next.toString()}`;
  }

  private currentPath = '';

  /** A page of `items` (in order) with GitHub's Link header; only the page's items are turned into JSON. */
  private paged<T>(items: readonly T[], query: URLSearchParams, toJson: (item: T) => unknown): { body: unknown[]; link?: string } {
    const perPage = this.perPage(query);
    const page = Math.max(1, Number(query.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    if (page < last) {
      links.push(`<${this.selfLink(query, { page: String(page + 1) })}>; rel="next"`);
      links.push(`<${this.selfLink(query, { page: String(last) })}>; rel="last"`);
    }
    if (page > 1) {
      links.push(`<${this.selfLink(query, { page: String(page - 1) })}>; rel="prev"`);
      links.push(`<${this.selfLink(query, { page: '1' })}>; rel="first"`);
    }
    return { body: items.slice((page - 1) * perPage, page * perPage).map(toJson), link: links.length ? links.join(', ') : undefined };
  }

  /** Dependabot's cursor paging: `after` is an opaque cursor naming the last item served. */
  private cursorPaged(items: readonly FakeAlert[], query: URLSearchParams, toJson: (item: FakeAlert) => unknown): { body: unknown[]; link?: string } {
    const perPage = this.perPage(query);
    const after = query.get('after');
    const start = after ? items.findIndex((item) => Buffer.from(String(item.number)).toString('base64url') === after) + 1 : 0;
    const slice = items.slice(start, start + perPage);
    const lastItem = slice.at(-1);
    const body = slice.map(toJson);
    if (start + perPage >= items.length || !lastItem) return { body };
    const cursor = Buffer.from(String(lastItem.number)).toString('base64url');
    return { body, link: `<${this.selfLink(query, { after: cursor, page: null })}>; rel="next"` };
  }

  private repoJson(repo: FakeRepo): Json {
    const full = `${repo.owner}/${repo.name}`;
    return {
      ...this.example('repos/list-for-org'),
      id: repo.id,
      name: repo.name,
      full_name: full,
      owner: { ...((this.example('repos/list-for-org').owner as Json) ?? {}), login: repo.owner },
      html_url: `https://github.com/${full}`,
      url: `${this.url}/repos/${full}`,
      default_branch: repo.default_branch,
      archived: repo.archived,
      disabled: false,
      updated_at: repo.updated_at,
    };
  }

  private deploymentJson(full: string, d: FakeDeployment): Json {
    return { ...this.example('repos/list-deployments'), id: d.id, sha: d.sha, ref: 'main', task: d.task, environment: d.environment, description: d.description, created_at: d.created_at, updated_at: d.statuses.at(-1)?.created_at ?? d.created_at, url: `${this.url}/repos/${full}/deployments/${d.id}` };
  }

  private runJson(full: string, run: FakeRun): Json {
    return { ...this.example('actions/get-workflow-run'), id: run.id, name: 'Deploy', display_title: 'Deploy', head_branch: run.head_branch, head_sha: run.head_sha, path: `.github/workflows/${run.workflow}`, status: run.status, conclusion: run.conclusion, created_at: run.created_at, updated_at: run.updated_at, run_started_at: run.created_at, html_url: `https://github.com/${full}/actions/runs/${run.id}` };
  }

  private releaseJson(full: string, release: FakeRelease): Json {
    return { ...this.example('repos/list-releases'), id: release.id, tag_name: release.tag_name, name: release.tag_name, target_commitish: release.target_commitish, draft: release.draft, prerelease: release.prerelease, created_at: release.created_at, published_at: release.published_at, html_url: `https://github.com/${full}/releases/tag/${release.tag_name}` };
  }

  private labelJson(name: string): Json {
    return { id: 1, node_id: 'LA_1', url: 'https://api.github.com/labels/1', name, description: null, color: 'f29513', default: false };
  }

  private pullJson(full: string, pull: FakePull): Json {
    const example = this.example('pulls/list');
    return {
      ...example,
      id: pull.id,
      number: pull.number,
      title: pull.title,
      state: pull.state,
      labels: pull.labels.map((name) => this.labelJson(name)),
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: pull.closed_at,
      merged_at: pull.merged_at,
      merge_commit_sha: pull.merge_commit_sha,
      html_url: `https://github.com/${full}/pull/${pull.number}`,
      base: { ...((example.base as Json) ?? {}), ref: pull.base },
    };
  }

  private issueJson(full: string, issue: FakeIssue): Json {
    const json: Json = {
      ...this.example('issues/list-for-repo'),
      id: issue.id,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      labels: issue.labels.map((name) => this.labelJson(name)),
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      html_url: `https://github.com/${full}/issues/${issue.number}`,
    };
    if (issue.isPullRequest) json.pull_request = { url: `${this.url}/repos/${full}/pulls/${issue.number}` };
    else delete json.pull_request;
    return json;
  }

  private codeScanningJson(full: string, alert: FakeAlert): Json {
    const example = this.example('code-scanning/list-alerts-for-repo');
    return {
      ...example,
      number: alert.number,
      state: alert.state,
      created_at: alert.created_at,
      updated_at: alert.updated_at,
      fixed_at: alert.fixed_at ?? null,
      dismissed_at: alert.dismissed_at ?? null,
      dismissed_reason: alert.dismissed_reason ?? null,
      html_url: `https://github.com/${full}/security/code-scanning/${alert.number}`,
      rule: { ...((example.rule as Json) ?? {}), id: `js/rule-${alert.number % 7}`, security_severity_level: alert.severity, severity: 'warning' },
    };
  }

  private dependabotJson(full: string, alert: FakeAlert): Json {
    const example = this.example('dependabot/list-alerts-for-repo');
    return {
      ...example,
      number: alert.number,
      state: alert.state,
      created_at: alert.created_at,
      updated_at: alert.updated_at,
      fixed_at: alert.fixed_at ?? null,
      dismissed_at: alert.dismissed_at ?? null,
      dismissed_reason: alert.dismissed_reason ?? null,
      auto_dismissed_at: null,
      html_url: `https://github.com/${full}/security/dependabot/${alert.number}`,
      security_advisory: { ...((example.security_advisory as Json) ?? {}), severity: alert.severity },
      security_vulnerability: { ...((example.security_vulnerability as Json) ?? {}), severity: alert.severity },
    };
  }

  private secretJson(full: string, alert: FakeAlert): Json {
    return {
      ...this.example('secret-scanning/list-alerts-for-repo'),
      number: alert.number,
      state: alert.state,
      resolution: alert.resolution ?? null,
      resolved_at: alert.resolved_at ?? null,
      created_at: alert.created_at,
      updated_at: alert.updated_at,
      html_url: `https://github.com/${full}/security/secret-scanning/${alert.number}`,
    };
  }
}
