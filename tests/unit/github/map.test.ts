import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextLink } from '@/lib/collectors/github/client';
import {
  environmentMatches, firstCommitDate, mapCodeScanningAlert, mapDependabotAlert, mapDeployment, mapIncidentIssue, mapPullRequest,
  mapRelease, mapSecretScanningAlert, mapWorkflowRun, rootCauseFrom, slimPullRequest, type GhPullRequest,
} from '@/lib/collectors/github/map';
import { deployRuleFor, githubSettings, isRepositorySelected, productionPatternFor, severityFromLabels } from '@/lib/collectors/github/settings';

const PRUNED_SPEC = new URL('../../fixtures/github/api.github.com.pruned.json', import.meta.url);
const settings = githubSettings.parse({ organization: 'acme', severityLabels: { P1: 'critical' } });

describe('GitHub settings', () => {
  it('needs an organisation or repositories, and fills defaults', () => {
    expect(githubSettings.safeParse({}).success).toBe(false);
    expect(settings.incidentLabels).toEqual(['incident']);
    expect(settings.deploy).toEqual({ kind: 'deployments', environmentPattern: '^prod(uction)?$' });
    expect(githubSettings.safeParse({ organization: 'acme', deploy: { kind: 'deployments', environmentPattern: '(' } }).success).toBe(false);
  });

  it('selects repositories with include/exclude globs on owner/name or name', () => {
    const selection = { include: ['acme/api-*', 'web'], exclude: ['*-legacy'] };
    expect(isRepositorySelected(selection, 'acme/api-users')).toBe(true);
    expect(isRepositorySelected(selection, 'acme/web')).toBe(true);
    expect(isRepositorySelected(selection, 'acme/api-legacy')).toBe(false);
    expect(isRepositorySelected(selection, 'acme/docs')).toBe(false);
    expect(isRepositorySelected({ include: [], exclude: [] }, 'acme/docs')).toBe(true);
  });

  it('applies per-repository deploy rules and stores a matching production pattern', () => {
    const s = githubSettings.parse({ organization: 'acme', deployOverrides: { 'acme/site': { kind: 'releases' } } });
    expect(deployRuleFor(s, 'ACME/site').kind).toBe('releases');
    expect(productionPatternFor(deployRuleFor(s, 'acme/site'))).toBe('^production$');
    expect(productionPatternFor(deployRuleFor(s, 'acme/api'))).toBe('^prod(uction)?$');
  });

  it('reads severities from configured labels, then sev/severity labels', () => {
    expect(severityFromLabels(settings, ['p1'])).toBe('critical');
    expect(severityFromLabels(settings, ['severity: High'])).toBe('high');
    expect(severityFromLabels(settings, ['sev2'])).toBe('sev2');
    expect(severityFromLabels(settings, ['bug'])).toBeUndefined();
  });
});

