// One subscriber's digest for one week, end to end: gather (access-scoped), build the content, draw the
// charts, render HTML and text, and assemble the MIME message with its inline images and unsubscribe
// headers. Sending and previewing both start here, so a preview is exactly what would be sent.
import type { Db } from '@/lib/db';
import { buildDigestContent, type DigestContent } from '@/lib/digest/content';
import { buildTrendCharts, CHART_HEIGHT, CHART_WIDTH, type RenderedChart } from '@/lib/digest/charts';
import { gatherDigestData, type DigestMetrics, type DigestRecipient } from '@/lib/digest/gather';
import { renderDigestHtml } from '@/lib/digest/render-html';
import { renderDigestText } from '@/lib/digest/render-text';
import { unsubscribeUrl } from '@/lib/digest/unsubscribe';
import type { DigestSlot } from '@/lib/jobs/schedules';
import type { MailMessage } from '@/lib/mail/transport';

export interface ComposeDeps {
  db: Db;
  metrics: DigestMetrics;
  appUrl: string;
  /** AUTH_SECRET: signs the unsubscribe link. */
  secret: string;
  /** SMTP_FROM. */
  from: string;
}

export interface ComposedDigest {
  content: DigestContent;
  html: string;
  text: string;
  charts: RenderedChart[];
  message: MailMessage;
}

/**
 * The same Message-ID for every attempt at one subscriber's week: if a crash between the server's
 * "250 OK" and our commit makes a retry send again, mail clients and most servers fold the copies.
 */
export function digestMessageId(subscriptionId: number, week: string, appUrl: string): string {
  const host = new URL(appUrl).hostname || 'vitals.local';
  return `<digest.${subscriptionId}.${week.toLowerCase()}@${host}>`;
}

export async function composeDigest(deps: ComposeDeps, recipient: DigestRecipient, slot: DigestSlot): Promise<ComposedDigest> {
  const unsubscribe = unsubscribeUrl(deps.appUrl, recipient.subscriptionId, deps.secret);
  const data = await gatherDigestData({
    db: deps.db,
    metrics: deps.metrics,
    recipient,
    week: slot.week,
    period: slot.period,
    appUrl: deps.appUrl,
    unsubscribeUrl: unsubscribe,
  });
  const content = buildDigestContent(data);
  const charts = data.trends.length > 0 ? buildTrendCharts(content.trendWeeks, data.trends) : [];
  const html = renderDigestHtml(content, charts.map((chart) => ({ cid: chart.spec.cid, alt: chart.alt, width: CHART_WIDTH, height: CHART_HEIGHT })));
  const text = renderDigestText(content, charts.map((chart) => chart.alt));
  const message: MailMessage = {
    from: deps.from,
    to: recipient.name ? { name: recipient.name, address: recipient.email } : recipient.email,
    subject: content.subject,
    text,
    html,
    messageId: digestMessageId(recipient.subscriptionId, slot.week, deps.appUrl),
    headers: {
      // RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs to this URL.
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': 'Vitals weekly digest <weekly-digest.vitals>',
      // RFC 3834: automatic mail; out-of-office replies should not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    },
    attachments: charts.map((chart, index) => ({
      filename: `trend-${index + 1}-${chart.spec.metric}.png`,
      content: chart.png,
      contentType: 'image/png',
      cid: chart.spec.cid,
      contentDisposition: 'inline' as const,
    })),
  };
  return { content, html, text, charts, message };
}
