// Calendar maths for metric periods. A period is `[from, to)` between two local midnights of an IANA time
// zone; its days, its previous period and its 7-/30-day windows are calendar days in that zone, so a week
// across a DST change lasts 167 or 169 hours. Everything else (the reference and the SQL) takes its day
// boundaries from here, so there is one source of truth for time-zone rules.
import type { Period } from '@/lib/metrics/types';

const DAY_MS = 86_400_000;
const API_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** One part of an IANA name (`Area/City`, `UTC`, `Etc/GMT+5`); bare offsets, which Intl takes, are not names. */
const IANA_PART = /^[A-Za-z0-9_+-]+$/;

function looksLikeIanaName(name: string): boolean {
  return /^[A-Za-z]/.test(name) && name.split('/').every((part) => IANA_PART.test(part));
}

/** A request asked for a date, time zone or period that does not exist; routes map it to 400. */
export class InvalidPeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPeriodError';
  }
}

// ------------------------------------------------------------------------------------------ time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The canonical spelling of an IANA time zone name (`america/new_york` → `America/New_York`). */
export function canonicalTimeZone(timeZone: string): string {
  if (!looksLikeIanaName(timeZone)) throw new InvalidPeriodError(`Unknown time zone "${timeZone}".`);
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    // Intl throws a RangeError for names it does not know; that is the answer we need, not a fault.
    throw new InvalidPeriodError(`Unknown time zone "${timeZone}".`);
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    canonicalTimeZone(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  /** Days since 1970-01-01 of the local calendar date. */
  day: number;
  /** Milliseconds since 1970-01-01T00:00 of the local wall-clock time, as if it were UTC. */
  wallMs: number;
}

function wallClockOf(instant: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  const year = field('year');
  const dayStartMs = Date.UTC(year, field('month') - 1, field('day'));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that for the odd ancient date.
  const fixedDayStart = year < 100 ? new Date(dayStartMs).setUTCFullYear(year) : dayStartMs;
  const wallMs = fixedDayStart + field('hour') * 3_600_000 + field('minute') * 60_000 + field('second') * 1000
    + (((instant % 1000) + 1000) % 1000);
  return { day: Math.floor(fixedDayStart / DAY_MS), wallMs };
}

/** UTC offset in milliseconds in effect at an instant (local wall clock minus UTC). */
function offsetAt(instant: number, timeZone: string): number {
  return wallClockOf(instant, timeZone).wallMs - instant;
}

/** The local calendar day (days since 1970-01-01) of an instant. */
export function localDayOf(instant: Date, timeZone: string): number {
  return wallClockOf(instant.getTime(), timeZone).day;
}

/**
 * The first instant of a local calendar day: local midnight, or — where a DST change skips midnight
 * (e.g. America/Santiago) — the instant the clocks jump, when that day begins.
 */
export function startOfLocalDay(day: number, timeZone: string): Date {
  const wall = day * DAY_MS;
  const offsets = new Set([offsetAt(wall - DAY_MS, timeZone), offsetAt(wall, timeZone), offsetAt(wall + DAY_MS, timeZone)]);
  const exact = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // Midnight does not exist: find the first instant whose local day is `day` (between the two offsets).
  let low = wall - Math.max(...offsets);
  let high = wall - Math.min(...offsets);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallClockOf(middle, timeZone).day >= day) high = middle;
    else low = middle;
  }
  return new Date(wallClockOf(low, timeZone).day >= day ? low : high);
}

// ------------------------------------------------------------------------------------------ API dates

/** `YYYY-MM-DD` → days since 1970-01-01; throws for dates that do not exist (2025-02-30). */
export function parseCalendarDate(date: string): number {
  const match = API_DATE.exec(date);
  if (!match) throw new InvalidPeriodError(`"${date}" is not a date in the form YYYY-MM-DD.`);
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, dayOfMonth);
  const check = new Date(ms);
  if (year < 1000 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) {
    throw new InvalidPeriodError(`"${date}" is not a valid calendar date.`);
  }
  return ms / DAY_MS;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function formatCalendarDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** An API date means midnight of that date in the request's time zone. */
