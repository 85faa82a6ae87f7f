// Starts the fake PagerDuty by hand, to try the collector as a user would:
//   npx tsx tests/helpers/pagerduty/serve-fake.ts [--incidents 200] [--seed 1]
// then add a source with the printed API URL and key (piped to --token-stdin).
import { parseArgs } from 'node:util';
import { FakePagerDuty } from './fake-pagerduty';
import { buildPdIncidents, TEST_SERVICES, UNMAPPED_SERVICE } from './test-source';
import { serveUntilInterrupted } from '@/tests/helpers/github/serve-until-interrupted';

const { values } = parseArgs({ options: { incidents: { type: 'string' }, seed: { type: 'string' } } });
const fake = await FakePagerDuty.start();
// Incidents of the last weeks, so the default 180-day look-back covers them.
fake.clock = Date.now() - 60 * 86_400_000;
buildPdIncidents(fake, Number(values.incidents ?? 200), Number(values.seed ?? 1));
fake.clock = Math.max(fake.clock, Date.now());
console.log(`Fake PagerDuty at ${fake.url} (services ${TEST_SERVICES.map((rule) => rule.service).join(', ')}, and ${UNMAPPED_SERVICE})`);
console.log(`  key ${fake.token}`);
await serveUntilInterrupted(fake);
