// Guards for the admin area. Pages use requireAdminPage (sign in, or a 404 that does not even confirm
// the page exists); server actions use requireAdminAction, because a layout's check does not cover an
// action posted directly.
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { ForbiddenError, type Viewer } from '@/lib/access/viewer';
import type { AuditActor } from '@/lib/audit';
import { auditActorOf } from '@/lib/auth/audit-actor';
import { getCurrentViewer } from '@/lib/auth/current-viewer';
import { canAdminister } from '@/lib/auth/permissions';
import { clientIpFrom } from '@/lib/security/client-ip';

export async function requireAdminPage(): Promise<Viewer> {
  const viewer = await getCurrentViewer();
  if (!viewer) redirect('/signin');
  if (!canAdminister(viewer)) notFound();
  return viewer;
}

export interface AdminCaller {
  viewer: Viewer;
  actor: AuditActor;
  ip: string | null;
}

export async function requireAdminAction(): Promise<AdminCaller> {
  const viewer = await getCurrentViewer();
  if (!viewer || !canAdminister(viewer)) throw new ForbiddenError('Only admins can do this.');
  return { viewer, actor: auditActorOf(viewer), ip: clientIpFrom(await headers()) };
}
