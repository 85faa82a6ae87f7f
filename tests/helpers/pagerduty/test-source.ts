// A PagerDuty source in the test database pointed (by API URL) at the fake PagerDuty, and the data
// the tests give it: services mapped to the tests' teams and repositories, and one left unmapped.
import type { Db } from '@/lib/db';
import type { PagerDutySettingsInput } from '@/lib/collectors/pagerduty/settings';
import { createSource } from '@/lib/sources/sources';
import { seededRandom } from '@/tests/helpers/jira/fake-data';
import type { FakePagerDuty, FakePdIncident } from './fake-pagerduty';

export const TEST_SERVICES = [
  { service: 'PGATEWY', team: 'platform' },
  { service: 'PPAYAPI', repository: 'acme/payments-api' },
  { service: 'PSECOPS', team: 'payments', security: true },
];
/** A service the source does not map: its incidents are never asked for. */
export const UNMAPPED_SERVICE = 'POTHERS';

export function expectedTarget(incident: FakePdIncident): { team?: string; repository?: string; security: boolean } | null {
  switch (incident.service) {
    case 'PGATEWY': return { team: 'platform', security: false };
    case 'PPAYAPI': return { repository: 'acme/payments-api', security: false };
    case 'PSECOPS': return { team: 'payments', security: true };
    default: return null;
  }
}

export async function addFakePagerDutySource(db: Db, fake: FakePagerDuty, name: string, settings: Partial<PagerDutySettingsInput> = {}, token?: string) {
  return createSource(db, {
    kind: 'pagerduty',
    name,
    settings: { apiUrl: fake.url, services: TEST_SERVICES, ...settings },
    credentials: { token: token ?? fake.token },
  });
}

/** `count` incidents over the services, most resolved a while after they started, some acknowledged. */
export function buildPdIncidents(fake: FakePagerDuty, count: number, seed = 1): FakePdIncident[] {
  const random = seededRandom(seed);
  const services = [...TEST_SERVICES.map((rule) => rule.service), UNMAPPED_SERVICE];
  const incidents: FakePdIncident[] = [];
  for (let i = 0; i < count; i++) {
    fake.clock += Math.floor(random() * 600) * 60_000;
    const incident = fake.addIncident({
      service: services[Math.floor(random() * services.length)] ?? UNMAPPED_SERVICE,
      urgency: random() < 0.7 ? 'high' : 'low',
      priority: random() < 0.5 ? (['P1', 'P2', 'P3', 'P4'][Math.floor(random() * 4)] ?? null) : null,
      description: random() < 0.2 ? `Paged by the error budget. root cause: ${(0xabc0000 + i).toString(16)}` : 'Paged by the error budget.',
    });
    const roll = random();
    if (roll < 0.75) {
      const created = Date.parse(incident.created_at);
      fake.resolve(incident, new Date(created + (5 + Math.floor(random() * 300)) * 60_000).toISOString());
    } else if (roll < 0.85) {
      fake.acknowledge(incident);
    }
    incidents.push(incident);
  }
  // PagerDuty's "now" is after the last incident (a listing's `until` is exclusive).
  fake.tick();
  return incidents;
}

/** Incidents of mapped services created in [since, until), by externalId. */
export function expectedIncidents(fake: FakePagerDuty, since: number, until = Number.POSITIVE_INFINITY): Map<string, FakePdIncident> {
  return new Map(
    fake.incidents
      .filter((incident) => expectedTarget(incident) !== null && Date.parse(incident.created_at) >= since && Date.parse(incident.created_at) < until)
      .map((incident) => [`incident:${incident.id}`, incident]),
  );
}