export function parseApiDate(date: string, timeZone: string): Date {
  return startOfLocalDay(parseCalendarDate(date), canonicalTimeZone(timeZone));
}

/** `from`/`to` as API dates + `tz` (default UTC) → a validated period. */
export function parsePeriod(input: { from: string; to: string; timeZone?: string | undefined }): Period {
  const timeZone = canonicalTimeZone(input.timeZone ?? 'UTC');
  const fromDay = parseCalendarDate(input.from);
  const toDay = parseCalendarDate(input.to);
  if (toDay <= fromDay) throw new InvalidPeriodError('"to" must be after "from".');
  return { from: startOfLocalDay(fromDay, timeZone), to: startOfLocalDay(toDay, timeZone), timeZone };
}

// ------------------------------------------------------------------------------------------ periods

/** The local calendar days of a period's ends; throws unless both are local midnights in its zone. */
export function periodDays(period: Period): { first: number; end: number; count: number } {
  const first = localDayOf(period.from, period.timeZone);
  const end = localDayOf(period.to, period.timeZone);
  if (startOfLocalDay(first, period.timeZone).getTime() !== period.from.getTime()
    || startOfLocalDay(end, period.timeZone).getTime() !== period.to.getTime()) {
    throw new InvalidPeriodError('A period must start and end at midnight in its time zone.');
  }
  if (end <= first) throw new InvalidPeriodError('A period must contain at least one day.');
  return { first, end, count: end - first };
}

/** Number of calendar days in the period. */
export function periodLength(period: Period): number {
  return periodDays(period).count;
}

/** The same number of calendar days just before `from`. */
export function previousPeriod(period: Period): Period {
  const { first, count } = periodDays(period);
  return { from: startOfLocalDay(first - count, period.timeZone), to: period.from, timeZone: period.timeZone };
}

/** A period of whole calendar days `[firstDay, endDay)` in a zone. */
export function periodOfDays(firstDay: number, endDay: number, timeZone: string): Period {
  return { from: startOfLocalDay(firstDay, timeZone), to: startOfLocalDay(endDay, timeZone), timeZone };
}

/**
 * The period cut from `from` into consecutive whole windows of `size` calendar days; leftover days at
 * the end are ignored.
 */
export function calendarWindows(period: Period, size: number): Period[] {
  const { first, count } = periodDays(period);
  const windows: Period[] = [];
  for (let start = first; start + size <= first + count; start += size) {
    windows.push(periodOfDays(start, start + size, period.timeZone));
  }
  return windows;
}

/** Instants at which each calendar day of the period starts, plus `to`: `count + 1` boundaries. */
export function dayBoundaries(period: Period): Date[] {
  const { first, count } = periodDays(period);
  const boundaries: Date[] = [];
  for (let day = first; day <= first + count; day += 1) boundaries.push(startOfLocalDay(day, period.timeZone));
  return boundaries;
}

/** Calendar months `[1st, 1st of next)` overlapping the period, clipped to it. */
export function calendarMonths(period: Period): Period[] {
  const { first, end } = periodDays(period);
  const months: Period[] = [];
  let start = first;
  while (start < end) {
    const date = new Date(start * DAY_MS);
    const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
    const stop = Math.min(nextMonth, end);
    months.push(periodOfDays(start, stop, period.timeZone));
    start = stop;
  }
  return months;
}

/** Consecutive 7-day buckets from `from`; the last one is clipped to `to` (trend charts show it too). */
export function calendarWeeks(period: Period): Period[] {
  const { first, end } = periodDays(period);
  const weeks: Period[] = [];
  for (let start = first; start < end; start += 7) weeks.push(periodOfDays(start, Math.min(start + 7, end), period.timeZone));
  return weeks;
}
