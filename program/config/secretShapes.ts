/**
 * The shapes of key material this project recognises, each found in time linear in the text
 * (no pattern can backtrack over what it already read, whatever the input), so redacting or
 * checking a 4 MB stack file costs a few passes over it:
 *
 * - PEM blocks, whole or cut short (any label: a certificate is public, but not echoed either);
 * - JWTs (`eyJ….eyJ….signature`);
 * - Entra client secrets: today's (three characters, a digit, a letter, `~`, then 31-34) and the
 *   older formats (32 characters of letters, digits and `.=-:[_@/*]+?`, and 34 URL-safe ones;
 *   Microsoft's own detectors: microsoft/security-utilities, SEC101_101_AzureClientAppLegacy*);
 * - storage and Service Bus SAS signatures (`sig=…`, security-utilities SEC101_060);
 * - runs of base64 or base64url of key length that read as random bytes;
 * - hex runs of 32 digits or more (16 bytes: keys, hashes of secrets), except a certificate's
 *   40-digit SHA-1 thumbprint, which is public.
 *
 * `maskSecretShapes` replaces each with a mask; a config value is refused outside `certificates`
 * exactly when masking would change it (inputLimits.ts), so what is refused and what is masked
 * never drift apart.
 */

export const MASK = "[redacted]";

/** `[` and `]` cannot occur in a label: a masked block's own `[CERTIFICATE removed]` stays put. */
const PEM_BLOCK =
  /-----BEGIN ([A-Z0-9 ]{1,40})-----(?=(?:\\[nr]|\r?\n)?[A-Za-z0-9+/=]{16})(?:[A-Za-z0-9+/=]|\r?\n|\\[nr])*(?:-----END [A-Z0-9 ]{1,40}-----)?/g;
/** Fixed width (at most 41 characters read from each start): linear. */
const CLIENT_SECRET = /[A-Za-z0-9_.~-]{3}[0-9][A-Za-z]~[A-Za-z0-9_.~-]{31,34}/g;
/** A signature's value runs to the next `&`, space or quote; nothing follows it in the pattern. */
const SAS_SIGNATURE = /(?<![A-Za-z0-9_])(sig|dsas_secret)=[A-Za-z0-9%+/=_-]{8,}/gi;
/** Maximal runs (the lookbehind lets a run start only where the previous one ended). */
export const TOKEN_RUN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{40,}/g;
const HEX_RUN = /(?<![0-9a-fA-F])[0-9a-fA-F]{32,}/g;
const SHA1_THUMBPRINT_LENGTH = 40;
const GUID_TEXT = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
/** Resource IDs this project prints on purpose (plan --json, adopt, drift): never masked. */
const KNOWN_ID_SHAPES = [
  /^\/?servicePrincipals\/[0-9a-f-]{36}\/appRoleAssignedTo\/[A-Za-z0-9_-]{43}$/,
  // A tenant-wide grant's ID is 32 bytes in base64url (43 characters), one user's 48 (64).
  /^\/?oauth2PermissionGrants\/(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{64})$/,
];

/** Masks every shape of key material in `text`. */
export function maskSecretShapes(text: string): string {
  const masked = maskJwts(
    text.replace(PEM_BLOCK, (_block, label: string) => `[${label.trim()} removed]`),
  )
    .replace(CLIENT_SECRET, MASK)
    .replace(SAS_SIGNATURE, (_match, name: string) => `${name}=${MASK}`)
    .replace(TOKEN_RUN, (run) => (looksLikeKeyBytes(run) ? MASK : run));
  return maskLegacySecrets(masked).replace(HEX_RUN, (run) =>
    run.length !== SHA1_THUMBPRINT_LENGTH && /[0-9]/.test(run) && /[a-fA-F]/.test(run) ? MASK : run,
  );
}

/** Whether `text` holds key material in any shape (what masking would hide). */
export function hasSecretShape(text: string): boolean {
  return maskSecretShapes(text) !== text;
}

/**
 * Whether a run of base64 characters is random bytes (a key, a secret) rather than a name or a
 * resource ID: random base64 is ~40% upper case, ~40% lower case and ~15% digits, in short
 * pieces (readsAsRandom), while IDs and names are mostly words and GUIDs. A 32-byte key (43
 * characters) escapes this and the older-secret test together about once in 1,300 draws, a
 * 48-byte one once in 14,000; such a key is in a value under certificates or clientSecret,
 * never echoed. A 40-character-plus path of one- and two-letter pieces in mixed case
 * (`com/api/v2/HR-Team2/QA1/EU/SignIn/OIDC`) reads as random too, and is masked.
 */
export function looksLikeKeyBytes(run: string): boolean {
  if (KNOWN_ID_SHAPES.some((shape) => shape.test(run))) return false;
  const body = run.replace(GUID_TEXT, "");
  if (body.length < 40) return false;
  const { upper, lower, digits, alphanumeric, pieces } = letterPieces(body);
  const mixed = upper >= 0.15 * body.length && lower >= 0.15 * body.length && digits > 0;
  return mixed && alphanumeric <= MAX_PIECE_AVERAGE * pieces;
}

const JWT_CHAR = /[A-Za-z0-9_-]/;
/** `.eyJ<8 or more>.<signature>`: where a JWT's header ends. Linear: runs cannot hold a dot. */
const JWT_TAIL = /\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/**
 * Masks `eyJ<8+>.eyJ<8+>.<signature>` where the first `eyJ` starts a word. A regular expression
 * for it retries from every `eyJ` of a run such as `-eyJ-eyJ-eyJ…` and reads the run to its end
 * each time (quadratic: 160 KB took 32 s); here each header run is read once. The JWT starts at
 * the leftmost `eyJ` of the run before the tail that starts a word and leaves 8 characters before
 * the dot (what the expression's leftmost match would be).
 */
