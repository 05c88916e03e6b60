import { catalogFor } from "../../../program/permissions/catalog";
import {
  AZURE_AD_GRAPH_APP_ID,
  isRetiredApi,
  wellKnownApis,
} from "../../../program/permissions/wellKnownApis";
import { DirectoryExport, GraphServicePrincipal } from "../../tenant/directory/graphTypes";
import { LiveApps } from "./liveApp";

/** A permission the live app requests, by name, in the order Graph lists it. */
export interface LivePermission {
  kind: "application" | "delegated";
  value: string;
  id: string;
}

/** The live app's requests of one resource API, by name. */
export interface LiveApiPermissions {
  /** The key under `permissions:`: a well-known API name, or the API's appId. */
  configKey: string;
  /** What names its consent resources and `existing:` keys (`graph`, or the appId). */
  resourceKey: string;
  appId: string;
  /** Object ID of the API's service principal in the tenant, when the export has it. */
  resourceServicePrincipalId?: string;
  /** Every request in Graph's order (`requiredResourceAccess[].resourceAccess`). */
  permissions: LivePermission[];
}

export interface LivePermissionsResult {
  apis: LiveApiPermissions[];
  /** Why the requests cannot be written as config (retired API, unknown GUIDs, ...). */
  refusals: string[];
}

type Published = { id: string; value: string; enabled: boolean; application: boolean };

/**
 * Names every permission the app requests, through the resource service principals in the
 * export (the tenant's own view of each API), or the offline catalog for a well-known API the
 * export lacks. Unknown, disabled and retired ones are refused: the program would refuse them.
 */
export function livePermissions(
  lives: LiveApps,
  requests: DirectoryExport["applications"][number]["requiredResourceAccess"],
): LivePermissionsResult {
  const apis: LiveApiPermissions[] = [];
  const refusals: string[] = [];
  for (const request of requests) {
    const appId = request.resourceAppId.toLowerCase();
    const sp = lives.servicePrincipalOf(appId);
    const known = wellKnownApis.find((api) => api.appId === appId);
    const apiName = sp?.displayName ?? known?.name ?? appId;
    const roles = publishedRoles(sp, appId);
    const scopes = publishedScopes(sp, appId);
    if (isRetiredApi(appId)) {
      refusals.push(retiredApiRefusal(request.resourceAccess, roles, scopes));
      continue;
    }
    if (!sp && !catalogFor(appId)) {
      refusals.push(
        `requests permissions of API ${appId}, whose service principal is not in the export and which this project does not know: the API may not exist in the tenant. Remove its permissions in the portal (API permissions), or export again with its service principal`,
      );
      continue;
    }
    const permissions: LivePermission[] = [];
    for (const access of request.resourceAccess) {
      const kind = access.type === "Role" ? "application" : "delegated";
      const id = access.id.toLowerCase();
      const found = (kind === "application" ? roles : scopes).get(id);
      const problem = !found
        ? `which the API does not publish (an unknown permission GUID: removed from the API, or never one of its ${kind === "application" ? "app roles" : "scopes"})`
        : !found.enabled
          ? `(${found.value}), which the API has disabled`
          : kind === "application" && !found.application
            ? `(${found.value}), an app role the API does not allow for applications`
            : undefined;
      if (problem) {
        refusals.push(
          `requests ${kind} permission ${id} of ${apiName}, ${problem}. Remove it in the portal (API permissions) and run adopt again`,
        );
        continue;
      }
      permissions.push({ kind, value: found!.value, id });
    }
    apis.push({
      configKey: known?.name ?? appId,
      resourceKey: known?.resourceKey ?? appId,
      appId,
      resourceServicePrincipalId: sp?.id.toLowerCase(),
      permissions,
    });
  }
  return { apis, refusals };
}

function publishedRoles(
  sp: GraphServicePrincipal | undefined,
  appId: string,
): Map<string, Published> {
  if (sp) {
    return new Map(
      (sp.appRoles ?? []).map((role) => [
        role.id.toLowerCase(),
        {
          id: role.id.toLowerCase(),
          value: role.value,
          enabled: role.isEnabled !== false,
          application: (role.allowedMemberTypes ?? []).includes("Application"),
        },
      ]),
    );
  }
  return catalogMap(appId, "application");
}

function publishedScopes(
  sp: GraphServicePrincipal | undefined,
  appId: string,
): Map<string, Published> {
  if (sp) {
    return new Map(
      (sp.oauth2PermissionScopes ?? []).map((scope) => [
        scope.id.toLowerCase(),
        {
          id: scope.id.toLowerCase(),
          value: scope.value,
          enabled: scope.isEnabled !== false,
          application: false,
        },
      ]),
    );
  }
  return catalogMap(appId, "delegated");
}

function catalogMap(appId: string, kind: "application" | "delegated"): Map<string, Published> {
  const permissions = catalogFor(appId)?.permissions.filter((p) => p.kind === kind) ?? [];
  return new Map(
    permissions.map((p) => [
      p.id,
      { id: p.id, value: p.value, enabled: true, application: kind === "application" },
    ]),
  );
}

/** Azure AD Graph is retired; the catalog says what Microsoft Graph has under the same names. */
function retiredApiRefusal(
  accesses: { id: string; type: string }[],
  roles: Map<string, Published>,
  scopes: Map<string, Published>,
): string {
  const graph = catalogFor(wellKnownApis[0].appId);
  const named = accesses.map((access) => {
    const kind = access.type === "Role" ? "application" : "delegated";
    const value = (kind === "application" ? roles : scopes).get(access.id.toLowerCase())?.value;
    return { kind, label: `${value ?? access.id.toLowerCase()} (${kind})`, value };
  });
  const twins = named.filter(
    (p) => p.value && graph?.permissions.some((g) => g.value === p.value && g.kind === p.kind),
  );
  return [
    `requests permissions of the retired Azure AD Graph (${AZURE_AD_GRAPH_APP_ID}), which no longer issues tokens: ${named.map((p) => p.label).join(", ")}.`,
    twins.length > 0
      ? `Microsoft Graph has ${twins.map((p) => p.label).join(", ")} under the same names.`
      : "",
    "Remove the Azure AD Graph permissions in the portal (API permissions), add their Microsoft Graph equivalents if the app still needs them, and run adopt again",
  ]
    .filter(Boolean)
    .join(" ");
}
