// Schedule maths with fixed UTC instants, across DST changes in both hemispheres and in zones offset by
// half and quarter hours. Dates: Europe/Berlin springs forward 2026-03-29 01:00Z and falls back
// 2026-10-25 01:00Z; America/New_York springs forward 2026-03-08 07:00Z and falls back 2026-11-01 06:00Z;
// Australia/Sydney falls back 2026-04-05 16:00Z (03:00 AEDT → 02:00 AEST).
import { describe, expect, it } from 'vitest';
import {
  cronProblem, digestSlotOfWeek, isDigestOwed, isoWeekKey, latestDigestSlot, localHourOfDay, mondayOfIsoWeek,
  nextCronRun, nextDigestSlot, plannedSchedules, previousCronRun, DEFAULT_SYNC_CRON, DIGEST_DUE_CRON,
} from '@/lib/jobs/schedules';
import { DIGEST_DUE_QUEUE, sourceIdOfQueue, syncQueueName } from '@/lib/jobs/queues';

const utc = (iso: string) => new Date(iso);
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const hours = (period: { from: Date; to: Date }) => (period.to.getTime() - period.from.getTime()) / 3_600_000;

describe('nextCronRun: source schedules in the organisation time zone', () => {
  it('runs hourly on the hour in UTC, strictly after the given instant', () => {
    expect(nextCronRun('0 * * * *', 'UTC', utc('2026-01-01T10:00:00Z'))).toEqual(utc('2026-01-01T11:00:00Z'));
    expect(nextCronRun('0 * * * *', 'UTC', utc('2026-01-01T10:59:59Z'))).toEqual(utc('2026-01-01T11:00:00Z'));
  });

  it('runs every real hour across spring-forward and fall-back (Berlin)', () => {
    const runs = (from: string, count: number) => {
      const out: string[] = [];
      let at = utc(from);
      for (let index = 0; index < count; index += 1) {
        at = nextCronRun('0 * * * *', 'Europe/Berlin', at);
        out.push(at.toISOString());
      }
      return out;
    };
    expect(runs('2026-03-28T23:30:00Z', 3)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']);
    expect(runs('2026-10-24T23:30:00Z', 4)).toEqual([
      '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z',
    ]);
  });

  it('moves a local time skipped by spring-forward to the same distance later, and runs a repeated one once', () => {
    // 02:30 does not exist in Berlin on 29 March: it runs at 03:30 CEST (01:30Z); the next day at 02:30 CEST.
    expect(nextCronRun('30 2 * * *', 'Europe/Berlin', utc('2026-03-28T12:00:00Z'))).toEqual(utc('2026-03-29T01:30:00Z'));
    expect(nextCronRun('30 2 * * *', 'Europe/Berlin', utc('2026-03-29T12:00:00Z'))).toEqual(utc('2026-03-30T00:30:00Z'));
    // 02:30 happens twice on 25 October: only the first (CEST, 00:30Z) runs; the next is 26 October, CET.
    expect(nextCronRun('30 2 * * *', 'Europe/Berlin', utc('2026-10-24T12:00:00Z'))).toEqual(utc('2026-10-25T00:30:00Z'));
    expect(nextCronRun('30 2 * * *', 'Europe/Berlin', utc('2026-10-25T00:30:00Z'))).toEqual(utc('2026-10-26T01:30:00Z'));
  });

  it('keeps local wall-clock time across a DST change (New York, 06:00 daily)', () => {
    expect(nextCronRun('0 6 * * *', 'America/New_York', utc('2026-03-07T12:00:00Z'))).toEqual(utc('2026-03-08T10:00:00Z'));
    expect(nextCronRun('0 6 * * *', 'America/New_York', utc('2026-03-06T12:00:00Z'))).toEqual(utc('2026-03-07T11:00:00Z'));
  });

  it('finds the latest run at or before an instant', () => {
    expect(previousCronRun('0 * * * *', 'UTC', utc('2026-01-01T11:00:00Z'))).toEqual(utc('2026-01-01T11:00:00Z'));
    expect(previousCronRun('0 * * * *', 'UTC', utc('2026-01-01T11:20:00Z'))).toEqual(utc('2026-01-01T11:00:00Z'));
  });
});

describe('cronProblem', () => {
  it('accepts five-field expressions and explains the rest', () => {
    expect(cronProblem('0 * * * *')).toBeNull();
    expect(cronProblem('*/15 6-18 * * 1-5')).toBeNull();
    expect(cronProblem('*/10 * * * * *')).toMatch(/five fields/);
    expect(cronProblem('61 * * * *')).toMatch(/0-59/);
    expect(cronProblem('hourly')).toMatch(/five fields/);
  });
});

describe('plannedSchedules: every schedule in one list', () => {
  it('schedules the digest check and each enabled source with a valid cron, in the org zone', () => {
    const { schedules, problems } = plannedSchedules(
      [
        { id: 1, name: 'github-acme', schedule: '0 * * * *', enabled: true },
        { id: 2, name: 'old', schedule: '0 * * * *', enabled: false },
        { id: 3, name: 'broken', schedule: 'every hour', enabled: true },
        { id: 4, name: 'blank', schedule: '  ', enabled: true },
      ],
      'Europe/Berlin',
    );
    expect(schedules.map((s) => [s.queue, s.cron, s.timeZone])).toEqual([
      [DIGEST_DUE_QUEUE, DIGEST_DUE_CRON, 'UTC'],
      [syncQueueName(1), '0 * * * *', 'Europe/Berlin'],
      [syncQueueName(4), DEFAULT_SYNC_CRON, 'Europe/Berlin'],
    ]);
    expect(schedules[1]?.data).toEqual({ sourceId: 1, trigger: 'schedule' });
    expect(problems).toEqual([{ sourceId: 3, sourceName: 'broken', message: expect.stringContaining('five fields') }]);
  });

  it('maps queue names back to source ids and nothing else', () => {
    expect(sourceIdOfQueue(syncQueueName(42))).toBe(42);
    expect(sourceIdOfQueue(DIGEST_DUE_QUEUE)).toBeNull();
    expect(sourceIdOfQueue('sync-source-x')).toBeNull();
  });
});

describe('ISO weeks', () => {
  it('names weeks by the year of their Thursday', () => {
    expect(isoWeekKey(day('2026-03-02'))).toBe('2026-W10');
    expect(isoWeekKey(day('2026-03-08'))).toBe('2026-W10');
    expect(isoWeekKey(day('2024-12-30'))).toBe('2025-W01');
    expect(isoWeekKey(day('2021-01-03'))).toBe('2020-W53');
    expect(isoWeekKey(day('2027-01-01'))).toBe('2026-W53');
  });

  it('finds the Monday of a week and refuses weeks that do not exist', () => {
    expect(mondayOfIsoWeek('2026-W10')).toBe(day('2026-03-02'));
    expect(mondayOfIsoWeek('2025-W01')).toBe(day('2024-12-30'));
    expect(mondayOfIsoWeek('2026-W53')).toBe(day('2026-12-28'));
    expect(() => mondayOfIsoWeek('2025-W53')).toThrow(/does not exist/);
    expect(() => mondayOfIsoWeek('2025-10')).toThrow(/ISO week/);
  });
});

describe('localHourOfDay', () => {
  it('gives the instant of a local hour, across DST and in quarter-hour zones', () => {
    expect(localHourOfDay(day('2026-03-30'), 8, 'Europe/Berlin')).toEqual(utc('2026-03-30T06:00:00Z'));
    expect(localHourOfDay(day('2026-03-23'), 8, 'Europe/Berlin')).toEqual(utc('2026-03-23T07:00:00Z'));
    expect(localHourOfDay(day('2026-03-09'), 8, 'Asia/Kathmandu')).toEqual(utc('2026-03-09T02:15:00Z'));
    expect(localHourOfDay(day('2026-03-09'), 8, 'Asia/Kolkata')).toEqual(utc('2026-03-09T02:30:00Z'));
    // 02:00 does not exist in Berlin on 29 March: it is reached at 03:00 CEST.
    expect(localHourOfDay(day('2026-03-29'), 2, 'Europe/Berlin')).toEqual(utc('2026-03-29T01:00:00Z'));
    // 02:00 happens twice on 25 October: the first one.
    expect(localHourOfDay(day('2026-10-25'), 2, 'Europe/Berlin')).toEqual(utc('2026-10-25T00:00:00Z'));
  });
});

describe('weekly digest slots: Monday 08:00 in the subscriber zone, reporting the week before', () => {
  it('is due from Monday 08:00 local, not a minute before', () => {
    // New York, Monday 9 March 2026 (the day after spring-forward): 08:00 EDT = 12:00Z.
    const before = latestDigestSlot(utc('2026-03-09T11:59:59Z'), 'America/New_York');
    const at = latestDigestSlot(utc('2026-03-09T12:00:00Z'), 'America/New_York');
    expect(before.week).toBe('2026-W09');
    expect(before.sendAt).toEqual(utc('2026-03-02T13:00:00Z'));
    expect(at.week).toBe('2026-W10');
    expect(at.sendAt).toEqual(utc('2026-03-09T12:00:00Z'));
  });

  it('reports Monday-to-Monday local midnights: 167 hours across spring-forward, 169 across fall-back', () => {
    const spring = latestDigestSlot(utc('2026-03-09T12:00:00Z'), 'America/New_York');
    expect(spring.period.from).toEqual(utc('2026-03-02T05:00:00Z'));
    expect(spring.period.to).toEqual(utc('2026-03-09T04:00:00Z'));
    expect(hours(spring.period)).toBe(167);

    const fall = latestDigestSlot(utc('2026-11-02T13:00:00Z'), 'America/New_York');
    expect(fall.week).toBe('2026-W44');
    expect(fall.period.from).toEqual(utc('2026-10-26T04:00:00Z'));
    expect(fall.period.to).toEqual(utc('2026-11-02T05:00:00Z'));
    expect(hours(fall.period)).toBe(169);
    expect(fall.sendAt).toEqual(utc('2026-11-02T13:00:00Z'));
  });

  it('follows the subscriber zone: Berlin after spring-forward, Sydney after fall-back, Kathmandu at :15', () => {
    expect(latestDigestSlot(utc('2026-03-30T06:00:00Z'), 'Europe/Berlin').sendAt).toEqual(utc('2026-03-30T06:00:00Z'));
    expect(latestDigestSlot(utc('2026-03-30T05:59:00Z'), 'Europe/Berlin').week).toBe('2026-W12');
    // Sydney: Monday 6 April 08:00 AEST (+10) = Sunday 5 April 22:00Z; the week reported had 169 hours.
    const sydney = latestDigestSlot(utc('2026-04-05T22:00:00Z'), 'Australia/Sydney');
    expect(sydney.week).toBe('2026-W14');
    expect(sydney.sendAt).toEqual(utc('2026-04-05T22:00:00Z'));
    expect(hours(sydney.period)).toBe(169);
    expect(latestDigestSlot(utc('2026-03-09T02:15:00Z'), 'Asia/Kathmandu').week).toBe('2026-W10');
    expect(latestDigestSlot(utc('2026-03-09T02:14:59Z'), 'Asia/Kathmandu').week).toBe('2026-W09');
  });

  it('stays on the same slot all week long and moves on the next Monday', () => {
    const monday = latestDigestSlot(utc('2026-03-09T12:00:00Z'), 'America/New_York');
    const sunday = latestDigestSlot(utc('2026-03-15T23:59:00Z'), 'America/New_York');
    expect(sunday).toEqual(monday);
    expect(nextDigestSlot(utc('2026-03-10T00:00:00Z'), 'America/New_York').sendAt).toEqual(utc('2026-03-16T12:00:00Z'));
  });

  it('gives the same slot from the week key as from the clock', () => {
    const slot = latestDigestSlot(utc('2026-03-09T12:00:00Z'), 'America/New_York');
    expect(digestSlotOfWeek('2026-W10', 'America/New_York')).toEqual(slot);
  });

  it('does not owe a back-issue to a subscriber who joined after the send time', () => {
    const slot = latestDigestSlot(utc('2026-03-11T00:00:00Z'), 'UTC');
    expect(isDigestOwed(slot, utc('2026-03-09T07:00:00Z'))).toBe(true);
    expect(isDigestOwed(slot, utc('2026-03-10T00:00:00Z'))).toBe(false);
  });
});
