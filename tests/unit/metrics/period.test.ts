import { describe, expect, it } from 'vitest';
import {
  InvalidPeriodError, calendarMonths, calendarWeeks, calendarWindows, canonicalTimeZone, dayBoundaries, isValidTimeZone,
  parseApiDate, parsePeriod, periodLength, previousPeriod,
} from '@/lib/metrics/period';

const hours = (period: { from: Date; to: Date }) => (period.to.getTime() - period.from.getTime()) / 3_600_000;
const iso = (date: Date) => date.toISOString();

describe('parseApiDate', () => {
  it('is midnight in the time zone', () => {
    expect(iso(parseApiDate('2024-01-15', 'UTC'))).toBe('2024-01-15T00:00:00.000Z');
    expect(iso(parseApiDate('2024-01-15', 'America/New_York'))).toBe('2024-01-15T05:00:00.000Z');
    expect(iso(parseApiDate('2024-07-15', 'America/New_York'))).toBe('2024-07-15T04:00:00.000Z');
    expect(iso(parseApiDate('2024-07-15', 'Asia/Kolkata'))).toBe('2024-07-14T18:30:00.000Z');
    expect(iso(parseApiDate('2024-03-10', 'America/New_York'))).toBe('2024-03-10T05:00:00.000Z');
    expect(iso(parseApiDate('2024-03-11', 'America/New_York'))).toBe('2024-03-11T04:00:00.000Z');
  });

  it('starts a day whose midnight a DST change skips when the clocks jump', () => {
    // Santiago springs forward at 00:00 on 2024-09-08: the day begins at 01:00 local, 04:00Z.
    expect(iso(parseApiDate('2024-09-08', 'America/Santiago'))).toBe('2024-09-08T04:00:00.000Z');
  });

  it('refuses dates that do not exist and malformed ones', () => {
    for (const date of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-1-01', '20240101', 'tomorrow', '']) {
      expect(() => parseApiDate(date, 'UTC')).toThrow(InvalidPeriodError);
    }
  });
});

describe('time zones', () => {
  it('accepts IANA names in any case and returns their canonical spelling', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Etc/GMT+5')).toBe(true);
  });

  it('refuses unknown names and bare offsets', () => {
    for (const name of ['Mars/Olympus', '+05:00', 'UTC+1', '', '../etc/passwd', 'America/New York']) {
      expect(isValidTimeZone(name)).toBe(false);
      expect(() => parsePeriod({ from: '2024-01-01', to: '2024-02-01', timeZone: name })).toThrow(InvalidPeriodError);
    }
  });
});

describe('parsePeriod', () => {
  it('defaults to UTC and needs to after from', () => {
    expect(parsePeriod({ from: '2024-01-01', to: '2024-01-08' })).toEqual({
      from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-08T00:00:00Z'), timeZone: 'UTC',
    });
    expect(() => parsePeriod({ from: '2024-01-08', to: '2024-01-08' })).toThrow(InvalidPeriodError);
    expect(() => parsePeriod({ from: '2024-01-09', to: '2024-01-08' })).toThrow(InvalidPeriodError);
  });
});

describe('period length and previous period (calendar days)', () => {
  const march = parsePeriod({ from: '2024-03-01', to: '2024-04-01', timeZone: 'America/New_York' });

  it('counts calendar days, not 24-hour spans', () => {
    expect(periodLength(march)).toBe(31);
    expect(hours(march)).toBe(31 * 24 - 1);
  });

  it('takes the same number of calendar days just before from', () => {
    const previous = previousPeriod(march);
    expect(previous).toEqual(parsePeriod({ from: '2024-01-30', to: '2024-03-01', timeZone: 'America/New_York' }));
    expect(periodLength(previous)).toBe(31);
    const week = parsePeriod({ from: '2024-11-04', to: '2024-11-11', timeZone: 'America/New_York' });
    // The week before contains the fall-back Sunday: 169 hours.
    expect(hours(previousPeriod(week))).toBe(169);
  });

  it('refuses periods that do not start and end at midnight in their zone', () => {
    expect(() => periodLength({ from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-08T00:00:00Z'), timeZone: 'Europe/Paris' }))
      .toThrow(InvalidPeriodError);
  });
});

describe('calendar windows', () => {
  it('cuts whole 7-day windows from from, across DST (167 and 169 h), dropping leftover days', () => {
    const march = parsePeriod({ from: '2024-03-01', to: '2024-04-01', timeZone: 'America/New_York' });
    const weeks = calendarWindows(march, 7);
    expect(weeks.map(hours)).toEqual([168, 167, 168, 168]);
    expect(iso(weeks[2]!.from)).toBe('2024-03-15T04:00:00.000Z');
    expect(calendarWindows(march, 30).map(hours)).toEqual([30 * 24 - 1]);

    const november = parsePeriod({ from: '2024-11-01', to: '2024-12-01', timeZone: 'America/New_York' });
    expect(calendarWindows(november, 7).map(hours)).toEqual([169, 168, 168, 168]);
    expect(calendarWindows(parsePeriod({ from: '2024-11-01', to: '2024-11-07' }), 7)).toEqual([]);
  });

  it('gives one boundary per day plus the end', () => {
    const days = dayBoundaries(parsePeriod({ from: '2024-11-02', to: '2024-11-05', timeZone: 'America/New_York' }));
    expect(days.map(iso)).toEqual(['2024-11-02T04:00:00.000Z', '2024-11-03T04:00:00.000Z', '2024-11-04T05:00:00.000Z', '2024-11-05T05:00:00.000Z']);
  });

  it('buckets trend charts by calendar month and by 7 days, clipped to the period', () => {
    const period = parsePeriod({ from: '2024-01-15', to: '2024-03-10', timeZone: 'Europe/Berlin' });
    expect(calendarMonths(period).map((month) => periodLength(month))).toEqual([17, 29, 9]);
    expect(calendarWeeks(period).map((week) => periodLength(week))).toEqual([7, 7, 7, 7, 7, 7, 7, 6]);
  });
});
