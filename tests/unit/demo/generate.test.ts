// The demo generator: deterministic, the shape the dashboards need, and records the public ingest API
// would accept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PERIOD_DAYS, generateDemoData, type DemoData } from '@/lib/demo/generate';
import { demoDataset } from '@/lib/demo/dataset';
import { linkDataset, type LinkedDataset } from '@/lib/metrics/reference';
import { SEVERITIES, normalizeDismissalReason } from '@/lib/metrics/types';
import { ingestBodies, MAX_RECORDS_PER_CALL, teamInput, teamSlug } from '@/lib/validations/ingest';

// Generating and linking the whole demo takes a few seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const NOW = new Date('2026-03-15T16:20:00Z');
const DAY = 86_400_000;
const data = generateDemoData({ now: NOW });
let linkedData: LinkedDataset | undefined;
/** Linked once (linking the whole demo takes seconds), for the tests that need derived links. */
const linked = () => (linkedData ??= linkDataset(demoDataset(data)));
const isCounted = (deployment: DemoData['deployments'][number]) =>
  /^prod(uction)?$/i.test(deployment.environment) && deployment.status === 'success';

afterEach(() => {
  vi.useRealTimers();
});

describe('determinism', () => {
  it('gives identical data for the same seed and end date', () => {
    expect(JSON.stringify(generateDemoData({ now: NOW }))).toBe(JSON.stringify(data));
    expect(JSON.stringify(generateDemoData({ seed: 7, now: NOW }))).toBe(JSON.stringify(generateDemoData({ seed: 7, now: NOW })));
  });

  it('does not depend on the clock, only on the `now` it is given', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-07-04T03:00:00Z'));
    expect(JSON.stringify(generateDemoData({ now: NOW }))).toBe(JSON.stringify(data));
  });

  it('gives different data for a different seed', () => {
    const other = generateDemoData({ seed: 7, now: NOW });
    expect(other.deployments.map((deployment) => deployment.finishedAt.getTime()))
      .not.toEqual(data.deployments.map((deployment) => deployment.finishedAt.getTime()));
    expect(other.changes.map((change) => change.title)).not.toEqual(data.changes.map((change) => change.title));
  });

  it('covers the six months before `now`, whatever `now` is', () => {
    const later = generateDemoData({ now: new Date('2027-11-02T09:00:00Z') });
    const times = later.deployments.map((deployment) => deployment.finishedAt.getTime());
    expect(Math.max(...times)).toBeLessThan(Date.parse('2027-11-02T09:00:00Z'));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(later.period.from.getTime());
  });
});