function maskJwts(text: string): string {
  let out = "";
  let copied = 0;
  JWT_TAIL.lastIndex = 0;
  for (let tail = JWT_TAIL.exec(text); tail; tail = JWT_TAIL.exec(text)) {
    const dot = tail.index;
    let runStart = dot;
    while (runStart > copied && JWT_CHAR.test(text[runStart - 1])) runStart--;
    const start = headerStart(text, runStart, dot);
    if (start === undefined) {
      // Not a JWT's end; the payload run may itself be a JWT's header.
      JWT_TAIL.lastIndex = dot + 1;
      continue;
    }
    out += text.slice(copied, start) + MASK;
    copied = JWT_TAIL.lastIndex;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The leftmost `eyJ` in text[runStart, dot) at a word start with 8 characters before `dot`. */
function headerStart(text: string, runStart: number, dot: number): number | undefined {
  for (let at = runStart; at + 11 <= dot; at++) {
    const wordStart = at === runStart || text[at - 1] === "-";
    if (wordStart && text.startsWith("eyJ", at)) return at;
  }
  return undefined;
}

/** Characters of the older client secret formats (and of URLs, which is why context matters). */
const LEGACY_MIN = 32;
/** Maximal runs of at least LEGACY_MIN (short runs never reach the callback: most words). */
const LEGACY_RUN = /(?<![A-Za-z0-9.=:[\]_@/*+?~-])[A-Za-z0-9.=:[\]_@/*+?~-]{32,}/g;
/** The longest older secret (44, base64 of 32 bytes) and a few characters of a `key:` before it. */
const LEGACY_MAX = 48;
/** Random text averages ~1.8 characters a piece (letterPieces), names and paths 3.4-7. */
const MAX_PIECE_AVERAGE = 3;
const HEX_OR_GUID = /[0-9a-fA-F]{16}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-/;
/**
 * A URL, or a file or host name (`/tmp/adopt-Fdm7K5/Pulumi.dev.yaml`, `MyApp2.Contoso.com`),
 * also with what a message puts after it (`/tmp/expiry-input-bI3QlD/nope.json:`).
 */
const URL_OR_FILE_NAME =
  /:\/\/|\.(?:ya?ml|json|pem|crt|cer|txt|md|ts|js|com|net|org|io|dev|local|internal)(?![A-Za-z0-9])/;

/**
 * The older client secrets have no fixed marker, so they are told from names and URLs, which
 * share their characters, by two things. Where: a whole run of those characters, or the part of
 * one after `=` or `:` (`?client_secret=…`, `secret:…`), of 32-48 characters, that is not a URL,
 * a file or host name, or holds a GUID or hex (random by nature). What: upper and
 * lower case letters mixed so that the letters and digits fall into short pieces (a capitalised
 * word, an upper-case run, a lower-case run, a number), 3 characters a piece at most on
 * average: random text averages ~1.8, names and URLs 3.4-7 (`ServiceNow-ITSM-Connector-Prod2`).
 * About 1 in 1,300 random 32-character secrets of the older format, and 1 in 800 of the
 * 34-character one, escape this test (tests/secretShapes.spec.ts bounds the rate).
 */
function maskLegacySecrets(text: string): string {
  return text.replace(LEGACY_RUN, (run) => {
    const start = legacySecretStart(run);
    return start === undefined ? run : run.slice(0, start) + MASK;
  });
}

/** Where in `run` an older client secret starts (it runs to the end of the run), if any. */
function legacySecretStart(run: string): number | undefined {
  if (run.length <= LEGACY_MAX && readsAsRandom(run)) return 0;
  for (let at = Math.max(1, run.length - LEGACY_MAX); at <= run.length - LEGACY_MIN; at++) {
    const separator = run[at - 1];
    if (separator !== "=" && (separator !== ":" || run[at] === "/")) continue;
    if (readsAsRandom(run.slice(at))) return at;
  }
  return undefined;
}

function readsAsRandom(candidate: string): boolean {
  const { upper, lower, alphanumeric, pieces } = letterPieces(candidate);
  if (upper < 3 || lower < 3 || alphanumeric > MAX_PIECE_AVERAGE * pieces) return false;
  return !URL_OR_FILE_NAME.test(candidate) && !HEX_OR_GUID.test(candidate);
}

/**
 * Counts what `/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g` would match, in one pass (this runs on
 * every long run of every line printed): an upper-case letter starts a piece unless it follows
 * one and precedes no lower-case letter; a lower-case letter unless it follows a letter.
 */
function letterPieces(text: string) {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let pieces = 0;
  let previous = "";
  for (let at = 0; at < text.length; at++) {
    const kind = charKind(text.charCodeAt(at));
    if (kind === "upper") {
      upper++;
      if (previous !== "upper" || charKind(text.charCodeAt(at + 1)) === "lower") pieces++;
    } else if (kind === "lower") {
      lower++;
      if (previous !== "upper" && previous !== "lower") pieces++;
    } else if (kind === "digit") {
      digits++;
      if (previous !== "digit") pieces++;
    }
    previous = kind;
  }
  return { upper, lower, digits, alphanumeric: upper + lower + digits, pieces };
}

function charKind(code: number): "upper" | "lower" | "digit" | "other" {
  if (code >= 65 && code <= 90) return "upper";
  if (code >= 97 && code <= 122) return "lower";
  if (code >= 48 && code <= 57) return "digit";
  return "other";
}
