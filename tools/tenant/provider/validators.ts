import {
  redirectUriFuncRefusal,
  terraformUriMessage,
} from "../../../program/config/providerUriRules";
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

/** Go's len(v): the length in bytes of the UTF-8 text, not in characters. */
export function stringLenBetween(min: number, max: number): Validator {
  return (value, key) =>
    typeof value === "string" &&
    Buffer.byteLength(value, "utf8") >= min &&
    Buffer.byteLength(value, "utf8") <= max
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
 * validation.IsRedirectUriFunc(urnAllowed, allowAllSchemes): `web.redirect_uris` uses (true,
 * false). The rule itself (uri.go with Go 1.25.5's url.Parse, on the raw string) is shared with
 * config validation: program/config/providerUriRules.ts.
 */
export function isRedirectUri(urnAllowed: boolean, allowAllSchemes = false): Validator {
  return (value, key) => {
    if (typeof value !== "string") return [`expected a string value for "${key}"`];
    const refusal = redirectUriFuncRefusal(value, urnAllowed, allowAllSchemes);
    return refusal ? [terraformUriMessage(refusal, key)] : [];
  };
}
