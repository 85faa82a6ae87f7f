// Request plumbing for route handlers: who is calling (bearer token or session), and a JSON body
// read with a hard size limit before parsing.
import type { NextRequest } from 'next/server';
import type { Viewer } from '@/lib/access/viewer';
import { ApiError } from '@/lib/api/errors';
import { sessionCookieName, viewerForSessionToken } from '@/lib/auth/sessions';
import { authenticateToken, type TokenScope } from '@/lib/auth/tokens';
import { getDb } from '@/lib/db';

export interface Caller {
  viewer: Viewer;
  /** The ingest source of a token caller; null for sessions. */
  sourceId: number | null;
}

/** The authenticated caller, or a 401. Bearer tokens must carry `scope`. */
export async function authenticate(request: NextRequest, scope: TokenScope): Promise<Caller> {
  const header = request.headers.get('authorization');
  if (header !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'The Authorization header must be "Bearer <token>".');
    const principal = await authenticateToken(getDb(), match[1]);
    if (!principal) throw new ApiError(401, 'unauthorized', 'The token is unknown, revoked or expired.');
    if (!principal.viewer.scopes.includes(scope)) {
      throw new ApiError(403, 'insufficient_scope', `This call needs a token with the "${scope}" scope.`);
    }
    return { viewer: principal.viewer, sourceId: principal.sourceId };
  }
  // The session cookie is read from the request itself, so handlers work the same outside Next's
  // request scope (in-process tests, the access matrix).
  const sessionToken = request.cookies.get(sessionCookieName())?.value;
  const viewer = sessionToken ? await viewerForSessionToken(getDb(), sessionToken) : null;
  if (!viewer) {
    throw new ApiError(401, 'unauthorized', 'Sign in, or send "Authorization: Bearer <token>".', {
      'WWW-Authenticate': 'Bearer realm="vitals"',
    });
  }
  return { viewer, sourceId: null };
}

/** The body as text, read up to `maxBytes` (413 beyond, whatever Content-Length claims). */
export async function readBodyText(request: NextRequest, maxBytes: number): Promise<string> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `The body is over the limit of ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads at most `maxBytes` of the body and parses it as JSON; 413 beyond, 415 when not JSON, 400 when not valid. */
export async function readJsonBody(request: NextRequest, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  // Too large is the first thing to say, even of a body of the wrong type.
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError(413, 'payload_too_large', `The body is over the limit of ${maxBytes} bytes.`);
  }
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !(mediaType.startsWith('application/') && mediaType.endsWith('+json'))) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const text = await readBodyText(request, maxBytes);
  if (text === '') throw new ApiError(400, 'invalid_json', 'The request has no body.');
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  // PostgreSQL text cannot hold the NUL character: refuse it here, as input, not later as a server
  // error. Only a body that spells it (\u0000) needs the walk.
  if (/\\u0000/i.test(text) && containsNul(body)) {
    throw new ApiError(400, 'invalid_json', 'Strings must not contain the NUL character (\\u0000).');
  }
  return body;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, item]) => key.includes('\0') || containsNul(item));
  return false;
}
