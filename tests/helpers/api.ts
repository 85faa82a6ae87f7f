// Calling route handlers in-process with real requests: the handler, its validation, the store and
// the database are all real; only the HTTP server is left out.
import { NextRequest } from 'next/server';

export const BASE_URL = 'http://vitals.test';

export function jsonRequest(path: string, init: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  return new NextRequest(`${BASE_URL}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}

export async function readJson(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const routeParams = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
