// Pages call this first: it returns the viewer and their access scope, or sends them to sign in.
import { redirect } from 'next/navigation';
import { accessScopeOf, type AccessScope, type Viewer } from '@/lib/access/viewer';
import { getCurrentViewer } from '@/lib/auth/current-viewer';

export async function requireViewer(): Promise<{ viewer: Viewer; access: AccessScope }> {
  const viewer = await getCurrentViewer();
  if (!viewer) redirect('/signin');
  return { viewer, access: accessScopeOf(viewer) };
}
