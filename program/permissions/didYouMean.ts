import { distance } from "fastest-levenshtein";

/**
 * A name this much longer than every candidate is not a misspelling of one: it is compared with
 * none (an edit distance costs the product of the two lengths, so a 100 KB name against the
 * 1,153 catalog permissions took 0.7 s; 38 of them 27 s).
 */
export const LENGTH_SLACK = 16;
/**
 * Unknown names a stack gets suggestions for (each compared with every permission of its API,
 * ~1 ms); the same name under another app reuses its answer. Beyond this, an unknown name is
 * reported without one: 500 apps x 300 unknown names took 49.5 s before.
 */
export const MAX_SUGGESTED_NAMES_PER_STACK = 200;

/** Work done, for tests that bound it: edit distances computed. */
export interface SuggestionWork {
  comparisons: number;
}

/**
 * Up to `limit` candidates closest to `input`, compared case-insensitively, that are plausibly
 * what the user meant (edit distance within a third of the word, at least 2).
 */
export function closestNames(
  input: string,
  candidates: Iterable<string>,
  limit = 3,
  work: SuggestionWork = { comparisons: 0 },
): string[] {
  const wanted = input.toLowerCase();
  const names = [...candidates];
  let longest = 0;
  for (const name of names) longest = Math.max(longest, name.length);
  if (wanted.length > longest + LENGTH_SLACK) return [];
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of names) {
    const lower = candidate.toLowerCase();
    // "User.Read" → "User.Read.All": a longer name with the same stem is a likely intent.
    if (lower.startsWith(`${wanted}.`)) {
      scored.push({ name: candidate, score: 1 });
      continue;
    }
    // The distance is at least the difference in length: no need to compute it.
    if (Math.abs(lower.length - wanted.length) > maxDistance) continue;
    work.comparisons++;
    const score = distance(wanted, lower);
    if (score <= maxDistance) scored.push({ name: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((entry) => entry.name);
}

/** " Did you mean X or Y?" or "" when nothing is close. */
export function didYouMean(
  input: string,
  candidates: Iterable<string>,
  work?: SuggestionWork,
): string {
  const names = closestNames(input, candidates, 3, work);
  if (names.length === 0) return "";
  const quoted = names.map((name) => `"${name}"`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}

/** didYouMean for one stack's worth of names, within MAX_SUGGESTED_NAMES_PER_STACK. */
export interface StackSuggestions {
  /** `among` names the candidate list (one API's roles or scopes), for reusing answers. */
  didYouMean(input: string, among: string, candidates: () => Iterable<string>): string;
  readonly work: SuggestionWork;
}

export function stackSuggestions(maxNames = MAX_SUGGESTED_NAMES_PER_STACK): StackSuggestions {
  const answers = new Map<string, string>();
  const work: SuggestionWork = { comparisons: 0 };
  return {
    work,
    didYouMean(input, among, candidates) {
      const key = `${among}\u0000${input}`;
      const known = answers.get(key);
      if (known !== undefined) return known;
      if (answers.size >= maxNames) return "";
      const answer = didYouMean(input, candidates(), work);
      answers.set(key, answer);
      return answer;
    },
  };
}
