// Record-level rules of METRICS.md, shared by the reference definitions and mirrored, one for one, by the
// SQL in lib/store/relink.ts. Keep the two in step: the property test compares them.

/**
 * The repository's production rule is a whole-value, case-insensitive match: with `^prod(uction)?$`,
 * `Production` counts, `production-eu` and `preprod` do not. Anchoring the whole value ourselves keeps
 * a pattern without anchors (`prod|production`) from matching substrings.
 */
export function productionMatcher(pattern: string): (environment: string) => boolean {
  let regex: RegExp;
  try {
    // The pattern is an admin's repository setting, not request input; Postgres evaluates the same rule.
    // eslint-disable-next-line security/detect-non-literal-regexp
    regex = new RegExp(`^(?:${pattern})$`, 'i');
  } catch {
    // An unusable rule matches nothing rather than everything: no deployment silently counts.
    return () => false;
  }
  return (environment) => regex.test(environment);
}

/**
 * The store keeps SHAs in lower case: deployment SHAs, merge SHAs, and change-list entries that are
 * full 40-character SHAs (lib/store/ingest.ts). Comparisons use these stored forms, so the SQL can
 * compare with plain equality through its indexes.
 */
export function storedSha(sha: string): string {
  return sha.toLowerCase();
}

export function storedChangeRef(ref: string): string {
  return /^[0-9a-fA-F]{40}$/.test(ref) ? ref.toLowerCase() : ref;
}

/** An unplanned fix: labelled `hotfix` in any case, or titled `Revert …` as GitHub writes it. */
export function isReworkChange(change: { labels: readonly string[]; title: string | null }): boolean {
  return change.labels.some((label) => label.toLowerCase() === 'hotfix')
    || (change.title !== null && change.title.startsWith('Revert '));
}

/**
 * Orders text by Unicode code point, as Postgres `COLLATE "C"` does on UTF-8, so tie-breaks on
 * externalId are the same in both places whatever the database's locale.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const left = [...a];
  const right = [...b];
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (left[index]?.codePointAt(0) ?? 0) - (right[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
