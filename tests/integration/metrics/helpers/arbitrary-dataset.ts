// Small but adversarial random datasets for the property test: few distinct instants (ties), a period
// across the New York DST change, rollbacks that fail, explicit causes naming deployments that do not
// count or live in other repositories, SHAs in either case, team-only incidents in nested teams,
// dismissals in every spelling, findings with fixedAt in a state other than fixed.
import fc from 'fast-check';
import { SEVERITIES, type MetricSettings } from '@/lib/metrics/types';
import type {
  ChangeRecord, Dataset, DeploymentRecord, FindingRecord, IncidentRecord, RepositoryRecord, TeamRecord,
} from '@/lib/metrics/reference/dataset';

const BASE = Date.parse('2024-02-20T00:00:00Z');
const HOUR = 3_600_000;

/** Instants that matter: the test periods' ends (New York and UTC midnights), the DST change itself. */
const HOT_INSTANTS = [
  '2024-02-25T00:00:00Z', '2024-03-01T05:00:00Z', '2024-03-07T05:00:00Z', '2024-03-10T05:00:00Z',
  '2024-03-10T07:00:00Z', '2024-03-14T04:00:00Z', '2024-03-15T04:00:00Z', '2024-03-26T00:00:00Z',
  '2024-04-01T04:00:00Z',
].map((iso) => Date.parse(iso));

/**
 * Instants from a small pool (ties are common) or on a coarse grid (6 h steps over ~45 days around
 * the 2024-03-10 DST change), nudged by a millisecond or a few hours.
 */
export const instant = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.constantFrom(...HOT_INSTANTS), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 180 }).map((step) => BASE + step * 6 * HOUR), weight: 3 },
    ),
    fc.constantFrom(0, 0, 0, 0, 0, 1, -1, HOUR, 5 * HOUR),
  )
  .map(([at, nudge]) => new Date(at + nudge));

export const SHAS = ['abc1234', 'ABC1234', 'def5678', 'a'.repeat(40), 'B'.repeat(40)];
export const ENVIRONMENTS = [
  ...Array.from({ length: 8 }, () => 'production'), 'prod', 'PROD', 'Production', 'live', 'live', 'prod-eu',
  'staging', 'production-eu', 'preprod',
];
const REASONS = ['false positive', 'False_Positive', 'used_in_tests', 'inaccurate', "won't fix", 'tolerable risk', null];

interface Shape {
  teams: { parent: number | null }[];
  repositories: { team: number | null; customPattern: boolean }[];
}

const shape: fc.Arbitrary<Shape> = fc
  .integer({ min: 0, max: 4 })
  .chain((teamCount) => fc.record({
    // A forest: each team's parent, if any, comes before it.
    teams: fc.tuple(...Array.from({ length: teamCount }, (_, index) => (index === 0
      ? fc.constant({ parent: null })
      : fc.option(fc.integer({ min: 0, max: index - 1 }), { nil: null }).map((parent) => ({ parent }))))),
    repositories: fc.array(fc.record({
      team: teamCount === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: teamCount - 1 }), { nil: null, freq: 4 }),
      customPattern: fc.constantFrom(false, false, true),
    }), { minLength: 1, maxLength: 4 }),
  }));