describe('GitHub mappers', () => {
  it('matches production environments as a whole, case-insensitive value', () => {
    expect(environmentMatches('^prod(uction)?$', 'Production')).toBe(true);
    expect(environmentMatches('prod(uction)?', 'production-eu')).toBe(false);
    expect(environmentMatches('^prod(uction)?$', 'preprod')).toBe(false);
  });

  it('maps a deployment by its newest terminal status; pending without one', () => {
    const deployment = { id: 5, sha: 'a'.repeat(40), environment: 'production', task: 'deploy', created_at: '2026-01-01T10:00:00Z' };
    const finished = mapDeployment('acme/api', deployment, [
      { id: 3, state: 'inactive', created_at: '2026-01-02T00:00:00Z' },
      { id: 2, state: 'success', created_at: '2026-01-01T10:05:00Z', log_url: 'https://ci/logs/2' },
      { id: 1, state: 'in_progress', created_at: '2026-01-01T10:01:00Z' },
    ]);
    expect(finished).toEqual({
      kind: 'finished',
      record: {
        externalId: 'deployment:5', repository: 'acme/api', environment: 'production', status: 'success', sha: 'a'.repeat(40),
        startedAt: '2026-01-01T10:00:00Z', finishedAt: '2026-01-01T10:05:00Z', isRollback: false, url: 'https://ci/logs/2',
      },
    });
    expect(mapDeployment('acme/api', deployment, [{ state: 'queued', created_at: '2026-01-01T10:00:01Z' }]).kind).toBe('pending');
    expect(mapDeployment('acme/api', deployment, [{ state: 'inactive', created_at: '2026-01-01T10:00:01Z' }]).kind).toBe('none');
    const rollback = mapDeployment('acme/api', { ...deployment, task: 'deploy:rollback' }, [{ state: 'failure', created_at: '2026-01-01T10:02:00Z' }]);
    expect(rollback.kind === 'finished' && rollback.record).toMatchObject({ isRollback: true, status: 'failure' });
  });

  it('maps workflow runs and releases into deployments', () => {
    const run = { id: 9, status: 'completed', conclusion: 'timed_out', head_sha: 'b'.repeat(40), created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:10:00Z' };
    expect(mapWorkflowRun('acme/api', run, 'production')).toMatchObject({ kind: 'finished', record: { externalId: 'run:9', status: 'failure', finishedAt: '2026-01-01T00:10:00Z' } });
    expect(mapWorkflowRun('acme/api', { ...run, conclusion: 'cancelled' }, 'production').kind).toBe('none');
    expect(mapWorkflowRun('acme/api', { ...run, status: 'in_progress' }, 'production').kind).toBe('pending');
    const rule = { kind: 'releases' as const, environment: 'production', includePrereleases: false };
    const release = { id: 3, created_at: '2026-01-01T00:00:00Z', published_at: '2026-01-02T00:00:00Z', target_commitish: 'main' };
    expect(mapRelease('acme/api', release, rule)).toMatchObject({ kind: 'finished', record: { externalId: 'release:3', finishedAt: '2026-01-02T00:00:00Z', sha: undefined } });
    expect(mapRelease('acme/api', { ...release, draft: true, published_at: null }, rule).kind).toBe('pending');
    expect(mapRelease('acme/api', { ...release, prerelease: true }, rule).kind).toBe('none');
  });

  it('maps merged pull requests with the earliest authored commit date', () => {
    const first = firstCommitDate([
      { commit: { author: { date: '2026-01-03T00:00:00Z' } } },
      { commit: { author: { date: '2026-01-01T00:00:00Z' } } },
      { commit: { author: null, committer: { date: '2026-01-02T00:00:00Z' } } },
    ]);
    expect(first).toBe('2026-01-01T00:00:00Z');
    const pull = { id: 77, number: 4, title: 'Revert "x"', labels: [{ name: 'HotFix' }], created_at: '2026-01-04T00:00:00Z', updated_at: '2026-01-05T00:00:00Z', merged_at: '2026-01-05T00:00:00Z', merge_commit_sha: 'c'.repeat(40) };
    expect(mapPullRequest('acme/api', pull, first)).toMatchObject({ externalId: 'pr:77', labels: ['HotFix'], firstCommitAt: first, mergeSha: 'c'.repeat(40) });
    expect(mapPullRequest('acme/api', { ...pull, merged_at: null }, first)).toBeNull();
  });

  it('keeps of a listed pull request only what the mapping reads (a few hundred bytes of GitHub\'s ~21 KB)', () => {
    // GitHub's own example of a pull request as the list endpoint returns it.
    const spec = JSON.parse(readFileSync(PRUNED_SPEC, 'utf8')) as { components: { examples: Record<string, { value: unknown[] }> } };
    const listed = { ...(spec.components.examples['pull-request-simple-items']!.value[0] as GhPullRequest), merged_at: '2011-01-26T19:01:12Z' };
    const slim = slimPullRequest(listed);
    expect(slim.base?.ref).toBe(listed.base?.ref);
    expect(mapPullRequest('acme/api', slim, '2011-01-20T00:00:00Z')).toEqual(mapPullRequest('acme/api', listed, '2011-01-20T00:00:00Z'));
    expect(JSON.stringify(listed).length).toBeGreaterThan(20_000);
    expect(JSON.stringify(slim).length).toBeLessThan(1_000);
  });

  it('maps incident issues: start, resolution, severity, security label and root cause', () => {
    expect(rootCauseFrom('Root cause: 0123abcd in the config')).toBe('0123abcd');
    expect(rootCauseFrom('root cause: deployment #42')).toBe('deployment:42');
    expect(rootCauseFrom('no cause yet')).toBeUndefined();
    const issue = { id: 1, number: 2, title: 'API down', body: 'root cause: deadbeef1', state: 'closed', labels: [{ name: 'incident' }, { name: 'P1' }, 'Security'], created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T02:00:00Z', closed_at: '2026-01-01T02:00:00Z' };
    expect(mapIncidentIssue('acme/api', issue, settings)).toMatchObject({
      externalId: 'issue:1', severity: 'critical', security: true, startedAt: '2026-01-01T00:00:00Z', resolvedAt: '2026-01-01T02:00:00Z', causeDeployment: 'deadbeef1',
    });
    expect(mapIncidentIssue('acme/api', { ...issue, state: 'open' }, settings).resolvedAt).toBeUndefined();
  });

  it('maps alerts: severities, states, dismissal reasons and fix times', () => {
    expect(mapCodeScanningAlert('acme/api', { number: 1, created_at: 't0', state: 'open', rule: { severity: 'error' } }).severity).toBe('high');
    expect(mapCodeScanningAlert('acme/api', { number: 1, created_at: 't0', state: 'open', rule: { severity: 'note', security_severity_level: 'critical' } }).severity).toBe('critical');
    expect(mapCodeScanningAlert('acme/api', { number: 1, created_at: 't0', state: 'dismissed', dismissed_reason: 'false positive', dismissed_at: 't1' }))
      .toMatchObject({ externalId: 'code-scanning:acme/api#1', state: 'dismissed', dismissedReason: 'false positive', dismissedAt: 't1' });
    expect(mapDependabotAlert('acme/api', { number: 2, created_at: 't0', state: 'auto_dismissed', security_advisory: { severity: 'moderate' } }))
      .toMatchObject({ severity: 'medium', state: 'dismissed', dismissedReason: 'auto_dismissed' });
    expect(mapDependabotAlert('acme/api', { number: 2, created_at: 't0', state: 'fixed', fixed_at: 't2', security_advisory: { severity: 'high' } }))
      .toMatchObject({ state: 'fixed', fixedAt: 't2' });
    expect(mapSecretScanningAlert('acme/api', { number: 3, created_at: 't0', state: 'resolved', resolution: 'revoked', resolved_at: 't3' }))
      .toMatchObject({ severity: 'critical', state: 'fixed', fixedAt: 't3' });
    expect(mapSecretScanningAlert('acme/api', { number: 3, created_at: 't0', state: 'resolved', resolution: 'used_in_tests', resolved_at: 't3' }))
      .toMatchObject({ state: 'dismissed', dismissedReason: 'used_in_tests' });
  });

  it('finds the next page in a Link header', () => {
    const link = '<https://api.github.com/r?page=3>; rel="next", <https://api.github.com/r?page=9>; rel="last"';
    expect(nextLink(link)).toBe('https://api.github.com/r?page=3');
    expect(nextLink('<https://api.github.com/r?page=1>; rel="prev"')).toBeNull();
    expect(nextLink(undefined)).toBeNull();
  });
});
