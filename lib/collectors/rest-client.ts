// A small JSON-over-HTTPS client for the collectors that have no SDK of their own (Jira, PagerDuty):
// bounded requests, retries of 5xx and network errors with backoff, 429 `retry-after` honoured up to
// a limit, redirects refused (a credential is never replayed to another host), and errors that say
// what went wrong without ever carrying the credential. GitHub keeps Octokit (lib/collectors/github).
import { z } from 'zod';

/**
 * https only, except for a loopback host (a local proxy or a test fake): the API token travels in
 * every request's Authorization header.
 */
export const apiBaseUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  }, 'must be an https URL')
  .transform((value) => value.replace(/\/+$/, ''));

export interface RestClientOptions {
  /** Base URL of the API; request paths are appended to it. */
  baseUrl: string;
  /** The vendor's name, for messages ("Jira", "PagerDuty"). */
  vendor: string;
  /** The Authorization header value. Only ever sent to `baseUrl`'s origin; never logged or echoed. */
  authorization: string;
  headers?: Record<string, string>;
  /** The vendor's explanation from an error body, when it has one. */
  errorMessage?: (body: unknown) => string | undefined;
  /** Seconds until a rate limit resets, from vendor-specific headers, when `retry-after` is absent. */
  rateLimitResetSeconds?: (headers: Headers) => number | undefined;
  /** Longest rate-limit wait sat through; a longer one ends the run (it resumes later). */
  maxRateLimitWaitSeconds?: number;
  /** Retries of 5xx, network errors and 429s. */
  retries?: number;
  /** Milliseconds per backoff unit (retry n waits n² units) and per second of `retry-after`: tests shrink it. */
  retryUnitMs?: number;
  requestTimeoutMs?: number;
  onRateLimitWait?: (until: Date, reason: string) => void;
}

/** Client tuning a sync may be given (tests shrink waits); never the credential or URL. */
export type RestClientTuning = Pick<RestClientOptions, 'retries' | 'retryUnitMs' | 'requestTimeoutMs' | 'maxRateLimitWaitSeconds'>;

export interface RestClientStats {
  requests: number;
  rateLimitWaits: number;
  rateLimitRemaining: number | null;
}

