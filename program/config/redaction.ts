/**
 * The one redaction rule for everything this project prints: plan, review, verify, expiry, the
 * program's errors and warnings under `pulumi up`. Key material never reaches a log:
 *
 * - anything that looks like key material is masked wherever it appears: PEM blocks (whole or cut
 *   short), standard base64 runs of key length, long hex runs, Entra client secrets and JWTs;
 * - a value the user wrote is never echoed under `certificates`, under `clientSecret` only when
 *   it is a number, a boolean or a short plain word or date, and always with the stricter mask
 *   below (a base64url run of key length too).
 */

const PEM_BLOCK =
  /-----BEGIN ([A-Z0-9 ]{1,40})-----(?=(?:\\[nr]|\r?\n)?[A-Za-z0-9+/=]{16})(?:[A-Za-z0-9+/=]|\r?\n|\\[nr])*(?:-----END [A-Z0-9 ]{1,40}-----)?/g;
/** 24 bytes or more in hex (a certificate's 40-digit thumbprint is public and stays). */
const HEX_RUN = /\b[0-9a-fA-F]{48,}\b/g;
/** Entra client secrets: three characters, `8Q~`, then 34 (or the older 31-32). */
const CLIENT_SECRET = /[A-Za-z0-9_.~-]{3}[0-9][A-Za-z]~[A-Za-z0-9_.~-]{31,34}/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** Maximal runs of base64 and base64url characters (both alphabets: keys come in either). */
export const TOKEN_RUN = /[A-Za-z0-9+/_=-]{40,}/g;
const GUID_TEXT = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
/** Resource IDs this project prints on purpose (plan --json, adopt, drift): never masked. */
const KNOWN_ID_SHAPES = [
  /^\/?servicePrincipals\/[0-9a-f-]{36}\/appRoleAssignedTo\/[A-Za-z0-9_-]{43}$/,
  // A tenant-wide grant's ID is 32 bytes in base64url (43 characters), one user's 48 (64).
  /^\/?oauth2PermissionGrants\/(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{64})$/,
];

export const MASK = "[redacted]";

/** Masks key material in any text about to be printed. */
export function redactKeyMaterial(text: string): string {
  return text
    .replace(PEM_BLOCK, (_block, label: string) => `[${label.trim()} removed]`)
    .replace(JWT, MASK)
    .replace(CLIENT_SECRET, MASK)
    .replace(TOKEN_RUN, (run) => (looksLikeKeyBytes(run) ? MASK : run))
    .replace(HEX_RUN, (run) => (/[0-9]/.test(run) && /[a-fA-F]/.test(run) ? MASK : run));
}

/** Text that came from user input (values and map keys) gets the same rule. */
export const redactInput = redactKeyMaterial;

/**
 * Whether a run of base64 characters is random bytes (a key, a secret) rather than a name or a
 * resource ID: random base64 is ~40% upper case, ~40% lower case and ~15% digits, while IDs and
 * names are mostly lower case words and GUIDs. A 43-character key escapes this test about once
 * in 1,000 draws; such a key is in a value under certificates or clientSecret, never echoed.
 */
export function looksLikeKeyBytes(run: string): boolean {
  if (KNOWN_ID_SHAPES.some((shape) => shape.test(run))) return false;
  const body = run.replace(GUID_TEXT, "");
  if (body.length < 40) return false;
  const share = (pattern: RegExp) => (body.match(pattern)?.length ?? 0) / body.length;
  return share(/[A-Z]/g) >= 0.15 && share(/[a-z]/g) >= 0.15 && /[0-9]/.test(body);
}

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
