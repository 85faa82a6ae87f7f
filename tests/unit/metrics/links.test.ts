// The links the reference derives, record by record, for the fixtures' tricky cases.
import { describe, expect, it } from 'vitest';
import { coreFixture } from '@/tests/unit/metrics/fixtures/core';
import { incidentWindowFixture, rollbackFixture } from '@/tests/unit/metrics/fixtures/failures';
import { changeLinksFixture } from '@/tests/unit/metrics/fixtures/linking';
import { teamRollUpFixture } from '@/tests/unit/metrics/fixtures/teams';
import { findingsFixture } from '@/tests/unit/metrics/fixtures/security';
import { referenceLinks } from '@/tests/unit/metrics/fixtures/links-by-name';

describe('incident → deployment', () => {
  const links = referenceLinks(incidentWindowFixture.dataset).incidents;

  it('includes both ends of the window and leaves later incidents unlinked', () => {
    expect(links.y1).toEqual({ cause: 'e1', linkKind: 'heuristic' });
    expect(links.y3).toEqual({ cause: 'e1', linkKind: 'heuristic' });
    expect(links.y2).toEqual({ cause: null, linkKind: null });
  });

  it('breaks ties on the greatest externalId and ignores deployments that do not count', () => {
    expect(links.y4).toEqual({ cause: 'e2-b', linkKind: 'heuristic' });
  });

  it('lets an explicit cause win, even a deployment that does not count or of another repository', () => {
    expect(links.y5).toEqual({ cause: 'e4', linkKind: 'explicit' });
    expect(links.y7).toEqual({ cause: 'e5', linkKind: 'explicit' });
    expect(links.y8).toEqual({ cause: 'e8', linkKind: 'explicit' });
  });

  it('falls back to the heuristic when the named deployment does not exist', () => {
    expect(links.y6).toEqual({ cause: 'e1', linkKind: 'heuristic' });
  });

  it('links an explicit cause beyond the window, and leaves an incident past the window unlinked', () => {
    const core = referenceLinks(coreFixture.dataset).incidents;
    expect(core.i4).toEqual({ cause: 'd2', linkKind: 'explicit' });
    expect(core.i3).toEqual({ cause: null, linkKind: null });
  });

  it('links team-only incidents among the repositories of the team and its children', () => {
    const teams = referenceLinks(teamRollUpFixture.dataset).incidents;
    expect(teams.t1).toEqual({ cause: 'k1', linkKind: 'heuristic' });
    expect(teams.t2).toEqual({ cause: 'p1', linkKind: 'heuristic' });
    expect(teams.t4).toEqual({ cause: null, linkKind: null });
  });
});

describe('rollbacks', () => {
  const deployments = referenceLinks(rollbackFixture.dataset).deployments;

  it('look at the next counted deployment only, ordered by finishedAt then externalId', () => {
    expect(deployments.r1).toEqual({ counted: true, rolledBackAt: '2024-04-01T11:00:00.000Z' });
    expect(deployments['r1-attempt']).toEqual({ counted: false, rolledBackAt: null });
    expect(deployments.r2!.rolledBackAt).toBeNull();
    expect(deployments.r3!.rolledBackAt).toBe('2024-04-05T00:00:00.000Z');
    expect(deployments.r4!.rolledBackAt).toBeNull();
    expect(deployments.r7!.rolledBackAt).toBe('2024-05-02T00:00:00.000Z');
  });
});

describe('change → deployment', () => {
  const changes = referenceLinks(changeLinksFixture.dataset).changes;

  it('prefers the earliest counted deployment listing the change, by id or merge SHA in any case', () => {
    expect(changes['pr-1']!.shippedBy).toBe('u3');
    expect(changes['pr-2']!.shippedBy).toBe('u1');
    expect(changes['pr-5']!.shippedBy).toBe('u1');
    expect(changes['pr-7']!.shippedBy).toBe('u6');
  });

  it('otherwise takes the first counted deployment at or after the merge, whatever it lists', () => {
    expect(changes['pr-3']!.shippedBy).toBe('u3');
    expect(changes['pr-4']).toEqual({ isRework: true, shippedBy: 'u5', deployedAt: '2024-07-12T00:00:00.000Z' });
    const core = referenceLinks(coreFixture.dataset).changes;
    expect(core.c4).toEqual({ isRework: true, shippedBy: 'd7', deployedAt: '2024-01-20T08:00:00.000Z' });
    expect(core.c5).toEqual({ isRework: false, shippedBy: null, deployedAt: null });
  });
});

describe('findings', () => {
  it('leaves out dismissals as false positive, used in tests or inaccurate only', () => {
    const findings = referenceLinks(findingsFixture.dataset).findings;
    expect(['h1', 'h2', 'h3', 'h5'].map((id) => findings[id]!.excluded)).toEqual([true, true, true, true]);
    expect(findings.h4!.excluded).toBe(false);
  });
});
