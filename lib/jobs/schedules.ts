// Every schedule Vitals runs, and the pure maths behind them (tested with fixed UTC dates in
// tests/unit/jobs/schedules.test.ts). pg-boss fires the crons listed by `plannedSchedules`; the functions
// here predict the same instants for "next run" in the admin UI and the CLI, and decide which weekly
// digest is due for a subscriber in their own time zone.
import cronParser from 'cron-parser';
import { localDayOf, startOfLocalDay } from '@/lib/metrics/period';
import type { Period } from '@/lib/metrics/types';
import { DIGEST_DUE_QUEUE, syncQueueName } from '@/lib/jobs/queues';

const HOUR_MS = 3_600_000;

/** Collection runs hourly unless a source says otherwise (Source.schedule defaults to the same). */
export const DEFAULT_SYNC_CRON = '0 * * * *';

/**
 * How often the worker looks for digests that are due. Every 5 minutes, in UTC, so that Monday 08:00 is
 * met within 5 minutes in every time zone, including those offset by :30 or :45 (India, Nepal).
 */
export const DIGEST_DUE_CRON = '*/5 * * * *';

/** The weekly digest goes out on this ISO weekday (1 = Monday) at this local hour. */
export const DIGEST_SEND_WEEKDAY = 1;
export const DIGEST_SEND_HOUR = 8;

export interface PlannedSchedule {
  queue: string;
  cron: string;
  timeZone: string;
  /** What the schedule is for, shown to admins. */
  label: string;
  data: Record<string, string | number | boolean>;
}

export interface SchedulableSource {
  id: number;
  name: string;
  schedule: string;
  enabled: boolean;
}

export interface ScheduleProblem {
  sourceId: number;
  sourceName: string;
  message: string;
}

/**
 * The complete list of schedules for the given sources, plus the problems that kept a source off it.
 * Source crons are read in the organisation's time zone (the Source.schedule contract).
 */
export function plannedSchedules(
  sources: readonly SchedulableSource[],
  orgTimeZone: string,
): { schedules: PlannedSchedule[]; problems: ScheduleProblem[] } {
  const schedules: PlannedSchedule[] = [
    { queue: DIGEST_DUE_QUEUE, cron: DIGEST_DUE_CRON, timeZone: 'UTC', label: 'Weekly digests: send those due', data: {} },
  ];
  const problems: ScheduleProblem[] = [];
  for (const source of sources) {
    if (!source.enabled) continue;
    const cron = source.schedule.trim() === '' ? DEFAULT_SYNC_CRON : source.schedule.trim();
    const problem = cronProblem(cron);
    if (problem) {
      problems.push({ sourceId: source.id, sourceName: source.name, message: `schedule "${cron}": ${problem}` });
      continue;
    }
    schedules.push({
      queue: syncQueueName(source.id),
      cron,
      timeZone: orgTimeZone,
      label: `Sync ${source.name}`,
      data: { sourceId: source.id, trigger: 'schedule' },
    });
  }
  return { schedules, problems };
}

// ------------------------------------------------------------------------------------------ cron

