// Source credentials at rest: AES-256-GCM under ENCRYPTION_KEY, bound to the source (kind and name)
// as authenticated data. Only this module reads the credentials column.
import type { DbClient } from '@/lib/db';
import { getKeyRing, type KeyRing } from '@/lib/crypto/keys';
import { openSecret, sealedWith, sealSecret } from '@/lib/crypto/secret-box';

function associatedData(source: { kind: string; name: string }): string {
  return `vitals:source-credentials:v1:${source.kind}:${source.name}`;
}

export function sealCredentials(source: { kind: string; name: string }, credentials: Record<string, string>, keys: KeyRing = getKeyRing()): Uint8Array<ArrayBuffer> {
  const sealed = sealSecret(JSON.stringify(credentials), keys.current, associatedData(source));
  return new Uint8Array(sealed);
}

export function openCredentials(source: { kind: string; name: string }, sealed: Uint8Array, keys: KeyRing = getKeyRing()): Record<string, string> {
  return JSON.parse(openSecret(sealed, keys.all, associatedData(source))) as Record<string, string>;
}

/** The decrypted credentials of a source, or null when it has none. */
export async function loadCredentials(db: DbClient, sourceId: number, keys?: KeyRing): Promise<Record<string, string> | null> {
  const row = await db.source.findUnique({ where: { id: sourceId }, select: { kind: true, name: true, credentials: true } });
  if (!row?.credentials) return null;
  return openCredentials(row, row.credentials, keys);
}

export interface RotationResult {
  resealed: number;
  alreadyCurrent: number;
}

/**
 * Re-encrypts every source's credentials with the current ENCRYPTION_KEY. Run it after moving the old
 * key to ENCRYPTION_KEY_PREVIOUS; once it reports, the old key can be dropped.
 */
export async function rotateCredentials(db: DbClient, keys: KeyRing = getKeyRing()): Promise<RotationResult> {
  const rows = await db.source.findMany({
    where: { credentials: { not: null } },
    select: { id: true, kind: true, name: true, credentials: true },
  });
  const result: RotationResult = { resealed: 0, alreadyCurrent: 0 };
  for (const row of rows) {
    if (!row.credentials) continue;
    if (sealedWith(row.credentials)?.equals(keys.current.fingerprint)) {
      result.alreadyCurrent += 1;
      continue;
    }
    let credentials: Record<string, string>;
    try {
      credentials = openCredentials(row, row.credentials, keys);
    } catch (error) {
      // Stop with the source named: the ones before it are already re-sealed, running again is safe.
      throw new Error(`Cannot re-encrypt source "${row.name}": ${error instanceof Error ? error.message : String(error)}`);
    }
    await db.source.update({ where: { id: row.id }, data: { credentials: sealCredentials(row, credentials, keys) } });
    result.resealed += 1;
  }
  return result;
}
