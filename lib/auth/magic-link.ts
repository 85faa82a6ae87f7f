// The sign-in e-mail: a one-time link, valid MAGIC_LINK_MAX_AGE_SECONDS, sent over the configured SMTP
// server. The link is the credential, so it is never logged; failures are reported without it.
import { createTransport } from 'nodemailer';
import type { SendVerificationRequestParams } from 'next-auth/providers/email';
import { getEnv } from '@/lib/env';

/** 15 minutes: long enough to switch to a mail client, short enough that an old mail is useless. */
export const MAGIC_LINK_MAX_AGE_SECONDS = 15 * 60;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function smtpTransport() {
  const env = getEnv();
  if (!env.SMTP_HOST) throw new Error('SMTP_HOST is not set. See .env.example.');
  return createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } : undefined,
    // Never fall back to a plain-text AUTH exchange when a password is configured.
    requireTLS: env.SMTP_SECURE ? undefined : Boolean(env.SMTP_USER) && env.NODE_ENV === 'production',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

export function magicLinkMessage(url: string, expires: Date) {
  const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000));
  const text = [
    'Sign in to Vitals with this link:',
    '',
    url,
    '',
    `It works once, for the next ${minutes} minutes.`,
    'If you did not ask to sign in, ignore this e-mail: nobody can use it without access to your mailbox.',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5">
<p>Sign in to Vitals with this link:</p>
<p><a href="${escapeHtml(url)}" style="font-weight: 600">Sign in to Vitals</a></p>
<p>It works once, for the next ${minutes} minutes.</p>
<p style="color: #555">If you did not ask to sign in, ignore this e-mail: nobody can use it without access to your mailbox.</p>
</body></html>`;
  return { subject: 'Sign in to Vitals', text, html };
}

export async function sendMagicLink({ identifier, url, expires }: Pick<SendVerificationRequestParams, 'identifier' | 'url' | 'expires'>): Promise<void> {
  const message = magicLinkMessage(url, expires);
  const result = await smtpTransport().sendMail({ to: identifier, from: getEnv().SMTP_FROM, ...message });
  // nodemailer lists refused recipients; `pending` is only set by some transports.
  const failed = [...result.rejected, ...((result as { pending?: unknown[] }).pending ?? [])];
  if (failed.length > 0) throw new Error('The mail server did not accept the sign-in e-mail');
}
