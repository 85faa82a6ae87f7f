// Acceptance, on the demo organisation: the digest a leader receives shows every team's numbers equal to
// the dashboard's for the same week, carries its charts inside the mail, and arrives once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { ensureDemoDigestSubscriptions } from '@/lib/digest/demo';
import { DIGEST_DORA_COLUMNS, DIGEST_SECURITY_COLUMNS } from '@/lib/digest/content';
import { engineDigestMetrics } from '@/lib/digest/engine-metrics';
import { DEMO_EMAIL_DOMAIN } from '@/lib/demo/generate';
import { seedDemoData } from '@/lib/demo/seed';
import { METRICS, formatMetricValue } from '@/lib/format/metric-display';
import { findDueDigests, sendWeeklyDigest, type SendDigestDeps } from '@/lib/jobs/digest-jobs';
import { digestSlotOfWeek } from '@/lib/jobs/schedules';
import { createMailSender, type MailSender } from '@/lib/mail/transport';
import { getTeamMetricsReports } from '@/lib/metrics';
import { getTestDb } from '@/tests/helpers/database';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server';

const WEEK = '2026-W10';
let smtp: SmtpTestServer;
let mailer: MailSender;
let executiveSubscription: number;
let timeZone: string;

beforeAll(async () => {
  const db = getTestDb();
  await seedDemoData(db, { now: new Date('2026-03-15T16:20:00Z') });
  await ensureDemoDigestSubscriptions(db, DEMO_EMAIL_DOMAIN);
  // Subscribed long before the week, so W10 is owed.
  await db.digestSubscription.updateMany({ data: { createdAt: new Date('2026-01-01T00:00:00Z') } });
  const executive = await db.digestSubscription.findFirstOrThrow({ where: { user: { role: 'executive' } }, select: { id: true, timeZone: true } });
  executiveSubscription = executive.id;
  timeZone = executive.timeZone;
  smtp = await startSmtpTestServer();
  mailer = createMailSender({ SMTP_HOST: '127.0.0.1', SMTP_PORT: smtp.port, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });
}, 120_000);

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
});

/** Team rows of the mail's two team tables: slug → the bold values, in column order. */
function teamCells(html: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const match of html.matchAll(/<tr><td[^>]*><a href="[^"]*\/teams\/([^?"]+)\?[^"]*"[^>]*>[^<]*<\/a><\/td>(.*?)<\/tr>/gs)) {
    const slug = decodeURIComponent(match[1] ?? '');
    const values = [...(match[2] ?? '').matchAll(/<strong>([^<]*)<\/strong>/g)].map((cell) => cell[1] ?? '');
    rows.set(slug, [...(rows.get(slug) ?? []), ...values]);
  }
  return rows;
}

describe('the demo leader’s digest', () => {
  it('has every team’s numbers equal to the dashboard’s for the same week, its charts inline, and arrives once', async () => {
    const db = getTestDb();
    const slot = digestSlotOfWeek(WEEK, timeZone);
    const now = new Date(slot.sendAt.getTime() + 5 * 60_000);
    const deps: SendDigestDeps = {
      now: () => now,
      db,
      send: mailer.send,
      compose: { metrics: engineDigestMetrics(db), appUrl: 'http://localhost:3000', secret: 'demo-acceptance-secret-of-32-characters!', from: 'Vitals <vitals@demo.vitals.local>' },
    };
    const due = await findDueDigests({ db, now: () => now });
    expect(due).toContainEqual({ subscriptionId: executiveSubscription, week: WEEK });

    // The due check ran twice and a retry overlapped: three sends of one digest.
    const outcomes = await Promise.all([0, 1, 2].map(() => sendWeeklyDigest(deps, { subscriptionId: executiveSubscription, week: WEEK })));
    expect(outcomes.filter((outcome) => outcome.outcome === 'sent')).toHaveLength(1);
    const received = smtp.received.filter((message) => message.to.includes('erin.executive@demo.vitals.local'));
    expect(received).toHaveLength(1);
    const parsed = await received[0]!.parse();
    const html = String(parsed.html);

    // The dashboard's numbers: every team's report for the same week and zone.
    const reports = await getTeamMetricsReports(db, FULL_ACCESS, slot.period);
    const cells = teamCells(html);
    expect([...cells.keys()].sort()).toEqual(reports.map((report) => report.team.slug).sort());
    const columns = [...DIGEST_DORA_COLUMNS, ...DIGEST_SECURITY_COLUMNS];
    let compared = 0;
    for (const report of reports) {
      const expected = columns.map((metric) => formatMetricValue(METRICS[metric].kind, METRICS[metric].value(report.current)));
      expect(cells.get(report.team.slug), report.team.slug).toEqual(expected);
      compared += expected.length;
    }
    console.log(`demo digest ${WEEK} (${timeZone}): ${reports.length} teams × ${columns.length} metrics = ${compared} values equal to the dashboard's`);

    // Charts travel inside the mail, referenced by Content-ID.
    expect(parsed.attachments.filter((attachment) => attachment.contentType === 'image/png' && attachment.related)).toHaveLength(4);
    for (const attachment of parsed.attachments) expect(html).toContain(`src="cid:${attachment.cid}"`);
  }, 120_000);
});
