import { showValue } from "../../../program/config/redaction";
import { LiveApp } from "./liveApp";

/*
 * Settings a live app can have that this stack does not model. Pulumi imports an object and then
 * updates it to match the program (pulumi/pulumi#19339, since v3.17x), and each of these is an
 * Optional (not Computed) input of terraform-provider-azuread v3.8.0, so leaving it unset means
 * "remove it": the first `pulumi up` would change the live app
 * (internal/services/applications/application_resource.go, schema L81-679; service principal:
 * internal/services/serviceprincipals/service_principal_resource.go, L70-347). Tags are Optional
 * and Computed on both (L559-569; SP L223-233): an unset value keeps the live one, no difference.
 */

/** One live setting the config cannot reproduce: where it is, its value, and what the stack does. */
export interface Unsupported {
  property: string;
  value: unknown;
  stack: string;
}

type Loose = Record<string, unknown>;

const SUPPORTED_AUDIENCES = ["AzureADMyOrg", "AzureADMultipleOrgs"];

export function unsupportedSettings(live: LiveApp): Unsupported[] {
  const app = live.application as unknown as Loose;
  const web = (app.web ?? {}) as Loose;
  const implicit = (web.implicitGrantSettings ?? {}) as Loose;
  const api = (app.api ?? {}) as Loose;
  const info = (app.info ?? {}) as Loose;
  const found: Unsupported[] = [];
  const check = (property: string, value: unknown, present: boolean, stack: string) => {
    if (present) found.push({ property, value, stack });
  };
  const audience = String(app.signInAudience ?? "AzureADMyOrg");
  check(
    "signInAudience",
    audience,
    !SUPPORTED_AUDIENCES.includes(audience),
    "this stack supports AzureADMyOrg and AzureADMultipleOrgs only",
  );
  check(
    "identifierUris",
    app.identifierUris,
    filled(app.identifierUris),
    "sets no identifier URIs (Application ID URI)",
  );
  for (const flag of ["enableAccessTokenIssuance", "enableIdTokenIssuance"]) {
    check(
      `web.implicitGrantSettings.${flag}`,
      implicit[flag],
      implicit[flag] === true,
      "does not enable the implicit grant",
    );
  }
  check("web.homePageUrl", web.homePageUrl, filled(web.homePageUrl), "sets no home page URL");
  check("web.logoutUrl", web.logoutUrl, filled(web.logoutUrl), "sets no front-channel logout URL");
  check(
    "spa.redirectUris",
    uris(app.spa),
    filled(uris(app.spa)),
    "sets web redirect URIs only, no single-page application platform",
  );
  check(
    "publicClient.redirectUris",
    uris(app.publicClient),
    filled(uris(app.publicClient)),
    "sets web redirect URIs only, no mobile and desktop platform",
  );
  check(
    "isFallbackPublicClient",
    app.isFallbackPublicClient,
    app.isFallbackPublicClient === true,
    "does not allow public client flows",
  );
  check(
    "isDeviceOnlyAuthSupported",
    app.isDeviceOnlyAuthSupported,
    app.isDeviceOnlyAuthSupported === true,
    "does not enable device-only authentication",
  );
  check("appRoles", values(app.appRoles), filled(app.appRoles), "defines no app roles");
  check(
    "api.oauth2PermissionScopes",
    values(api.oauth2PermissionScopes),
    filled(api.oauth2PermissionScopes),
    "exposes no API scopes",
  );
  check(
    "api.knownClientApplications",
    api.knownClientApplications,
    filled(api.knownClientApplications),
    "lists no known client applications",
  );
  check(
    "api.acceptMappedClaims",
    api.acceptMappedClaims,
    api.acceptMappedClaims === true,
    "does not accept mapped claims",
  );
  check(
    "api.requestedAccessTokenVersion",
    api.requestedAccessTokenVersion,
    api.requestedAccessTokenVersion !== undefined &&
      api.requestedAccessTokenVersion !== null &&
      api.requestedAccessTokenVersion !== 1,
    "leaves the access token version at the provider's default, 1",
  );
  check(
    "optionalClaims",
    claimNames(app.optionalClaims),
    filled(claimNames(app.optionalClaims)),
    "adds no optional claims",
  );
  check(
    "groupMembershipClaims",
    app.groupMembershipClaims,
    filled(app.groupMembershipClaims),
    "adds no group claims",
  );
  check(
    "description",
    app.description,
    filled(app.description),
    "sets no description (notes are carried)",
  );
  for (const url of ["marketingUrl", "privacyStatementUrl", "supportUrl", "termsOfServiceUrl"]) {
    check(`info.${url}`, info[url], filled(info[url]), "sets no branding URLs");
  }
  check(
    "serviceManagementReference",
    app.serviceManagementReference,
    filled(app.serviceManagementReference),
    "sets no service management reference",
  );
  if (live.servicePrincipal)
    found.push(...servicePrincipalSettings(live.servicePrincipal as unknown as Loose));
  return found;
}

