import type { Db } from '@/lib/db';

/** The organisation's time zone (OrgSettings), the default `tz` of every page. */
export async function getOrgTimeZone(db: Db): Promise<string> {
  const settings = await db.orgSettings.findUnique({ where: { id: 1 }, select: { timeZone: true } });
  return settings?.timeZone ?? 'UTC';
}
