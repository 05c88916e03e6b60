import { z } from "zod";
import { controlCharacterProblem } from "../controlCharacters";
import { redirectUriFuncRefusal } from "../providerUriRules";
import { atMost, uniqueList } from "../uniqueList";

/*
 * Web redirect URIs (`redirectUris`), sent as the application's web.redirect_uris. Sources:
 * - PROVIDER: terraform-provider-azuread v3.8.0, internal/services/applications/application_resource.go
 *   (web.redirect_uris: TypeSet, MaxItems 256, ValidateFunc validation.IsRedirectUriFunc(true, false))
 *   and internal/helpers/tf/validation/uri.go (IsRedirectUriFunc → IsUriFunc: Go url.Parse, a host,
 *   a trailing slash when there is no path, at most 256 characters).
 * - REPLY-URL: "Redirect URI (reply URL) outline and restrictions",
 *   https://learn.microsoft.com/entra/identity-platform/reply-url (https except localhost, at most
 *   256 per app and 256 characters each for work or school accounts, wildcards advised against,
 *   no special characters ! $ ' ( ) , ;).
 */

/** PROVIDER: web.redirect_uris MaxItems 256; REPLY-URL: 256 for AzureADMyOrg/AzureADMultipleOrgs. */
export const MAX_REDIRECT_URIS = 256;
/** PROVIDER: uri.go `len(v) > 256` → "URI must be 256 characters or less"; REPLY-URL: 256. */
export const MAX_REDIRECT_URI_LENGTH = 256;

const EXAMPLE = "write a full URL such as https://app.contoso.com/callback";
const LOCALHOST = ["localhost", "127.0.0.1", "[::1]"];
/** `scheme://authority` then the rest (path, query, fragment), split the way Go's url.Parse does. */
const SCHEME_AUTHORITY_REST = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;
/** REPLY-URL: "Redirect URIs don't support special characters: ! $ ' ( ) , ;". */
const UNSUPPORTED_CHARACTERS = /[!$'(),;]/g;

export const redirectUrisSchema = uniqueList(
  z.string({ error: "must be a URL" }).superRefine((value, ctx) => {
    for (const message of redirectUriProblems(value)) ctx.addIssue({ code: "custom", message });
  }),
  "redirect URI",
).superRefine(
  atMost(MAX_REDIRECT_URIS, "redirect URIs", "an app", "Entra's and the azuread provider's limit"),
);

/** What Entra or the azuread provider would refuse in one web redirect URI, each with its fix. */
export function redirectUriProblems(value: string): string[] {
  // PROVIDER uri.go: "URI must not be empty".
  if (value.trim() === "") return [`must not be empty; ${EXAMPLE}`];
  // CONTROL: Go's url.Parse refuses C0 and DEL anywhere before a #, so the provider does; C1 and
  // anything after a # are refused here too. Checked on the raw text: JavaScript's URL parser
  // would silently drop a tab or a line break and call the rest valid.
  const control = controlCharacterProblem(
    value,
    "a redirect URI must match the one an app sends character for character, a control character is invisible in review, and the azuread provider (Go's url.Parse) refuses any below U+0020 and U+007F",
  );
  if (control) return [control];
  // PROVIDER uri.go: url.Parse on the raw text must succeed and give a host; what "https:host"
  // or "https:///cb" means to a browser does not matter.
  const parts = SCHEME_AUTHORITY_REST.exec(value);
  if (!parts) return [`is not a URL; ${EXAMPLE}`];
  const provider = redirectUriFuncRefusal(value, true, false);
  if (provider?.rule === "parse") {
    return [
      `is not a URL the azuread provider accepts (Go's url.Parse: ${provider.goError}); ${EXAMPLE}`,
    ];
  }
  if (!parsesAsUrl(value)) return [`is not a URL; ${EXAMPLE}`];
  const [, scheme, authority, rest] = parts;
  const host = hostOf(authority);
  const problems: string[] = [];
  if (provider?.rule === "no host") problems.push(`has no host; ${EXAMPLE}`);
  // Security, not a provider rule: user:password@ in a URL ends up in logs and browser history.
  if (authority.includes("@")) {
    problems.push(
      "contains credentials (user:password@): credentials in a URL leak into logs, browser history and Referer headers, and a redirect URI never needs them; remove everything up to and including the @",
    );
  }
  // REPLY-URL "Restrictions on wildcards in redirect URIs" (advised against; refused for some
  // audiences and by app management policies, learn.microsoft.com/graph/api/resources/redirecturiwildcardconfiguration).
  if (value.includes("*")) {
    problems.push(
      "contains a wildcard (*): a wildcard lets any matching subdomain receive sign-in tokens; list each exact redirect URI instead",
    );
  }
  // REPLY-URL: "Redirect URIs must begin with the scheme https", with the localhost exception.
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme !== "https" && !(lowerScheme === "http" && LOCALHOST.includes(host))) {
    problems.push("must use https (Entra allows http only for localhost); change it to https://");
  }
  // PROVIDER uri.go with forceTrailingSlash (IsRedirectUriFunc): an empty path is refused with
  // "URI must have a trailing slash when there is no path segment"; "https://host?x" too.
  if (provider?.rule === "no path") {
    problems.push(
      `has no path, and the azuread provider refuses a redirect URI without one; add a trailing slash: ${scheme}://${authority}/${rest}`,
    );
  }
  if (rest.includes("#")) {
    problems.push("must not contain a #fragment (Entra refuses it); remove it");
  }
  const special = [...new Set(value.match(UNSUPPORTED_CHARACTERS) ?? [])];
  if (special.length > 0) {
    problems.push(
      `contains ${special.join(" ")}: Entra does not support the characters ! $ ' ( ) , ; in redirect URIs; remove them`,
    );
  }
  const length = Buffer.byteLength(value, "utf8");
  if (length > MAX_REDIRECT_URI_LENGTH) {
    problems.push(
      `is ${length} characters long; Entra and the azuread provider allow at most ${MAX_REDIRECT_URI_LENGTH}. Use a shorter URL`,
    );
  }
  return problems;
}

/** Host without userinfo and port, lower case; IPv6 literals keep their brackets. */
function hostOf(authority: string): string {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1).toLowerCase();
  if (hostPort.startsWith("[")) return hostPort.slice(0, hostPort.indexOf("]") + 1);
  return hostPort.replace(/:[^:]*$/, "");
}

/** Catches what Go's url.Parse also refuses, such as spaces in the host or a bad port. */
function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
