// Stream cursors saved as JSON with a format version. A cursor that does not parse, or is of another
// version, reads as none: the stream is walked again, which costs requests but never duplicates
// records (they are upserted).

/** The cursor in `text` when it is of `version`, else null. */
export function parseVersionedCursor<T extends { v: number }>(text: string | null | undefined, version: number): T | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as T | null;
    return value && typeof value === 'object' && value.v === version ? value : null;
  } catch {
    // Not JSON (a cursor from before versioning): treated as none, as the module comment says.
    return null;
  }
}
