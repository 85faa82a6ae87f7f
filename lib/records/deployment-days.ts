// Production deployments per calendar day (in the period's time zone), split into those that went well
// and those that failed, for the "deployments per day" chart. Same definitions as the records table.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Period, Scope } from '@/lib/metrics/types';
import { resolveRecordScope } from '@/lib/records/scope';

export interface DeploymentDay {
  /** YYYY-MM-DD in the period's time zone. */
  day: string;
  succeeded: number;
  failed: number;
}

export async function countDeploymentsByDay(access: AccessScope, db: Db, scope: Scope, period: Period): Promise<DeploymentDay[]> {
  const resolved = await resolveRecordScope(access, db, scope);
  const repoFilter = resolved.repositoryIds === null ? Prisma.sql`TRUE` : resolved.repositoryIds.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`d."repositoryId" IN (${Prisma.join(resolved.repositoryIds)})`;
  const rows = await db.$queryRaw<{ day: string; succeeded: bigint; failed: bigint }[]>`
    SELECT to_char(d."finishedAt" AT TIME ZONE ${period.timeZone}, 'YYYY-MM-DD') AS day,
           count(*) FILTER (WHERE NOT failed.yes) AS succeeded,
           count(*) FILTER (WHERE failed.yes) AS failed
    FROM "Deployment" d
    CROSS JOIN LATERAL (
      SELECT d."rolledBackAt" IS NOT NULL
          OR EXISTS (SELECT 1 FROM "Incident" i WHERE i."causeDeploymentId" = d.id) AS yes
    ) failed
    WHERE d.counted AND d."finishedAt" >= ${period.from} AND d."finishedAt" < ${period.to} AND ${repoFilter}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((row) => ({ day: row.day, succeeded: Number(row.succeeded), failed: Number(row.failed) }));
}
