// The PagerDuty mapper on the fixture incident (tests/fixtures/pagerduty/incident.json, PagerDuty's
// v2 shapes): service → team or repository, priority or urgency → severity, resolution time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapPagerDutyIncident, resolvedAtOf, severityOf, type PdIncident } from '@/lib/collectors/pagerduty/map';
import { pagerDutyRecordShapeKey, pagerDutySettings, type PagerDutySettingsInput } from '@/lib/collectors/pagerduty/settings';

const incident = JSON.parse(readFileSync(new URL('../../fixtures/pagerduty/incident.json', import.meta.url), 'utf8')) as PdIncident;
const settingsOf = (input: Partial<PagerDutySettingsInput> = {}) =>
  pagerDutySettings.parse({ services: [{ service: 'PIJ90N7', team: 'mail' }, { service: 'PSEC001', repository: 'acme/auth', security: true }], ...input });

describe('mapPagerDutyIncident', () => {
  it('maps the fixture incident to its service team', () => {
    expect(mapPagerDutyIncident(settingsOf(), incident)).toEqual({
      kind: 'record',
      record: {
        externalId: 'incident:PT4KHLK',
        team: 'mail',
        title: 'The server is on fire.',
        severity: 'high',
        security: false,
        startedAt: '2026-03-05T21:30:42Z',
        resolvedAt: '2026-03-05T22:04:58Z',
        causeDeployment: undefined,
        url: 'https://subdomain.pagerduty.com/incidents/PT4KHLK',
      },
    });
  });

  it('maps a security service to its repository and reads a root cause from the description', () => {
    const mapped = mapPagerDutyIncident(settingsOf(), {
      ...incident, service: { id: 'PSEC001' }, description: 'Token leak. root cause: 0a1b2c3d4e5f6a7b', status: 'acknowledged',
    });
    expect(mapped.kind === 'record' && mapped.record).toMatchObject({ repository: 'acme/auth', security: true, causeDeployment: '0a1b2c3d4e5f6a7b', resolvedAt: undefined });
  });

  it('skips an incident of an unmapped service', () => {
    expect(mapPagerDutyIncident(settingsOf(), { ...incident, service: { id: 'POTHER1' } })).toEqual({ kind: 'unmapped', service: 'POTHER1' });
  });

  it('takes the last status change of a resolved incident when resolved_at is absent', () => {
    expect(resolvedAtOf({ ...incident, resolved_at: undefined, last_status_change_at: '2026-03-05T23:00:00Z' })).toBe('2026-03-05T23:00:00Z');
    expect(resolvedAtOf({ ...incident, status: 'triggered' })).toBeUndefined();
  });
});

describe('severity', () => {
  it('uses the priority, else the urgency; or always the urgency', () => {
    expect(severityOf(settingsOf(), { ...incident, priority: { name: 'P1' } })).toBe('critical');
    expect(severityOf(settingsOf(), { ...incident, priority: null, urgency: 'low' })).toBe('low');
    expect(severityOf(settingsOf({ severityFrom: 'urgency' }), { ...incident, priority: { name: 'P1' }, urgency: 'low' })).toBe('low');
    expect(severityOf(settingsOf({ severityMap: { SEV1: 'critical' } }), { ...incident, priority: { name: 'Sev1' } })).toBe('critical');
    expect(severityOf(settingsOf(), { ...incident, priority: { name: 'Custom Sev' } })).toBe('custom sev');
    expect(severityOf(settingsOf(), { ...incident, priority: null, urgency: null })).toBeUndefined();
  });
});

describe('settings', () => {
  it('needs at least one service, each once, each with one team or repository', () => {
    expect(() => pagerDutySettings.parse({ services: [] })).toThrow(/at least one/);
    expect(() => settingsOf({ services: [{ service: 'PA', team: 'a' }, { service: 'PA', team: 'b' }] })).toThrow(/twice/);
    expect(() => settingsOf({ services: [{ service: 'PA' }] })).toThrow(/exactly one/);
    expect(settingsOf().apiUrl).toBe('https://api.pagerduty.com');
    expect(() => settingsOf({ apiUrl: 'http://api.pagerduty.com' })).toThrow(/https/);
  });

  it('changes the record-shape key with the services, not with the window size', () => {
    const base = pagerDutyRecordShapeKey(settingsOf());
    expect(pagerDutyRecordShapeKey(settingsOf({ windowDays: 7 }))).toBe(base);
    expect(pagerDutyRecordShapeKey(settingsOf({ services: [{ service: 'PIJ90N7', team: 'other' }] }))).not.toBe(base);
  });
});
