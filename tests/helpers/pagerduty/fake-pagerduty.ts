// A local fake of PagerDuty REST API v2 for the collector tests: GET /incidents (since/until on the
// creation time, at most 6 months apart, the last 30 days without them; statuses[], service_ids[],
// sort_by, limit ≤ 100, classic offset paging capped at offset + limit = 10,000, total) and
// GET /incidents/{id}, answered in the shapes of PagerDuty's reference (tests/fixtures/pagerduty: every
// incident starts as the fixture's incident with the generated fields written over it). Checks the
// `Token token=` header; faults (429 with retry-after, 5xx, drops) are injectable.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { FakeHttpServer, type FakeAnswer, type FakeRequest } from '@/tests/helpers/jira/fake-http';

type Json = Record<string, unknown>;

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/pagerduty/${name}`, import.meta.url), 'utf8')) as Json;
const INCIDENT_TEMPLATE = fixture('incident.json');
const PAGE_TEMPLATE = fixture('incidents-page.json');
const UNAUTHORIZED = fixture('error-unauthorized.json');
const INVALID_INPUT = fixture('error-invalid-input.json');

export interface FakePdIncident {
  id: string;
  incident_number: number;
  title: string;
  description: string;
  service: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  priority: string | null;
  created_at: string;
  last_status_change_at: string;
  resolved_at: string | null;
}

const SIX_MONTHS_MS = 183 * 86_400_000;
const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

export class FakePagerDuty extends FakeHttpServer {
  readonly incidents: FakePdIncident[] = [];
  token = 'u+fakePagerDutyKey_0123';
  /** PagerDuty's clock: every change moves it on. */
  clock = Date.parse('2026-01-05T00:00:00Z');
  /** offset + limit beyond this is refused, as classic pagination is. */
  offsetCap = 10_000;
  /** Omit resolved_at (older API answers): the collector then reads last_status_change_at. */
  omitResolvedAt = false;
  private nextNumber = 1;

  static async start(): Promise<FakePagerDuty> {
    const fake = new FakePagerDuty();
    await fake.listen();
    return fake;
  }

  tick(minutes = 11): string {
    this.clock += minutes * 60_000;
    return new Date(this.clock).toISOString();
  }

  addIncident(input: Partial<FakePdIncident> & { service: string }): FakePdIncident {
    const number = this.nextNumber++;
    let id = 'P';
    for (let n = number * 7919 + 104_729, i = 0; i < 6; i++, n = Math.floor(n / ID_ALPHABET.length)) id += ID_ALPHABET[n % ID_ALPHABET.length];
    const created = input.created_at ?? this.tick();
    const incident: FakePdIncident = {
      id,
      incident_number: number,
      title: `Incident ${number}`,
      description: `Incident ${number}`,
      status: 'triggered',
      urgency: 'high',
      priority: null,
      created_at: created,
      last_status_change_at: created,
      resolved_at: null,
      ...input,
    };
    if (incident.status === 'resolved' && !incident.resolved_at) incident.resolved_at = incident.last_status_change_at;
    if (incident.resolved_at) {
      incident.status = 'resolved';
      incident.last_status_change_at = incident.resolved_at;
    }
    this.incidents.push(incident);
    return incident;
  }

  acknowledge(incident: FakePdIncident): FakePdIncident {
    return Object.assign(incident, { status: 'acknowledged', last_status_change_at: this.tick() });
  }

  resolve(incident: FakePdIncident, at?: string): FakePdIncident {
    const when = at ?? this.tick();
    return Object.assign(incident, { status: 'resolved', last_status_change_at: when, resolved_at: when });
  }

  protected serverTime(): number {
    return this.clock;
  }

  protected checkAuth(headers: IncomingHttpHeaders): FakeAnswer | null {
    if (headers.authorization === `Token token=${this.token}`) return null;
    return { status: 401, body: UNAUTHORIZED };
  }

  protected route(request: FakeRequest): FakeAnswer {
    const { method, url } = request;
    if (method === 'GET' && url.pathname === '/incidents') return this.list(url.searchParams);
    const single = /^\/incidents\/([A-Z0-9]+)$/.exec(url.pathname);
    if (method === 'GET' && single) {
      const incident = this.incidents.find((candidate) => candidate.id === single[1]);
      return incident ? { status: 200, body: { incident: this.toApi(incident) } } : { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
    }
    return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
  }

  private invalid(...errors: string[]): FakeAnswer {
    return { status: 400, body: { error: { ...(INVALID_INPUT.error as Json), errors } } };
  }

  private list(query: URLSearchParams): FakeAnswer {
    const limit = query.has('limit') ? Number(query.get('limit')) : 25;
    const offset = query.has('offset') ? Number(query.get('offset')) : 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return this.invalid('limit must be between 1 and 100');
    if (!Number.isInteger(offset) || offset < 0) return this.invalid('offset must be a non-negative integer');
    if (offset + limit > this.offsetCap) return this.invalid(`Offset must be less than ${this.offsetCap} - limit`);
    let since: number;
    let until: number;
    if (query.get('date_range') === 'all') {
      since = Number.NEGATIVE_INFINITY;
      until = Number.POSITIVE_INFINITY;
    } else {
      until = query.has('until') ? Date.parse(query.get('until') ?? '') : this.clock;
      since = query.has('since') ? Date.parse(query.get('since') ?? '') : until - 30 * 86_400_000;
      if (Number.isNaN(since) || Number.isNaN(until)) return this.invalid('since and until must be ISO 8601 dates');
      if (until - since > SIX_MONTHS_MS) return this.invalid('The since and until parameters must be within 6 months of each other.');
    }
    const statuses = query.getAll('statuses[]');
    const services = query.getAll('service_ids[]');
    const [sortField = 'created_at', sortDirection = 'asc'] = (query.get('sort_by') ?? 'created_at:asc').split(':');
    if (sortField !== 'created_at' && sortField !== 'incident_number') return this.invalid(`cannot sort by ${sortField}`);
    const sign = sortDirection === 'desc' ? -1 : 1;
    const matching = this.incidents
      .filter((incident) => {
        const created = Date.parse(incident.created_at);
        return created >= since && created < until
          && (statuses.length === 0 || statuses.includes(incident.status))
          && (services.length === 0 || services.includes(incident.service));
      })
      .sort((a, b) => sign * (sortField === 'incident_number' ? a.incident_number - b.incident_number : a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.incident_number - b.incident_number));
    const page = matching.slice(offset, offset + limit);
    return {
      status: 200,
      body: {
        ...structuredClone(PAGE_TEMPLATE),
        incidents: page.map((incident) => this.toApi(incident)),
        limit,
        offset,
        more: offset + limit < matching.length,
        total: query.get('total') === 'true' ? matching.length : null,
      },
    };
  }

  toApi(incident: FakePdIncident): Json {
    const template = structuredClone(INCIDENT_TEMPLATE);
    const service = { ...(template.service as Json), id: incident.service, summary: `Service ${incident.service}`, self: `https://api.pagerduty.com/services/${incident.service}` };
    const body: Json = {
      ...template,
      id: incident.id,
      summary: `[#${incident.incident_number}] ${incident.title}`,
      self: `https://api.pagerduty.com/incidents/${incident.id}`,
      html_url: `https://subdomain.pagerduty.com/incidents/${incident.id}`,
      incident_number: incident.incident_number,
      title: incident.title,
      description: incident.description,
      created_at: incident.created_at,
      updated_at: incident.last_status_change_at,
      status: incident.status,
      service,
      last_status_change_at: incident.last_status_change_at,
      resolved_at: incident.resolved_at,
      urgency: incident.urgency,
      priority: incident.priority === null ? null : { ...(template.priority as Json), name: incident.priority, summary: incident.priority },
    };
    if (this.omitResolvedAt) delete body.resolved_at;
    return body;
  }
}
