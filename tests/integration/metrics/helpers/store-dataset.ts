// Writes a reference Dataset into the test database with the Prisma client, in a chosen order and in
// batches, relinking after each batch exactly as the store does (the repositories a batch touched, the
// teams of its team-only incidents). Then the SQL metrics can be compared with the reference.
import type { Db } from '@/lib/db';
import type { Dataset } from '@/lib/metrics/reference/dataset';
import { storedChangeRef } from '@/lib/metrics/rules';
import { relink } from '@/lib/store/relink';

type RecordOf =
  | { kind: 'deployment'; record: Dataset['deployments'][number] }
  | { kind: 'change'; record: Dataset['changes'][number] }
  | { kind: 'incident'; record: Dataset['incidents'][number] }
  | { kind: 'finding'; record: Dataset['findings'][number] };

export interface StoreOptions {
  /** Order the records arrive in: as listed, reversed, or shuffled with a seed. */
  order?: 'as-listed' | 'reversed' | { seed: number };
  /** Number of batches (each relinked on its own); 1 relinks once at the end. */
  batches?: number;
  /** Write the org settings row (default true); false checks that a missing row means defaults. */
  writeSettings?: boolean;
  /** Pass relink the batch's earliest instant as `since` (default true), as the store does. */
  since?: boolean;
}

