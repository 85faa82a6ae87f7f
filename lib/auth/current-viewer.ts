// The viewer of the current request (pages, server actions, and API calls without a bearer token):
// the user behind the session cookie, looked up in the database on every request, so a role or
// membership change, a removal or a sign-out takes effect at once.
import { cookies } from 'next/headers';
import { cache } from 'react';
import type { Viewer } from '@/lib/access/viewer';
import { sessionCookieName, viewerForSessionToken } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';

/** null means "not signed in": pages redirect to /signin. Memoised per request (layout and page both ask). */
export const getCurrentViewer = cache(async (): Promise<Viewer | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  return viewerForSessionToken(getDb(), token);
});
