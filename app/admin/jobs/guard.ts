// The admin checks of the jobs and digest pages, actions and routes: the admin area's own guards
// (lib/auth/require-admin.ts), so these pages answer like the rest of /admin (sign-in, or a 404 that does
// not confirm the page exists) and actions re-check the caller.
import type { Viewer } from '@/lib/access/viewer';
import type { AuditActor } from '@/lib/audit';
import { requireAdminAction, requireAdminPage } from '@/lib/auth/require-admin';

export function requireAdminViewer(): Promise<Viewer> {
  return requireAdminPage();
}

/** For server actions and route handlers, which a page's check does not cover; throws ForbiddenError. */
export async function requireAdminCaller(): Promise<{ viewer: Viewer; actor: AuditActor }> {
  const { viewer, actor } = await requireAdminAction();
  return { viewer, actor };
}
