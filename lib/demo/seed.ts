// Writes the demo organisation into a database through the same store functions the ingest API and the
// collectors use, so the demo exercises the real upserts and relinking. Idempotent: seeding again with
// the same seed and `now` updates every row in place and creates nothing new.
import { githubSettings } from '@/lib/collectors/github/settings';
import type { Db } from '@/lib/db';
import { DEFAULT_DEMO_SEED, DEMO_SOURCE_NAME, generateDemoData, type DemoData } from '@/lib/demo/generate';
import { Prisma } from '@/lib/generated/prisma/client';
import { ingestChanges, ingestDeployments, ingestFindings, ingestIncidents, type IngestResult } from '@/lib/store/ingest';
import { putTeam } from '@/lib/store/teams';
import { MAX_RECORDS_PER_CALL } from '@/lib/validations/ingest';

export interface SeedDemoOptions {
  seed?: number;
  /** End of the six demo months; defaults to the current time. */
  now?: Date;
  /**
   * Remove the demo source's earlier records first. Needed to move the six months to a new `now`: the
   * records of another date share external ids only by accident, so upserting over them would leave a
   * mixture. Teams, repositories and demo users are kept and updated in place.
   */
  replace?: boolean;
  /** Called before each step, so a CLI can show progress (this module prints nothing). */
  onProgress?: (step: string) => void;
}

export interface DemoDataStatus {
  seeded: boolean;
  /** finishedAt of the latest demo deployment: how stale "the last six months" have become. */
  latestDeploymentAt: Date | null;
}

export interface SeedDemoSummary {
  seed: number;
  period: { from: Date; to: Date };
  sourceId: number;
  teams: number;
  repositories: number;
  changes: IngestResult;
  deployments: IngestResult;
  incidents: IngestResult;
  findings: IngestResult;
  users: number;
  memberships: number;
  collectorRuns: number;
  durationMs: number;
}

export async function seedDemoData(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoSummary> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  progress('generating demo data');
  const data = generateDemoData({ seed: options.seed ?? DEFAULT_DEMO_SEED, now: options.now ?? new Date() });

  if (options.replace) {
    progress('removing the previous demo records');
    // Deployments, changes, incidents, findings, runs and sync state belong to the source (cascade).
    await db.source.deleteMany({ where: { name: DEMO_SOURCE_NAME } });
  }

  progress('organisation settings and source');
  // Before any record: the incident window decides how incidents are linked while they are ingested.
  await writeOrgSettings(db, data);
  const sourceId = await writeSource(db, data);

  progress(`${data.teams.length} teams and ${data.repositories.length} repositories`);
  await writeTeams(db, data);
  await writeRepositories(db, data, sourceId);

  // Changes before deployments and deployments before incidents, so each relink already sees what the
  // records refer to (the result would be the same in any order; this just does less work).
  progress(`${data.changes.length} pull requests`);
  const changes = await inBatches(data.changes, (batch) => ingestChanges(db, sourceId, batch));
  progress(`${data.deployments.length} deployments`);
  const deployments = await inBatches(data.deployments, (batch) => ingestDeployments(db, sourceId, batch));
  progress(`${data.incidents.length} incidents`);
  const incidents = await inBatches(data.incidents, (batch) => ingestIncidents(db, sourceId, batch));
  progress(`${data.findings.length} security findings`);
  const findings = await inBatches(data.findings, (batch) => ingestFindings(db, sourceId, batch));

  progress('collector runs and demo users');
  const collectorRuns = await writeCollectorRuns(db, data, sourceId);
  const { users, memberships } = await writeUsers(db, data);

  return {
    seed: data.seed,
    period: data.period,
    sourceId,
    teams: data.teams.length,
    repositories: data.repositories.length,
    changes,
    deployments,
    incidents,
    findings,
    users,
    memberships,
    collectorRuns,
    durationMs: Date.now() - started,
  };
}

