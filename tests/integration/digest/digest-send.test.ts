// The weekly digest end to end on a real Postgres and a real SMTP server started here: what is due when,
// what each subscriber may see, numbers equal to the dashboard's (lib/metrics) for the same week, the
// MIME that arrives (HTML and text parts, inline PNG charts by CID, one-click unsubscribe headers), and
// one mail per subscriber and week when sends race, fail or are retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { composeDigest } from '@/lib/digest/compose';
import { engineDigestMetrics } from '@/lib/digest/engine-metrics';
import { METRICS, formatMetricValue } from '@/lib/format/metric-display';
import { createBoss } from '@/lib/jobs/boss';
import { findDueDigests, sendWeeklyDigest, type SendDigestDeps } from '@/lib/jobs/digest-jobs';
import { DIGEST_DUE_QUEUE, DIGEST_SEND_QUEUE } from '@/lib/jobs/queues';
import { digestSlotOfWeek } from '@/lib/jobs/schedules';
import { startWorker } from '@/lib/jobs/worker';
import { createMailSender, type MailSender } from '@/lib/mail/transport';
import { getMetricsReports } from '@/lib/metrics';
import { getTestDatabase, getTestDb } from '@/tests/helpers/database';
import { SEND_NOW, WEEK, seedDigestFixture, type DigestFixture } from './fixture';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server';

const SECRET = 'digest-test-secret-of-at-least-32-characters';
const APP_URL = 'https://vitals.example.test';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let fixture: DigestFixture;
let smtp: SmtpTestServer;
let mailer: MailSender;
let deps: SendDigestDeps;

/** Messages received for one subscription and week (the Message-ID names both). */
function receivedFor(subscriptionId: number, week: string) {
  return smtp.received.filter((message) => message.raw.toString('utf8').includes(`<digest.${subscriptionId}.${week.toLowerCase()}@`));
}

beforeAll(async () => {
  const db = getTestDb();
  fixture = await seedDigestFixture(db);
  smtp = await startSmtpTestServer();
  mailer = createMailSender({ SMTP_HOST: '127.0.0.1', SMTP_PORT: smtp.port, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });
  deps = {
    now: () => SEND_NOW,
    db,
    send: mailer.send,
    compose: { metrics: engineDigestMetrics(db), appUrl: APP_URL, secret: SECRET, from: 'Vitals <vitals@example.test>' },
  };
});

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
});

describe('which digests are due', () => {
  it('owes each active subscriber the week just ended from Monday 08:00 in their own zone', async () => {
    const db = getTestDb();
    const { subscriptions: s } = fixture;
    // 06:59Z: 07:59 in Berlin, 06:59 in UTC: nobody is owed W10 yet (W09 is, as a late catch-up).
    const early = await findDueDigests({ db, now: () => new Date('2026-03-09T06:59:00Z') });
    expect(early.filter((item) => item.week === WEEK)).toEqual([]);
    // 07:00Z is 08:00 in Berlin: the Berlin manager is owed W10, the UTC subscribers not yet.
    const berlin = await findDueDigests({ db, now: () => new Date('2026-03-09T07:00:00Z') });
    expect(berlin.filter((item) => item.week === WEEK).map((item) => item.subscriptionId)).toEqual([s.platformManager]);
    const due = await findDueDigests({ db, now: () => SEND_NOW });
    expect(due.filter((item) => item.week === WEEK).map((item) => item.subscriptionId).sort()).toEqual(
      [s.executive, s.platformManager, s.checkoutAddress].sort(),
    );
    // Not owed: the unsubscribed, and a user who may see nothing yet (no job every 5 minutes for them).
    expect(due.some((item) => item.subscriptionId === s.unsubscribed || item.subscriptionId === s.newcomer)).toBe(false);
  });
});

