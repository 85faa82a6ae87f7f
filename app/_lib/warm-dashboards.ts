// After a sync, compute the default org overview again — every team's cards and sparklines, as the
// overview page loads them for the organisation's time zone and default period — so the maintained
// metric results hold them before a manager opens the page. Team cells are shared by every viewer (a
// result is keyed by its scope's members, not by who asks), so a manager's narrower overview is ready
// too. Run by the worker (lib/jobs/app-worker.ts).
import { FULL_ACCESS } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { loadOverview } from '@/app/_lib/metrics-data';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { resolvePeriod } from '@/app/_lib/period';

export async function warmDashboards(db: Db, now: Date = new Date()): Promise<void> {
  const { period } = resolvePeriod({}, await getOrgTimeZone(db), now);
  await loadOverview(db, FULL_ACCESS, period);
}
