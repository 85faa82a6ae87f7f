// Digest content from known numbers: the summary, the per-team tables, week-over-week changes, bands, band
// drops, top risks and links — and what the HTML and text parts make of them.
import { describe, expect, it } from 'vitest';
import { buildDigestContent, periodQuery, periodRangeLabel, type DigestData } from '@/lib/digest/content';
import { renderDigestHtml } from '@/lib/digest/render-html';
import { renderDigestText } from '@/lib/digest/render-text';
import { digestSlotOfWeek } from '@/lib/jobs/schedules';
import { metricValues } from './metric-values';

const DAY = 86_400;
const slot = digestSlotOfWeek('2026-W10', 'Europe/Berlin');

function data(overrides: Partial<DigestData> = {}): DigestData {
  return {
    recipient: { name: 'Ada Leader', email: 'ada@example.test' },
    week: slot.week,
    period: slot.period,
    scopeLabel: 'All teams',
    summary: {
      current: metricValues({ deploymentFrequency: { count: 12, perWeek: 12 }, leadTime: { median: 2 * DAY } }),
      previous: metricValues({ deploymentFrequency: { count: 10, perWeek: 10 }, leadTime: { median: DAY } }),
    },
    teams: [
      {
        slug: 'payments', name: 'Payments', depth: 0,
        current: metricValues({ changeFailureRate: { failed: 1, deployments: 10, value: 0.1, band: 'high' } }),
        previous: metricValues({ changeFailureRate: { failed: 0, deployments: 20, value: 0.05, band: 'elite' } }),
      },
      {
        slug: 'payments-api', name: 'Payments <API>', depth: 1,
        current: metricValues({ leadTime: { median: null, band: null } }),
        previous: metricValues(),
      },
    ],
    breachedFindings: [
      { title: 'Old high', repository: 'acme/api', team: 'Payments', severity: 'high', openedAt: new Date('2025-12-01T00:00:00Z'), slaDays: 30, url: null },
      { title: 'Newer critical', repository: 'acme/web', team: null, severity: 'critical', openedAt: new Date('2026-02-20T00:00:00Z'), slaDays: 7, url: 'https://github.test/a/1' },
      { title: 'Oldest critical', repository: 'acme/web', team: null, severity: 'critical', openedAt: new Date('2026-01-20T00:00:00Z'), slaDays: 7, url: null },
    ],
    breachedTotal: 14,
    openIncidents: [
      { title: 'Slow checkout', where: 'acme/web', severity: 'sev2', security: false, startedAt: new Date('2026-03-06T00:00:00Z'), url: null },
      { title: 'Token leak', where: 'Payments', severity: 'sev1', security: true, startedAt: new Date('2026-03-07T12:00:00Z'), url: null },
    ],
    openIncidentTotal: 2,
    trendWeeks: [slot.period],
    trends: [],
    appUrl: 'https://vitals.example.test/',
    unsubscribeUrl: 'https://vitals.example.test/api/digest/unsubscribe?s=1&sig=abc',
    ...overrides,
  };
}

