// The configured credential keys: ENCRYPTION_KEY seals, it and ENCRYPTION_KEY_PREVIOUS open.
import { getEnv } from '@/lib/env';
import { parseEncryptionKey, type EncryptionKey } from '@/lib/crypto/secret-box';

export interface KeyRing {
  current: EncryptionKey;
  /** Current key first, then earlier ones still accepted while a rotation is under way. */
  all: EncryptionKey[];
}

export function keyRingFromStrings(current: string, previous: string[] = []): KeyRing {
  const currentKey = parseEncryptionKey(current);
  const previousKeys = previous.map((text, index) => parseEncryptionKey(text, `ENCRYPTION_KEY_PREVIOUS[${index}]`));
  return { current: currentKey, all: [currentKey, ...previousKeys] };
}

export function getKeyRing(): KeyRing {
  const env = getEnv();
  if (!env.ENCRYPTION_KEY) {
    throw new Error('ENCRYPTION_KEY is not set: source credentials cannot be stored or read. Generate one with: openssl rand -base64 32');
  }
  const previous = (env.ENCRYPTION_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return keyRingFromStrings(env.ENCRYPTION_KEY, previous);
}
