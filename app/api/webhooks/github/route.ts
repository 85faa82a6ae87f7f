// POST /api/webhooks/github: GitHub webhook deliveries, verified with X-Hub-Signature-256, replays
// ignored, bodies over 1 MB refused. The work is lib/sources/github-webhooks.ts.
import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { handleGitHubWebhook, MAX_WEBHOOK_BYTES, WebhookSignatureError } from '@/lib/sources/github-webhooks';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The raw body (the signature is over these exact bytes), or null when it is over the limit. */
async function readRawBody(request: NextRequest, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) return null;
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
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function POST(request: NextRequest) {
  try {
    if (!getEnv().GITHUB_WEBHOOK_SECRET) {
      return errorResponse(503, 'not_configured', 'GitHub webhooks are not configured on this server (GITHUB_WEBHOOK_SECRET).');
    }
    const event = request.headers.get('x-github-event');
    const deliveryId = request.headers.get('x-github-delivery');
    if (!event || !deliveryId || !/^[A-Za-z0-9-]{1,100}$/.test(deliveryId) || !/^[a-z_]{1,100}$/.test(event)) {
      return errorResponse(400, 'invalid_request', 'X-GitHub-Event and X-GitHub-Delivery headers are required.');
    }
    const rawBody = await readRawBody(request, MAX_WEBHOOK_BYTES);
    if (rawBody === null) return errorResponse(413, 'payload_too_large', `The body is over the limit of ${MAX_WEBHOOK_BYTES} bytes.`);
    const outcome = await handleGitHubWebhook(getDb(), { event, deliveryId, signature: request.headers.get('x-hub-signature-256'), rawBody });
    return NextResponse.json(outcome, { status: outcome.status === 'processed' || outcome.status === 'pong' ? 200 : 202, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return errorResponse(401, 'invalid_signature', error.message);
    if (error instanceof SyntaxError) return errorResponse(400, 'invalid_json', 'The body is not valid JSON.');
    return toErrorResponse(error);
  }
}