function servicePrincipalSettings(sp: Loose): Unsupported[] {
  const found: Unsupported[] = [];
  const check = (property: string, value: unknown, present: boolean, stack: string) => {
    if (present) found.push({ property: `servicePrincipal.${property}`, value, stack });
  };
  check(
    "accountEnabled",
    sp.accountEnabled,
    sp.accountEnabled === false,
    "keeps sign-in enabled (the provider's default)",
  );
  check(
    "appRoleAssignmentRequired",
    sp.appRoleAssignmentRequired,
    sp.appRoleAssignmentRequired === true,
    "does not require assignment",
  );
  for (const text of ["notes", "description", "loginUrl", "preferredSingleSignOnMode"]) {
    check(text, sp[text], filled(sp[text]), `sets no ${text} on the service principal`);
  }
  check(
    "notificationEmailAddresses",
    sp.notificationEmailAddresses,
    filled(sp.notificationEmailAddresses),
    "sets no notification e-mail addresses",
  );
  check(
    "alternativeNames",
    sp.alternativeNames,
    filled(sp.alternativeNames),
    "sets no alternative names",
  );
  const saml = (sp.samlSingleSignOnSettings ?? {}) as Loose;
  check(
    "samlSingleSignOnSettings.relayState",
    saml.relayState,
    filled(saml.relayState),
    "sets up no SAML single sign-on",
  );
  return found;
}

/** `identifierUris = ["api://x"]: this stack sets no identifier URIs`. */
export function describeUnsupported(item: Unsupported): string {
  return `${item.property} = ${showValue(preview(item.value))}: this stack ${item.stack}`;
}

/** showValue prints 80 characters; more than this is never masked or stringified. */
const PREVIEW_CHARACTERS = 400;

/**
 * The start of a value, of the same shape (strings cut, lists and maps cut short), so showValue
 * masks and prints its first characters as it would the whole: an export's values are up to
 * 64 MiB, and masking one of 10 MB overflows the regular expressions' stack.
 */
function preview(value: unknown, budget = { left: PREVIEW_CHARACTERS }): unknown {
  if (budget.left <= 0) return undefined;
  if (typeof value === "string") {
    budget.left -= value.length;
    return value.slice(0, PREVIEW_CHARACTERS);
  }
  if (value === null || typeof value !== "object") {
    budget.left -= 8;
    return value;
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      if (budget.left <= 0) break;
      items.push(preview(item, budget));
    }
    return items;
  }
  const entries: [string, unknown][] = [];
  for (const key in value) {
    if (budget.left <= 0) break;
    if (!Object.hasOwn(value, key)) continue;
    budget.left -= key.length;
    entries.push([key.slice(0, PREVIEW_CHARACTERS), preview((value as Loose)[key], budget)]);
  }
  return Object.fromEntries(entries);
}

function filled(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}

function uris(platform: unknown): unknown {
  return (platform as Loose | null | undefined)?.redirectUris;
}

function values(list: unknown): unknown {
  return Array.isArray(list)
    ? list.map((item) => (item as Loose).value ?? (item as Loose).id)
    : list;
}

function claimNames(claims: unknown): string[] {
  if (!claims || typeof claims !== "object") return [];
  return Object.entries(claims as Loose).flatMap(([token, list]) =>
    Array.isArray(list) ? list.map((claim) => `${token}:${String((claim as Loose).name)}`) : [],
  );
}
