import { catalogEntry, catalogFor } from "../../../program/permissions/catalog";
import { GraphServicePrincipal } from "../../tenant/directory/graphTypes";

/**
 * Names for permission IDs: from the resource service principals read from the tenant (their
 * app roles and scopes), else the offline catalog, else the bare ID.
 */
export class PermissionNames {
  private readonly byId = new Map<string, GraphServicePrincipal>();
  private readonly byAppId = new Map<string, GraphServicePrincipal>();

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
      sp?.appRoles?.find((role) => role.id.toLowerCase() === appRoleId.toLowerCase())?.value ??
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
    const fromSp =
      type === "Role"
        ? sp?.appRoles?.find((role) => role.id.toLowerCase() === id)?.value
        : sp?.oauth2PermissionScopes?.find((scope) => scope.id.toLowerCase() === id)?.value;
    const value = fromSp ?? catalogEntry(resourceAppId, id, kind)?.value ?? id;
    const api = sp?.displayName ?? catalogFor(resourceAppId)?.displayName ?? resourceAppId;
    return `${api} ${value} (${kind})`;
  }
}
