// Repositories of a scope, for the team page's list and the repository page's header.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import type { Scope } from '@/lib/metrics/types';
import { resolveRecordScope } from '@/lib/records/scope';

export interface RepositoryItem {
  id: number;
  fullName: string;
  url: string | null;
  archived: boolean;
  defaultBranch: string;
  productionPattern: string;
  team: { slug: string; name: string } | null;
  source: { name: string; kind: string } | null;
}

export async function listScopeRepositories(access: AccessScope, db: Db, scope: Scope): Promise<RepositoryItem[]> {
  const resolved = await resolveRecordScope(access, db, scope);
  return db.repository.findMany({
    where: resolved.repositoryIds === null ? {} : { id: { in: resolved.repositoryIds } },
    orderBy: { fullName: 'asc' },
    select: {
      id: true,
      fullName: true,
      url: true,
      archived: true,
      defaultBranch: true,
      productionPattern: true,
      team: { select: { slug: true, name: true } },
      source: { select: { name: true, kind: true } },
    },
  });
}
