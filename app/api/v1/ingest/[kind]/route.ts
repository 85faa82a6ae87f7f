// POST /api/v1/ingest/{changes|deployments|incidents|findings}: idempotent batch upserts (ingest scope).
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { authenticate, readJsonBody } from '@/lib/api/request';
import { getDb } from '@/lib/db';
import { ingestChanges, ingestDeployments, ingestFindings, ingestIncidents } from '@/lib/store/ingest';
import { ingestBodies, MAX_BODY_BYTES, type IngestKind } from '@/lib/validations/ingest';

const writers = {
  changes: (sourceId: number, body: unknown) => ingestChanges(getDb(), sourceId, ingestBodies.changes.parse(body).changes ?? []),
  deployments: (sourceId: number, body: unknown) =>
    ingestDeployments(getDb(), sourceId, ingestBodies.deployments.parse(body).deployments ?? []),
  incidents: (sourceId: number, body: unknown) => ingestIncidents(getDb(), sourceId, ingestBodies.incidents.parse(body).incidents ?? []),
  findings: (sourceId: number, body: unknown) => ingestFindings(getDb(), sourceId, ingestBodies.findings.parse(body).findings ?? []),
} satisfies Record<IngestKind, unknown>;

function isIngestKind(kind: string): kind is IngestKind {
  return Object.hasOwn(writers, kind);
}

export async function POST(request: NextRequest, { params }: { params: Promise<{ kind: string }> }) {
  try {
    const { kind } = await params;
    if (!isIngestKind(kind)) {
      return errorResponse(404, 'not_found', `Unknown record kind "${kind}": use changes, deployments, incidents or findings.`);
    }
    const caller = await authenticate(request, 'ingest');
    if (caller.sourceId === null) return errorResponse(403, 'insufficient_scope', 'Ingest needs an API token with the "ingest" scope.');
    const body = await readJsonBody(request, MAX_BODY_BYTES);
    const result = await writers[kind](caller.sourceId, body);
    return NextResponse.json(result, { status: 200, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
