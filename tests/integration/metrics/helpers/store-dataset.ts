// Writes a reference Dataset into the test database through the store (lib/store/ingest.ts), in a
// chosen order and in batches, so links are maintained exactly as ingest maintains them. Then the SQL
// metrics can be compared with the reference.
import type { Db } from '@/lib/db';
import type { Dataset } from '@/lib/metrics/reference/dataset';
import { ingestChanges, ingestDeployments, ingestFindings, ingestIncidents } from '@/lib/store/ingest';

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
  const repositoryName = new Map(dataset.repositories.map((repository) => [repository.id, repository.fullName]));
  const teamSlug = new Map(dataset.teams.map((team) => [team.id, team.slug]));
  const records: RecordOf[] = ordered([
    ...dataset.deployments.map((record) => ({ kind: 'deployment' as const, record })),
    ...dataset.changes.map((record) => ({ kind: 'change' as const, record })),
    ...dataset.incidents.map((record) => ({ kind: 'incident' as const, record })),
    ...dataset.findings.map((record) => ({ kind: 'finding' as const, record })),
  ], options.order);
  const batchCount = Math.max(1, Math.min(options.batches ?? 1, records.length));
  const batchSize = Math.ceil(records.length / batchCount) || 1;

  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize);
    const of = <K extends RecordOf['kind']>(kind: K) =>
      batch.flatMap((entry) => (entry.kind === kind ? [entry.record as Extract<RecordOf, { kind: K }>['record']] : []));
    await ingestDeployments(db, source.id, of('deployment').map((record) => deploymentInput(record, repositoryName)));
    await ingestChanges(db, source.id, of('change').map((record) => ({
      externalId: record.externalId,
      repository: nameOf(repositoryName, record.repositoryId),
      ...(record.title === null ? {} : { title: record.title }),
      labels: record.labels,
      ...(record.firstCommitAt ? { firstCommitAt: record.firstCommitAt } : {}),
      ...(record.openedAt ? { openedAt: record.openedAt } : {}),
      mergedAt: record.mergedAt,
      ...(record.mergeSha ? { mergeSha: record.mergeSha } : {}),
    })));
    await ingestIncidents(db, source.id, of('incident').map((record) => ({
      externalId: record.externalId,
      ...(record.repositoryId === null ? {} : { repository: nameOf(repositoryName, record.repositoryId) }),
      ...(record.teamId === null ? {} : { team: nameOf(teamSlug, record.teamId) }),
      title: record.externalId,
      security: record.security,
      startedAt: record.startedAt,
      ...(record.resolvedAt ? { resolvedAt: record.resolvedAt } : {}),
      ...(record.causeRef ? { causeDeployment: record.causeRef } : {}),
    })));
    await ingestFindings(db, source.id, of('finding').map((record) => ({
      externalId: record.externalId,
      repository: nameOf(repositoryName, record.repositoryId),
      tool: record.tool,
      severity: record.severity,
      state: record.state,
      ...(record.dismissedReason === null ? {} : { dismissedReason: record.dismissedReason }),
      openedAt: record.openedAt,
      ...(record.fixedAt ? { fixedAt: record.fixedAt } : {}),
      ...(record.dismissedAt ? { dismissedAt: record.dismissedAt } : {}),
    })));
  }
  return { sourceId: source.id, teams, repositories };
}

function nameOf(names: Map<number, string>, id: number): string {
  const name = names.get(id);
  if (name === undefined) throw new Error(`unknown id ${id}`);
  return name;
}

function deploymentInput(record: Dataset['deployments'][number], repositoryName: Map<number, string>) {
  return {
    externalId: record.externalId,
    repository: nameOf(repositoryName, record.repositoryId),
    environment: record.environment,
    status: record.status,
    ...(record.sha === null ? {} : { sha: record.sha }),
    finishedAt: record.finishedAt,
    isRollback: record.isRollback,
    changes: record.changeRefs,
  };
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

/** Re-sends deployments with new values through the store. Returns the updated dataset. */
export async function updateDeployments(db: Db, dataset: Dataset, ids: StoredIds, updates: DeploymentUpdate[]): Promise<Dataset> {
  const byExternalId = new Map(updates.map((update) => [update.externalId, update]));
  const next: Dataset = {
    ...dataset,
    deployments: dataset.deployments.map((deployment) => {
      const update = byExternalId.get(deployment.externalId);
      return update ? { ...deployment, ...Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)) } : deployment;
    }),
  };
  const repositoryName = new Map(dataset.repositories.map((repository) => [repository.id, repository.fullName]));
  const resent = next.deployments.filter((deployment) => byExternalId.has(deployment.externalId));
  await ingestDeployments(db, ids.sourceId, resent.map((record) => deploymentInput(record, repositoryName)));
  return next;
}
