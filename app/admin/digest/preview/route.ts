// The digest preview as a document of its own: ?to=ADDRESS[&week=2026-W10][&team=SLUG][&format=eml].
// HTML with the charts as data: URIs (opens in a browser tab), or the exact .eml that would be sent.
// Admins only; nothing is sent or recorded.
import { ForbiddenError } from '@/lib/access/viewer';
import { getDb } from '@/lib/db';
import { dataUri, htmlWithImages, PreviewError, previewDigest } from '@/lib/digest/preview';
import { composeRawMessage } from '@/lib/mail/transport';
import { requireAdminCaller } from '@/app/admin/jobs/guard';

export const dynamic = 'force-dynamic';

const WEEK = /^\d{4}-W\d{2}$/;

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

export async function GET(request: Request): Promise<Response> {
  try {
    await requireAdminCaller();
  } catch (error) {
    if (error instanceof ForbiddenError) return text(404, 'Not found');
    throw error;
  }
  const params = new URL(request.url).searchParams;
  const to = params.get('to')?.trim() ?? '';
  const week = params.get('week')?.trim() || undefined;
  const team = params.get('team')?.trim() || undefined;
  if (!/^[^\s@]+@[^\s@]+$/.test(to) || to.length > 320) return text(400, 'Give an email address as ?to=');
  if (week && !WEEK.test(week)) return text(400, 'week is an ISO week like 2026-W10');
  try {
    const preview = await previewDigest(getDb(), { to, ...(week ? { week } : {}), ...(team ? { teamSlug: team } : {}) });
    if (params.get('format') === 'eml') {
      const raw = await composeRawMessage(preview.message);
      return new Response(new Uint8Array(raw), {
        headers: {
          'Content-Type': 'message/rfc822',
          'Content-Disposition': `attachment; filename="digest-${preview.slot.week}.eml"`,
          'Cache-Control': 'no-store',
        },
      });
    }
    return new Response(htmlWithImages(preview, (chart) => dataUri(chart.png)), {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    if (error instanceof PreviewError) return text(400, error.message);
    if (error instanceof Error && /ISO week|does not exist/.test(error.message)) return text(400, error.message);
    throw error;
  }
}
