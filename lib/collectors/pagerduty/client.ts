// PagerDuty REST API v2 as the collector uses it: incidents listed by creation date (since/until,
// statuses[], service_ids[], offset paging) and single incidents re-read until they are resolved.
// The API key travels as `Authorization: Token token=…`; never logged.
import type { PdIncident, PdIncidentList } from '@/lib/collectors/pagerduty/map';
import { RestClient, type RestClientTuning } from '@/lib/collectors/rest-client';

export interface PagerDutyClientOptions extends RestClientTuning {
  apiUrl: string;
  token: string;
  onRateLimitWait?: (until: Date, reason: string) => void;
}

/** PagerDuty error bodies: { error: { message, code, errors: [...] } }. */
function pagerDutyErrorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown; code?: unknown; errors?: unknown } } | null)?.error;
  if (!error || typeof error !== 'object') return typeof body === 'string' ? body : undefined;
  const details = Array.isArray(error.errors) ? error.errors.filter((text): text is string => typeof text === 'string') : [];
  const head = typeof error.message === 'string' ? error.message : 'error';
  const code = typeof error.code === 'number' ? ` (code ${error.code})` : '';
  return `${head}${code}${details.length > 0 ? `: ${details.join('; ')}` : ''}`;
}

/** PagerDuty sends the seconds until its rate-limit window resets in `ratelimit-reset`. */
function pagerDutyResetSeconds(headers: Headers): number | undefined {
  const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN);
  return Number.isFinite(reset) ? Math.max(0, reset) : undefined;
}

export const PAGERDUTY_PAGE_SIZE = 100;
/** Classic (offset) pagination stops at offset + limit = 10,000. */
export const PAGERDUTY_OFFSET_CAP = 10_000;
export const PAGERDUTY_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;

const AUTH_HINT = 'check the REST API key (Integrations → API Access Keys; a read-only key is enough)';

export class PagerDutyClient {
  readonly rest: RestClient;

  constructor(options: PagerDutyClientOptions) {
    // What is left after the URL and key is tuning, passed on as is.
    const { apiUrl, token, ...tuning } = options;
    this.rest = new RestClient({
      ...tuning,
      baseUrl: apiUrl,
      vendor: 'PagerDuty',
      authorization: `Token token=${token}`,
      headers: { accept: 'application/vnd.pagerduty+json;version=2' },
      errorMessage: pagerDutyErrorMessage,
      rateLimitResetSeconds: pagerDutyResetSeconds,
    });
  }

  get stats() {
    return this.rest.stats;
  }

  /** One page of GET /incidents created in [since, until), oldest first, in every status. */
  listIncidents(
    input: { since: string; until: string; serviceIds: string[]; offset: number; limit?: number },
    signal?: AbortSignal,
  ): Promise<PdIncidentList> {
    return this.rest.request<PdIncidentList>('GET', '/incidents', {
      query: {
        since: input.since,
        until: input.until,
        'statuses[]': PAGERDUTY_STATUSES,
        'service_ids[]': input.serviceIds,
        sort_by: 'created_at:asc',
        time_zone: 'UTC',
        limit: input.limit ?? PAGERDUTY_PAGE_SIZE,
        offset: input.offset,
        total: false,
      },
      authHint: AUTH_HINT,
      signal,
    });
  }

  /**
   * PagerDuty's clock (from a one-incident listing, which also checks the key first): windows are cut
   * in the clock incidents are stamped with, so a skewed local clock cannot skip any.
   */
  async serverTime(signal?: AbortSignal): Promise<Date | null> {
    await this.rest.request('GET', '/incidents', { query: { limit: 1, total: false }, authHint: AUTH_HINT, signal });
    return this.rest.lastServerTime;
  }

  async getIncident(id: string, signal?: AbortSignal): Promise<PdIncident> {
    const answer = await this.rest.request<{ incident: PdIncident }>('GET', `/incidents/${encodeURIComponent(id)}`, { authHint: AUTH_HINT, signal });
    return answer.incident;
  }
}
