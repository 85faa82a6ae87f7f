// The demo is built to tell stories on the dashboards: teams in different DORA bands, some improving
// and some getting worse. Checked with the reference metric definitions, as the dashboards compute them.
import { describe, expect, it, vi } from 'vitest';
import { generateDemoData, type DemoData } from '@/lib/demo/generate';
import { demoDataset } from '@/lib/demo/dataset';
import { linkDataset, referenceMetrics, type LinkedDataset } from '@/lib/metrics/reference';
import { localDayOf, periodOfDays } from '@/lib/metrics/period';
import type { MetricValues } from '@/lib/metrics/types';

// Generating and linking the whole demo takes a few seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const NOW = new Date('2026-03-15T16:20:00Z');

interface Demo {
  data: DemoData;
  linked: LinkedDataset;
  /** Metrics of a team (or the org) over `days` whole local days ending `endOffset` days before today. */
  metrics: (slug: string | 'org', days: number, endOffset?: number) => MetricValues;
}

function demo(seed?: number): Demo {
  const data = generateDemoData({ seed, now: NOW });
  const linked = linkDataset(demoDataset(data));
  const timeZone = data.orgSettings.timeZone;
  const today = localDayOf(NOW, timeZone);
  return {
    data,
    linked,
    metrics: (slug, days, endOffset = 0) => referenceMetrics(
      linked,
      slug === 'org' ? { kind: 'org' } : { kind: 'team', slug },
      periodOfDays(today - endOffset - days, today - endOffset, timeZone),
    ),
  };
}

const leafTeams = (data: DemoData) => data.teams.filter((team) => team.parent !== null).map((team) => team.slug);

describe('DORA bands across teams (default seed, last 180 days)', () => {
  const { data, metrics } = demo();
  const byTeam = new Map(leafTeams(data).map((slug) => [slug, metrics(slug, 180)]));

  it('spreads teams over at least three deployment-frequency bands and three lead-time bands', () => {
    const frequency = new Set([...byTeam.values()].map((values) => values.deploymentFrequency.band));
    const leadTime = new Set([...byTeam.values()].map((values) => values.leadTime.band));
    expect(frequency.size).toBeGreaterThanOrEqual(3);
    expect(leadTime.size).toBeGreaterThanOrEqual(3);
  });

  it('has an elite team deploying several times a day with hour-scale lead times', () => {
    const portal = byTeam.get('patient-portal');
    expect(portal?.deploymentFrequency.band).toBe('elite');
    expect(portal?.deploymentFrequency.perWeek).toBeGreaterThan(10);
    expect(portal?.leadTime.band).toBe('elite');
    expect(portal?.changeFailureRate.band).toBe('elite');
  });

  it('has a low team with long lead times and a high failure rate', () => {
    const lab = byTeam.get('lab-results');
    expect(lab?.leadTime.band).toBe('low');
    expect(lab?.changeFailureRate.band).toBe('low');
    expect(lab?.failedDeploymentRecovery.band).toBe('low');
    expect(lab?.deploymentFrequency.band === 'low' || lab?.deploymentFrequency.band === 'medium').toBe(true);
  });

  it('has a team getting worse and a team getting better over the six months', () => {
    const telehealthBefore = metrics('telehealth', 90, 90);
    const telehealthAfter = metrics('telehealth', 90);
    expect(telehealthAfter.deploymentFrequency.perWeek).toBeLessThan(telehealthBefore.deploymentFrequency.perWeek / 2);
    expect(telehealthAfter.leadTime.median ?? 0).toBeGreaterThan((telehealthBefore.leadTime.median ?? Infinity) * 2);
    expect(telehealthAfter.changeFailureRate.value ?? 0).toBeGreaterThan(telehealthBefore.changeFailureRate.value ?? 1);

    const ehrBefore = metrics('ehr-integrations', 90, 90);
    const ehrAfter = metrics('ehr-integrations', 90);
    expect(ehrAfter.deploymentFrequency.perWeek).toBeGreaterThan(ehrBefore.deploymentFrequency.perWeek * 2);
    expect(ehrAfter.leadTime.median ?? Infinity).toBeLessThan((ehrBefore.leadTime.median ?? 0) / 2);
  });

  it('gives every org-level metric a value over the last 180 days', () => {
    const org = metrics('org', 180);
    expect(org.failedDeploymentRecovery.median).not.toBeNull();
    expect(org.timeToRestore.median).not.toBeNull();
    expect(org.timeToRestore.open).toBeGreaterThan(0);
    expect(org.reworkRate.rework).toBeGreaterThan(0);
    expect(org.securityChangeFailureRate.failed).toBeGreaterThan(0);
    expect(org.secretExposureTime.median).not.toBeNull();
    expect(org.openBacklog.accepted).toBeGreaterThan(0);
    expect(org.openBacklog.byAge.over90).toBeGreaterThan(0);
    expect(org.slaCompliance.value).toBeGreaterThan(0.5);
    expect(org.slaCompliance.value).toBeLessThan(1);
    expect(org.slaCompliance.breached.critical).toBeGreaterThan(0);
    expect(org.timeToRemediate.bySeverity.critical.fixed).toBeGreaterThan(0);
  });
});

describe('DORA bands across seeds', () => {
  it.each([1, 2])('spreads teams over at least three deployment-frequency or lead-time bands (seed %i)', (seed) => {
    const { data, metrics } = demo(seed);
    const values = leafTeams(data).map((slug) => metrics(slug, 180));
    const frequency = new Set(values.map((value) => value.deploymentFrequency.band));
    const leadTime = new Set(values.map((value) => value.leadTime.band));
    expect(Math.max(frequency.size, leadTime.size)).toBeGreaterThanOrEqual(3);
  });
});
