// next-auth's endpoints (sign-in starts, GitHub and e-mail callbacks, CSRF token, sign-out), wrapped
// with rate limits and audit events; all configuration is in lib/auth/config.ts.
import type { NextRequest } from 'next/server';
import { handleAuthRequest, type AuthRouteContext } from '@/lib/auth/route-handler';

export async function GET(request: NextRequest, context: AuthRouteContext) {
  return handleAuthRequest(request, context);
}

export async function POST(request: NextRequest, context: AuthRouteContext) {
  return handleAuthRequest(request, context);
}
