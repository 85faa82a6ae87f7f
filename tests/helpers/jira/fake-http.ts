// The HTTP frame shared by the fake Jira and the fake PagerDuty: a local server on 127.0.0.1, a log of
// every request, credential checks, and injected faults (an error status with headers, or a dropped
// connection) matched against "METHOD /path?query" — the same frame as the fake GitHub's.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  match: RegExp;
  status: number;
  /** How many matching requests get the fault (then it is spent). */
  times: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Destroy the socket instead of answering: a network error. */
  drop?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  at: number;
}

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export abstract class FakeHttpServer {
  url = '';
  readonly log: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Called before every request is answered: a test throws from it to kill a sync at that point. */
  beforeAnswer: (request: FakeRequest) => void = () => {};
  private server?: Server;

  /** null when the request carries the right credentials, else the vendor's 401. */
  protected abstract checkAuth(headers: IncomingHttpHeaders): FakeAnswer | null;
  protected abstract route(request: FakeRequest): FakeAnswer;
  /** The vendor's clock, sent as the `Date` header (it is not the test machine's). */
  protected abstract serverTime(): number;

  protected async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(JSON.stringify({ message: `fake server bug: ${String(error)}` }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  resetLog(): void {
    this.log.length = 0;
  }

  statusCounts(): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const entry of this.log) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
    return counts;
  }

  private send(res: ServerResponse, logged: Omit<LoggedRequest, 'status' | 'at'>, answer: FakeAnswer): void {
    this.log.push({ ...logged, status: answer.status, at: Date.now() });
    res.statusCode = answer.status;
    res.setHeader('date', new Date(this.serverTime()).toUTCString());
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    if (answer.body === undefined) {
      res.end();
    } else if (typeof answer.body === 'string') {
      if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(answer.body);
    } else {
      if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(answer.body));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const logged = { method, path: url.pathname, query: url.searchParams, body };
    const request: FakeRequest = { method, url, headers: req.headers, body };
    this.beforeAnswer(request);
    const refused = this.checkAuth(req.headers);
    if (refused) {
      this.send(res, logged, refused);
      return;
    }
    const line = `${method} ${url.pathname}${url.search}`;
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.match.test(line));
    if (fault) {
      fault.times -= 1;
      if (fault.drop) {
        this.log.push({ ...logged, status: 0, at: Date.now() });
        req.socket.destroy();
        return;
      }
      this.send(res, logged, { status: fault.status, body: fault.body, headers: fault.headers });
      return;
    }
    this.send(res, logged, this.route(request));
  }
}

/** The instant a wall-clock time in an IANA zone stands for (the later one when DST repeats an hour). */
export function zonedTimeToInstant(parts: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): number {
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  const offsetAt = (instant: number) => {
    const shown = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(instant));
    const get = (type: string) => Number(shown.find((part) => part.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
  };
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return guess;
}