/** Whether the demo was seeded, and up to when, so a launcher can decide to reseed with `replace`. */
export async function demoDataStatus(db: Db): Promise<DemoDataStatus> {
  const source = await db.source.findUnique({ where: { name: DEMO_SOURCE_NAME }, select: { id: true } });
  if (!source) return { seeded: false, latestDeploymentAt: null };
  const latest = await db.deployment.aggregate({ where: { sourceId: source.id }, _max: { finishedAt: true } });
  return { seeded: latest._max.finishedAt !== null, latestDeploymentAt: latest._max.finishedAt };
}

async function inBatches<T>(records: T[], write: (batch: T[]) => Promise<IngestResult>): Promise<IngestResult> {
  const total: IngestResult = { created: 0, updated: 0 };
  for (let start = 0; start < records.length; start += MAX_RECORDS_PER_CALL) {
    const result = await write(records.slice(start, start + MAX_RECORDS_PER_CALL));
    total.created += result.created;
    total.updated += result.updated;
  }
  return total;
}

async function writeOrgSettings(db: Db, data: DemoData): Promise<void> {
  await db.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data.orgSettings }, update: data.orgSettings });
}

async function writeSource(db: Db, data: DemoData): Promise<number> {
  // The same validation an admin's settings go through, so the demo source opens in the admin screens.
  const settings = githubSettings.parse(data.source.settings) as Prisma.InputJsonValue;
  const fields = { kind: data.source.kind, settings, enabled: data.source.enabled, state: data.source.state };
  const source = await db.source.upsert({
    where: { name: data.source.name },
    create: { name: data.source.name, ...fields },
    update: fields,
    select: { id: true },
  });
  return source.id;
}

async function writeTeams(db: Db, data: DemoData): Promise<void> {
  // Parents come first in the generated list, as putTeam needs the parent to exist.
  for (const team of data.teams) {
    await putTeam(db, team.slug, { name: team.name, parent: team.parent, repositories: team.repositories });
  }
}

async function writeRepositories(db: Db, data: DemoData, sourceId: number): Promise<void> {
  for (const repository of data.repositories) {
    const fields = { url: repository.url, defaultBranch: repository.defaultBranch, archived: repository.archived, sourceId };
    // The team mapping is putTeam's; repositories in no team are created here with none.
    await db.repository.upsert({
      where: { fullName: repository.fullName },
      create: { fullName: repository.fullName, ...fields },
      update: fields,
    });
  }
}

async function writeCollectorRuns(db: Db, data: DemoData, sourceId: number): Promise<number> {
  // Runs have no natural key: replace the demo source's runs as a whole.
  await db.$transaction([
    db.collectorRun.deleteMany({ where: { sourceId } }),
    db.collectorRun.createMany({ data: data.collectorRuns.map((run) => ({ sourceId, ...run })) }),
  ]);
  return data.collectorRuns.length;
}

async function writeUsers(db: Db, data: DemoData): Promise<{ users: number; memberships: number }> {
  const teams = await db.team.findMany({
    where: { slug: { in: data.users.flatMap((user) => user.memberships.map((membership) => membership.team)) } },
    select: { id: true, slug: true },
  });
  const teamIds = new Map(teams.map((team) => [team.slug, team.id]));
  let memberships = 0;
  for (const user of data.users) {
    const { id: userId } = await db.user.upsert({
      where: { email: user.email },
      create: { email: user.email, name: user.name, role: user.role },
      update: { name: user.name, role: user.role },
      select: { id: true },
    });
    const wanted = user.memberships.flatMap((membership) => {
      const teamId = teamIds.get(membership.team);
      return teamId === undefined ? [] : [{ teamId, role: membership.role }];
    });
    await db.membership.deleteMany({ where: { userId, teamId: { notIn: wanted.map((membership) => membership.teamId) } } });
    for (const membership of wanted) {
      await db.membership.upsert({
        where: { userId_teamId: { userId, teamId: membership.teamId } },
        create: { userId, ...membership },
        update: { role: membership.role },
      });
      memberships += 1;
    }
  }
  return { users: data.users.length, memberships };
}
