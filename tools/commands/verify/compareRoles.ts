/** How the roles in an app's token compare with the application permissions its config grants. */
export interface RoleComparison {
  /** Configured Microsoft Graph application permissions, sorted. */
  expected: string[];
  /** The token's `roles` claim, sorted. */
  granted: string[];
  /** Configured but not in the token: consent missing or not yet replicated. */
  missing: string[];
  /** In the token but not configured: granted outside this stack. */
  extra: string[];
  matches: boolean;
}

/** Compares configured permissions with a token's roles; order and duplicates never matter. */
export function compareRoles(
  expected: readonly string[],
  granted: readonly string[],
): RoleComparison {
  const wanted = sortedUnique(expected);
  const held = sortedUnique(granted);
  const missing = wanted.filter((role) => !held.includes(role));
  const extra = held.filter((role) => !wanted.includes(role));
  return {
    expected: wanted,
    granted: held,
    missing,
    extra,
    matches: missing.length === 0 && extra.length === 0,
  };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
