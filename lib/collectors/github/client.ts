// Octokit as the GitHub collector uses it: throttling (primary and secondary rate limits), retries of
// 5xx and network errors with backoff, 429/403 `retry-after` honoured, conditional requests that turn a
// 304 into "nothing to do", and counters for the progress display. Never logs the token.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { RequestError } from '@octokit/request-error';

const GitHubOctokit = Octokit.plugin(throttling, retry);
type GitHubOctokitInstance = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  baseUrl: string;
  token: string;
  /** Longest rate-limit wait the client sits through; a longer one ends the run (it resumes later). */
  maxRateLimitWaitSeconds?: number;
  /** Retries of 5xx and network errors, and of rate-limited requests. */
  retries?: number;
  /** Milliseconds per backoff unit (retry n waits n² units) and per second of `retry-after`: tests shrink it. */
  retryUnitMs?: number;
  requestTimeoutMs?: number;
  onRateLimitWait?: (until: Date, reason: string) => void;
}

export type Page<T> =
  | { status: 200; data: T; etag: string | null; next: string | null }
  | { status: 304 };

export interface ClientStats {
  requests: number;
  notModified: number;
  rateLimitRemaining: number | null;
  rateLimitLimit: number | null;
  /** When the current rate-limit window resets, in epoch seconds (GitHub's `x-ratelimit-reset`). */
  rateLimitResetAt: number | null;
  rateLimitWaits: number;
  /** While the client sits out a rate limit: until when. */
  waitingUntil: Date | null;
}

/** A GitHub answer the collector has to act on (permission, feature off, gone, invalid). */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

/** The rate limit resets later than the client is allowed to wait: stop, keep cursors, resume later. */
export class RateLimitExceededError extends Error {
  constructor(readonly resetAt: Date) {
    super(`GitHub rate limit exhausted until ${resetAt.toISOString()}; the next run resumes where this one stopped`);
    this.name = 'RateLimitExceededError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function header(headers: Record<string, string | number | undefined> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** The `rel="next"` target of a Link header. */
export function nextLink(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes('next')) return match[1] ?? null;
  }
  return null;
}

export class GitHubClient {
  readonly octokit: GitHubOctokitInstance;
  readonly stats: ClientStats = {
    requests: 0, notModified: 0, rateLimitRemaining: null, rateLimitLimit: null, rateLimitResetAt: null, rateLimitWaits: 0, waitingUntil: null,
  };
  /** Told when a rate-limit wait starts (the sync loop forwards it to the progress display). */
  onWait: ((until: Date, reason: string) => void) | null = null;
  private readonly maxWaitSeconds: number;
  private readonly retries: number;
  private readonly unitMs: number;
  private readonly baseUrl: string;

  constructor(private readonly options: GitHubClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.maxWaitSeconds = options.maxRateLimitWaitSeconds ?? 900;
    this.retries = options.retries ?? 4;
    this.unitMs = options.retryUnitMs ?? 1000;
    const timeoutMs = options.requestTimeoutMs ?? 60_000;
    const onLimit = (reason: string) => (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
      if (retryCount >= this.retries || retryAfter > this.maxWaitSeconds) return false;
      this.noteWait(retryAfter, reason);
      return true;
    };
    this.octokit = new GitHubOctokit({
      auth: options.token,
      baseUrl: this.baseUrl,
      userAgent: 'vitals-collector',
      request: {
        // Bounded requests: a hung connection becomes a network error, which is retried.
        fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
      },
      // Octokit's default logger writes warnings with request details to the console; collectors
      // report through their own counters and run records instead.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        retryAfterBaseValue: this.unitMs,
        fallbackSecondaryRateRetryAfter: 60,
      },
      retry: {
        retries: this.retries,
        retryAfterBaseValue: this.unitMs,
        // 429 is handled below with its retry-after; 304 is an answer, not a failure.
        doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451],
      },
    });
    this.octokit.hook.after('request', (response) => this.noteHeaders(response.headers));
    this.octokit.hook.error('request', (error) => {
      if (error instanceof RequestError && error.response) this.noteHeaders(error.response.headers);
      throw error;
    });
  }

  private noteHeaders(headers: Record<string, string | number | undefined>): void {
    this.stats.waitingUntil = null;
    const numeric = (name: string) => {
      const value = header(headers, name);
      return value !== undefined && value !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
    };
    // All three come from the same answer, so a window's remaining count never pairs with another's reset.
    const remaining = numeric('x-ratelimit-remaining');
    if (remaining === null) return;
    this.stats.rateLimitRemaining = remaining;
    this.stats.rateLimitLimit = numeric('x-ratelimit-limit');
    this.stats.rateLimitResetAt = numeric('x-ratelimit-reset');
  }

  private noteWait(seconds: number, reason: string): void {
    this.stats.rateLimitWaits += 1;
    const until = new Date(Date.now() + seconds * this.unitMs);
    this.stats.waitingUntil = until;
    this.options.onRateLimitWait?.(until, reason);
    this.onWait?.(until, reason);
  }

  /** Seconds to wait before retrying a throttled answer the plugin left to us, or null when it is not one. */
  private throttledWait(error: RequestError): number | null {
    const headers = error.response?.headers;
    const retryAfter = header(headers, 'retry-after');
    const remaining = header(headers, 'x-ratelimit-remaining');
    const reset = header(headers, 'x-ratelimit-reset');
    const limited = error.status === 429 || (error.status === 403 && (retryAfter !== undefined || remaining === '0'));
    if (!limited) return null;
    if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Math.max(0, Number(retryAfter));
    if (remaining === '0' && reset !== undefined) return Math.max(0, Math.ceil(Number(reset) - Date.now() / 1000) + 1);
    return 60;
  }

  /**
   * One GET, conditional when an ETag is given. `pathOrUrl` is an API path ("/repos/o/r/pulls") with
   * `params` as query, or a `next` link from an earlier page (its query is kept as is).
   */
  async getPage<T>(pathOrUrl: string, params: Record<string, string | number | undefined> = {}, etag?: string | null): Promise<Page<T>> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const target = new URL(url);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) target.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {};
    if (etag) headers['if-none-match'] = etag;
    for (let attempt = 0; ; attempt++) {
      this.stats.requests += 1;
      try {
        const response = await this.octokit.request({ method: 'GET', url: target.toString(), headers });
        return {
          status: 200,
          data: response.data as T,
          etag: header(response.headers, 'etag') ?? null,
          next: nextLink(header(response.headers, 'link')),
        };
      } catch (error) {
        if (!(error instanceof RequestError)) throw error;
        if (error.status === 304) {
          this.stats.notModified += 1;
          return { status: 304 };
        }
        const wait = this.throttledWait(error);
        if (wait !== null) {
          if (wait > this.maxWaitSeconds) {
            throw new RateLimitExceededError(new Date(Date.now() + wait * 1000));
          }
          if (attempt < this.retries) {
            this.noteWait(wait, error.status === 429 ? 'too many requests' : 'rate limit');
            await sleep(wait * this.unitMs);
            continue;
          }
        }
        // GitHub's own message, without the documentation link Octokit appends.
        const body = error.response?.data as { message?: unknown } | undefined;
        const message = typeof body?.message === 'string' ? body.message : error.message;
        throw new GitHubApiError(error.status, message, target.pathname);
      }
    }
  }

  /** The path and query of an absolute API URL, so stored cursors survive an API URL with a path prefix. */
  relative(url: string): string {
    return url.startsWith(this.baseUrl) ? url.slice(this.baseUrl.length) : url;
  }
}
