/**
 * What JSON.parse would build from a text, counted before it builds anything: a 64 MiB file of
 * `[],[],[],…` is 22 million arrays, which JSON.parse turned into 1.5 GB and 111 s; the same
 * bytes as Graph objects are about 2 million values. So a file is refused by what it holds
 * (values and nesting) as well as by its size.
 */

/** A tenant of 15,500 app registrations (62 MB, the most 64 MiB holds) is 2.2 million. */
export const MAX_JSON_VALUES = 4_000_000;
/** Graph's objects and Pulumi's checkpoints nest about 10 levels deep. */
export const MAX_JSON_DEPTH = 64;

export interface JsonBudget {
  /** Objects, arrays and the items after the first in each: `{`, `[` and `,` outside strings. */
  values: number;
  /** The deepest nesting reached (stops counting once a limit is passed). */
  depth: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const CLOSE_OBJECT = 125;
const CLOSE_ARRAY = 93;

/**
 * Counts a JSON text's values and nesting in one pass (strings skipped with indexOf), stopping as
 * soon as either passes its limit. Not a validator: JSON.parse still judges the syntax.
 */
export function measureJson(
  text: string,
  limits = { values: MAX_JSON_VALUES, depth: MAX_JSON_DEPTH },
): JsonBudget {
  let values = 0;
  let depth = 0;
  let deepest = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEnd(text, at);
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      values++;
      if (++depth > deepest) deepest = depth;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    } else if (code === COMMA) {
      values++;
    } else continue;
    if (values > limits.values || deepest > limits.depth) break;
  }
  return { values, depth: deepest };
}

/** The index of the quote that ends the string opening at `start` (or the text's end). */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/**
 * Why `text` is refused before parsing, in words after its name, or undefined: `holds more than
 * 4,000,000 JSON values ...`. `what` names the kind of file (`an export bundle`).
 */
export function jsonBudgetProblem(text: string, what: string): string | undefined {
  const { values, depth } = measureJson(text);
  const count = (n: number) => n.toLocaleString("en-US");
  if (values > MAX_JSON_VALUES) {
    return `holds more than ${count(MAX_JSON_VALUES)} JSON values (objects, arrays and their items); ${what} is read up to ${count(MAX_JSON_VALUES)} (a tenant of 15,500 app registrations holds 2.2 million)`;
  }
  if (depth > MAX_JSON_DEPTH) {
    return `nests JSON more than ${MAX_JSON_DEPTH} levels deep; ${what} is read up to ${MAX_JSON_DEPTH} (Graph's objects and Pulumi's state nest about 10)`;
  }
  return undefined;
}
