import { Validator } from "./schema";

/**
 * The provider's ValidateFuncs, with Terraform's wording. Sources: terraform-plugin-sdk
 * helper/validation (StringIsNotEmpty, IsUUID, IsRFC3339Time, StringLenBetween, StringInSlice),
 * terraform-provider-azuread internal/helpers/tf/validation/uri.go (IsRedirectUriFunc) and
 * go-azure-sdk's stable.ValidateApplicationID.
 */

export const stringIsNotEmpty: Validator = (value, key) =>
  typeof value !== "string"
    ? [`expected type of "${key}" to be string`]
    : value === ""
      ? [`expected "${key}" to not be an empty string, got ${value}`]
      : [];

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const isUuid: Validator = (value, key) =>
  typeof value === "string" && UUID.test(value)
    ? []
    : [`expected "${key}" to be a valid UUID, got ${String(value)}`];

/** Go's time.Parse(time.RFC3339, ...): fractions allowed, a zone is required. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const isRfc3339Time: Validator = (value, key) =>
  typeof value === "string" && RFC3339.test(value) && !Number.isNaN(Date.parse(value))
    ? []
    : [`expected "${key}" to be a valid RFC3339 date, got "${String(value)}"`];

export function stringLenBetween(min: number, max: number): Validator {
  return (value, key) =>
    typeof value === "string" && value.length >= min && value.length <= max
      ? []
      : [`expected length of ${key} to be in the range (${min} - ${max}), got ${String(value)}`];
}

export function stringInSlice(allowed: string[]): Validator {
  return (value, key) =>
    typeof value === "string" && allowed.includes(value)
      ? []
      : [`expected ${key} to be one of ${JSON.stringify(allowed)}, got ${String(value)}`];
}

/** `/applications/{objectId}` (go-azure-sdk stable.ValidateApplicationID). */
export const isApplicationId: Validator = (value, key) =>
  typeof value === "string" && /^\/applications\/[^/]+$/.test(value)
    ? []
    : [
        `parsing "${key}": expected an application ID of the form /applications/{applicationId}, got "${String(value)}"`,
      ];

/**
 * validation.IsRedirectUriFunc(urnAllowed, allowAllSchemes) as `web.redirect_uris` uses it
 * (true, false): a `urn:` with three parts passes; otherwise Go's url.Parse must find a host, a
 * URI with no path must end in `/` (forceTrailingSlash), the scheme must be http, https,
 * ms-appx-web or brk-multihub, and the whole URI at most 256 characters.
 */
export function isRedirectUri(urnAllowed: boolean): Validator {
  const schemes = ["http", "https", "ms-appx-web", "brk-multihub"];
  return (value, key) => {
    if (typeof value !== "string") return [`expected a string value for "${key}"`];
    if (value === "") return [`URI must not be empty for "${key}"`];
    if (urnAllowed) {
      const parts = value.split(":");
      if (parts.length >= 3 && parts[0] === "urn") return [];
    }
    const parsed = goUrlParts(value);
    if (!parsed) return [`URI is in an invalid format for "${key}"`];
    if (parsed.host === "") return [`URI has no host for "${key}"`];
    if (parsed.path === "") {
      return [`URI must have a trailing slash when there is no path segment for "${key}"`];
    }
    if (!schemes.includes(parsed.scheme)) {
      return [`unexpected URI scheme for "${key}", expected one of: ${schemes.join(", ")}`];
    }
    if (value.length > 256) return [`URI must be 256 characters or less for "${key}"`];
    return [];
  };
}

/** Scheme, host and path as Go's net/url.Parse splits an absolute URI (enough for the rules above). */
function goUrlParts(value: string): { scheme: string; host: string; path: string } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(value);
  if (!match) return { scheme: "", host: "", path: value.split(/[?#]/)[0] };
  const rest = match[2];
  if (/[\u0000-\u001f\u007f ]/.test(value)) return undefined;
  if (!rest.startsWith("//")) return { scheme: match[1].toLowerCase(), host: "", path: "" };
  const afterSlashes = rest.slice(2);
  const authorityEnd = afterSlashes.search(/[/?#]/);
  const authority = authorityEnd === -1 ? afterSlashes : afterSlashes.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? "" : afterSlashes.slice(authorityEnd);
  const host = authority.replace(/^.*@/, "");
  return { scheme: match[1].toLowerCase(), host, path: tail.split(/[?#]/)[0] };
}
