// Jira Cloud REST v3 as the collector uses it: who the token belongs to (and their time zone, which
// JQL dates are read in), and the enhanced issue search with nextPageToken paging. Basic auth with
// the account email and API token; never logged.
import { RestClient, type RestClientTuning } from '@/lib/collectors/rest-client';
import type { JiraSearchPage } from '@/lib/collectors/jira/map';

export interface JiraClientOptions extends RestClientTuning {
  siteUrl: string;
  email: string;
  apiToken: string;
  onRateLimitWait?: (until: Date, reason: string) => void;
}

export interface JiraMyself {
  accountId?: string;
  timeZone?: string;
}

/** Jira error bodies: { errorMessages: [...], errors: { field: message } }. */
function jiraErrorMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return typeof body === 'string' ? body : undefined;
  const { errorMessages, errors, message } = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const messages = [
    ...(Array.isArray(errorMessages) ? errorMessages.filter((text): text is string => typeof text === 'string') : []),
    ...(errors && typeof errors === 'object' ? Object.entries(errors).map(([field, text]) => `${field}: ${String(text)}`) : []),
    ...(typeof message === 'string' ? [message] : []),
  ];
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Jira sends the reset instant as an ISO date in X-RateLimit-Reset. */
function jiraResetSeconds(headers: Headers): number | undefined {
  const reset = headers.get('x-ratelimit-reset');
  const at = reset ? Date.parse(reset) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export const JIRA_PAGE_SIZE = 100;

export class JiraClient {
  readonly rest: RestClient;

  constructor(options: JiraClientOptions) {
    // What is left after the site and credentials is tuning, passed on as is.
    const { siteUrl, email, apiToken, ...tuning } = options;
    const basic = Buffer.from(`${email}:${apiToken}`, 'utf8').toString('base64');
    this.rest = new RestClient({
      ...tuning,
      baseUrl: siteUrl,
      vendor: 'Jira',
      authorization: `Basic ${basic}`,
      errorMessage: jiraErrorMessage,
      rateLimitResetSeconds: jiraResetSeconds,
    });
  }

  get stats() {
    return this.rest.stats;
  }

  /** The account the token belongs to: checks the credentials before any search. */
  myself(signal?: AbortSignal): Promise<JiraMyself> {
    return this.rest.request<JiraMyself>('GET', '/rest/api/3/myself', {
      authHint: 'check the account email and API token (id.atlassian.com → Security → API tokens)',
      signal,
    });
  }

  /** One page of POST /rest/api/3/search/jql (POST keeps long JQL and field lists out of the URL). */
  search(input: { jql: string; fields: string[]; nextPageToken?: string; maxResults?: number }, signal?: AbortSignal): Promise<JiraSearchPage> {
    return this.rest.request<JiraSearchPage>('POST', '/rest/api/3/search/jql', {
      body: {
        jql: input.jql,
        fields: input.fields,
        maxResults: input.maxResults ?? JIRA_PAGE_SIZE,
        ...(input.nextPageToken ? { nextPageToken: input.nextPageToken } : {}),
      },
      authHint: 'check the account email and API token',
      signal,
    });
  }
}