/** Database ids by reference id, for teams and repositories, and the source records belong to. */
export interface StoredIds {
  sourceId: number;
  teams: Map<number, number>;
  repositories: Map<number, number>;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

function ordered<T>(items: T[], order: StoreOptions['order']): T[] {
  if (order === undefined || order === 'as-listed') return items;
  if (order === 'reversed') return [...items].reverse();
  const random = seededRandom(order.seed);
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  return shuffled;
}

/** Empties the collected records and the org structure (keeps nothing from a previous dataset). */
export async function clearDataset(db: Db): Promise<void> {
  await db.$executeRaw`TRUNCATE "DeploymentChange", "Change", "Incident", "Finding", "Deployment", "Repository", "Team", "OrgSettings", "Source" RESTART IDENTITY CASCADE`;
}

export async function storeDataset(db: Db, dataset: Dataset, options: StoreOptions = {}): Promise<StoredIds> {
  const source = await db.source.create({ data: { kind: 'ingest', name: `test-${Date.now()}-${Math.random()}` } });
  if (options.writeSettings ?? true) {
    const { incidentWindowHours, slaDays } = dataset.settings;
    await db.orgSettings.upsert({
      where: { id: 1 },
      create: { id: 1, incidentWindowHours, slaCriticalDays: slaDays.critical, slaHighDays: slaDays.high, slaMediumDays: slaDays.medium, slaLowDays: slaDays.low },
      update: { incidentWindowHours, slaCriticalDays: slaDays.critical, slaHighDays: slaDays.high, slaMediumDays: slaDays.medium, slaLowDays: slaDays.low },
    });
  }

  const teams = new Map<number, number>();
  for (const team of dataset.teams) {
    const row = await db.team.create({ data: { slug: team.slug, name: team.slug } });
    teams.set(team.id, row.id);
  }
  for (const team of dataset.teams) {
    if (team.parentId !== null) await db.team.update({ where: { id: teams.get(team.id) }, data: { parentId: teams.get(team.parentId) } });
  }
  const repositories = new Map<number, number>();
  for (const repository of dataset.repositories) {
    const row = await db.repository.create({
      data: {
        fullName: repository.fullName,
        productionPattern: repository.productionPattern,
        teamId: repository.teamId === null ? null : (teams.get(repository.teamId) ?? null),
      },
    });
    repositories.set(repository.id, row.id);
  }
  const repositoryId = (id: number): number => {
    const mapped = repositories.get(id);
    if (mapped === undefined) throw new Error(`unknown repository ${id}`);
    return mapped;
  };

  const records: RecordOf[] = ordered([
    ...dataset.deployments.map((record) => ({ kind: 'deployment' as const, record })),
    ...dataset.changes.map((record) => ({ kind: 'change' as const, record })),
    ...dataset.incidents.map((record) => ({ kind: 'incident' as const, record })),
    ...dataset.findings.map((record) => ({ kind: 'finding' as const, record })),
  ], options.order);
  const batchCount = Math.max(1, Math.min(options.batches ?? 1, records.length));
  const batchSize = Math.ceil(records.length / batchCount) || 1;

  for (let start = 0; start < Math.max(records.length, 1); start += batchSize) {
    const batch = records.slice(start, start + batchSize);
    const of = <K extends RecordOf['kind']>(kind: K) =>
      batch.flatMap((entry) => (entry.kind === kind ? [entry.record as Extract<RecordOf, { kind: K }>['record']] : []));
    const deployments = of('deployment');
    const changes = of('change');
    const incidents = of('incident');
    const findings = of('finding');

    const createdDeployments = await db.deployment.createManyAndReturn({
      select: { id: true, externalId: true },
      data: deployments.map((record) => ({
        sourceId: source.id,
        externalId: record.externalId,
        repositoryId: repositoryId(record.repositoryId),
        environment: record.environment,
        status: record.status,
        // The store keeps SHAs in lower case (lib/store/ingest.ts).
        sha: record.sha?.toLowerCase() ?? null,
        finishedAt: record.finishedAt,
        isRollback: record.isRollback,
      })),
    });
    const deploymentIds = new Map(createdDeployments.map((row) => [row.externalId, row.id]));
    await db.deploymentChange.createMany({
      data: deployments.flatMap((record) =>
        // Stored as lib/store/ingest.ts stores them: full SHAs in lower case.
        [...new Set(record.changeRefs.map(storedChangeRef))].map((ref) => ({ deploymentId: deploymentIds.get(record.externalId) as number, ref }))),
    });
    await db.change.createMany({
      data: changes.map((record) => ({
        sourceId: source.id,
        externalId: record.externalId,
        repositoryId: repositoryId(record.repositoryId),
        title: record.title,
        labels: record.labels,
        firstCommitAt: record.firstCommitAt,
        openedAt: record.openedAt,
        mergedAt: record.mergedAt,
        mergeSha: record.mergeSha?.toLowerCase() ?? null,
      })),
    });
    await db.incident.createMany({
      data: incidents.map((record) => ({
        sourceId: source.id,
        externalId: record.externalId,
        repositoryId: record.repositoryId === null ? null : repositoryId(record.repositoryId),
        teamId: record.teamId === null ? null : (teams.get(record.teamId) ?? null),
        title: record.externalId,
        security: record.security,
        startedAt: record.startedAt,
        resolvedAt: record.resolvedAt,
        causeRef: record.causeRef,
      })),
    });
    await db.finding.createMany({
      data: findings.map((record) => ({
        sourceId: source.id,
        externalId: record.externalId,
        repositoryId: repositoryId(record.repositoryId),
        tool: record.tool,
        severity: record.severity,
        state: record.state,
        dismissedReason: record.dismissedReason,
        openedAt: record.openedAt,
        fixedAt: record.fixedAt,
        dismissedAt: record.dismissedAt,
      })),
    });

    // What the store passes after a batch: the repositories it touched, the teams of its team-only incidents.
    const touchedRepositories = [
      ...deployments, ...changes, ...findings,
      ...incidents.filter((incident) => incident.repositoryId !== null),
    ].map((record) => repositoryId(record.repositoryId as number));
    const touchedTeams = incidents
      .filter((incident) => incident.repositoryId === null && incident.teamId !== null)
      .map((incident) => teams.get(incident.teamId as number) as number);
    const instants = [
      ...deployments.map((record) => record.finishedAt),
      ...changes.map((record) => record.mergedAt),
      ...incidents.map((record) => record.startedAt),
    ].map((at) => at.getTime());
    const since = (options.since ?? true) && instants.length > 0 ? new Date(Math.min(...instants)) : undefined;
    await relink(db, { repositoryIds: [...new Set(touchedRepositories)], teamIds: [...new Set(touchedTeams)], ...(since ? { since } : {}) });
  }
  return { sourceId: source.id, teams, repositories };
}

/** The derived links as stored, by externalId (the shape of tests/unit/metrics/fixtures/links-by-name). */
export async function storedLinks(db: Db) {
  const deployments = await db.deployment.findMany({ select: { id: true, externalId: true, counted: true, rolledBackAt: true } });
  const name = new Map(deployments.map((deployment) => [deployment.id, deployment.externalId]));
  const changes = await db.change.findMany({ select: { externalId: true, isRework: true, shippedById: true, deployedAt: true } });
  const incidents = await db.incident.findMany({ select: { externalId: true, causeDeploymentId: true, linkKind: true } });
  const findings = await db.finding.findMany({ select: { externalId: true, excluded: true } });
  const nameOf = (id: number | null) => (id === null ? null : (name.get(id) ?? null));
  return {
    deployments: Object.fromEntries(deployments.map((d) => [d.externalId, { counted: d.counted, rolledBackAt: d.rolledBackAt?.toISOString() ?? null }])),
    changes: Object.fromEntries(changes.map((c) => [c.externalId, { isRework: c.isRework, shippedBy: nameOf(c.shippedById), deployedAt: c.deployedAt?.toISOString() ?? null }])),
    incidents: Object.fromEntries(incidents.map((i) => [i.externalId, { cause: nameOf(i.causeDeploymentId), linkKind: i.linkKind }])),
    findings: Object.fromEntries(findings.map((f) => [f.externalId, { excluded: f.excluded }])),
  };
}

/** A re-sent deployment: any of its fields may change (it may even move to another repository). */
export interface DeploymentUpdate {
  externalId: string;
  repositoryId?: number;
  environment?: string;
  status?: Dataset['deployments'][number]['status'];
  sha?: string | null;
  finishedAt?: Date;
  isRollback?: boolean;
  changeRefs?: string[];
}

/**
 * Re-sends deployments with new values, then relinks as the store would: the repositories before and
 * after, and (when `since` is wanted) the earliest finishedAt, old or new. Returns the updated dataset.
 */
export async function updateDeployments(
  db: Db,
  dataset: Dataset,
  ids: StoredIds,
  updates: DeploymentUpdate[],
  options: { since: boolean },
): Promise<Dataset> {
  const byExternalId = new Map(updates.map((update) => [update.externalId, update]));
  const next: Dataset = {
    ...dataset,
    deployments: dataset.deployments.map((deployment) => {
      const update = byExternalId.get(deployment.externalId);
      return update ? { ...deployment, ...Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)) } : deployment;
    }),
  };
  const repositoryIds = new Set<number>();
  const instants: number[] = [];
  for (const update of updates) {
    const before = dataset.deployments.find((deployment) => deployment.externalId === update.externalId);
    const after = next.deployments.find((deployment) => deployment.externalId === update.externalId);
    if (!before || !after) continue;
    const repositoryId = ids.repositories.get(after.repositoryId) as number;
    repositoryIds.add(ids.repositories.get(before.repositoryId) as number).add(repositoryId);
    instants.push(before.finishedAt.getTime(), after.finishedAt.getTime());
    const row = await db.deployment.update({
      where: { sourceId_externalId: { sourceId: ids.sourceId, externalId: after.externalId } },
      data: {
        repositoryId,
        environment: after.environment,
        status: after.status,
        sha: after.sha?.toLowerCase() ?? null,
        finishedAt: after.finishedAt,
        isRollback: after.isRollback,
      },
    });
    await db.deploymentChange.deleteMany({ where: { deploymentId: row.id } });
    await db.deploymentChange.createMany({ data: [...new Set(after.changeRefs.map(storedChangeRef))].map((ref) => ({ deploymentId: row.id, ref })) });
  }
  const since = options.since && instants.length > 0 ? new Date(Math.min(...instants)) : undefined;
  await relink(db, { repositoryIds: [...repositoryIds], ...(since ? { since } : {}) });
  return next;
}
