// Admin: the weekly digest. Who is subscribed, when each gets the next one (Monday 08:00 in their zone),
// and a preview of exactly what a recipient would receive for a week, shown here and downloadable as
// .eml. Nothing on this page sends mail.
import Link from 'next/link';
import { connection } from 'next/server';
import { Notice, PageHeader } from '@/components/page-header';
import { getDb } from '@/lib/db';
import { dataUri, htmlWithImages, PreviewError, previewDigest, type DigestPreview } from '@/lib/digest/preview';
import { isSmtpConfigured } from '@/lib/mail/transport';
import { formatDateTime } from '@/lib/format/date';
import { listDigestSubscriptions } from '@/lib/jobs/history';
import { getOrgTimeZone } from '@/app/_lib/org-settings';
import { requireAdminViewer } from '@/app/admin/jobs/guard';

export const metadata = { title: 'Weekly digest' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/** The mail's <body> content, to show inside this page (its markup is our own, every value escaped). */
function bodyOf(html: string): string {
  const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return match?.[1] ?? html;
}

export default async function DigestAdminPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const viewer = await requireAdminViewer();
  const params = await searchParams;
  const db = getDb();
  const timeZone = await getOrgTimeZone(db);
  const subscriptions = await listDigestSubscriptions(db, new Date());
  const addressOf = (recipient: string) => /<([^>]+)>$/.exec(recipient)?.[1] ?? recipient;
  const to = first(params.to) || (subscriptions[0] ? addressOf(subscriptions[0].recipient) : '');
  const week = first(params.week);

  let preview: DigestPreview | null = null;
  let previewError: string | null = null;
  if (to) {
    try {
      preview = await previewDigest(db, { to, ...(/^\d{4}-W\d{2}$/.test(week) ? { week } : {}) });
    } catch (error) {
      if (!(error instanceof PreviewError)) throw error;
      previewError = error.message;
    }
  }
  const query = new URLSearchParams({ to, ...(preview ? { week: preview.slot.week } : {}) }).toString();
  const control = 'h-9 rounded-md border border-line bg-surface px-2 text-sm text-ink';

  return (
    <div className="space-y-8">
      <PageHeader
        eyebrow={<Link href="/admin" className="link">Admin</Link>}
        title="Weekly digest"
        description="Sent every Monday at 08:00 in each subscriber's time zone, with the week just ended. Each subscriber sees only what their role may see."
        actions={<Link href="/admin/jobs" className="link text-sm">← Jobs</Link>}
      />
      {!isSmtpConfigured() && <Notice tone="error">SMTP_HOST is not set, so workers send no digests. Previews below still work.</Notice>}

      <section aria-labelledby="subscriptions-heading" className="space-y-3">
        <h2 id="subscriptions-heading" className="text-lg font-semibold">Subscriptions</h2>
        {subscriptions.length === 0 ? (
          <p className="text-sm text-muted">No one is subscribed yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-line bg-surface">
            <table className="w-full text-sm">
              <caption className="sr-only">Digest subscriptions with their next and last send</caption>
              <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="px-4 py-3">Recipient</th>
                  <th scope="col" className="px-4 py-3">Sees</th>
                  <th scope="col" className="px-4 py-3">Time zone</th>
                  <th scope="col" className="px-4 py-3">Next digest ({timeZone})</th>
                  <th scope="col" className="px-4 py-3">Last sent</th>
                  <th scope="col" className="px-4 py-3"><span className="sr-only">Preview</span></th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.map((subscription) => (
                  <tr key={subscription.id} className="border-b border-line align-top last:border-0">
                    <th scope="row" className="px-4 py-3 text-left font-medium">{subscription.recipient}</th>
                    <td className="px-4 py-3">{subscription.scope}</td>
                    <td className="px-4 py-3">{subscription.timeZone}</td>
                    <td className="num px-4 py-3">
                      {subscription.active ? `${formatDateTime(subscription.nextSendAt, timeZone)} · ${subscription.nextWeek}` : <span className="text-muted">unsubscribed</span>}
                      {subscription.pending && <div className="text-xs text-sev-high">{subscription.pending}: claimed, not yet sent (retrying)</div>}
                    </td>
                    <td className="num px-4 py-3">{subscription.lastSent ? `${subscription.lastSent.week} · ${formatDateTime(subscription.lastSent.sentAt, timeZone)}` : <span className="text-muted">never</span>}</td>
                    <td className="px-4 py-3 text-right">
                      <Link href={`/admin/digest?${new URLSearchParams({ to: addressOf(subscription.recipient) }).toString()}#preview`} className="link">Preview</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section id="preview" aria-labelledby="preview-heading" className="space-y-4">
        <h2 id="preview-heading" className="text-lg font-semibold">Preview</h2>
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Preview a digest">
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-muted">Recipient address</span>
            <input type="email" name="to" required defaultValue={to} placeholder={viewer.name} className={`${control} w-72`} />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-muted">Week (ISO, optional)</span>
            <input type="text" name="week" defaultValue={week} placeholder="latest" pattern="\d{4}-W\d{2}" className={`${control} w-32`} />
          </label>
          <button type="submit" className="h-9 rounded-md border border-line bg-raised px-3 text-sm font-medium hover:border-accent">Preview</button>
        </form>
        {previewError && <Notice tone="error">{previewError}</Notice>}
        {preview && (
          <>
            <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-muted">Subject</dt><dd data-testid="preview-subject">{preview.content.subject}</dd>
              <dt className="text-muted">To</dt><dd>{preview.recipient.email}, {preview.accessNote}</dd>
              <dt className="text-muted">Week</dt><dd>{preview.slot.week} ({preview.content.periodLabel}, {preview.slot.period.timeZone}), due {formatDateTime(preview.slot.sendAt, preview.slot.period.timeZone)}</dd>
              <dt className="text-muted">Parts</dt><dd>HTML, plain text, {preview.charts.length} inline chart{preview.charts.length === 1 ? '' : 's'}</dd>
            </dl>
            <p className="flex flex-wrap gap-4 text-sm">
              <a href={`/admin/digest/preview?${query}`} target="_blank" rel="noopener" className="link">Open as a page</a>
              <a href={`/admin/digest/preview?${query}&format=eml`} className="link">Download .eml</a>
            </p>
            <div
              className="overflow-x-auto rounded-xl border border-line bg-white"
              data-testid="digest-preview"
              dangerouslySetInnerHTML={{ __html: bodyOf(htmlWithImages(preview, (chart) => dataUri(chart.png))) }}
            />
            <details className="rounded-xl border border-line bg-surface p-4">
              <summary className="cursor-pointer text-sm font-medium">Plain-text part</summary>
              <pre className="mt-3 overflow-x-auto whitespace-pre-wrap text-xs">{preview.text}</pre>
            </details>
          </>
        )}
      </section>
    </div>
  );
}
