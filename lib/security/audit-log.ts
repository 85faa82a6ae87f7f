// Reading the audit trail (admin page). There is deliberately no function here, or anywhere in the app,
// that updates or deletes an AuditEvent.
import type { Db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface AuditFilters {
  /** Exact action, or a prefix ending in "." (e.g. "auth."). */
  action?: string;
  /** Part of the actor's name or id. */
  actor?: string;
  /** Part of the target, e.g. "user:ana@" or "token:ci". */
  target?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditPage {
  events: {
    id: string;
    at: Date;
    actorType: string;
    actorId: string | null;
    actorName: string | null;
    action: string;
    target: string | null;
    details: Prisma.JsonValue;
    ip: string | null;
  }[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export function auditWhere(filters: AuditFilters): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput[] = [];
  if (filters.action) where.push(filters.action.endsWith('.') ? { action: { startsWith: filters.action } } : { action: filters.action });
  if (filters.actor) {
    where.push({ OR: [{ actorName: { contains: filters.actor, mode: 'insensitive' } }, { actorId: { contains: filters.actor } }] });
  }
  if (filters.target) where.push({ target: { contains: filters.target, mode: 'insensitive' } });
  if (filters.from || filters.to) where.push({ at: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } });
  return where.length > 0 ? { AND: where } : {};
}

/** Newest first, keyset-paged on the id so deep pages cost the same as the first. */
export async function listAuditEvents(db: Db, filters: AuditFilters, { before, pageSize = 50 }: { before?: string; pageSize?: number } = {}): Promise<AuditPage> {
  const beforeId = before && /^\d{1,19}$/.test(before) ? BigInt(before) : null;
  const rows = await db.auditEvent.findMany({
    where: { AND: [auditWhere(filters), ...(beforeId !== null ? [{ id: { lt: beforeId } }] : [])] },
    orderBy: { id: 'desc' },
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  return {
    events: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextBefore: rows.length > pageSize ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

/** The actions present in the log, for the filter's choices. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.groupBy({ by: ['action'], orderBy: { action: 'asc' } });
  return rows.map((row) => row.action);
}
