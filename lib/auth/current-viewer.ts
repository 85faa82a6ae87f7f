// The viewer of the current request (pages and server actions). Sign-in with next-auth replaces the
// body of this function; its callers keep calling it.
import { getEnv } from '@/lib/env';
import type { Viewer } from '@/lib/access/viewer';

const DEMO_ADMIN: Viewer = {
  kind: 'user',
  id: 'demo-admin',
  name: 'Demo admin',
  role: 'admin',
  teamIds: [],
  managedTeamIds: [],
  scopes: [],
};

/** null means "not signed in": pages redirect to /signin. */
export async function getCurrentViewer(): Promise<Viewer | null> {
  const env = getEnv();
  if (env.VITALS_DEMO && env.NODE_ENV !== 'production') return DEMO_ADMIN;
  return null;
}
