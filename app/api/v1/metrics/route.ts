// GET /api/v1/metrics?scope=org|team:<slug>|repo:<owner/name>&from=YYYY-MM-DD&to=YYYY-MM-DD&tz=Area/City
// (read): every metric of METRICS.md for the scope and period, with the previous period's values.
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { accessScopeOf } from '@/lib/access/viewer';
import { toErrorResponse } from '@/lib/api/errors';
import { authenticate } from '@/lib/api/request';
import { getDb } from '@/lib/db';
import { getMetricsReport } from '@/lib/metrics';
import { metricsQuery, periodFromQuery } from '@/lib/validations/metrics-query';

export async function GET(request: NextRequest) {
  try {
    const caller = await authenticate(request, 'read');
    const query = metricsQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    const report = await getMetricsReport(getDb(), accessScopeOf(caller.viewer), query.scope, periodFromQuery(query));
    return NextResponse.json(report, { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
