/**
 * The one redaction rule for everything this project prints: plan, review, verify, expiry, the
 * program's errors and warnings under `pulumi up`. Key material never reaches a log:
 *
 * - anything that looks like key material is masked wherever it appears: PEM blocks (whole or cut
 *   short), base64 runs of key length, hex keys, Entra client secrets (today's and the older
 *   formats), SAS signatures and JWTs (secretShapes.ts, each found in linear time);
 * - a value the user wrote is never echoed under `certificates`, under `clientSecret` only when
 *   it is a number, a boolean or a short plain word or date, and always with the stricter mask
 *   below (a base64url run of key length too).
 */

import { MASK, maskSecretShapes } from "./secretShapes";

export { MASK };

/** Masks key material in any text about to be printed (the shapes: secretShapes.ts). */
export function redactKeyMaterial(text: string): string {
  return maskSecretShapes(text);
}

/** Text that came from user input (values and map keys) gets the same rule. */
export const redactInput = redactKeyMaterial;

/** Certificates: their values (PEM text, file names) are never echoed. */
const CERTIFICATES = /(^|\.)certificates(\.|\[|$)/;
const CLIENT_SECRET_SETTING = /(^|\.)clientSecret(\.|\[|$)/;
/** What a clientSecret value may look like to be echoed: `Never`, `2027-06-30`, `90`, `true`. */
const PLAIN_SHORT = /^[A-Za-z0-9 :-]{0,20}$/;

/**
 * Whether a value at this config path may be shown: never under `certificates`; under
 * `clientSecret` only numbers, booleans and short plain words or dates (a pasted secret is not).
 */
export function mayEcho(path: string, value: unknown): boolean {
  if (CERTIFICATES.test(path)) return false;
  if (!CLIENT_SECRET_SETTING.test(path)) return true;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return true;
  return typeof value === "string" && PLAIN_SHORT.test(value);
}

/**
 * How a config value is shown in a message: JSON, shortened, masked, and with invisible or
 * look-alike characters shown as escapes (`Mail\u200b.Send`), so two values that print the same
 * can be told apart.
 */
export function showValue(value: unknown): string {
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  const visible = escapeInvisible(redactInput(text));
  return visible.length > 80 ? `${visible.slice(0, 77)}...` : visible;
}

/** Non-ASCII characters as `\uXXXX`: zero-width spaces and Cyrillic look-alikes become visible. */
export function escapeInvisible(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
