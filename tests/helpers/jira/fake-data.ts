// Deterministic Jira data for the sync tests, and the records Vitals should hold for it, computed
// from the fake's own issues with the tests' mapping written out by hand (not through the mappers).
import type { FakeJira, FakeJiraIssue } from './fake-jira';
import { adfDocument } from './fake-jira';
// One generator for every fake, so a seed means the same in each; re-exported for the Jira and PagerDuty tests.
import { seededRandom } from '@/tests/helpers/github/fake-data';

export { seededRandom };


/** The mapping the tests configure: OPS/Payments → acme/payments-api, OPS → platform, PAY → payments; WEB maps nowhere. */
export const TEST_MAPPINGS = [
  { project: 'OPS', component: 'Payments', repository: 'acme/payments-api' },
  { project: 'OPS', team: 'platform' },
  { project: 'PAY', team: 'payments' },
];

export function expectedTarget(issue: FakeJiraIssue): { team?: string; repository?: string } | null {
  if (issue.project === 'OPS' && issue.components.some((name) => name.toLowerCase() === 'payments')) return { repository: 'acme/payments-api' };
  if (issue.project === 'OPS') return { team: 'platform' };
  if (issue.project === 'PAY') return { team: 'payments' };
  return null;
}

/** Issues that are mapped incidents under `issuetype = Incident`, by externalId. */
export function expectedIncidents(fake: FakeJira): Map<string, FakeJiraIssue> {
  return new Map(
    fake.issues
      .filter((issue) => issue.issuetype === 'Incident' && expectedTarget(issue) !== null)
      .map((issue) => [`issue:${issue.id}`, issue]),
  );
}

const PROJECTS = ['OPS', 'OPS', 'OPS', 'PAY', 'WEB'] as const;

/** `count` issues: mostly incidents (some tasks), some resolved, some with root causes in the description. */
export function buildJiraIssues(fake: FakeJira, count: number, seed = 1): FakeJiraIssue[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const issues: FakeJiraIssue[] = [];
  for (let i = 0; i < count; i++) {
    const project = pick(PROJECTS);
    const issue = fake.addIssue({
      project,
      issuetype: random() < 0.9 ? 'Incident' : 'Task',
      components: project === 'OPS' && random() < 0.4 ? ['Payments'] : project === 'OPS' && random() < 0.3 ? ['Search'] : [],
      priority: pick(['Highest', 'High', 'Medium', 'Low']),
      labels: random() < 0.1 ? ['security'] : [],
      description: random() < 0.3 ? adfDocument('Alert fired.', `Root cause: ${(1e12 + i).toString(16)}abc`) : adfDocument('Alert fired.'),
    });
    if (random() < 0.7) {
      fake.clock += Math.floor(random() * 180) * 60_000;
      fake.resolve(issue);
    }
    issues.push(issue);
  }
  return issues;
}
