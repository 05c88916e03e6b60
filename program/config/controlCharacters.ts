import { z } from "zod";

/*
 * Control characters in text that reaches the azuread provider and Entra: C0 (U+0000-U+001F),
 * DEL (U+007F) and C1 (U+0080-U+009F). They are invisible in a review, a line break in a
 * printed value can forge a line of a CI log, and in a federated credential the issuer, subject
 * and audience are compared character for character with a token's claims, which never hold
 * one: such a credential can never be used. Go's url.Parse refuses C0 and DEL in a URI, so the
 * provider refuses them in redirect URIs (see providerUriRules.ts).
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINE_FEED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const NAMES: Record<number, string> = {
  0x00: "NUL",
  0x09: "tab",
  0x0a: "line feed",
  0x0d: "carriage return",
  0x1b: "escape",
  0x7f: "delete",
  0x85: "next line",
};

/** `U+000A (line feed) at character 12`, or undefined when `value` has no control character. */
export function firstControlCharacter(value: string, allowLineFeed = false): string | undefined {
  const match = (allowLineFeed ? CONTROL_BUT_LINE_FEED : CONTROL).exec(value);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[code] ? ` (${NAMES[code]})` : "";
  return `U+${hex}${name} at character ${match.index + 1}`;
}

/** The message for a control character in `value`, or undefined. `why` says what breaks. */
export function controlCharacterProblem(
  value: string,
  why: string,
  allowLineFeed = false,
): string | undefined {
  const found = firstControlCharacter(value, allowLineFeed);
  if (!found) return undefined;
  return `contains a control character, ${found}: ${why}. ${REMOVE_IT}`;
}

/** The fix, with where such characters usually come from. */
export const REMOVE_IT =
  'Remove it (a YAML "|" or ">" block ends the value with a line break, and a "\\n" or "\\t" escape in double quotes puts one in; write a plain or single-quoted string)';

/** A zod refinement refusing control characters in a string setting. */
export function noControlCharacters(why: string, allowLineFeed = false) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const message = controlCharacterProblem(value, why, allowLineFeed);
    if (message) ctx.addIssue({ code: "custom", message });
  };
}
