// The key behind next-auth's CSRF tokens and magic-link hashes. Required in production; a development
// server without one gets a random key per process (sign-in links sent before a restart stop working,
// which is the price of not shipping a default secret).
import { randomBytes } from 'node:crypto';
import { getEnv } from '@/lib/env';

let developmentSecret: string | undefined;

export function getAuthSecret(): string {
  const env = getEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new Error('AUTH_SECRET is not set: sign-in cannot work. Generate one with: openssl rand -base64 32');
  }
  if (!developmentSecret) {
    developmentSecret = randomBytes(32).toString('base64url');
    console.warn('[auth] AUTH_SECRET is not set: using a random key for this process (development only).');
  }
  return developmentSecret;
}
