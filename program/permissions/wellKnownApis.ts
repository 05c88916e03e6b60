/** A resource API a permission belongs to, as users name it in config. */
export interface WellKnownApi {
  /** The name users write under `permissions:` (matched case-insensitively). */
  name: string;
  appId: string;
  /** Short, stable key used in resource names (`mail-alerts-graph-Mail.Send`). */
  resourceKey: string;
}

export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const AZURE_AD_GRAPH_APP_ID = "00000002-0000-0000-c000-000000000000";

export const wellKnownApis: readonly WellKnownApi[] = [
  { name: "Microsoft Graph", appId: MICROSOFT_GRAPH_APP_ID, resourceKey: "graph" },
  {
    name: "Office 365 Exchange Online",
    appId: "00000002-0000-0ff1-ce00-000000000000",
    resourceKey: "exchange",
  },
  {
    name: "SharePoint Online",
    appId: "00000003-0000-0ff1-ce00-000000000000",
    resourceKey: "sharepoint",
  },
  { name: "Dynamics CRM", appId: "00000007-0000-0000-c000-000000000000", resourceKey: "dynamics" },
];

/** Names under which people still refer to the retired Azure AD Graph API. */
export const retiredAzureAdGraphNames = [
  "Azure AD Graph",
  "Azure Active Directory Graph",
  "Windows Azure Active Directory",
];

/** Azure AD Graph is retired: nothing may request or be granted its permissions. */
export function isRetiredApi(appId: string): boolean {
  return appId.trim().toLowerCase() === AZURE_AD_GRAPH_APP_ID;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export type ApiReference =
  | { kind: "known"; api: WellKnownApi }
  | { kind: "appId"; api: WellKnownApi }
  | { kind: "retired" }
  | { kind: "unknown" };

/**
 * Reads an API key from config: a well-known name (any case) or an appId GUID. A GUID of a
 * well-known API resolves to that API so both spellings name the same resources.
 */
export function parseApiReference(key: string): ApiReference {
  const lower = key.trim().toLowerCase();
  if (isRetiredApi(lower) || retiredAzureAdGraphNames.some((n) => n.toLowerCase() === lower)) {
    return { kind: "retired" };
  }
  const byName = wellKnownApis.find((api) => api.name.toLowerCase() === lower);
  if (byName) return { kind: "known", api: byName };
  if (isGuid(lower)) {
    const byAppId = wellKnownApis.find((api) => api.appId === lower);
    return { kind: "appId", api: byAppId ?? { name: lower, appId: lower, resourceKey: lower } };
  }
  return { kind: "unknown" };
}
