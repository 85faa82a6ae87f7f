// Keeps secrets out of log lines: configured secret values and anything shaped like a credential
// (API tokens, GitHub tokens, bearer headers, passwords in connection strings, magic-link tokens,
// session cookies) is replaced before a line is written. The web server installs this on console at
// start (instrumentation.ts), so a stack trace or a library's debug output cannot leak one either.
import { formatWithOptions } from 'node:util';
import { getEnv } from '@/lib/env';

const MASK = '[redacted]';

/** Credential shapes, each replaced whole or in its secret part. */
const PATTERNS: [RegExp, string][] = [
  [/\bvit_[A-Za-z0-9_-]{16,}/g, `vit_${MASK}`],
  [/\b(gh[pousr]_)[A-Za-z0-9]{20,}/g, `$1${MASK}`],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, `github_pat_${MASK}`],
  [/\b(Bearer|token|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/gi, `$1 ${MASK}`],
  // user:password@ in any URL (database, SMTP, proxies).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`],
  // Query parameters that carry secrets: magic-link tokens, OAuth codes and states.
  [/([?&](?:token|code|state|password|secret|client_secret|access_token|refresh_token|id_token)=)[^&\s"'#]+/gi, `$1${MASK}`],
  // Fields that carry secrets, as util.inspect or JSON writes them.
  [/(\b(?:token|sessionToken|password|pass|secret|clientSecret|client_secret|access_token|refresh_token|id_token|csrfToken)["']?\s*[:=]\s*["']?)[^\s"',}&]{6,}/gi, `$1${MASK}`],
  // Session and CSRF cookies.
  [/((?:__Host-|__Secure-)?(?:vitals-session|next-auth\.[a-z-]+)=)[^;\s]+/gi, `$1${MASK}`],
];

/** Configured secret values, longest first so a secret containing another is replaced whole. */
function configuredSecrets(): string[] {
  let env;
  try {
    env = getEnv();
  } catch {
    // An invalid environment is reported elsewhere; redaction must still work for that report.
    return [];
  }
  const values = [
    env.AUTH_SECRET,
    env.ENCRYPTION_KEY,
    ...(env.ENCRYPTION_KEY_PREVIOUS ?? '').split(','),
    env.GITHUB_CLIENT_SECRET,
    env.GITHUB_WEBHOOK_SECRET,
    env.SMTP_PASSWORD,
  ];
  if (env.DATABASE_URL) {
    try {
      values.push(decodeURIComponent(new URL(env.DATABASE_URL).password));
    } catch {
      // Not a URL we can read: the connection-string pattern above still masks its password.
    }
  }
  return values
    .map((value) => value?.trim() ?? '')
    .filter((value) => value.length >= 8)
    .sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: readonly string[] = configuredSecrets()): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(MASK);
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const installed = Symbol.for('vitals.console-redaction');

/** Routes every console line through redactSecrets. Idempotent. */
export function installConsoleRedaction(target: Console = console): void {
  const marked = target as Console & { [installed]?: boolean };
  if (marked[installed]) return;
  marked[installed] = true;
  const secrets = configuredSecrets();
  for (const method of CONSOLE_METHODS) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      original(redactSecrets(formatWithOptions({ colors: false, depth: 6 }, ...args), secrets));
    };
  }
}
