// PUT /api/v1/teams/{slug} (admin): create or replace a team and its repository mapping.
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { isAdmin } from '@/lib/access/viewer';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { authenticate, readJsonBody } from '@/lib/api/request';
import { recordAuditEvent } from '@/lib/audit';
import { getDb } from '@/lib/db';
import { putTeam } from '@/lib/store/teams';
import { MAX_BODY_BYTES, teamInput, teamSlug } from '@/lib/validations/ingest';

export async function PUT(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const caller = await authenticate(request, 'admin');
    if (!isAdmin(caller.viewer)) return errorResponse(403, 'forbidden', 'Only admins can change teams.');
    const slug = teamSlug.parse((await params).slug);
    const input = teamInput.parse(await readJsonBody(request, MAX_BODY_BYTES));
    const result = await putTeam(getDb(), slug, input);
    await recordAuditEvent(getDb(), {
      actor: { type: caller.viewer.kind === 'token' ? 'token' : 'user', id: caller.viewer.id, name: caller.viewer.name },
      action: result.created ? 'team.create' : 'team.update',
      target: `team:${slug}`,
      details: { name: input.name, parent: input.parent ?? null, repositories: input.repositories.length },
      ip: request.headers.get('x-forwarded-for'),
    });
    return NextResponse.json(result.team, { status: result.created ? 201 : 200, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