/** An HTTP answer the collector has to act on (refused credentials, permission, not found, invalid). */
export class ApiError extends Error {
  constructor(
    readonly vendor: string,
    readonly status: number,
    readonly path: string,
    readonly detail: string | undefined,
  ) {
    super(`${vendor} answered ${status} to ${path}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

/** 401: the credential was refused. Says which setting to check, never what was sent. */
export class AuthenticationError extends ApiError {
  constructor(vendor: string, path: string, detail: string | undefined, hint: string) {
    super(vendor, 401, path, detail);
    this.message = `${vendor} refused the credentials (401)${hint ? `: ${hint}` : ''}`;
    this.name = 'AuthenticationError';
  }
}

/** The host did not answer (DNS, refused connection, TLS, timeout), even after retries. */
export class UnreachableError extends Error {
  constructor(vendor: string, origin: string, reason: string) {
    super(`Cannot reach ${vendor} at ${origin}: ${reason}`);
    this.name = 'UnreachableError';
  }
}

/** The rate limit resets later than the client may wait: stop, keep cursors, resume later. */
export class RateLimitExceededError extends Error {
  constructor(vendor: string, readonly resetAt: Date) {
    super(`${vendor} rate limit in force until ${resetAt.toISOString()}; the next run resumes where this one stopped`);
    this.name = 'RateLimitExceededError';
  }
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The underlying reason of a failed fetch (undici wraps it in `cause`), without any request detail. */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'the request timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  // The HTTP-date form.
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export class RestClient {
  readonly stats: RestClientStats = { requests: 0, rateLimitWaits: 0, rateLimitRemaining: null };
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly retries: number;
  private readonly unitMs: number;
  private readonly timeoutMs: number;
  private readonly maxWaitSeconds: number;
  /** The server's clock (its `Date` header) at the last answer: watermarks follow the source's clock, not ours. */
  lastServerTime: Date | null = null;
  /** Told before each rate-limit wait (a sync shows it as progress); starts as the option's. */
  onRateLimitWait: ((until: Date, reason: string) => void) | undefined;

  constructor(private readonly options: RestClientOptions) {
    this.onRateLimitWait = options.onRateLimitWait;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.retries = options.retries ?? 4;
    this.unitMs = options.retryUnitMs ?? 1000;
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
    this.maxWaitSeconds = options.maxRateLimitWaitSeconds ?? 900;
  }

  private url(path: string, query: Record<string, QueryValue>): URL {
    const url = new URL(`${this.baseUrl}${path}`);
    if (url.origin !== this.origin) throw new Error(`Refusing a request outside ${this.origin}`);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, item);
      else url.searchParams.set(name, String(value));
    }
    return url;
  }

  private async detail(response: Response): Promise<string | undefined> {
    const text = await response.text().catch(() => '');
    if (!text) return undefined;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an HTML error page, a plain-text 401): keep a short piece of the text.
    }
    const message = this.options.errorMessage?.(body) ?? (typeof body === 'string' ? body : undefined);
    return message?.replace(/\s+/g, ' ').trim().slice(0, 500) || undefined;
  }

  private noteWait(seconds: number, reason: string): void {
    this.stats.rateLimitWaits += 1;
    this.onRateLimitWait?.(new Date(Date.now() + seconds * this.unitMs), reason);
  }

  /** One JSON request; `authHint` says what to check when the credential is refused. */
  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Record<string, QueryValue>; body?: unknown; authHint?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    const url = this.url(path, options.query ?? {});
    const { vendor } = this.options;
    for (let attempt = 0; ; attempt++) {
      options.signal?.throwIfAborted();
      this.stats.requests += 1;
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(this.timeoutMs);
        response = await fetch(url, {
          method,
          headers: {
            accept: 'application/json',
            'user-agent': 'vitals-collector',
            ...this.options.headers,
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            authorization: this.options.authorization,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          // A redirect would carry the credential somewhere else: treat it as a misconfigured URL.
          redirect: 'manual',
          signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (attempt < this.retries) {
          await sleep((attempt + 1) ** 2 * this.unitMs);
          continue;
        }
        throw new UnreachableError(vendor, this.origin, networkReason(error));
      }

      const serverTime = Date.parse(response.headers.get('date') ?? '');
      this.lastServerTime = Number.isNaN(serverTime) ? null : new Date(serverTime);
      const remaining = response.headers.get('x-ratelimit-remaining') ?? response.headers.get('ratelimit-remaining');
      if (remaining !== null && Number.isFinite(Number(remaining))) this.stats.rateLimitRemaining = Number(remaining);

      if (response.ok) {
        const text = await response.text();
        if (!text) return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new ApiError(vendor, response.status, url.pathname, 'the answer is not JSON (is the URL the API of this site?)');
        }
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        const where = location ? new URL(location, url).origin : 'elsewhere';
        throw new ApiError(vendor, response.status, url.pathname, `redirected to ${where}; set the URL the site answers on directly`);
      }
      if (response.status === 429) {
        const wait = retryAfterSeconds(response.headers) ?? this.options.rateLimitResetSeconds?.(response.headers) ?? 2 ** Math.min(attempt, 6);
        await response.body?.cancel();
        if (wait > this.maxWaitSeconds) throw new RateLimitExceededError(vendor, new Date(Date.now() + wait * 1000));
        if (attempt < this.retries) {
          this.noteWait(wait, 'too many requests');
          await sleep(wait * this.unitMs);
          continue;
        }
        throw new ApiError(vendor, 429, url.pathname, `still rate limited after ${this.retries} retries`);
      }
      if (response.status >= 500 && attempt < this.retries) {
        await response.body?.cancel();
        await sleep((attempt + 1) ** 2 * this.unitMs);
        continue;
      }
      const detail = await this.detail(response);
      if (response.status === 401) throw new AuthenticationError(vendor, url.pathname, detail, options.authHint ?? '');
      throw new ApiError(vendor, response.status, url.pathname, detail);
    }
  }
}