describe('buildDigestContent', () => {
  it('labels the week as people read it and links the dashboard to exactly that period', () => {
    expect(periodRangeLabel(slot.period)).toBe('2 Mar – 8 Mar 2026');
    expect(periodQuery(slot.period)).toBe('from=2026-03-02&to=2026-03-09&tz=Europe%2FBerlin');
    const content = buildDigestContent(data());
    expect(content.subject).toBe('Vitals weekly digest · 2 Mar – 8 Mar 2026');
    expect(content.dashboardUrl).toBe('https://vitals.example.test/?from=2026-03-02&to=2026-03-09&tz=Europe%2FBerlin');
    expect(content.teams[0]?.href).toBe('https://vitals.example.test/teams/payments?from=2026-03-02&to=2026-03-09&tz=Europe%2FBerlin');
    expect(content.greeting).toBe('Hello Ada Leader,');
  });

  it('shows each summary metric with last week, the change coloured by direction, and its band', () => {
    const content = buildDigestContent(data());
    const line = (label: string) => content.summary.find((entry) => entry.label === label);
    expect(line('Deployment frequency')).toMatchObject({ display: '12', previousDisplay: '10', band: null, change: { text: '+20 %', trend: 'better', arrow: 'up' } });
    expect(line('Lead time for changes')).toMatchObject({ display: '2 d', previousDisplay: '1 d', bandLabel: 'High', change: { text: '+100 %', trend: 'worse' } });
    expect(line('Change failure rate')).toMatchObject({ display: '10 %', change: { text: '0 pp', trend: 'same' } });
    expect(content.summary).toHaveLength(11);
  });

  it('fills every team column and finds the teams that dropped a band', () => {
    const content = buildDigestContent(data());
    const payments = content.teams[0];
    expect(payments?.cells.changeFailureRate).toMatchObject({ display: '10 %', bandLabel: 'High', change: { text: '+5 pp', trend: 'worse' } });
    expect(payments?.cells.criticalHighBacklog.display).toBe('4');
    expect(content.teams[1]?.cells.leadTime).toMatchObject({ display: '–', band: null, change: { trend: 'unknown' } });
    expect(content.risks.bandDrops).toEqual([{ team: 'Payments', metric: 'Change failure rate', from: 'Elite', to: 'High' }]);
  });

  it('lists critical findings first, oldest first, with their age at the end of the week', () => {
    const content = buildDigestContent(data());
    expect(content.risks.breachedFindings.map((finding) => [finding.title, finding.ageDays])).toEqual([
      ['Oldest critical', 47],
      ['Newer critical', 16],
      ['Old high', 97],
    ]);
    expect(content.risks.breachedTotal).toBe(14);
    expect(content.risks.openIncidents.map((incident) => [incident.title, incident.openForDays])).toEqual([['Token leak', 1], ['Slow checkout', 2]]);
    expect(content.preheader).toBe('All teams: 12 deployments, 14 critical/high past SLA, 2 open incidents, 1 band drop.');
  });

  it('says so when a subscriber has no summary scope or nothing happened', () => {
    const quiet = buildDigestContent(data({ summary: null, teams: [], breachedFindings: [], breachedTotal: 0, openIncidents: [], openIncidentTotal: 0, scopeLabel: 'Your teams', recipient: { name: null, email: 'x@example.test' } }));
    expect(quiet.summary).toEqual([]);
    expect(quiet.preheader).toBe('Your teams: a quiet week.');
    expect(quiet.greeting).toBe('Hello,');
  });
});

describe('renderDigestHtml and renderDigestText', () => {
  const content = buildDigestContent(data());
  const html = renderDigestHtml(content, [{ cid: 'trend-1-deploymentFrequency@vitals', alt: 'Deployments <per> week', width: 600, height: 200 }]);
  const text = renderDigestText(content, ['Production deployments per week: 2 Mar: 12']);

  it('builds the mail from tables and inline styles, with images by CID', () => {
    expect(html).toContain('<table role="presentation"');
    expect(html).toContain('src="cid:trend-1-deploymentFrequency@vitals"');
    expect(html).toContain('alt="Deployments &lt;per&gt; week"');
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/class="/);
  });

  it('escapes names and links the dashboard, the teams and the unsubscribe page', () => {
    expect(html).toContain('Payments &lt;API&gt;');
    expect(html).not.toContain('Payments <API>');
    expect(html).toContain(`href="${content.dashboardUrl.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('href="https://vitals.example.test/api/digest/unsubscribe?s=1&amp;sig=abc"');
    expect(html).toContain('Elite to High');
  });

  it('says the same in plain text', () => {
    expect(text).toContain('VITALS WEEKLY DIGEST — 2 Mar – 8 Mar 2026');
    expect(text).toMatch(/Lead time for changes:\s+2 d {2}\(week before 1 d, \+100 %\) {2}\[High\]/);
    expect(text).toContain('- Payments: Change failure rate dropped from Elite to High');
    expect(text).toContain('[critical] Oldest critical — acme/web, open 47 d (SLA 7 d)');
    expect(text).toContain('  Payments <API>');
    expect(text).toContain(`Open the dashboard for this week: ${content.dashboardUrl}`);
    expect(text).toContain('Unsubscribe: https://vitals.example.test/api/digest/unsubscribe?s=1&sig=abc');
  });
});