describe('organisation', () => {
  it('has at least 8 teams in two levels, parents listed before their children', () => {
    expect(data.teams.length).toBeGreaterThanOrEqual(8);
    const slugs = data.teams.map((team) => team.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    const groups = data.teams.filter((team) => team.parent === null);
    const children = data.teams.filter((team) => team.parent !== null);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(children.length).toBeGreaterThanOrEqual(8);
    for (const child of children) {
      const parentIndex = slugs.indexOf(child.parent ?? '');
      expect(parentIndex).toBeGreaterThanOrEqual(0);
      expect(parentIndex).toBeLessThan(slugs.indexOf(child.slug));
      expect(data.teams[parentIndex]?.parent).toBeNull();
    }
    for (const team of data.teams) {
      expect(teamSlug.safeParse(team.slug).success).toBe(true);
      expect(teamInput.safeParse({ name: team.name, parent: team.parent, repositories: team.repositories }).success).toBe(true);
    }
  });

  it('has 40+ repositories of one fictitious owner, mapped to teams, a few in none and one archived', () => {
    expect(data.repositories.length).toBeGreaterThanOrEqual(40);
    expect(data.repositories.every((repository) => repository.fullName.startsWith('medisphere/'))).toBe(true);
    expect(data.repositories.filter((repository) => repository.team === null).length).toBeGreaterThanOrEqual(2);
    expect(data.repositories.some((repository) => repository.archived)).toBe(true);
    const mapped = data.teams.flatMap((team) => team.repositories);
    expect(new Set(mapped).size).toBe(mapped.length);
    for (const repository of data.repositories) {
      const owner = data.teams.find((team) => team.repositories.includes(repository.fullName));
      expect(owner?.slug ?? null).toBe(repository.team);
    }
  });

  it('has a demo user per role, managers and members with teams, and one user granted nothing', () => {
    const roles = new Set(data.users.map((user) => user.role));
    for (const role of ['admin', 'executive', 'manager', 'member', null]) expect(roles.has(role as never)).toBe(true);
    const slugs = new Set(data.teams.map((team) => team.slug));
    for (const user of data.users) {
      expect(user.email).toMatch(/^[a-z]+\.[a-z]+@demo\.vitals\.local$/);
      if (user.role === 'manager' || user.role === 'member') expect(user.memberships.length).toBeGreaterThan(0);
      for (const membership of user.memberships) expect(slugs.has(membership.team)).toBe(true);
    }
  });

  it('has succeeded and failed collector runs and a source condition', () => {
    expect(data.collectorRuns.some((run) => run.status === 'failed' && run.error)).toBe(true);
    expect(data.collectorRuns.filter((run) => run.status === 'succeeded').length).toBeGreaterThan(3);
    expect(Object.keys(data.source.state).some((name) => name.startsWith('code-scanning:medisphere/'))).toBe(true);
  });
});

describe('records', () => {
  it('are all accepted by the ingest API schemas, in batches of at most 5,000', () => {
    const kinds = [
      ['changes', data.changes], ['deployments', data.deployments], ['incidents', data.incidents], ['findings', data.findings],
    ] as const;
    for (const [kind, records] of kinds) {
      expect(records.length).toBeGreaterThan(0);
      for (let start = 0; start < records.length; start += MAX_RECORDS_PER_CALL) {
        // Through JSON, as the API receives them.
        const body = JSON.parse(JSON.stringify({ [kind]: records.slice(start, start + MAX_RECORDS_PER_CALL) })) as unknown;
        const parsed = ingestBodies[kind].safeParse(body);
        expect(parsed.error?.issues.slice(0, 3) ?? []).toEqual([]);
      }
      const ids = records.map((record) => record.externalId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('stay within the period, reference known repositories, and number tens of thousands at most', () => {
    const repositories = new Set(data.repositories.map((repository) => repository.fullName));
    const teams = new Set(data.teams.map((team) => team.slug));
    const from = data.period.from.getTime();
    const now = NOW.getTime();
    for (const deployment of data.deployments) {
      expect(repositories.has(deployment.repository)).toBe(true);
      expect(deployment.finishedAt.getTime()).toBeGreaterThanOrEqual(from);
      expect(deployment.finishedAt.getTime()).toBeLessThan(now);
    }
    for (const change of data.changes) {
      expect(repositories.has(change.repository)).toBe(true);
      expect(change.mergedAt.getTime()).toBeLessThan(now);
      const openedAt = change.openedAt?.getTime() ?? Number.NaN;
      expect(openedAt).toBeLessThanOrEqual(change.mergedAt.getTime());
      if (change.firstCommitAt) expect(change.firstCommitAt.getTime()).toBeLessThanOrEqual(openedAt);
      expect(change.url).toBe(`https://github.com/${change.repository}/pull/${change.number}`);
    }
    for (const incident of data.incidents) {
      if (incident.repository) expect(repositories.has(incident.repository)).toBe(true);
      if (incident.team) expect(teams.has(incident.team)).toBe(true);
      expect(incident.startedAt.getTime()).toBeLessThan(now);
      if (incident.resolvedAt) expect(incident.resolvedAt.getTime()).toBeLessThan(now);
    }
    for (const finding of data.findings) {
      expect(repositories.has(finding.repository)).toBe(true);
      expect(finding.openedAt.getTime()).toBeLessThan(now);
      expect(finding.url).toMatch(/^https:\/\/github\.com\/medisphere\/[a-z0-9-]+\/security\/(code-scanning|dependabot|secret-scanning)\/\d+$/);
    }
    const span = Math.max(...data.deployments.map((d) => d.finishedAt.getTime())) - Math.min(...data.deployments.map((d) => d.finishedAt.getTime()));
    expect(span).toBeGreaterThan((DEMO_PERIOD_DAYS - 7) * DAY);
    const total = data.changes.length + data.deployments.length + data.incidents.length + data.findings.length;
    expect(total).toBeGreaterThan(3_000);
    expect(total).toBeLessThan(50_000);
  });

  it('include staging deployments, failed attempts and rollbacks that follow a production deployment', () => {
    expect(data.deployments.some((deployment) => !/^prod(uction)?$/i.test(deployment.environment))).toBe(true);
    expect(data.deployments.some((deployment) => deployment.status === 'failure')).toBe(true);
    expect(data.deployments.some((deployment) => deployment.status === 'error')).toBe(true);
    const rollbacks = data.deployments.filter((deployment) => deployment.isRollback);
    expect(rollbacks.length).toBeGreaterThan(5);
    for (const rollback of rollbacks) {
      expect(isCounted(rollback)).toBe(true);
      const earlier = data.deployments.filter((deployment) => deployment.repository === rollback.repository && isCounted(deployment)
        && deployment.finishedAt < rollback.finishedAt);
      expect(earlier.length).toBeGreaterThan(0);
    }
  });

  it('include hotfixes, reverts, unshipped pull requests and both ways of naming shipped changes', () => {
    expect(data.changes.some((change) => change.labels?.some((label) => label.toLowerCase() === 'hotfix'))).toBe(true);
    // Spelled differently by some teams: the rework rule is case-insensitive.
    expect(data.changes.some((change) => change.labels?.some((label) => label !== 'hotfix' && label.toLowerCase() === 'hotfix')))
      .toBe(true);
    expect(data.changes.some((change) => change.title?.startsWith('Revert "'))).toBe(true);
    expect(data.changes.some((change) => change.author === 'dependabot[bot]')).toBe(true);
    expect(data.changes.some((change) => change.firstCommitAt === undefined)).toBe(true);
    const changeIds = new Set(data.changes.map((change) => change.externalId));
    const shas = new Set(data.changes.map((change) => change.mergeSha));
    const listed = data.deployments.filter((deployment) => deployment.changes !== undefined);
    expect(listed.some((deployment) => deployment.changes?.some((ref) => changeIds.has(ref)))).toBe(true);
    expect(listed.some((deployment) => deployment.changes?.some((ref) => shas.has(ref)))).toBe(true);
    const listingRepositories = new Set(listed.map((deployment) => deployment.repository));
    expect(data.deployments.some((deployment) => isCounted(deployment) && !listingRepositories.has(deployment.repository))).toBe(true);

    expect(linked().changes.some((change) => change.deployedAt === null)).toBe(true);
    expect(linked().changes.filter((change) => change.deployedAt !== null).length).toBeGreaterThan(data.changes.length * 0.9);
  });

  it('include incidents linked explicitly and by the 72 h rule, unlinked, security, team-only and open ones', () => {
    const kinds = new Set(linked().incidents.map((incident) => incident.linkKind));
    expect(kinds).toEqual(new Set(['explicit', 'heuristic', null]));
    const deploymentIds = new Set(data.deployments.map((deployment) => deployment.externalId));
    const causes = data.incidents.flatMap((incident) => (incident.causeDeployment ? [incident.causeDeployment] : []));
    expect(causes.some((cause) => deploymentIds.has(cause))).toBe(true);
    expect(causes.some((cause) => /^[0-9a-f]{40}$/.test(cause))).toBe(true);
    expect(data.incidents.some((incident) => incident.security && incident.causeDeployment)).toBe(true);
    expect(data.incidents.some((incident) => incident.security && !incident.resolvedAt)).toBe(true);
    expect(data.incidents.filter((incident) => !incident.resolvedAt).length).toBeGreaterThanOrEqual(2);
    expect(data.incidents.some((incident) => incident.team && !incident.repository)).toBe(true);
    // An incident naming a staging deployment: stored, linked to it, but no production failure.
    const staging = new Set(data.deployments.filter((deployment) => !isCounted(deployment)).map((deployment) => deployment.externalId));
    expect(data.incidents.some((incident) => incident.causeDeployment !== undefined && staging.has(incident.causeDeployment))).toBe(true);
    expect(linked().incidents.filter((incident) => incident.linkKind === null).length).toBeGreaterThan(5);
  });

  it('include findings of every tool, severity and state, with dismissal reasons treated both ways', () => {
    expect(new Set(data.findings.map((finding) => finding.tool))).toEqual(new Set(['code-scanning', 'dependabot', 'secret-scanning']));
    for (const severity of SEVERITIES) {
      for (const state of ['open', 'fixed', 'dismissed'] as const) {
        expect(data.findings.some((finding) => finding.severity === severity && finding.state === state), `${severity} ${state}`).toBe(true);
      }
    }
    expect(data.findings.filter((finding) => finding.tool === 'secret-scanning').every((finding) => finding.severity === 'critical')).toBe(true);
    const reasons = new Set(data.findings.map((finding) => normalizeDismissalReason(finding.dismissedReason)));
    for (const reason of ['false positive', "won't fix", 'used in tests', 'tolerable risk']) expect(reasons.has(reason)).toBe(true);
    for (const finding of data.findings) {
      if (finding.fixedAt) expect(finding.fixedAt.getTime()).toBeGreaterThanOrEqual(finding.openedAt.getTime());
      if (finding.dismissedAt) expect(finding.dismissedAt.getTime()).toBeGreaterThanOrEqual(finding.openedAt.getTime());
    }
  });
});
