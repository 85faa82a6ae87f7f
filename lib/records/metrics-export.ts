// Metric reports as a flat table for spreadsheets: one row per scope and field ("leadTime.median"),
// with the current and previous period's values. Values are exported unrounded, as the API gives them.
import type { MetricsReport } from '@/lib/metrics';
import type { Scope } from '@/lib/metrics/types';
import { toCsv, type ExportFormat } from '@/lib/records/export';
import { formatScopeParam } from '@/lib/records/scope';

type Leaf = string | number | boolean | null;

function flatten(value: unknown, prefix: string, out: Map<string, Leaf>): void {
  if (value === null || typeof value !== 'object') {
    out.set(prefix, value === undefined ? null : (value as Leaf));
    return;
  }
  for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, out);
}

type LabelledReport = { scope: Scope; label: string; report: MetricsReport };

/** A metrics export's body: the flat table as CSV, or the reports as JSON under their period. */
export function metricsReportsBody(format: ExportFormat, period: { from: string; to: string; timeZone: string }, reports: LabelledReport[]): string {
  if (format === 'csv') return metricsReportsCsv(reports);
  const json = { from: period.from, to: period.to, tz: period.timeZone, reports: reports.map((r) => ({ name: r.label, ...r.report })) };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function metricsReportsCsv(reports: LabelledReport[]): string {
  const rows: Leaf[][] = [];
  for (const { scope, label, report } of reports) {
    const current = new Map<string, Leaf>();
    const previous = new Map<string, Leaf>();
    flatten(report.current, '', current);
    flatten(report.previous, '', previous);
    for (const [field, value] of current) {
      rows.push([
        formatScopeParam(scope),
        label,
        report.period.from.toISOString(),
        report.period.to.toISOString(),
        report.period.timeZone,
        field,
        value,
        previous.get(field) ?? null,
      ]);
    }
  }
  return toCsv(['scope', 'name', 'from', 'to', 'timeZone', 'metric', 'current', 'previous'], rows);
}
