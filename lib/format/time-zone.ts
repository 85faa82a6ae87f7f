// Calendar days for pages (the period picker's ranges: today in tz, N days back). The zone rules
// themselves (which names are valid, which day an instant falls on) are lib/metrics/period's, the one
// source of truth for time zones, so a page and the metrics cut days at the same local midnight.
import { isValidTimeZone, localDayOf } from '@/lib/metrics/period';

export { isValidTimeZone };

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** The calendar day `instant` falls on in `timeZone`. */
export function zonedDay(instant: Date, timeZone: string): CalendarDay {
  const date = new Date(localDayOf(instant, timeZone) * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `day` shifted by whole calendar days (pure date arithmetic, no time zone involved). */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatIsoDay(day: CalendarDay): string {
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD`; null when it is not a real calendar day. */
export function parseIsoDay(text: string): CalendarDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(day.year, day.month - 1, day.day));
  if (check.getUTCFullYear() !== day.year || check.getUTCMonth() + 1 !== day.month || check.getUTCDate() !== day.day) return null;
  return day;
}

/** Number of calendar days from `a` to `b`. */
export function daysBetween(a: CalendarDay, b: CalendarDay): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
