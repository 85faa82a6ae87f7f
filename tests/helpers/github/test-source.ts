// A GitHub source in the test database pointed (by API URL) at a fake GitHub.
import { randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db';
import { createSource } from '@/lib/sources/sources';
import type { GitHubSettingsInput } from '@/lib/collectors/github/settings';
import type { FakeGitHub } from './fake-github';

/** Tests seal credentials with a throwaway key; set before lib/env is first read. */
export function useTestEncryptionKey(): void {
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
}

export async function addFakeGitHubSource(db: Db, fake: FakeGitHub, name: string, settings: Partial<GitHubSettingsInput> = {}) {
  return createSource(db, {
    kind: 'github',
    name,
    settings: { apiUrl: fake.url, organization: fake.org, ...settings },
    credentials: { token: fake.token },
  });
}

/** Tests do not sit through real backoff: one "second" of retry-after or backoff is 20 ms. */
export const FAST_CLIENT = { retryUnitMs: 20, retries: 4 } as const;

/** Requests a fake answered, by status (any fake that logs them). */
export function statusCounts(fake: { log: { status: number }[] }): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const entry of fake.log) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
  return counts;
}