describe('an executive’s digest', () => {
  it('shows the org and every team with the dashboard’s numbers for the same week', async () => {
    const db = getTestDb();
    const slot = digestSlotOfWeek(WEEK, 'UTC');
    const digest = await composeDigest(
      { db, ...deps.compose },
      { subscriptionId: fixture.subscriptions.executive, name: 'Erin Executive', email: 'erin@example.test', timeZone: 'UTC', access: FULL_ACCESS },
      slot,
    );
    // The dashboard's numbers: lib/metrics for the same scopes and week.
    const slugs = digest.content.teams.map((team) => team.slug);
    expect(slugs).toEqual(['payments', 'checkout', 'platform']);
    const reports = await getMetricsReports(db, FULL_ACCESS, [{ kind: 'org' }, ...slugs.map((slug) => ({ kind: 'team' as const, slug }))], slot.period);
    digest.content.teams.forEach((team, index) => {
      const report = reports[index + 1];
      for (const [metric, cell] of Object.entries(team.cells)) {
        const display = METRICS[metric as keyof typeof METRICS];
        expect(cell.display, `${team.slug} ${metric}`).toBe(formatMetricValue(display.kind, display.value(report!.current)));
        expect(cell.band, `${team.slug} ${metric} band`).toBe(display.band(report!.current));
      }
    });
    for (const line of digest.content.summary) {
      const display = METRICS[line.metric];
      expect(line.display).toBe(formatMetricValue(display.kind, display.value(reports[0]!.current)));
      expect(line.previousDisplay).toBe(formatMetricValue(display.kind, display.value(reports[0]!.previous)));
    }
    // And by hand: payments holds checkout's repository; the org holds all three.
    expect(digest.content.teams[0]?.cells.deploymentFrequency.display).toBe('5');
    // 2 of 5 failed: d-pay-2 caused inc-1 (named), and checkout's team-only inc-3 links to d-co-2 (56 h before).
    expect(digest.content.teams[0]?.cells.changeFailureRate.display).toBe('40 %');
    expect(digest.content.teams[2]?.cells.deploymentFrequency).toMatchObject({ display: '1', change: { text: '−50 %', trend: 'worse' } });
    expect(digest.content.summary.find((line) => line.metric === 'deploymentFrequency')).toMatchObject({ display: '6', previousDisplay: '3' });
    expect(digest.content.risks).toMatchObject({ breachedTotal: 2, openIncidentTotal: 2 });
    expect(digest.content.risks.breachedFindings.map((finding) => finding.title)).toEqual(['SQL injection in refunds', 'openssl: CVE-2026-0001']);
    expect(digest.content.risks.openIncidents.map((incident) => incident.title)).toEqual(['Leaked deploy key <rotated?>', 'Cart latency']);
  });

  it('arrives as MIME with HTML and text parts, inline PNG charts by CID and one-click unsubscribe headers', async () => {
    const result = await sendWeeklyDigest(deps, { subscriptionId: fixture.subscriptions.executive, week: WEEK });
    expect(result).toMatchObject({ outcome: 'sent', to: 'erin@example.test' });
    const [message] = receivedFor(fixture.subscriptions.executive, WEEK);
    expect(message?.to).toEqual(['erin@example.test']);
    const parsed = await message!.parse();
    const html = String(parsed.html);

    expect(parsed.subject).toBe('Vitals weekly digest · 2 Mar – 8 Mar 2026');
    expect(parsed.messageId).toBe(`<digest.${fixture.subscriptions.executive}.2026-w10@vitals.example.test>`);
    const raw = message!.raw.toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).toMatch(/Content-Type: multipart\/related/i);

    // Both parts, saying the same thing.
    expect(parsed.text).toContain('VITALS WEEKLY DIGEST — 2 Mar – 8 Mar 2026');
    expect(parsed.text).toContain('Leaked deploy key <rotated?>');
    expect(parsed.html).toContain('Leaked deploy key &lt;rotated?&gt;');
    expect(parsed.html).toContain('Payments');

    // Four inline PNGs, each referenced from the HTML by its Content-ID.
    expect(parsed.attachments).toHaveLength(4);
    for (const attachment of parsed.attachments) {
      expect(attachment.contentType).toBe('image/png');
      expect(attachment.contentDisposition).toBe('inline');
      expect(attachment.related).toBe(true);
      expect(attachment.content.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(attachment.cid).toMatch(/^trend-\d-\w+@vitals$/);
      expect(html).toContain(`src="cid:${attachment.cid}"`);
    }

    // RFC 2369 / RFC 8058: a signed HTTPS link clients can POST to.
    const unfolded = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    const unsubscribeHeader = unfolded.match(/^List-Unsubscribe: <([^>]+)>$/im)?.[1] ?? '';
    expect(unsubscribeHeader).toMatch(new RegExp(`^${APP_URL}/api/digest/unsubscribe\\?s=${fixture.subscriptions.executive}&sig=[\\w-]{43}$`));
    expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    // mailparser reads the List-* headers too (into `list`).
    expect(JSON.stringify(parsed.headers.get('list'))).toContain('/api/digest/unsubscribe');
    expect(html).toContain(unsubscribeHeader.replace(/&/g, '&amp;'));
    expect(unfolded).toMatch(/^Auto-Submitted: auto-generated$/m);

    // Sent and recorded: the DigestSend row and an audit event.
    const send = await getTestDb().digestSend.findUnique({ where: { subscriptionId_week: { subscriptionId: fixture.subscriptions.executive, week: WEEK } } });
    expect(send?.sentAt).toEqual(SEND_NOW);
    const audit = await getTestDb().auditEvent.findFirst({ where: { action: 'digest.send', target: `digest-subscription:${fixture.subscriptions.executive}` } });
    expect(audit?.details).toMatchObject({ week: WEEK, to: 'erin@example.test' });
  });
});

