import { goUrlParse } from "./goUrlParse";

/*
 * The azuread provider's URI checks, shared by config validation (settings/redirectUris.ts) and
 * the simulated tenant's copy of the provider (tools/tenant/provider/validators.ts), so the two
 * cannot drift. Source: terraform-provider-azuread v3.8.0,
 * internal/helpers/tf/validation/uri.go (IsRedirectUriFunc, IsUriFunc), run on the raw string
 * exactly as Terraform hands it over, with Go's url.Parse (goUrlParse.ts).
 */

/** Why IsUriFunc or IsRedirectUriFunc refuses a value, in the order uri.go checks. */
export type UriRefusal =
  | { rule: "empty" }
  | { rule: "parse"; goError: string }
  | { rule: "trailing slash not allowed" }
  | { rule: "no host" }
  | { rule: "no path" }
  | { rule: "scheme"; allowed: string[] }
  | { rule: "length"; bytes: number; max: number };

export interface UriFuncOptions {
  /** validUriSchemes; empty accepts any scheme and skips the trailing-slash rule. */
  schemes: string[];
  urnAllowed: boolean;
  allowTrailingSlash: boolean;
  forceTrailingSlash: boolean;
}

/** IsUriFunc(validUriSchemes, urnAllowed, allowTrailingSlash, forceTrailingSlash). */
export function uriFuncRefusal(value: string, options: UriFuncOptions): UriRefusal | undefined {
  if (value === "") return { rule: "empty" };
  if (options.urnAllowed) {
    // strings.Split(v, ":"): three parts or more, the first exactly "urn", and nothing else checked.
    const parts = value.split(":");
    if (parts.length >= 3 && parts[0] === "urn") return undefined;
  }
  const parsed = goUrlParse(value);
  if (parsed.error !== undefined) return { rule: "parse", goError: parsed.error };
  const { url } = parsed;
  if (!options.allowTrailingSlash && url.path === "/")
    return { rule: "trailing slash not allowed" };
  if (url.host === "") return { rule: "no host" };
  if (options.schemes.length === 0) return undefined;
  if (options.forceTrailingSlash && url.path === "") return { rule: "no path" };
  if (!options.schemes.includes(url.scheme)) return { rule: "scheme", allowed: options.schemes };
  return undefined;
}

/** The schemes IsRedirectUriFunc allows unless allowAllSchemes. */
export const REDIRECT_URI_SCHEMES = ["http", "https", "ms-appx-web", "brk-multihub"];
/** uri.go: `len(i.(string)) > 256`, a byte count. */
export const MAX_PROVIDER_REDIRECT_URI_BYTES = 256;

/**
 * IsRedirectUriFunc(urnAllowed, allowAllSchemes): web.redirect_uris uses (true, false),
 * single_page_application (false, false), public_client (true, true).
 */
export function redirectUriFuncRefusal(
  value: string,
  urnAllowed: boolean,
  allowAllSchemes: boolean,
): UriRefusal | undefined {
  const refusal = uriFuncRefusal(value, {
    schemes: allowAllSchemes ? [] : REDIRECT_URI_SCHEMES,
    urnAllowed,
    allowTrailingSlash: true,
    forceTrailingSlash: true,
  });
  if (refusal) return refusal;
  const bytes = Buffer.byteLength(value, "utf8");
  return bytes > MAX_PROVIDER_REDIRECT_URI_BYTES
    ? { rule: "length", bytes, max: MAX_PROVIDER_REDIRECT_URI_BYTES }
    : undefined;
}

/** The provider's own words for a refusal of `key` (uri.go's fmt.Errorf texts). */
export function terraformUriMessage(refusal: UriRefusal, key: string): string {
  const k = JSON.stringify(key);
  switch (refusal.rule) {
    case "empty":
      return `URI must not be empty for ${k}`;
    case "parse":
      return `URI is in an invalid format for ${k}`;
    case "trailing slash not allowed":
      return `URI must not have a trailing slash when there is no path segment for ${k}`;
    case "no host":
      return `URI has no host for ${k}`;
    case "no path":
      return `URI must have a trailing slash when there is no path segment for ${k}`;
    case "scheme":
      return `unexpected URI scheme for ${k}, expected one of: ${refusal.allowed.join(", ")}`;
    case "length":
      return `URI must be 256 characters or less for ${k}`;
  }
}
