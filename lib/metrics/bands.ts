// DORA performance bands as a versioned benchmark set: a new DORA report adds a new set instead of
// silently moving every team's history. Both the reference and the SQL path band their values here.
import type { Band } from '@/lib/metrics/types';

const HOUR = 3600;
const DAY = 24 * HOUR;

export const DORA_2023 = {
  id: 'dora-2023',
  deploymentFrequency: {
    /** Bands need a whole 30-day window; shorter periods have no band. */
    minPeriodDays: 30,
    /** Median, over 7-day windows, of days with at least one deployment. */
    eliteMinDeployDaysPerWeek: 3,
    highMinDeployDaysPerWeek: 1,
    /** Median deployments per 30-day window. */
    mediumMinDeploymentsPer30Days: 1,
  },
  /** Upper bounds, exclusive, on the median lead time in seconds. */
  leadTime: { elite: DAY, high: 7 * DAY, medium: 30 * DAY },
  /** Upper bounds, inclusive, on the change failure rate. */
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  /** Upper bounds, exclusive, on the median failed deployment recovery time in seconds. */
  failedDeploymentRecovery: { elite: HOUR, high: DAY, medium: 7 * DAY },
} as const;

export interface DeploymentFrequencyBandInput {
  periodDays: number;
  /** Median over the whole 7-day windows of the period; null when there is none. */
  medianDeployDaysPer7Days: number | null;
  /** Median over the whole 30-day windows of the period; null when there is none. */
  medianDeploymentsPer30Days: number | null;
}

export function deploymentFrequencyBand(input: DeploymentFrequencyBandInput): Band | null {
  const rules = DORA_2023.deploymentFrequency;
  if (input.periodDays < rules.minPeriodDays) return null;
  if (input.medianDeployDaysPer7Days !== null && input.medianDeployDaysPer7Days >= rules.eliteMinDeployDaysPerWeek) return 'elite';
  if (input.medianDeployDaysPer7Days !== null && input.medianDeployDaysPer7Days >= rules.highMinDeployDaysPerWeek) return 'high';
  if (input.medianDeploymentsPer30Days !== null && input.medianDeploymentsPer30Days >= rules.mediumMinDeploymentsPer30Days) return 'medium';
  return 'low';
}

function bandBelow(value: number | null, limits: { elite: number; high: number; medium: number }): Band | null {
  if (value === null) return null;
  if (value < limits.elite) return 'elite';
  if (value < limits.high) return 'high';
  if (value < limits.medium) return 'medium';
  return 'low';
}

export function leadTimeBand(medianSeconds: number | null): Band | null {
  return bandBelow(medianSeconds, DORA_2023.leadTime);
}

export function failedDeploymentRecoveryBand(medianSeconds: number | null): Band | null {
  return bandBelow(medianSeconds, DORA_2023.failedDeploymentRecovery);
}

export function changeFailureRateBand(rate: number | null): Band | null {
  if (rate === null) return null;
  const limits = DORA_2023.changeFailureRate;
  if (rate <= limits.elite) return 'elite';
  if (rate <= limits.high) return 'high';
  if (rate <= limits.medium) return 'medium';
  return 'low';
}
