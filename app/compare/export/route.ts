// The comparison as a download: the metrics export for the chosen teams (same rows as /metrics/export).
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { accessScopeOf } from '@/lib/access/viewer';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { recordAuditEvent } from '@/lib/audit';
import { getCurrentViewer } from '@/lib/auth/current-viewer';
import { getDb } from '@/lib/db';
import { getMetricsReports } from '@/lib/metrics';
import { loadOrganisation } from '@/lib/metrics/scope';
import { downloadResponse } from '@/lib/records/export';
import { metricsReportsBody } from '@/lib/records/metrics-export';

export async function GET(request: Request): Promise<Response> {
  const viewer = await getCurrentViewer();
  if (!viewer) return errorResponse(401, 'unauthenticated', 'Sign in to export metrics.');
  const search: SearchParams = Object.fromEntries(new URL(request.url).searchParams.entries());
  const format = search.format === 'json' ? 'json' : 'csv';
  const slugs = typeof search.teams === 'string' ? [...new Set(search.teams.split(',').map((s) => s.trim()).filter(Boolean))].slice(0, 5) : [];
  if (slugs.length === 0) return errorResponse(400, 'invalid_request', 'teams must list one to five team slugs, comma-separated.');
  try {
    const db = getDb();
    const period = resolvePeriod(search, await getOrgTimeZone(db));
    const organisation = await loadOrganisation(db);
    const scopes = slugs.map((slug) => ({ kind: 'team', slug }) as const);
    const reports = await getMetricsReports(db, accessScopeOf(viewer), scopes, period.period);
    await recordAuditEvent(db, {
      actor: { type: 'user', id: viewer.id, name: viewer.name },
      action: `export.${format}`,
      target: 'metrics',
      details: { scope: slugs.map((s) => `team:${s}`), from: period.from, to: period.to, tz: period.timeZone },
    });
    const rows = scopes.map((scope, i) => ({ scope, label: organisation.teams.find((t) => t.slug === scope.slug)?.name ?? scope.slug, report: reports[i]! }));
    return downloadResponse(metricsReportsBody(format, period, rows), format, ['vitals', 'compare', ...slugs, period.from, period.to]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
