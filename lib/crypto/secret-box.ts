// AES-256-GCM sealing of source credentials. A sealed value carries a key fingerprint so a key
// rotation can tell which key opens it, and authenticated data binding it to its purpose, so a
// ciphertext copied into another row's column does not decrypt there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FINGERPRINT_BYTES = 4;
const HEADER_BYTES = 1 + FINGERPRINT_BYTES + IV_BYTES + TAG_BYTES;

export interface EncryptionKey {
  key: Buffer;
  /** First bytes of SHA-256(key): identifies the key without revealing it. */
  fingerprint: Buffer;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** A 32-byte key written as 64 hex digits or base64 (with or without padding). */
export function parseEncryptionKey(text: string, label = 'ENCRYPTION_KEY'): EncryptionKey {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) {
    throw new Error(`${label} must be 32 bytes written as 64 hex digits or base64 (e.g. openssl rand -base64 32)`);
  }
  return { key, fingerprint: createHash('sha256').update(key).digest().subarray(0, FINGERPRINT_BYTES) };
}

export function sealSecret(plaintext: string, key: EncryptionKey, associatedData: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), key.fingerprint, iv, cipher.getAuthTag(), body]);
}

/** The fingerprint of the key that sealed this value, or null when it is not a sealed value. */
export function sealedWith(sealed: Uint8Array): Buffer | null {
  const buffer = Buffer.from(sealed);
  if (buffer.length < HEADER_BYTES || buffer[0] !== FORMAT_VERSION) return null;
  return buffer.subarray(1, 1 + FINGERPRINT_BYTES);
}

/** Opens a value sealed with any of the keys (current first, then previous ones during a rotation). */
export function openSecret(sealed: Uint8Array, keys: EncryptionKey[], associatedData: string): string {
  const buffer = Buffer.from(sealed);
  const fingerprint = sealedWith(buffer);
  if (!fingerprint) throw new DecryptionError('Stored credentials are not in a known format');
  const key = keys.find((candidate) => candidate.fingerprint.equals(fingerprint));
  if (!key) {
    throw new DecryptionError('Stored credentials were encrypted with a key that is not configured (ENCRYPTION_KEY / ENCRYPTION_KEY_PREVIOUS)');
  }
  let offset = 1 + FINGERPRINT_BYTES;
  const iv = buffer.subarray(offset, (offset += IV_BYTES));
  const tag = buffer.subarray(offset, (offset += TAG_BYTES));
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buffer.subarray(offset)), decipher.final()]).toString('utf8');
  } catch {
    // GCM authentication failed: tampered data, or sealed for another row. The cause adds nothing safe to say.
    throw new DecryptionError('Stored credentials failed authentication (tampered, or sealed for another source)');
  }
}
