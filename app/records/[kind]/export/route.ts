// CSV/JSON download of a drill-down table: the same query as the page (scope, period, filters, sort),
// every row, under the signed-in viewer's access. Each export is an audit event (DESIGN.md).
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { flatParams, parseBaseQuery } from '@/app/_lib/record-query';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { accessScopeOf } from '@/lib/access/viewer';
import { recordAuditEvent } from '@/lib/audit';
import { getCurrentViewer } from '@/lib/auth/current-viewer';
import { getDb } from '@/lib/db';
import { downloadResponse } from '@/lib/records/export';
import { exportRecords } from '@/lib/records/export-records';
import { isRecordKind } from '@/lib/records/kinds';

export async function GET(request: Request, context: { params: Promise<{ kind: string }> }): Promise<Response> {
  const { kind } = await context.params;
  if (!isRecordKind(kind)) return errorResponse(404, 'not_found', `No record kind "${kind}".`);
  const url = new URL(request.url);
  const search: SearchParams = Object.fromEntries(url.searchParams.entries());
  const format = search.format === 'json' ? 'json' : 'csv';
  const viewer = await getCurrentViewer();
  if (!viewer) return errorResponse(401, 'unauthenticated', 'Sign in to export records.');
  const access = accessScopeOf(viewer);
  try {
    const db = getDb();
    const period = resolvePeriod(search, await getOrgTimeZone(db));
    const base = parseBaseQuery(kind, search, period.period);
    const params = flatParams(search);
    const meta = { kind, scope: params.scope ?? null, from: period.from, to: period.to, tz: period.timeZone, generatedAt: new Date().toISOString() };
    const chunks = exportRecords(kind, access, db, base, params, format, meta);
    // Run the access check and first batch now, so a refusal is a 403 rather than a broken download.
    const first = await chunks.next();
    await recordAuditEvent(db, {
      actor: { type: viewer.kind === 'token' ? 'token' : 'user', id: viewer.id, name: viewer.name },
      action: `export.${format}`,
      target: `records:${kind}`,
      details: { scope: params.scope ?? null, from: period.from, to: period.to, tz: period.timeZone },
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return downloadResponse(body, format, ['vitals', kind, params.scope?.replace(':', '-') ?? 'all', period.from, period.to]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
