import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyRingFromStrings } from '@/lib/crypto/keys';
import { DecryptionError, openSecret, parseEncryptionKey, sealedWith, sealSecret } from '@/lib/crypto/secret-box';
import { openCredentials, sealCredentials } from '@/lib/sources/credentials';

const newKey = () => randomBytes(32).toString('base64');

describe('AES-256-GCM secret box', () => {
  it('round-trips and never contains the plaintext', () => {
    const key = parseEncryptionKey(newKey());
    const sealed = sealSecret('ghp_supersecret', key, 'source:a');
    expect(sealed.toString('latin1')).not.toContain('ghp_supersecret');
    expect(openSecret(sealed, [key], 'source:a')).toBe('ghp_supersecret');
    // A fresh IV each time.
    expect(sealSecret('ghp_supersecret', key, 'source:a').equals(sealed)).toBe(false);
  });

  it('refuses tampering, another purpose, and unknown keys', () => {
    const key = parseEncryptionKey(newKey());
    const sealed = sealSecret('token', key, 'source:a');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openSecret(tampered, [key], 'source:a')).toThrow(DecryptionError);
    expect(() => openSecret(sealed, [key], 'source:b')).toThrow(DecryptionError);
    expect(() => openSecret(sealed, [parseEncryptionKey(newKey())], 'source:a')).toThrow(/not configured/);
  });

  it('accepts hex or base64 keys of 32 bytes only', () => {
    expect(() => parseEncryptionKey(randomBytes(32).toString('hex'))).not.toThrow();
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseEncryptionKey('password')).toThrow(/32 bytes/);
  });

  it('opens values sealed with a previous key during a rotation, and seals with the current one', () => {
    const oldKey = newKey();
    const before = keyRingFromStrings(oldKey);
    const source = { kind: 'github', name: 'acme' };
    const sealed = sealCredentials(source, { token: 't0k3n' }, before);
    const rotated = keyRingFromStrings(newKey(), [oldKey]);
    expect(openCredentials(source, sealed, rotated)).toEqual({ token: 't0k3n' });
    const resealed = sealCredentials(source, { token: 't0k3n' }, rotated);
    expect(sealedWith(resealed)?.equals(rotated.current.fingerprint)).toBe(true);
    expect(() => openCredentials({ kind: 'github', name: 'other' }, sealed, rotated)).toThrow(DecryptionError);
  });
});
