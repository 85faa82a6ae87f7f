// The one place that reads process.env: every variable is validated here, once, and documented in
// .env.example. Bad configuration fails at start with a message naming the variable.
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Unset: the scripts start an embedded PostgreSQL under .data/ and set it for the app. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Signs sessions and unsubscribe links; at least 32 characters. */
  AUTH_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** 32 bytes, base64 or hex: the AES-256-GCM key for source credentials. */
  ENCRYPTION_KEY: optionalString,
  /** Earlier keys, comma-separated, still accepted for decryption during a key rotation. */
  ENCRYPTION_KEY_PREVIOUS: optionalString,
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  GITHUB_WEBHOOK_SECRET: optionalString,
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  /** GitHub web address for sign-in. Unset: github.com, or the server of GITHUB_API_URL when that is GitHub Enterprise Server. */
  GITHUB_AUTH_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** invite: only users an admin added may sign in. open: anyone who proves an email or GitHub account may, and sees nothing until granted. */
  AUTH_SIGNUP: z.enum(['invite', 'open']).default('invite'),
  /** Reverse proxies in front of Vitals that append to X-Forwarded-For; the client address is that many entries from the right. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** Public address of the dashboard, used in emails and OAuth callbacks. */
  APP_URL: z.url().default('http://localhost:3000'),
  SMTP_HOST: optionalString,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  SMTP_FROM: z.string().default('Vitals <vitals@localhost>'),
  /** Syncs one worker runs at once; run more workers (npm run worker) to scale out. */
  WORKER_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** On SIGTERM, how long running jobs may finish before they are stopped and handed back for a retry. */
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  /** The worker's V8 heap limit (old space, MB), set by the scripts that start it (scripts/lib/node-options.ts). */
  WORKER_MAX_HEAP_MB: z.coerce.number().int().min(128).max(65_536).default(1024),
  /** Enables the demo sign-in (choose a demo user of each role). Refused when NODE_ENV=production. */
  VITALS_DEMO: z.enum(['true', 'false', '1', '0', '']).default('false').transform((v) => v === 'true' || v === '1'),
  SESSION_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(8),
  /** A session unused this long ends (automatic logoff); 0 turns the idle limit off. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Port of the embedded PostgreSQL the scripts start when DATABASE_URL is unset (a free one if busy). */
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Port the web server listens on (npm run demo / dev / start). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Chromium for Playwright; unset: /usr/bin/chromium when present, else Playwright's own browser. */
  CHROMIUM_PATH: optionalString,
  /** Browser tests: the app under test. Unset, the e2e setup starts one on a seeded test database and sets it. */
  E2E_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
}).superRefine((env, context) => {
  // The demo sign-in lets anyone become any demo user: a production server must never offer it.
  if (env.VITALS_DEMO && env.NODE_ENV === 'production') {
    context.addIssue({ code: 'custom', path: ['VITALS_DEMO'], message: 'the demo sign-in is refused when NODE_ENV=production' });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validates an environment given as data (tests check the rules with this, without touching process.env). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** The validated environment. Throws once, with every problem listed, when it is invalid. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** A variable a feature cannot work without, with a message that says what to set. */
export function requireEnv<K extends keyof Env>(name: K): NonNullable<Env[K]> {
  const value = getEnv()[name];
  if (value === undefined || value === null) {
    throw new Error(`${String(name)} is not set. See .env.example.`);
  }
  return value as NonNullable<Env[K]>;
}
