import { describe, expect, it } from 'vitest';
import { mean, median, percentile } from '@/lib/metrics/reference/statistics';
import { changeFailureRateBand, deploymentFrequencyBand, failedDeploymentRecoveryBand, leadTimeBand } from '@/lib/metrics/bands';

describe('statistics (Postgres semantics)', () => {
  it('interpolates linearly between closest ranks, like percentile_cont', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(percentile([40, 10, 30, 20], 0.75)).toBe(32.5);
    expect(percentile([7], 0.9)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('is null over an empty set, never 0 or NaN', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
  });
});

describe('dora-2023 bands', () => {
  const day = 86_400;
  it('lead time and recovery limits exclude their limit', () => {
    expect(leadTimeBand(day - 1)).toBe('elite');
    expect(leadTimeBand(day)).toBe('high');
    expect(leadTimeBand(7 * day)).toBe('medium');
    expect(leadTimeBand(30 * day)).toBe('low');
    expect(leadTimeBand(null)).toBeNull();
    expect(failedDeploymentRecoveryBand(3599)).toBe('elite');
    expect(failedDeploymentRecoveryBand(3600)).toBe('high');
    expect(failedDeploymentRecoveryBand(day)).toBe('medium');
    expect(failedDeploymentRecoveryBand(7 * day)).toBe('low');
  });

  it('change failure rate limits include their limit', () => {
    expect(changeFailureRateBand(0)).toBe('elite');
    expect(changeFailureRateBand(1 / 20)).toBe('elite');
    expect(changeFailureRateBand(2 / 20)).toBe('high');
    expect(changeFailureRateBand(3 / 20)).toBe('medium');
    expect(changeFailureRateBand(0.1500001)).toBe('low');
    expect(changeFailureRateBand(null)).toBeNull();
  });

  it('deployment frequency needs 30 days and uses the window medians', () => {
    const band = (periodDays: number, week: number | null, month: number | null) =>
      deploymentFrequencyBand({ periodDays, medianDeployDaysPer7Days: week, medianDeploymentsPer30Days: month });
    expect(band(29, 7, 100)).toBeNull();
    expect(band(30, 3, 12)).toBe('elite');
    expect(band(30, 2.5, 12)).toBe('high');
    expect(band(30, 1, 4)).toBe('high');
    expect(band(30, 0.5, 1)).toBe('medium');
    expect(band(30, 0, 0)).toBe('low');
  });
});
