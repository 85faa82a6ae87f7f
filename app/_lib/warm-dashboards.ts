// After a sync, compute the org overview again for every preset range of the period picker (the
// default first) — every team's cards and sparklines, as the overview page loads them for the
// organisation's time zone — so the maintained metric results hold them before a manager opens the
// page. Only cells a write has outdated are computed (lib/metrics/sql computes the missing cells of a
// grid), so a sync that changed nothing costs a few lookups. Team cells are shared by every viewer (a
// result is keyed by its scope's members, not by who asks), so a manager's narrower overview is ready
// too. Custom ranges are computed when first viewed. Run by the worker (lib/jobs/app-worker.ts).
import { FULL_ACCESS } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { loadOverview } from '@/app/_lib/metrics-data';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { DEFAULT_RANGE, RANGES, resolvePeriod, type RangeId } from '@/app/_lib/period';

/** The period picker's preset ranges, the default first. */
export const WARMED_RANGES: readonly RangeId[] = [
  DEFAULT_RANGE,
  ...RANGES.map((range) => range.id).filter((id) => id !== DEFAULT_RANGE && id !== 'custom'),
];

export async function warmDashboards(db: Db, now: Date = new Date()): Promise<void> {
  const timeZone = await getOrgTimeZone(db);
  for (const range of WARMED_RANGES) {
    await loadOverview(db, FULL_ACCESS, resolvePeriod({ range }, timeZone, now).period);
  }
}
