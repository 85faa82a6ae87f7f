// A GitHub webhook delivery, end to end after the HTTP layer: signature checked in constant time,
// replays (a delivery id already seen) ignored, the repository's source found, the records written
// through the same sink as the poller, so both update the same rows.
import { verify } from '@octokit/webhooks-methods';
import type { Db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { GitHubClient } from '@/lib/collectors/github/client';
import { githubCredentials, githubSettings, isRepositorySelected, type GitHubSettings } from '@/lib/collectors/github/settings';
import { firstCommitOfPull } from '@/lib/collectors/github/sync';
import { recordsFromDelivery, webhookEnvelope } from '@/lib/collectors/github/webhooks';
import { loadCredentials } from '@/lib/sources/credentials';
import { createRecordSink } from '@/lib/sources/record-sink';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export class WebhookSignatureError extends Error {
  constructor() {
    super('The X-Hub-Signature-256 signature does not match the body');
    this.name = 'WebhookSignatureError';
  }
}

export interface WebhookDeliveryInput {
  event: string;
  deliveryId: string;
  signature: string | null;
  rawBody: string;
  /** Default: GITHUB_WEBHOOK_SECRET. */
  secret?: string;
}

export interface WebhookOutcome {
  status: 'processed' | 'duplicate' | 'ignored' | 'pong';
  reason?: string;
  source?: string;
  created?: number;
  updated?: number;
}

/** `sha256=` + HMAC-SHA256 of the raw body, compared in constant time. */
export async function isValidSignature(secret: string, rawBody: string, signature: string | null): Promise<boolean> {
  if (!signature || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return false;
  return verify(secret, rawBody, signature);
}

interface GitHubSourceRow {
  id: number;
  name: string;
  settings: GitHubSettings;
}

/** The enabled GitHub source that collects this repository (lowest id when several do). */
async function sourceForRepository(db: Db, fullName: string): Promise<GitHubSourceRow | null> {
  const rows = await db.source.findMany({ where: { kind: 'github', enabled: true }, orderBy: { id: 'asc' }, select: { id: true, name: true, settings: true } });
  const [owner] = fullName.split('/');
  for (const row of rows) {
    const parsed = githubSettings.safeParse(row.settings);
    if (!parsed.success) continue;
    const settings = parsed.data;
    const listed = settings.repositories.some((name) => name.toLowerCase() === fullName.toLowerCase());
    const inOrganization = settings.organization?.toLowerCase() === owner?.toLowerCase();
    if ((listed || inOrganization) && isRepositorySelected(settings, fullName)) return { id: row.id, name: row.name, settings };
  }
  return null;
}

/**
 * The first commit date of a merged pull request, as the poller computes it; the delivery does not
 * carry commits. Falls back to what is stored when GitHub cannot be asked right now.
 */
async function firstCommitOf(db: Db, source: GitHubSourceRow, repository: string, number: number, externalId: string): Promise<string | undefined> {
  try {
    const credentials = githubCredentials.parse(await loadCredentials(db, source.id));
    const client = new GitHubClient({
      baseUrl: source.settings.apiUrl ?? getEnv().GITHUB_API_URL,
      token: credentials.token,
      retries: 1,
      requestTimeoutMs: 10_000,
      maxRateLimitWaitSeconds: 0,
    });
    return await firstCommitOfPull(client, repository, number);
  } catch {
    // GitHub unreachable or rate limited: keep what an earlier poll stored; the next poll fills it in.
    const stored = await db.change.findUnique({ where: { sourceId_externalId: { sourceId: source.id, externalId } }, select: { firstCommitAt: true } });
    return stored?.firstCommitAt?.toISOString();
  }
}

export async function handleGitHubWebhook(db: Db, input: WebhookDeliveryInput): Promise<WebhookOutcome> {
  const secret = input.secret ?? getEnv().GITHUB_WEBHOOK_SECRET;
  if (!secret) throw new Error('GITHUB_WEBHOOK_SECRET is not set');
  if (!(await isValidSignature(secret, input.rawBody, input.signature))) throw new WebhookSignatureError();
  if (input.event === 'ping') return { status: 'pong' };

  // Only after the signature holds: an unauthenticated caller cannot burn delivery ids.
  const inserted = await db.webhookDelivery.createMany({ data: [{ deliveryId: input.deliveryId, event: input.event }], skipDuplicates: true });
  if (inserted.count === 0) return { status: 'duplicate', reason: `delivery ${input.deliveryId} was already received` };

  try {
    const payload = JSON.parse(input.rawBody) as unknown;
    const repository = webhookEnvelope.parse(payload).repository?.full_name;
    if (!repository) return { status: 'ignored', reason: 'no repository in the delivery' };
    const source = await sourceForRepository(db, repository);
    if (!source) return { status: 'ignored', reason: `no enabled GitHub source collects ${repository}` };
    const result = recordsFromDelivery(input.event, payload, source.settings);
    if (result.kind === 'ignored') return { status: 'ignored', reason: result.reason, source: source.name };

    const problems: string[] = [];
    const sink = createRecordSink(db, source.id, 'github', (message) => problems.push(message));
    let written;
    switch (result.kind) {
      case 'deployments':
        written = await sink.deployments(result.records);
        break;
      case 'changes': {
        const [record] = result.records;
        if (record) record.firstCommitAt = await firstCommitOf(db, source, repository, result.pull.number, record.externalId);
        written = await sink.changes(result.records);
        break;
      }
      case 'incidents':
        written = await sink.incidents(result.records);
        break;
      case 'findings':
        written = await sink.findings(result.records);
        break;
    }
    if (problems.length > 0) return { status: 'ignored', reason: problems.join('; '), source: source.name };
    return { status: 'processed', source: source.name, created: written.created, updated: written.updated };
  } catch (error) {
    // Let GitHub's redelivery of this id be processed once whatever failed is fixed.
    await db.webhookDelivery.delete({ where: { deliveryId: input.deliveryId } }).catch(() => undefined);
    throw error;
  }
}