describe('what each subscriber may see', () => {
  it('gives a manager their own team only, in their own time zone', async () => {
    const result = await sendWeeklyDigest(deps, { subscriptionId: fixture.subscriptions.platformManager, week: WEEK });
    expect(result.outcome).toBe('sent');
    const parsed = await receivedFor(fixture.subscriptions.platformManager, WEEK)[0]!.parse();
    expect(parsed.html).toContain('Platform');
    expect(parsed.html).toContain('Europe/Berlin');
    for (const hidden of ['Payments', 'Checkout', 'acme/pay', 'SQL injection', 'Cart latency']) {
      expect(parsed.html, hidden).not.toContain(hidden);
      expect(parsed.text, hidden).not.toContain(hidden);
    }
    expect(parsed.text).toContain('openssl: CVE-2026-0001');
  });

  it('limits an address subscription to its team, and skips subscribers who may see nothing or left', async () => {
    expect((await sendWeeklyDigest(deps, { subscriptionId: fixture.subscriptions.checkoutAddress, week: WEEK })).outcome).toBe('sent');
    const parsed = await receivedFor(fixture.subscriptions.checkoutAddress, WEEK)[0]!.parse();
    expect(parsed.html).toContain('Checkout');
    expect(parsed.html).toContain('Cart latency');
    expect(parsed.html).not.toContain('Platform');
    expect(parsed.html).not.toContain('Refunds double-charged');

    expect(await sendWeeklyDigest(deps, { subscriptionId: fixture.subscriptions.newcomer, week: WEEK })).toEqual({ outcome: 'skipped', reason: 'the user may see no team yet' });
    expect(await sendWeeklyDigest(deps, { subscriptionId: fixture.subscriptions.unsubscribed, week: WEEK })).toEqual({ outcome: 'skipped', reason: 'subscription is inactive (unsubscribed)' });
    expect(receivedFor(fixture.subscriptions.newcomer, WEEK)).toHaveLength(0);
  });
});

