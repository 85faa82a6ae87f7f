// POST /api/webhooks/github: GitHub webhook deliveries, verified with X-Hub-Signature-256, replays
// ignored, bodies over 1 MB refused. The work is lib/sources/github-webhooks.ts.
import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { readBodyText } from '@/lib/api/request';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { handleGitHubWebhook, MAX_WEBHOOK_BYTES, WebhookSignatureError } from '@/lib/sources/github-webhooks';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

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
    // The signature is over these exact bytes, so the body is kept as text until it is verified.
    const rawBody = await readBodyText(request, MAX_WEBHOOK_BYTES);
    const outcome = await handleGitHubWebhook(getDb(), { event, deliveryId, signature: request.headers.get('x-hub-signature-256'), rawBody });
    return NextResponse.json(outcome, { status: outcome.status === 'processed' || outcome.status === 'pong' ? 200 : 202, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return errorResponse(401, 'invalid_signature', error.message);
    if (error instanceof SyntaxError) return errorResponse(400, 'invalid_json', 'The body is not valid JSON.');
    return toErrorResponse(error);
  }
}
