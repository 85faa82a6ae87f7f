// Outgoing mail through SMTP with nodemailer, configured from the environment (SMTP_* in .env.example).
// Job bodies take a `send` function rather than a transport, so tests pass one pointed at a local server.
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { getEnv, type Env } from '@/lib/env';

export type MailMessage = Mail.Options;

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4C1F2". */
  response: string;
}

export type SendMail = (message: MailMessage) => Promise<SentMail>;

export interface MailSender {
  send: SendMail;
  /** Checks the connection and credentials (EHLO, AUTH) without sending. */
  verify(): Promise<void>;
  close(): void;
}

export type SmtpSettings = Pick<Env, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD'>;

export function isSmtpConfigured(env: Pick<Env, 'SMTP_HOST'> = getEnv()): boolean {
  return env.SMTP_HOST !== undefined;
}

export function smtpOptions(settings: SmtpSettings): SMTPPool.Options {
  if (!settings.SMTP_HOST) throw new Error('SMTP_HOST is not set, so Vitals cannot send mail. See .env.example.');
  return {
    pool: true,
    // Digests go out in a burst on Monday morning; a few connections keep it short without tripping
    // the relay's per-client limits.
    maxConnections: 3,
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    // true: TLS from the first byte (port 465). false: STARTTLS when the server offers it (587, 25).
    secure: settings.SMTP_SECURE,
    auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? '' } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  };
}

function toAddressList(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { address?: unknown }).address ?? entry)));
}

/** A sender over SMTP; `settings` default to the environment. */
export function createMailSender(settings: SmtpSettings = getEnv()): MailSender {
  const transport = nodemailer.createTransport(smtpOptions(settings));
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId, accepted: toAddressList(info.accepted), rejected: toAddressList(info.rejected), response: info.response };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}

/** The message as raw MIME (an .eml file), exactly as it would be sent. */
export async function composeRawMessage(message: MailMessage): Promise<Buffer> {
  return new MailComposer(message).compile().build();
}
