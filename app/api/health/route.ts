// Liveness and database connectivity for load balancers and `npm run demo`. Public on purpose: it
// reveals nothing but whether the database answers.
import { getDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const started = performance.now();
  try {
    await getDb().$queryRaw`SELECT 1`;
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return Response.json(
      { status: 'ok', database: { up: true, latencyMs } },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  } catch (error) {
    // Log the cause for operators; the response stays generic so it leaks no connection details.
    console.error('health: database check failed', error);
    return Response.json(
      { status: 'degraded', database: { up: false, latencyMs: null } },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}