/**
 * Why a cron expression cannot be used, or null when it can. Five fields only: pg-boss checks schedules
 * every 30 seconds and sends at most one job a minute, so a seconds field would silently not do what it
 * says.
 */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return 'needs five fields: minute hour day-of-month month day-of-week';
  try {
    cronParser.parseExpression(cron, { tz: 'UTC' });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The first instant strictly after `after` at which `cron` fires in `timeZone` — the same answer pg-boss
 * acts on, as both use cron-parser. Across DST: a local time skipped by spring-forward runs at the
 * corresponding later instant (02:30 → 03:30), a repeated local time runs once (its first occurrence),
 * and `0 * * * *` runs every real hour.
 */
export function nextCronRun(cron: string, timeZone: string, after: Date): Date {
  return cronParser.parseExpression(cron, { tz: timeZone, currentDate: after }).next().toDate();
}

/** The latest instant at or before `at` at which `cron` fired in `timeZone`. */
export function previousCronRun(cron: string, timeZone: string, at: Date): Date {
  // cron-parser's prev() is strict; one millisecond later makes an exact hit count.
  return cronParser.parseExpression(cron, { tz: timeZone, currentDate: new Date(at.getTime() + 1) }).prev().toDate();
}

// ------------------------------------------------------------------------------------------ digest week

/** The digest a subscriber is owed at some instant: when it was due and which week it reports. */
export interface DigestSlot {
  /** Monday 08:00 in the subscriber's time zone. */
  sendAt: Date;
  /** ISO week of the reported week, e.g. "2026-W10": the DigestSend key. */
  week: string;
  /** The reported week, Monday 00:00 to Monday 00:00 local: 7 calendar days (167–169 hours across DST). */
  period: Period;
}

/** ISO weekday of a day number (days since 1970-01-01, a Thursday): Monday 1 … Sunday 7. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** `YYYY-Www` of the ISO week containing `day`: the year is that of the week's Thursday. */
export function isoWeekKey(day: number): string {
  const thursday = day - isoWeekday(day) + 4;
  const date = new Date(thursday * 86_400_000);
  const year = date.getUTCFullYear();
  const dayOfYear = thursday - Date.UTC(year, 0, 1) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (day number) starting ISO week `YYYY-Www`; throws for a malformed or impossible key. */
export function mondayOfIsoWeek(week: string): number {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`"${week}" is not an ISO week like 2026-W10.`);
  const year = Number(match[1]);
  const number = Number(match[2]);
  // 4 January is always in week 1.
  const jan4 = Date.UTC(year, 0, 4) / 86_400_000;
  const monday = jan4 - isoWeekday(jan4) + 1 + (number - 1) * 7;
  if (number < 1 || isoWeekKey(monday) !== week) throw new Error(`"${week}" does not exist.`);
  return monday;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local wall-clock hour of a calendar day happens in a zone. When DST skips that hour, the
 * same distance later (02:00 → 03:00, as cron does); when the hour repeats, its first occurrence.
 */
export function localHourOfDay(day: number, hour: number, timeZone: string): Date {
  const wall = day * 86_400_000 + hour * HOUR_MS;
  // Two passes converge for every real zone: the offset before the change, then after it.
  const first = wall - offsetAt(wall - offsetAt(wall, timeZone), timeZone);
  const candidates = [first, wall - offsetAt(first - HOUR_MS * 3, timeZone), wall - offsetAt(first + HOUR_MS * 3, timeZone)];
  const exact = candidates.filter((instant) => offsetAt(instant, timeZone) === wall - instant).sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // The wall-clock hour does not exist (spring forward): it is reached when the clocks jump.
  return new Date(Math.max(...candidates));
}

/** The digest for the week reported from `monday` (a day number): sent the Monday after, 08:00 local. */
export function digestSlotForWeek(reportedMonday: number, timeZone: string): DigestSlot {
  return {
    sendAt: localHourOfDay(reportedMonday + 7, DIGEST_SEND_HOUR, timeZone),
    week: isoWeekKey(reportedMonday),
    period: { from: startOfLocalDay(reportedMonday, timeZone), to: startOfLocalDay(reportedMonday + 7, timeZone), timeZone },
  };
}

/** The latest digest due at or before `now` for a subscriber in `timeZone`. */
export function latestDigestSlot(now: Date, timeZone: string): DigestSlot {
  const today = localDayOf(now, timeZone);
  const thisSendDay = today - (isoWeekday(today) - DIGEST_SEND_WEEKDAY);
  const slot = digestSlotForWeek(thisSendDay - 7, timeZone);
  return slot.sendAt.getTime() <= now.getTime() ? slot : digestSlotForWeek(thisSendDay - 14, timeZone);
}

/** The next digest strictly after `now`. */
export function nextDigestSlot(now: Date, timeZone: string): DigestSlot {
  const latest = latestDigestSlot(now, timeZone);
  return digestSlotForWeek(localDayOf(latest.period.from, timeZone) + 7, timeZone);
}

/** The digest reporting ISO week `week` for a subscriber in `timeZone`. */
export function digestSlotOfWeek(week: string, timeZone: string): DigestSlot {
  return digestSlotForWeek(mondayOfIsoWeek(week), timeZone);
}

/**
 * Whether a subscription owes the digest of `slot`: only weeks whose send time came after the
 * subscription was created, so a new subscriber starts with the next Monday instead of a back-issue.
 */
export function isDigestOwed(slot: DigestSlot, subscriptionCreatedAt: Date): boolean {
  return slot.sendAt.getTime() >= subscriptionCreatedAt.getTime();
}
