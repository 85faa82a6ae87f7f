// Octokit as the GitHub collector uses it: Octokit's throttling plugin (primary and secondary rate
// limits) and retry plugin (5xx and network errors, with backoff), a rate-limit wait or a broken body
// that those leave to us handled in the loop below, conditional requests that turn a 304 into "nothing
// to do", and counters for the progress display. Never logs the token.
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
  /** Retries of 5xx and network errors, and waits for rate limits, per request. */
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

/** The connection failed while an answer's body was read (after its status and headers). */
class BodyReadError extends Error {
  constructor(path: string, cause: unknown) {
    super(`reading the answer to ${path} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'BodyReadError';
  }
}

async function readJson<T>(body: ReadableStream<Uint8Array> | null, path: string): Promise<T> {
  try {
    const text = body ? await new Response(body).text() : '';
    // An empty 200 (none of the endpoints read answers one) is read as no data rather than failing.
    return (text === '' ? null : JSON.parse(text)) as T;
  } catch (error) {
    // A cut connection shows as a failed read or as JSON that ends too early.
    throw new BodyReadError(path, error);
  }
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

/** Answers the retry plugin does not retry: they will not change by asking again (429 and 403 limits are waited out instead). */
const NOT_RETRIED = [304, 400, 401, 403, 404, 410, 422, 429, 451];

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
        // Bounded requests: a hung connection, or a body that stops coming, becomes a network error,
        // which is retried. The signal covers the body too, which getPage reads itself.
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
        doNotRetry: NOT_RETRIED,
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

  /** Seconds to wait before retrying a rate-limited answer, or null when it is not one. */
  private throttledWait(error: RequestError): number | null {
    const headers = error.response?.headers;
    const retryAfter = header(headers, 'retry-after');
    const remaining = header(headers, 'x-ratelimit-remaining');
    const reset = header(headers, 'x-ratelimit-reset');
    const secondary = /\bsecondary rate\b/i.test(error.message);
    const limited = error.status === 429 || (error.status === 403 && (retryAfter !== undefined || remaining === '0' || secondary));
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
        // The body is read here, not by Octokit: its parser (json-with-bigint) runs a regular expression
        // over the whole text and a reviver over every value, which on GitHub's 1–2 MB list pages made
        // most of the worker's garbage and much of its CPU time. GitHub's numbers all fit a double.
        const response = await this.octokit.request({
          method: 'GET',
          url: target.toString(),
          headers,
          request: { parseSuccessResponseBody: false },
        });
        const data = await readJson<T>(response.data as ReadableStream<Uint8Array> | null, target.pathname);
        return {
          status: 200,
          data,
          etag: header(response.headers, 'etag') ?? null,
          next: nextLink(header(response.headers, 'link')),
        };
      } catch (error) {
        const failure = this.failureOf(error, target.pathname);
        if (failure.kind === 'not-modified') {
          this.stats.notModified += 1;
          return { status: 304 };
        }
        if (failure.kind === 'rate-limited') {
          if (failure.waitSeconds > this.maxWaitSeconds) throw new RateLimitExceededError(new Date(Date.now() + failure.waitSeconds * 1000));
          if (attempt < this.retries) {
            this.noteWait(failure.waitSeconds, failure.reason);
            await sleep(failure.waitSeconds * this.unitMs);
            continue;
          }
        }
        // A body cut off while it was read (the retry plugin saw a good answer): backoff of 1, 4, 9… units.
        if (failure.kind === 'retryable' && attempt < this.retries) {
          await sleep((attempt + 1) ** 2 * this.unitMs);
          continue;
        }
        throw failure.error;
      }
    }
  }

  /** What a failed request means for the loop in getPage. */
  private failureOf(
    error: unknown,
    path: string,
  ):
    | { kind: 'not-modified' }
    | { kind: 'rate-limited'; waitSeconds: number; reason: string; error: GitHubApiError }
    | { kind: 'retryable' | 'final'; error: Error } {
    // The connection broke while the body was read: a network error, reported as Octokit reports those.
    if (error instanceof BodyReadError) return { kind: 'retryable', error: new GitHubApiError(500, error.message, path) };
    if (!(error instanceof RequestError)) return { kind: 'final', error: error instanceof Error ? error : new Error(String(error)) };
    if (error.status === 304) return { kind: 'not-modified' };
    // GitHub's own message, without the documentation link Octokit appends.
    const body = error.response?.data as { message?: unknown } | undefined;
    const apiError = new GitHubApiError(error.status, typeof body?.message === 'string' ? body.message : error.message, path);
    const wait = this.throttledWait(error);
    if (wait !== null) return { kind: 'rate-limited', waitSeconds: wait, reason: error.status === 429 ? 'too many requests' : 'rate limit', error: apiError };
    // 5xx, network errors and timeouts (status 500) reach here after the retry plugin's attempts.
    return { kind: 'final', error: apiError };
  }

  /** The path and query of an absolute API URL, so stored cursors survive an API URL with a path prefix. */
  relative(url: string): string {
    return url.startsWith(this.baseUrl) ? url.slice(this.baseUrl.length) : url;
  }
}
