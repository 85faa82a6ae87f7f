// The audit trail: append-only events for sign-ins, access changes, tokens, sources, exports, digests.
import type { DbClient } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface AuditActor {
  type: 'user' | 'token' | 'system' | 'cli';
  id?: string | null;
  name?: string | null;
}

export interface AuditEventInput {
  actor: AuditActor;
  action: string;
  target?: string | null;
  details?: Prisma.InputJsonValue;
  ip?: string | null;
}

export async function recordAuditEvent(db: DbClient, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      actorName: event.actor.name ?? null,
      action: event.action,
      target: event.target ?? null,
      details: event.details ?? {},
      ip: event.ip ?? null,
    },
  });
}
