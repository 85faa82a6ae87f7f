// The input every metric query shares: a grid of scopes × periods, so one query answers one scope and
// its previous period, every team of the org overview, or every week of a trend chart. Calendar days
// come from lib/metrics/period (as instants), so the SQL never does time-zone arithmetic itself.
import { Prisma } from '@/lib/generated/prisma/client';
import { periodDays, startOfLocalDay } from '@/lib/metrics/period';
import type { Period } from '@/lib/metrics/types';

/** The records of one scope: its repositories, and the teams whose team-only incidents it holds. */
export interface ScopeMembers {
  repositoryIds: readonly number[];
  teamIds: readonly number[];
}

export interface GridPeriod {
  key: number;
  period: Period;
  /** Index in `dayStarts` of the period's first day. */
  firstDay: number;
  /** Calendar days in the period. */
  days: number;
}

export interface MetricGrid {
  scopes: (ScopeMembers & { key: number })[];
  periods: GridPeriod[];
  /** Start of every calendar day from the earliest period's first day to the latest `to`, inclusive. */
  dayStarts: Date[];
}

export function metricGrid(scopes: readonly ScopeMembers[], periods: readonly Period[]): MetricGrid {
  const first = periods[0];
  if (!first) throw new Error('A metric grid needs at least one period.');
  const { timeZone } = first;
  if (periods.some((period) => period.timeZone !== timeZone)) throw new Error('All periods of a grid share one time zone.');
  const spans = periods.map((period) => periodDays(period));
  const gridFirst = Math.min(...spans.map((span) => span.first));
  const gridEnd = Math.max(...spans.map((span) => span.end));
  const dayStarts: Date[] = [];
  for (let day = gridFirst; day <= gridEnd; day += 1) dayStarts.push(startOfLocalDay(day, timeZone));
  return {
    scopes: scopes.map((members, key) => ({ key, ...members })),
    periods: periods.map((period, key) => {
      const span = spans[key] as (typeof spans)[number];
      return { key, period, firstDay: span.first - gridFirst, days: span.count };
    }),
    dayStarts,
  };
}

export function cellKey(scopeKey: number, periodKey: number): string {
  return `${scopeKey}:${periodKey}`;
}

/**
 * `members(scope_key, repository_id)`, `team_members(scope_key, team_id)` and
 * `periods(period_key, from_at, to_at, first_day, days)`, for a `WITH` clause.
 */
export function gridTables(grid: MetricGrid): Prisma.Sql {
  const members = grid.scopes.flatMap((scope) => scope.repositoryIds.map((id) => [scope.key, id] as const));
  const teamMembers = grid.scopes.flatMap((scope) => scope.teamIds.map((id) => [scope.key, id] as const));
  return Prisma.sql`
    members AS MATERIALIZED (
      SELECT * FROM unnest(${members.map(([key]) => key)}::int[], ${members.map(([, id]) => id)}::int[])
        AS m(scope_key, repository_id)),
    team_members AS MATERIALIZED (
      SELECT * FROM unnest(${teamMembers.map(([key]) => key)}::int[], ${teamMembers.map(([, id]) => id)}::int[])
        AS t(scope_key, team_id)),
    periods AS MATERIALIZED (
      SELECT * FROM unnest(${grid.periods.map((p) => p.key)}::int[],
                           ${grid.periods.map((p) => p.period.from.toISOString())}::timestamptz[],
                           ${grid.periods.map((p) => p.period.to.toISOString())}::timestamptz[],
                           ${grid.periods.map((p) => p.firstDay)}::int[],
                           ${grid.periods.map((p) => p.days)}::int[])
        AS p(period_key, from_at, to_at, first_day, days))`;
}

/** The grid's day boundaries as a `timestamptz[]` for `width_bucket`. */
export function dayStartsArray(grid: MetricGrid): Prisma.Sql {
  return Prisma.sql`${grid.dayStarts.map((day) => day.toISOString())}::timestamptz[]`;
}

/** From the earliest period's start to the latest period's end, as plain values the planner can use. */
export function gridSpan(grid: MetricGrid): { from: Date; to: Date } {
  const froms = grid.periods.map((p) => p.period.from.getTime());
  const tos = grid.periods.map((p) => p.period.to.getTime());
  return { from: new Date(Math.min(...froms)), to: new Date(Math.max(...tos)) };
}

/**
 * The cells of some scopes × some periods of a grid, keeping their keys and the grid's days (so each
 * period's `firstDay` still indexes `dayStarts`): what is left to compute when the others are known.
 */
export function subGrid(grid: MetricGrid, scopeKeys: ReadonlySet<number>, periodKeys: ReadonlySet<number>): MetricGrid {
  return {
    scopes: grid.scopes.filter((scope) => scopeKeys.has(scope.key)),
    periods: grid.periods.filter((period) => periodKeys.has(period.key)),
    dayStarts: grid.dayStarts,
  };
}
