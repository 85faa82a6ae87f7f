import type { Viewer } from '@/lib/access/viewer';
import type { AuditActor } from '@/lib/audit';

/** How a viewer appears in the audit trail. */
export function auditActorOf(viewer: Viewer): AuditActor {
  return { type: viewer.kind === 'token' ? 'token' : viewer.kind === 'system' ? 'system' : 'user', id: viewer.id, name: viewer.name };
}
