// Metrics download (CSV or JSON) for the overview (every visible team, and the org for full access) or
// one scope, for the page's period — computed by lib/metrics, like GET /api/v1/metrics. Audited.
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { resolvePeriod, type SearchParams } from '@/app/_lib/period';
import { accessScopeOf } from '@/lib/access/viewer';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { recordAuditEvent } from '@/lib/audit';
import { getCurrentViewer } from '@/lib/auth/current-viewer';
import { getDb } from '@/lib/db';
import { getMetricsReports } from '@/lib/metrics';
import { loadOrganisation, visibleTeams } from '@/lib/metrics/scope';
import type { Scope } from '@/lib/metrics/types';
import { downloadResponse } from '@/lib/records/export';
import { metricsReportsBody } from '@/lib/records/metrics-export';
import { formatScopeParam, parseScopeParam } from '@/lib/records/scope';

export async function GET(request: Request): Promise<Response> {
  const viewer = await getCurrentViewer();
  if (!viewer) return errorResponse(401, 'unauthenticated', 'Sign in to export metrics.');
  const access = accessScopeOf(viewer);
  const search: SearchParams = Object.fromEntries(new URL(request.url).searchParams.entries());
  const format = search.format === 'json' ? 'json' : 'csv';
  try {
    const db = getDb();
    const period = resolvePeriod(search, await getOrgTimeZone(db));
    const scopeParam = typeof search.scope === 'string' ? search.scope : undefined;
    const requested = parseScopeParam(scopeParam);
    if (scopeParam && !requested) return errorResponse(400, 'invalid_request', 'scope must be org, team:<slug> or repo:<owner/name>.');

    const organisation = await loadOrganisation(db);
    const labelled: { scope: Scope; label: string }[] = requested
      ? [{ scope: requested, label: requested.kind === 'team' ? (organisation.teams.find((t) => t.slug === requested.slug)?.name ?? requested.slug) : requested.kind === 'repo' ? requested.fullName : 'Organisation' }]
      : [
          ...(access.kind === 'all' ? [{ scope: { kind: 'org' } as const, label: 'Organisation' }] : []),
          ...visibleTeams(organisation, access).map((team) => ({ scope: { kind: 'team', slug: team.slug } as const, label: team.name })),
        ];
    const reports = await getMetricsReports(db, access, labelled.map((l) => l.scope), period.period);
    await recordAuditEvent(db, {
      actor: { type: viewer.kind === 'token' ? 'token' : 'user', id: viewer.id, name: viewer.name },
      action: `export.${format}`,
      target: 'metrics',
      details: { scope: scopeParam ?? 'overview', from: period.from, to: period.to, tz: period.timeZone },
    });
    const rows = labelled.flatMap((l, index) => {
      const report = reports[index];
      return report ? [{ ...l, report }] : [];
    });
    const scopeName = requested ? formatScopeParam(requested).replace(':', '-') : 'overview';
    return downloadResponse(metricsReportsBody(format, period, rows), format, ['vitals', 'metrics', scopeName, period.from, period.to]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
