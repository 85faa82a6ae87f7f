// The entry points the app uses: scope resolution with access checks, the batch variant (equal to one
// report per scope), the per-period variant and the trend series (equal to reports of each bucket).
import { beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS, ForbiddenError, NO_ACCESS, NotFoundError, type AccessScope } from '@/lib/access/viewer';
import { getMetricSeries, getMetricValuesByPeriod, getMetricsReport, getMetricsReports, getTeamMetricsReports } from '@/lib/metrics';
import { calendarMonths, calendarWeeks, parsePeriod, previousPeriod } from '@/lib/metrics/period';
import { referenceMetrics } from '@/lib/metrics/reference';
import { teamRollUpFixture } from '@/tests/unit/metrics/fixtures/teams';
import { coreFixture } from '@/tests/unit/metrics/fixtures/core';
import { expectMetrics } from '@/tests/unit/metrics/fixtures/compare';
import { getTestDb } from '@/tests/helpers/database';
import { clearDataset, storeDataset, type StoredIds } from '@/tests/integration/metrics/helpers/store-dataset';

const february = parsePeriod({ from: '2024-02-01', to: '2024-03-02' });

describe('access and scope resolution', () => {
  const db = getTestDb();
  let ids: StoredIds;
  const teamId = (slug: string) => ids.teams.get(teamRollUpFixture.dataset.teams.find((team) => team.slug === slug)!.id)!;
  const teams = (...slugs: string[]): AccessScope => ({ kind: 'teams', teamIds: slugs.map(teamId) });

  beforeAll(async () => {
    await clearDataset(db);
    ids = await storeDataset(db, teamRollUpFixture.dataset);
  });

  it('needs full access for the org', async () => {
    await expect(getMetricsReport(db, FULL_ACCESS, { kind: 'org' }, february)).resolves.toBeDefined();
    await expect(getMetricsReport(db, teams('platform'), { kind: 'org' }, february)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getMetricsReport(db, NO_ACCESS, { kind: 'org' }, february)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('covers a team, its descendants and their repositories', async () => {
    const access = teams('payments');
    await expect(getMetricsReport(db, access, { kind: 'team', slug: 'payments' }, february)).resolves.toBeDefined();
    await expect(getMetricsReport(db, access, { kind: 'team', slug: 'cards' }, february)).resolves.toBeDefined();
    await expect(getMetricsReport(db, access, { kind: 'repo', fullName: 'cards/svc' }, february)).resolves.toBeDefined();
    await expect(getMetricsReport(db, access, { kind: 'team', slug: 'platform' }, february)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getMetricsReport(db, access, { kind: 'repo', fullName: 'plat/core' }, february)).rejects.toBeInstanceOf(ForbiddenError);
    // A repository in no team is only visible with full access.
    await expect(getMetricsReport(db, access, { kind: 'repo', fullName: 'misc/tool' }, february)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('says which team or repository does not exist', async () => {
    await expect(getMetricsReport(db, FULL_ACCESS, { kind: 'team', slug: 'nope' }, february)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMetricsReport(db, FULL_ACCESS, { kind: 'repo', fullName: 'no/repo' }, february)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMetricsReports(db, FULL_ACCESS, [{ kind: 'org' }, { kind: 'team', slug: 'nope' }], february)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports the period, the previous period and the benchmark', async () => {
    const report = await getMetricsReport(db, FULL_ACCESS, { kind: 'team', slug: 'platform' }, february);
    expect(report.scope).toEqual({ kind: 'team', slug: 'platform' });
    expect(report.period).toEqual(february);
    expect(report.previousPeriod).toEqual(parsePeriod({ from: '2024-01-02', to: '2024-02-01' }));
    expect(report.benchmark).toBe('dora-2023');
  });

  it('computes many teams at once, each equal to its own report', async () => {
    const all = await getTeamMetricsReports(db, FULL_ACCESS, february);
    expect(all.map((report) => report.team.slug)).toEqual(['platform', 'payments', 'cards', 'web']);
    for (const report of all) {
      const single = await getMetricsReport(db, FULL_ACCESS, report.scope, february);
      expect(report.current).toEqual(single.current);
      expect(report.previous).toEqual(single.previous);
      expectMetrics(report.current, referenceMetrics(teamRollUpFixture.dataset, report.scope, february));
    }
    const limited = await getTeamMetricsReports(db, teams('payments'), february);
    expect(limited.map((report) => report.team.slug)).toEqual(['payments', 'cards']);
  });
});

describe('series and per-period values', () => {
  const db = getTestDb();
  const period = parsePeriod({ from: '2023-12-01', to: '2024-02-15', timeZone: 'Europe/Berlin' });

  beforeAll(async () => {
    await clearDataset(db);
    await storeDataset(db, coreFixture.dataset);
  });

  it('gives one metric per week and per calendar month, equal to the reference for each bucket', async () => {
    const weekly = await getMetricSeries(db, FULL_ACCESS, { kind: 'org' }, period, { metric: 'changeFailureRate', granularity: 'week' });
    expect(weekly.points.map((point) => point.period)).toEqual(calendarWeeks(period));
    for (const point of weekly.points) {
      expectMetrics(point.value, referenceMetrics(coreFixture.dataset, { kind: 'org' }, point.period).changeFailureRate);
    }
    const monthly = await getMetricSeries(db, FULL_ACCESS, { kind: 'repo', fullName: 'acme/api' }, period, { metric: 'openBacklog', granularity: 'month' });
    expect(monthly.points.map((point) => point.period)).toEqual(calendarMonths(period));
    for (const point of monthly.points) {
      expectMetrics(point.value, referenceMetrics(coreFixture.dataset, { kind: 'repo', fullName: 'acme/api' }, point.period).openBacklog);
    }
  });

  it('gives every metric for arbitrary periods (a digest\'s weeks)', async () => {
    const weeks = calendarWeeks(period).slice(0, 4);
    const values = await getMetricValuesByPeriod(db, FULL_ACCESS, { kind: 'team', slug: 'platform' }, weeks);
    expect(values).toHaveLength(4);
    values.forEach((value, index) => expectMetrics(value, referenceMetrics(coreFixture.dataset, { kind: 'team', slug: 'platform' }, weeks[index]!)));
    const [report] = await getMetricsReports(db, FULL_ACCESS, [{ kind: 'org' }], period);
    expectMetrics(report?.previous, referenceMetrics(coreFixture.dataset, { kind: 'org' }, previousPeriod(period)));
  });
});
