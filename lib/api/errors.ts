// One error shape for every API response: {"error": {"code", "message"}}. Domain errors map to
// statuses here, in one place; anything unexpected is logged with an id and answered as a 500
// that reveals nothing.
import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '@/lib/access/viewer';
import { InvalidInputError } from '@/lib/errors';
import { InvalidPeriodError } from '@/lib/metrics/period';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/** "deployments[3].finishedAt: must be an ISO 8601 date-time" for each problem, the first few only. */
export function describeZodError(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path
      .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
      .join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return lines.join('; ') + more;
}

export function toErrorResponse(error: unknown) {
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.headers);
  if (error instanceof z.ZodError) return errorResponse(422, 'invalid_request', describeZodError(error));
  if (error instanceof InvalidPeriodError) return errorResponse(400, 'invalid_period', error.message);
  if (error instanceof InvalidInputError) return errorResponse(422, 'invalid_request', error.message);
  if (error instanceof ForbiddenError) return errorResponse(403, 'forbidden', error.message);
  if (error instanceof NotFoundError) return errorResponse(404, 'not_found', error.message);
  const id = randomUUID();
  console.error(`[api] unexpected error ${id}:`, error instanceof Error ? (error.stack ?? error.message) : error);
  return errorResponse(500, 'internal_error', `Something went wrong on our side (error id ${id}).`);
}
