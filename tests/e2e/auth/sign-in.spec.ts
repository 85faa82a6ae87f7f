// Sign-in in a real browser: the redirect to sign in, the demo sign-in as each role, sign-out, and the
// e-mail magic link received through a real SMTP server this test starts (the server under test sends
// to SMTP_HOST:SMTP_PORT, which the Playwright configuration points here).
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { disconnectDb, getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps what it receives. */
async function startMailbox(host: string, port: number): Promise<{ mails: ReceivedMail[]; stop: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'vitals' });
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { mails, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The sign-in link from a received mail (quoted-printable soft breaks and =3D undone). */
function linkIn(mail: ReceivedMail): string {
  const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const link = /https?:\/\/[^\s"<>]+\/api\/auth\/callback\/email\?[^\s"<>]+/.exec(text)?.[0];
  if (!link) throw new Error('no sign-in link in the mail');
  return link.replace(/&amp;/g, '&');
}

async function waitForMail(mails: ReceivedMail[], to: string, timeoutMs = 15_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = mails.find((candidate) => candidate.to.includes(to));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function signedInHeader(page: Page) {
  return page.getByRole('banner');
}

async function auditActions(email: string, since: Date): Promise<string[]> {
  const events = await getDb().auditEvent.findMany({ where: { target: `user:${email}`, at: { gte: since } }, orderBy: { id: 'asc' } });
  return events.map((event) => event.action);
}

test.afterAll(async () => {
  await disconnectDb();
});

test('a visitor is sent to sign in, and back where they were going after it', async ({ page }) => {
  await page.goto('/records/deployments');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Frecords%2Fdeployments/);
  await expect(page.getByRole('heading', { name: 'Sign in to Vitals' })).toBeVisible();
  await page.getByRole('button', { name: /\(member\)/ }).first().click();
  await expect(page).toHaveURL(/\/records\/deployments$/);
});

test.describe('demo sign-in', () => {
  for (const role of ['admin', 'executive', 'manager', 'member'] as const) {
    test(`as the demo ${role}, then sign out`, async ({ page }) => {
      const since = new Date();
      await page.goto('/signin');
      const button = page.getByRole('button', { name: new RegExp(`\\(${role}\\)$`) }).first();
      const label = (await button.getAttribute('aria-label')) ?? '';
      await button.click();
      await expect(page).toHaveURL(/\/$/);
      const header = await signedInHeader(page);
      await expect(header).toContainText(role, { ignoreCase: true });
      if (role === 'admin') await expect(header.getByRole('link', { name: 'Admin' })).toBeVisible();
      else await expect(header.getByRole('link', { name: 'Admin' })).toHaveCount(0);

      await header.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/signin/, { timeout: 30_000 });
      await page.goto('/');
      await expect(page).toHaveURL(/\/signin/);

      const name = /Sign in as (.+) \(/.exec(label)?.[1] ?? '';
      const user = await getDb().user.findFirstOrThrow({ where: { name } });
      expect(await auditActions(user.email ?? '', since)).toEqual(['auth.sign_in', 'auth.sign_out']);
    });
  }

  test('a user without a role signs in and sees nothing', async ({ page }) => {
    await page.goto('/signin');
    await page.getByRole('button', { name: /\(no role\)$/ }).first().click();
    await expect(page).toHaveURL(/\/$/);
    const teams = await getDb().team.findMany({ select: { name: true } });
    const main = page.locator('main');
    for (const team of teams) await expect(main.getByRole('link', { name: team.name, exact: true })).toHaveCount(0);
  });
});

test.describe('e-mail magic link', () => {
  const { SMTP_HOST: host, SMTP_PORT: port } = getEnv();
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;

  test.beforeAll(async () => {
    if (!host) throw new Error('SMTP_HOST is not set: the Playwright configuration must point the server under test at the mailbox this test starts.');
    mailbox = await startMailbox(host, port);
  });

  test.afterAll(async () => {
    await mailbox?.stop();
  });

  test('an invited address receives a link that signs in once', async ({ page, browser }) => {
    const email = `invited-${randomBytes(4).toString('hex')}@example.org`;
    await getDb().user.create({ data: { email, name: 'Invited Ines', role: 'executive' } });
    const since = new Date();

    await page.goto('/signin');
    await page.getByLabel('Work e-mail').fill(email.toUpperCase());
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await expect(page).toHaveURL(/\/signin\/check-email/);

    const mail = await waitForMail(mailbox.mails, email);
    expect(mail.raw).toMatch(/Subject: Sign in to Vitals/);
    const link = linkIn(mail);
    expect(new URL(link).origin).toBe(new URL(getEnv().APP_URL).origin);

    await page.goto(link);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('banner')).toContainText('Invited Ines');

    // The same link again, in another browser: refused.
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(link);
    await expect(second).toHaveURL(/\/signin\?.*error=Verification/);
    await expect(second.getByText('That sign-in link has expired or was already used')).toBeVisible();
    await other.close();

    expect(await auditActions(email, since)).toEqual(['auth.sign_in']);
    const failed = await getDb().auditEvent.findMany({ where: { action: 'auth.sign_in_failed', at: { gte: since } } });
    expect(failed.some((event) => (event.details as { reason?: string }).reason === 'Verification')).toBe(true);
  });

  test('an unknown address gets the same answer and no mail (no account enumeration)', async ({ page }) => {
    const email = `stranger-${randomBytes(4).toString('hex')}@example.org`;
    const since = new Date();
    await page.goto('/signin');
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await expect(page).toHaveURL(/\/signin\/check-email/);
    await page.waitForTimeout(1000);
    expect(mailbox.mails.some((mail) => mail.to.includes(email))).toBe(false);
    expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
    const failed = await getDb().auditEvent.findMany({ where: { action: 'auth.sign_in_failed', target: `user:${email}`, at: { gte: since } } });
    expect(failed.map((event) => (event.details as { reason?: string }).reason)).toEqual(['not_invited']);
  });

  test('links per address are rate limited', async ({ page }) => {
    const email = `limited-${randomBytes(4).toString('hex')}@example.org`;
    await getDb().user.create({ data: { email, role: 'member' } });
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await page.goto('/signin');
      await page.getByLabel('Work e-mail').fill(email);
      await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
      if (attempt <= 5) await expect(page).toHaveURL(/\/signin\/check-email/);
    }
    await expect(page).toHaveURL(/\/signin\?error=RateLimited/);
    await expect(page.getByText('Too many sign-in attempts')).toBeVisible();
    expect(mailbox.mails.filter((mail) => mail.to.includes(email))).toHaveLength(5);
  });
});
