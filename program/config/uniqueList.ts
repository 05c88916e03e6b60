import { z } from "zod";

/**
 * A list whose entries must each appear once. `sameAs` maps an entry to what makes two entries
 * the same (e.g. lower case for object IDs, which Entra compares without case).
 */
export function uniqueList<T extends z.ZodType<string>>(
  item: T,
  noun: string,
  sameAs: (entry: string) => string = (entry) => entry,
) {
  return z.array(item, { error: `must be a list, e.g. [a, b]` }).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((entry, index) => {
      const identity = sameAs(entry);
      if (seen.has(identity)) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          input: entry,
          message: `duplicate ${noun}; list each ${noun} once`,
        });
      }
      seen.add(identity);
    });
  });
}

/**
 * Refuses a list of more than `max` distinct entries, reported on the list itself (without its
 * value, which would be long). Duplicates are the uniqueList's to report.
 */
export function atMost(
  max: number,
  noun: string,
  holder: string,
  why: string,
  sameAs: (entry: string) => string = (entry) => entry,
): (list: string[], ctx: z.RefinementCtx) => void {
  return (list, ctx) => {
    const count = new Set(list.map(sameAs)).size;
    if (count > max) {
      ctx.addIssue({
        code: "custom",
        input: undefined,
        message: `lists ${count} ${noun}; ${holder} can have at most ${max} (${why}). Remove ${count - max}`,
      });
    }
  };
}
