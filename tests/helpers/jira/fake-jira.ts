// A local fake of Jira Cloud REST v3 for the collector tests: GET /rest/api/3/myself and the enhanced
// issue search (POST or GET /rest/api/3/search/jql) with nextPageToken/isLast paging, answered in the
// shapes of Atlassian's reference (tests/fixtures/jira: every issue starts as the fixture's issue with
// the generated fields written over it). It evaluates the JQL the collector sends — a small but real
// subset: AND, parentheses, =, !=, IN, >=, <=, >, < on issuetype, project, component, labels,
// priority, statusCategory, created, updated, resolutiondate, with dates read in the account's time
// zone — and ORDER BY. Basic auth is checked; faults (429 with Retry-After, 5xx, drops) are injectable.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { FakeHttpServer, zonedTimeToInstant, type FakeAnswer, type FakeRequest } from './fake-http';

type Json = Record<string, unknown>;

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/jira/${name}`, import.meta.url), 'utf8')) as Json;
const ISSUE_TEMPLATE = fixture('issue.json');
const PAGE_TEMPLATE = fixture('search-jql-page.json');
const MYSELF_TEMPLATE = fixture('myself.json');

export interface FakeJiraIssue {
  id: string;
  key: string;
  project: string;
  issuetype: string;
  summary: string;
  components: string[];
  labels: string[];
  priority: string | null;
  statusCategory: 'new' | 'indeterminate' | 'done';
  resolution: string | null;
  /** ISO instants. */
  created: string;
  updated: string;
  resolutiondate: string | null;
  statuscategorychangedate: string;
  /** ADF document or null. */
  description: unknown;
  /** Custom field values by id, in Jira's shapes. */
  custom: Record<string, unknown>;
}

/** Jira's date-time format: milliseconds and a "+0000" offset without a colon. */
export function jiraDateTime(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

/** A one-paragraph ADF document per line of text. */
export function adfDocument(...lines: string[]): Json {
  return { type: 'doc', version: 1, content: lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })) };
}

class JqlError extends Error {}

type Predicate = (issue: FakeJiraIssue) => boolean;

function tokenize(text: string): string[] {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|\(|\)|,|!=|>=|<=|=|>|<|[^\s(),=!<>"]+/g);
  return tokens ?? [];
}

const unquote = (token: string) => (token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token);

export class FakeJira extends FakeHttpServer {
  readonly issues: FakeJiraIssue[] = [];
  email = 'incident-bot@example.com';
  apiToken = 'fake-jira-api-token-0123456789';
  /** The account's zone: JQL dates are read in it. */
  timeZone = 'Australia/Sydney';
  /** Jira's clock: every change moves it on. */
  clock = Date.parse('2026-01-05T00:00:00Z');
  maxResultsCap = 100;
  /** Page tokens issued before this (Date.now()) are refused, as expired ones are. */
  tokensValidFrom = 0;
  /** Searches answered, with the JQL each ran. */
  readonly searches: { jql: string; returned: number }[] = [];
  private nextId = 10000;
  private readonly numbers = new Map<string, number>();

  static async start(): Promise<FakeJira> {
    const fake = new FakeJira();
    await fake.listen();
    return fake;
  }

  tick(minutes = 7): string {
    this.clock += minutes * 60_000;
    return new Date(this.clock).toISOString();
  }

  addIssue(input: Partial<FakeJiraIssue> & { project: string }): FakeJiraIssue {
    const number = (this.numbers.get(input.project) ?? 0) + 1;
    this.numbers.set(input.project, number);
    const created = input.created ?? this.tick();
    const issue: FakeJiraIssue = {
      id: String(this.nextId++),
      key: `${input.project}-${number}`,
      issuetype: 'Incident',
      summary: `Incident ${input.project}-${number}`,
      components: [],
      labels: [],
      priority: 'Medium',
      statusCategory: 'new',
      resolution: null,
      created,
      updated: created,
      resolutiondate: null,
      statuscategorychangedate: created,
      description: null,
      custom: {},
      ...input,
    };
    if (issue.resolutiondate && issue.statusCategory === 'new') {
      issue.statusCategory = 'done';
      issue.resolution ??= 'Done';
      issue.statuscategorychangedate = issue.resolutiondate;
    }
    this.issues.push(issue);
    return issue;
  }

  /** Changes an issue as an edit in Jira does: `updated` moves to now. */
  touch(issue: FakeJiraIssue, changes: Partial<FakeJiraIssue>): FakeJiraIssue {
    Object.assign(issue, changes, { updated: this.tick() });
    return issue;
  }

  resolve(issue: FakeJiraIssue, resolution = 'Done'): FakeJiraIssue {
    const at = this.tick();
    return Object.assign(issue, { statusCategory: 'done', resolution, resolutiondate: at, statuscategorychangedate: at, updated: at });
  }

  expireTokens(): void {
    this.tokensValidFrom = Date.now() + 1;
  }

  protected serverTime(): number {
    return this.clock;
  }

  protected checkAuth(headers: IncomingHttpHeaders): FakeAnswer | null {
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (headers.authorization === expected) return null;
    // Jira Cloud answers refused basic auth in plain text.
    return { status: 401, body: 'Client must be authenticated to access this resource.', headers: { 'www-authenticate': 'OAuth realm="https%3A%2F%2Fyour-domain.atlassian.net"' } };
  }

  protected route(request: FakeRequest): FakeAnswer {
    const { method, url } = request;
    if (method === 'GET' && url.pathname === '/rest/api/3/myself') {
      return { status: 200, body: { ...MYSELF_TEMPLATE, emailAddress: this.email, timeZone: this.timeZone } };
    }
    if (url.pathname === '/rest/api/3/search/jql' && (method === 'POST' || method === 'GET')) {
      const input = method === 'POST' ? ((request.body ?? {}) as Json) : {
        jql: url.searchParams.get('jql') ?? undefined,
        nextPageToken: url.searchParams.get('nextPageToken') ?? undefined,
        maxResults: url.searchParams.has('maxResults') ? Number(url.searchParams.get('maxResults')) : undefined,
        fields: url.searchParams.get('fields')?.split(',') ?? undefined,
      };
      return this.search(input);
    }
    return { status: 404, body: { errorMessages: [`No operation ${method} ${url.pathname}`], errors: {} } };
  }

  private search(input: Json): FakeAnswer {
    const jql = typeof input.jql === 'string' ? input.jql : '';
    const fields = Array.isArray(input.fields) ? input.fields.map(String) : ['id'];
    const maxResults = Math.min(typeof input.maxResults === 'number' ? input.maxResults : 50, this.maxResultsCap);
    const queryHash = createHash('sha1').update(JSON.stringify([jql, fields, maxResults])).digest('hex').slice(0, 12);
    let offset = 0;
    if (typeof input.nextPageToken === 'string') {
      const decoded = this.decodeToken(input.nextPageToken);
      if (!decoded || decoded.h !== queryHash || decoded.t < this.tokensValidFrom) {
        return { status: 400, body: { errorMessages: ['The nextPageToken is invalid or has expired.'], errors: {} } };
      }
      offset = decoded.o;
    }
    let matching: FakeJiraIssue[];
    try {
      matching = this.evaluate(jql);
    } catch (error) {
      if (!(error instanceof JqlError)) throw error;
      return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${error.message}`], errors: {} } };
    }
    const page = matching.slice(offset, offset + maxResults);
    const last = offset + maxResults >= matching.length;
    this.searches.push({ jql, returned: page.length });
    const body: Json = { ...structuredClone(PAGE_TEMPLATE), issues: page.map((issue) => this.toApi(issue, fields)), isLast: last };
    if (last) delete body.nextPageToken;
    else body.nextPageToken = Buffer.from(JSON.stringify({ o: offset + maxResults, h: queryHash, t: Date.now() })).toString('base64url');
    return { status: 200, body };
  }

  private decodeToken(token: string): { o: number; h: string; t: number } | null {
    try {
      const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number; h: string; t: number };
      return typeof value.o === 'number' && typeof value.h === 'string' && typeof value.t === 'number' ? value : null;
    } catch {
      return null;
    }
  }

  /** The issue as the API shows it, with only the requested fields. */
  toApi(issue: FakeJiraIssue, requested: string[]): Json {
    const template = structuredClone(ISSUE_TEMPLATE);
    const base = this.url || 'https://your-domain.atlassian.net';
    const templateFields = template.fields as Json;
    const all: Json = {
      ...templateFields,
      summary: issue.summary,
      issuetype: { ...(templateFields.issuetype as Json), name: issue.issuetype },
      project: { ...(templateFields.project as Json), key: issue.project, name: `${issue.project} project` },
      components: issue.components.map((name, index) => ({ self: `${base}/rest/api/3/component/${20000 + index}`, id: String(20000 + index), name })),
      priority: issue.priority === null ? null : { ...(templateFields.priority as Json), name: issue.priority },
      labels: issue.labels,
      status: {
        ...(templateFields.status as Json),
        name: issue.statusCategory === 'done' ? 'Done' : issue.statusCategory === 'indeterminate' ? 'In Progress' : 'Open',
        statusCategory: { ...((templateFields.status as Json).statusCategory as Json), key: issue.statusCategory },
      },
      resolution: issue.resolution === null ? null : { ...(templateFields.resolution as Json), name: issue.resolution },
      created: jiraDateTime(issue.created),
      updated: jiraDateTime(issue.updated),
      resolutiondate: issue.resolutiondate ? jiraDateTime(issue.resolutiondate) : null,
      statuscategorychangedate: jiraDateTime(issue.statuscategorychangedate),
      description: issue.description,
      customfield_10050: null,
      customfield_10060: null,
      customfield_10070: null,
      ...issue.custom,
    };
    const everything = requested.includes('*all') || requested.includes('*navigable');
    const fields = Object.fromEntries(Object.entries(all).filter(([name]) => everything || requested.includes(name)));
    return { ...template, id: issue.id, key: issue.key, self: `${base}/rest/api/3/issue/${issue.id}`, fields };
  }

  // ------------------------------------------------------------------ JQL

  /** The issues a JQL query matches, in its ORDER BY order (default: created DESC, as Jira's). */
  evaluate(jql: string): FakeJiraIssue[] {
    const orderAt = jql.search(/\border\s+by\b/i);
    const where = orderAt >= 0 ? jql.slice(0, orderAt) : jql;
    const order = orderAt >= 0 ? jql.slice(orderAt).replace(/^order\s+by\s+/i, '') : 'created DESC';
    const tokens = tokenize(where);
    if (tokens.length === 0) throw new JqlError('unbounded queries are not allowed: add a restriction');
    let position = 0;
    const peek = () => tokens[position];
    const next = () => {
      const token = tokens[position++];
      if (token === undefined) throw new JqlError('the query ends too early');
      return token;
    };
    const expression = (): Predicate => {
      const terms = [term()];
      while (peek()?.toUpperCase() === 'AND') {
        position++;
        terms.push(term());
      }
      if (peek() !== undefined && peek() !== ')') throw new JqlError(`unexpected "${peek()}" (this fake supports AND only)`);
      return (issue) => terms.every((predicate) => predicate(issue));
    };
    const term = (): Predicate => {
      if (peek() === '(') {
        position++;
        const inner = expression();
        if (next() !== ')') throw new JqlError('missing ")"');
        return inner;
      }
      const field = next().toLowerCase();
      const operator = next().toUpperCase();
      if (operator === 'IN') {
        if (next() !== '(') throw new JqlError('IN needs a list');
        const values: string[] = [];
        for (let token = next(); token !== ')'; token = next()) if (token !== ',') values.push(unquote(token));
        return (issue) => values.some((value) => this.compare(issue, field, '=', value));
      }
      if (!['=', '!=', '>=', '<=', '>', '<'].includes(operator)) throw new JqlError(`operator "${operator}" is not supported`);
      const value = unquote(next());
      return (issue) => this.compare(issue, field, operator, value);
    };
    const predicate = expression();
    if (position < tokens.length) throw new JqlError(`unexpected "${peek()}"`);
    const sorters = order.split(',').map((part) => {
      const [name = '', direction = 'ASC'] = part.trim().split(/\s+/);
      const sign = direction.toUpperCase() === 'DESC' ? -1 : 1;
      const key = (issue: FakeJiraIssue): [string, number] | string => {
        switch (name.toLowerCase()) {
          case 'created': return issue.created;
          case 'updated': return issue.updated;
          case 'key': case 'issuekey': return [issue.project, Number(issue.key.split('-')[1])];
          case 'id': return issue.id.padStart(12, '0');
          default: throw new JqlError(`cannot order by "${name}"`);
        }
      };
      return (a: FakeJiraIssue, b: FakeJiraIssue) => {
        const [x, y] = [key(a), key(b)];
        const cmp = Array.isArray(x) && Array.isArray(y) ? (x[0] === y[0] ? x[1] - y[1] : x[0] < y[0] ? -1 : 1) : x < y ? -1 : x > y ? 1 : 0;
        return sign * cmp;
      };
    });
    return this.issues.filter(predicate).sort((a, b) => {
      for (const sorter of sorters) {
        const result = sorter(a, b);
        if (result !== 0) return result;
      }
      return 0;
    });
  }

  private jqlInstant(value: string): number {
    const [datePart = '', timePart = '00:00', extra] = value.trim().split(/\s+/);
    const date = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(datePart);
    const time = /^(\d{2}):(\d{2})$/.exec(timePart);
    if (!date || !time || extra !== undefined) throw new JqlError(`date value "${value}" is not yyyy/MM/dd HH:mm`);
    const [, year, month, day] = date;
    const [, hour, minute] = time;
    return zonedTimeToInstant({ year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute) }, this.timeZone);
  }

  private compare(issue: FakeJiraIssue, field: string, operator: string, value: string): boolean {
    const equal = (candidates: string[]) => {
      const found = candidates.some((candidate) => candidate.toLowerCase() === value.toLowerCase());
      if (operator === '=') return found;
      if (operator === '!=') return !found;
      throw new JqlError(`operator "${operator}" does not apply to ${field}`);
    };
    switch (field) {
      case 'issuetype': case 'type': return equal([issue.issuetype]);
      case 'project': return equal([issue.project, `${issue.project} project`]);
      case 'component': return equal(issue.components);
      case 'labels': return equal(issue.labels);
      case 'priority': return equal(issue.priority ? [issue.priority] : []);
      case 'statuscategory': return equal([issue.statusCategory, { new: 'To Do', indeterminate: 'In Progress', done: 'Done' }[issue.statusCategory]]);
      case 'created': case 'updated': case 'resolutiondate': case 'resolved': {
        const raw = field === 'resolved' ? issue.resolutiondate : issue[field];
        if (raw === null) return false;
        const time = Date.parse(raw);
        const bound = this.jqlInstant(value);
        switch (operator) {
          case '>=': return time >= bound;
          case '<=': return time <= bound;
          case '>': return time > bound;
          case '<': return time < bound;
          default: throw new JqlError(`operator "${operator}" does not apply to dates here`);
        }
      }
      default:
        throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
    }
  }
}
