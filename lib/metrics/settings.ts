// Organisation settings the metrics depend on. A missing OrgSettings row means the defaults.
import type { DbClient } from '@/lib/db';
import { DEFAULT_METRIC_SETTINGS, type MetricSettings } from '@/lib/metrics/types';

interface OrgSettingsRow {
  incidentWindowHours: number;
  slaCriticalDays: number;
  slaHighDays: number;
  slaMediumDays: number;
  slaLowDays: number;
}

export async function loadMetricSettings(db: DbClient): Promise<MetricSettings> {
  const rows = await db.$queryRaw<OrgSettingsRow[]>`
    SELECT "incidentWindowHours", "slaCriticalDays", "slaHighDays", "slaMediumDays", "slaLowDays"
    FROM "OrgSettings" WHERE id = 1`;
  const row = rows[0];
  if (!row) return DEFAULT_METRIC_SETTINGS;
  return {
    incidentWindowHours: row.incidentWindowHours,
    slaDays: { critical: row.slaCriticalDays, high: row.slaHighDays, medium: row.slaMediumDays, low: row.slaLowDays },
  };
}
