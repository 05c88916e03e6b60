import { distance } from "fastest-levenshtein";

/**
 * Up to `limit` candidates closest to `input`, compared case-insensitively, that are plausibly
 * what the user meant (edit distance within a third of the word, at least 2).
 */
export function closestNames(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const wanted = input.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    // "User.Read" → "User.Read.All": a longer name with the same stem is a likely intent.
    const score = lower.startsWith(`${wanted}.`) ? 1 : distance(wanted, lower);
    if (score <= maxDistance) scored.push({ name: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((entry) => entry.name);
}

/** " Did you mean X or Y?" or "" when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const names = closestNames(input, candidates);
  if (names.length === 0) return "";
  const quoted = names.map((name) => `"${name}"`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}
