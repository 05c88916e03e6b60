import { catalogEntry, catalogFor } from "../../../program/permissions/catalog";
import { GraphServicePrincipal } from "../../tenant/directory/graphTypes";

/**
 * Names for permission IDs: from the resource service principals read from the tenant (their
 * app roles and scopes), else the offline catalog, else the bare ID.
 */
export class PermissionNames {
  private readonly byId = new Map<string, GraphServicePrincipal>();
  private readonly byAppId = new Map<string, GraphServicePrincipal>();
  /** Per service principal, its app roles' and scopes' values by ID (built when first asked). */
  private readonly roles = new Map<GraphServicePrincipal, Map<string, string | null>>();
  private readonly scopes = new Map<GraphServicePrincipal, Map<string, string | null>>();

  constructor(servicePrincipals: GraphServicePrincipal[]) {
    for (const sp of servicePrincipals) {
      this.byId.set(sp.id.toLowerCase(), sp);
      this.byAppId.set(sp.appId.toLowerCase(), sp);
    }
  }

  /** `Microsoft Graph Mail.Send` for an app role of the resource service principal `resourceId`. */
  appRole(resourceId: string, appRoleId: string, resourceName?: string | null): string {
    const sp = this.byId.get(resourceId.toLowerCase());
    const value =
      (sp && this.valueOf(sp, "Role", appRoleId.toLowerCase())) ??
      (sp && catalogEntry(sp.appId, appRoleId.toLowerCase(), "application")?.value) ??
      appRoleId;
    return `${sp?.displayName ?? resourceName ?? resourceId} ${value}`;
  }

  /** `Microsoft Graph User.Read` for a scope value of the resource service principal `resourceId`. */
  scope(resourceId: string, scope: string): string {
    return `${this.byId.get(resourceId.toLowerCase())?.displayName ?? resourceId} ${scope}`;
  }

  /** A requested permission (`requiredResourceAccess`): API by appId, permission by ID. */
  requested(resourceAppId: string, id: string, type: string): string {
    const sp = this.byAppId.get(resourceAppId);
    const kind = type === "Role" ? "application" : "delegated";
    const fromSp = sp && this.valueOf(sp, type === "Role" ? "Role" : "Scope", id);
    const value = fromSp ?? catalogEntry(resourceAppId, id, kind)?.value ?? id;
    const api = sp?.displayName ?? catalogFor(resourceAppId)?.displayName ?? resourceAppId;
    return `${api} ${value} (${kind})`;
  }

  /** The value of an app role (`Role`) or scope of `sp` by its ID: a map per kind, built once. */
  private valueOf(sp: GraphServicePrincipal, type: "Role" | "Scope", id: string) {
    const cache = type === "Role" ? this.roles : this.scopes;
    let values = cache.get(sp);
    if (!values) {
      values = new Map();
      for (const item of (type === "Role" ? sp.appRoles : sp.oauth2PermissionScopes) ?? []) {
        if (!values.has(item.id.toLowerCase())) values.set(item.id.toLowerCase(), item.value);
      }
      cache.set(sp, values);
    }
    return values.get(id) ?? undefined;
  }
}