describe('at most once per subscriber and week', () => {
  it('sends once when three sends of the same digest race, and a retry afterwards sends nothing', async () => {
    const data = { subscriptionId: fixture.subscriptions.executive, week: '2026-W09' };
    const outcomes = await Promise.all([sendWeeklyDigest(deps, data), sendWeeklyDigest(deps, data), sendWeeklyDigest(deps, data)]);
    expect(outcomes.filter((outcome) => outcome.outcome === 'sent')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['sent', 'in-progress', 'already-sent'].includes(outcome.outcome))).toBe(true);
    expect(await sendWeeklyDigest(deps, data)).toEqual({ outcome: 'already-sent' });
    expect(receivedFor(data.subscriptionId, data.week)).toHaveLength(1);
  });

  it('loses nothing when SMTP fails: the claim stays unsent and the retry sends exactly one', async () => {
    const data = { subscriptionId: fixture.subscriptions.executive, week: '2026-W08' };
    smtp.failNext(1);
    await expect(sendWeeklyDigest(deps, data)).rejects.toThrow(/451/);
    const claim = await getTestDb().digestSend.findUnique({ where: { subscriptionId_week: data } });
    expect(claim).toMatchObject({ sentAt: null });
    expect(await findDueDigests({ db: getTestDb(), now: () => new Date('2026-02-23T09:00:00Z') })).toContainEqual(data);

    expect((await sendWeeklyDigest(deps, data)).outcome).toBe('sent');
    expect(await sendWeeklyDigest(deps, data)).toEqual({ outcome: 'already-sent' });
    expect(receivedFor(data.subscriptionId, data.week)).toHaveLength(1);
  });

  it('sends once when two workers each run a job for the same digest', async () => {
    const db = getTestDb();
    const url = getTestDatabase().url;
    const data = { subscriptionId: fixture.subscriptions.executive, week: '2026-W07' };
    const worker = (name: string) => startWorker({
      db,
      connectionString: url,
      runSync: async () => ({ status: 'succeeded', runId: null }),
      send: mailer.send,
      digest: { metrics: deps.compose.metrics, appUrl: APP_URL, secret: SECRET, from: deps.compose.from },
      now: () => SEND_NOW,
      log: { info: () => undefined, warn: () => undefined, error: (message) => console.error(`[${name}] ${message}`) },
      pollIntervalMs: 50,
    });
    const [a, b] = await Promise.all([worker('a'), worker('b')]);
    const sender = createBoss({ connectionString: url, worker: false });
    await sender.start();
    try {
      // Two jobs for one digest (as if the due check ran twice and a retry overlapped), one per worker.
      await sender.insert([
        { name: DIGEST_SEND_QUEUE, data, singletonKey: 'race-a' },
        { name: DIGEST_SEND_QUEUE, data, singletonKey: 'race-b' },
      ]);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const waiting = await sender.getQueueSize(DIGEST_SEND_QUEUE, { before: 'completed' });
        if (waiting === 0 && a.activeJobs().digest === 0 && b.activeJobs().digest === 0) break;
        if (Date.now() > deadline) throw new Error('digest jobs did not finish');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await Promise.all([a.stop(5_000), b.stop(5_000)]);
      await sender.stop({ graceful: false, wait: true });
    }
    expect(receivedFor(data.subscriptionId, data.week)).toHaveLength(1);
    const sends = await db.digestSend.findMany({ where: data });
    expect(sends).toHaveLength(1);
    expect(sends[0]?.sentAt).not.toBeNull();
  });

  it('does not pile up copies of a digest whose send is retrying while the due check keeps running', async () => {
    const db = getTestDb();
    const url = getTestDatabase().url;
    // Monday 16 March, 08:05 UTC: W11 is due for three subscribers, and the mail server refuses everything.
    const later = new Date('2026-03-16T08:05:00Z');
    smtp.failNext(1_000);
    const running = await startWorker({
      db,
      connectionString: url,
      runSync: async () => ({ status: 'succeeded', runId: null }),
      send: mailer.send,
      digest: { metrics: deps.compose.metrics, appUrl: APP_URL, secret: SECRET, from: deps.compose.from },
      now: () => later,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      pollIntervalMs: 50,
    });
    const sender = createBoss({ connectionString: url, worker: false });
    await sender.start();
    const sendJobs = () => db.$queryRawUnsafe<{ state: string }[]>(
      `SELECT state::text FROM pgboss.job WHERE name = $1 AND singleton_key LIKE '%:2026-W11'`, DIGEST_SEND_QUEUE,
    );
    try {
      for (let check = 0; check < 3; check += 1) {
        const id = await sender.send(DIGEST_DUE_QUEUE, {});
        const deadline = Date.now() + 20_000;
        while ((await sender.getJobById(DIGEST_DUE_QUEUE, id!))?.state !== 'completed') {
          if (Date.now() > deadline) throw new Error('due check did not complete');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        // Let this round's sends fail into their retry before the next check.
        const settle = Date.now() + 20_000;
        while ((await sendJobs()).some((job) => job.state === 'created' || job.state === 'active')) {
          if (Date.now() > settle) throw new Error('sends did not settle');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      await running.stop(5_000);
      await sender.stop({ graceful: false, wait: true });
      smtp.failNext(0);
    }
    const jobs = await sendJobs();
    expect(jobs).toHaveLength(3);
    expect(jobs.every((job) => job.state === 'retry')).toBe(true);
  });
});