export const arbitraryDataset: fc.Arbitrary<Dataset> = shape.chain(({ teams, repositories }) => {
  const repositoryIndex = fc.integer({ min: 0, max: repositories.length - 1 });
  const deployment = fc.record({
    repository: repositoryIndex,
    environment: fc.constantFrom(...ENVIRONMENTS),
    status: fc.constantFrom('success', 'success', 'success', 'success', 'success', 'failure', 'error') as fc.Arbitrary<DeploymentRecord['status']>,
    sha: fc.option(fc.constantFrom(...SHAS), { nil: null }),
    finishedAt: instant,
    // Often finishes at the same instant as an earlier deployment: ties are where orderings differ.
    tieWith: fc.option(fc.nat(), { nil: null, freq: 3 }),
    isRollback: fc.constantFrom(false, false, false, true),
    refs: fc.array(fc.oneof(fc.integer({ min: 0, max: 19 }).map((index) => `change-${index}`), fc.constantFrom(...SHAS)), { maxLength: 3 }),
  });
  const change = fc.record({
    repository: repositoryIndex,
    mergedAt: instant,
    // Often merged just before (or exactly when) some deployment finished.
    anchor: fc.option(fc.tuple(fc.nat(), fc.constantFrom(0, 1, HOUR, 2 * 24 * HOUR)), { nil: null, freq: 2 }),
    openedBefore: fc.option(fc.constantFrom(0, HOUR, 30 * HOUR, 5 * 24 * HOUR, -HOUR), { nil: null }),
    firstCommitBefore: fc.option(fc.constantFrom(0, HOUR, 2 * 24 * HOUR, 20 * 24 * HOUR, -2 * HOUR), { nil: null }),
    title: fc.option(fc.constantFrom('Revert "Add search"', 'revert x', 'Revert: x', 'Add feature'), { nil: null }),
    labels: fc.constantFrom([], ['hotfix'], ['HotFix'], ['bug'], ['hotfix-ish']),
    mergeSha: fc.option(fc.constantFrom(...SHAS), { nil: null }),
  });
  const incident = fc.record({
    repository: fc.option(repositoryIndex, { nil: null, freq: 3 }),
    team: teams.length === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: teams.length - 1 }), { nil: null }),
    startedAt: instant,
    // Usually starts shortly after some deployment: at it, 1 ms after, within or just past the window.
    anchor: fc.option(fc.tuple(fc.nat(), fc.constantFrom(0, 1, HOUR, 23 * HOUR, 24 * HOUR, 24 * HOUR + 1, 72 * HOUR, 72 * HOUR + 1)), { nil: null, freq: 4 }),
    resolvedAfter: fc.option(fc.constantFrom(0, 1, HOUR, 5 * HOUR, 3 * 24 * HOUR, 20 * 24 * HOUR), { nil: null }),
    security: fc.boolean(),
    cause: fc.oneof(
      { arbitrary: fc.constant(null), weight: 6 },
      { arbitrary: fc.integer({ min: 0, max: 29 }).map((index) => `deployment-${index}`), weight: 2 },
      { arbitrary: fc.constantFrom(...SHAS, 'no-such-deployment'), weight: 2 },
    ),
  });
  const finding = fc.record({
    repository: repositoryIndex,
    tool: fc.constantFrom('code-scanning', 'dependabot', 'secret-scanning'),
    severity: fc.constantFrom(...SEVERITIES),
    state: fc.constantFrom('open', 'fixed', 'fixed', 'dismissed') as fc.Arbitrary<FindingRecord['state']>,
    reason: fc.constantFrom(...REASONS),
    openedAt: instant,
    fixedAfter: fc.option(fc.constantFrom(0, HOUR, 7 * 24 * HOUR, 7 * 24 * HOUR + 1, 30 * 24 * HOUR, 95 * 24 * HOUR), { nil: null }),
    dismissedAfter: fc.option(fc.constantFrom(0, 24 * HOUR, 20 * 24 * HOUR), { nil: null }),
  });
  const settings: fc.Arbitrary<MetricSettings> = fc.record({
    incidentWindowHours: fc.constantFrom(72, 72, 24, 1),
    slaDays: fc.constantFrom(
      { critical: 7, high: 30, medium: 90, low: 180 },
      { critical: 1, high: 7, medium: 30, low: 60 },
    ),
  });

  return fc.record({
    settings,
    deployments: fc.array(deployment, { minLength: 2, maxLength: 30 }),
    changes: fc.array(change, { maxLength: 20 }),
    incidents: fc.array(incident, { maxLength: 15 }),
    findings: fc.array(finding, { maxLength: 20 }),
  }).map((records): Dataset => {
    let nextId = 1;
    const teamRecords: TeamRecord[] = teams.map((team, index) => ({ id: 1000 + index, slug: `team-${index}`, parentId: team.parent === null ? null : 1000 + team.parent }));
    const repositoryRecords: RepositoryRecord[] = repositories.map((repository, index) => ({
      id: 2000 + index,
      fullName: `org/repo-${index}`,
      teamId: repository.team === null ? null : 1000 + repository.team,
      productionPattern: repository.customPattern ? 'production|live|prod-(eu|us)' : '^prod(uction)?$',
    }));
    const repositoryId = (index: number) => 2000 + index;
    const anchored = (fallback: Date, anchor: readonly [number, number] | null, sign: 1 | -1): Date => {
      const deployment = anchor === null ? undefined : deploymentsAt[anchor[0] % deploymentsAt.length];
      return deployment && anchor ? new Date(deployment.finishedAt.getTime() + sign * anchor[1]) : fallback;
    };
    // Resolve ties in order (without touching the generated values, which fast-check may replay).
    const finishedAts: Date[] = [];
    records.deployments.forEach((deployment, index) => {
      const earlier = deployment.tieWith === null || index === 0 ? undefined : finishedAts[deployment.tieWith % index];
      finishedAts.push(earlier ?? deployment.finishedAt);
    });
    const deploymentsAt = records.deployments.map((deployment, index) => ({ ...deployment, finishedAt: finishedAts[index] as Date }));
    return {
      settings: records.settings,
      teams: teamRecords,
      repositories: repositoryRecords,
      deployments: deploymentsAt.map((d, index): DeploymentRecord => ({
        id: nextId++,
        externalId: `deployment-${index}`,
        repositoryId: repositoryId(d.repository),
        environment: d.environment,
        status: d.status,
        sha: d.sha,
        finishedAt: d.finishedAt,
        isRollback: d.isRollback,
        changeRefs: [...new Set(d.refs)],
      })),
      changes: records.changes.map((generated, index): ChangeRecord => {
        const c = { ...generated, mergedAt: anchored(generated.mergedAt, generated.anchor, -1) };
        return {
        id: nextId++,
        externalId: `change-${index}`,
        repositoryId: repositoryId(c.repository),
        title: c.title,
        labels: [...c.labels],
        openedAt: c.openedBefore === null ? null : new Date(c.mergedAt.getTime() - c.openedBefore),
        firstCommitAt: c.firstCommitBefore === null ? null : new Date(c.mergedAt.getTime() - c.firstCommitBefore - (c.openedBefore ?? 0)),
        mergedAt: c.mergedAt,
        mergeSha: c.mergeSha,
        };
      }),
      incidents: records.incidents.map((generated, index): IncidentRecord => {
        const i = { ...generated, startedAt: anchored(generated.startedAt, generated.anchor, 1) };
        // Every incident has a repository or a team (the API requires one).
        const repository = i.repository ?? (i.team === null ? 0 : null);
        return {
          id: nextId++,
          externalId: `incident-${index}`,
          repositoryId: repository === null ? null : repositoryId(repository),
          teamId: i.team === null ? null : 1000 + i.team,
          security: i.security,
          startedAt: i.startedAt,
          resolvedAt: i.resolvedAfter === null ? null : new Date(i.startedAt.getTime() + i.resolvedAfter),
          causeRef: i.cause,
        };
      }),
      findings: records.findings.map((f, index): FindingRecord => ({
        id: nextId++,
        externalId: `finding-${index}`,
        repositoryId: repositoryId(f.repository),
        tool: f.tool,
        severity: f.severity,
        state: f.state,
        dismissedReason: f.state === 'dismissed' ? f.reason : null,
        openedAt: f.openedAt,
        fixedAt: f.fixedAfter === null ? null : new Date(f.openedAt.getTime() + f.fixedAfter),
        dismissedAt: f.dismissedAfter === null ? null : new Date(f.openedAt.getTime() + f.dismissedAfter),
      })),
    };
  });
});

/** Re-sent deployments: which one (by position) and what changes; applied by updateDeployments. */
export const arbitraryDeploymentUpdates = fc.array(fc.record({
  pick: fc.nat(),
  finishedAt: fc.option(instant, { nil: undefined }),
  status: fc.option(fc.constantFrom('success', 'failure') as fc.Arbitrary<DeploymentRecord['status']>, { nil: undefined }),
  environment: fc.option(fc.constantFrom(...ENVIRONMENTS), { nil: undefined }),
  isRollback: fc.option(fc.boolean(), { nil: undefined }),
  sha: fc.option(fc.option(fc.constantFrom(...SHAS), { nil: null }), { nil: undefined }),
  moveTo: fc.option(fc.nat(), { nil: undefined }),
  refs: fc.option(fc.array(fc.oneof(fc.integer({ min: 0, max: 19 }).map((index) => `change-${index}`), fc.constantFrom(...SHAS)), { maxLength: 2 }), { nil: undefined }),
}), { maxLength: 4 });

export type GeneratedDeploymentUpdate = (typeof arbitraryDeploymentUpdates) extends fc.Arbitrary<(infer U)[]> ? U : never;
