// Starts the fake Jira by hand, to try the collector as a user would:
//   npx tsx tests/helpers/jira/serve-fake.ts [--issues 120] [--seed 1]
// then add a source with the printed site URL, email and token (piped to --token-stdin).
import { parseArgs } from 'node:util';
import { FakeJira } from './fake-jira';
import { buildJiraIssues } from './fake-data';
import { serveUntilInterrupted } from '@/tests/helpers/github/serve-until-interrupted';

const { values } = parseArgs({ options: { issues: { type: 'string' }, seed: { type: 'string' } } });
const fake = await FakeJira.start();
buildJiraIssues(fake, Number(values.issues ?? 120), Number(values.seed ?? 1));
console.log(`Fake Jira Cloud at ${fake.url} (projects OPS, PAY, WEB; account time zone ${fake.timeZone})`);
console.log(`  email ${fake.email}`);
console.log(`  token ${fake.apiToken}`);
await serveUntilInterrupted(fake);
