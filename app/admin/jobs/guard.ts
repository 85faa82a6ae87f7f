// The admin check for the jobs and digest pages, actions and routes: the current viewer, who must be an
// admin. Pages answer 404 to anyone else (not confirming the page exists), like the rest of /admin.
import { notFound, redirect } from 'next/navigation';
import { ForbiddenError, isAdmin, type Viewer } from '@/lib/access/viewer';
import type { AuditActor } from '@/lib/audit';
import { getCurrentViewer } from '@/lib/auth/current-viewer';

export async function requireAdminViewer(): Promise<Viewer> {
  const viewer = await getCurrentViewer();
  if (!viewer) redirect('/signin');
  if (!isAdmin(viewer)) notFound();
  return viewer;
}

/** For server actions and route handlers, which a page's check does not cover. */
export async function requireAdminCaller(): Promise<{ viewer: Viewer; actor: AuditActor }> {
  const viewer = await getCurrentViewer();
  if (!viewer || !isAdmin(viewer)) throw new ForbiddenError('Only admins can do this.');
  return { viewer, actor: { type: viewer.kind === 'token' ? 'token' : 'user', id: viewer.id, name: viewer.name } };
}
