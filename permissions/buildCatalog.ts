import { PermissionCatalog, CatalogPermission } from "./catalogTypes";

/** The parts of Graph's servicePrincipal JSON the catalog reads. */
export interface GraphServicePrincipalJson {
  appId: string;
  displayName: string;
  appRoles: { id: string; value: string; allowedMemberTypes: string[]; isEnabled: boolean }[];
  oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
}

/** Permission value → privilege level per kind (1 lowest … 5 highest). */
export type PrivilegeLevelsJson = Record<string, { application?: number; delegated?: number }>;

/**
 * Reduces a service principal response to the facts the project needs. Disabled entries and app
 * roles that cannot be assigned to applications are left out: they cannot be granted app-only.
 */
export function buildCatalog(
  servicePrincipal: GraphServicePrincipalJson,
  privilegeLevels: PrivilegeLevelsJson,
): PermissionCatalog {
  const applicationPermissions: CatalogPermission[] = servicePrincipal.appRoles
    .filter((role) => role.isEnabled && role.allowedMemberTypes.includes("Application"))
    .map((role) => ({
      value: role.value,
      id: role.id,
      kind: "application",
      adminConsentRequired: true,
      privilegeLevel: privilegeLevels[role.value]?.application ?? null,
    }));
  const delegatedPermissions: CatalogPermission[] = servicePrincipal.oauth2PermissionScopes
    .filter((scope) => scope.isEnabled)
    .map((scope) => ({
      value: scope.value,
      id: scope.id,
      kind: "delegated",
      adminConsentRequired: scope.type === "Admin",
      privilegeLevel: privilegeLevels[scope.value]?.delegated ?? null,
    }));
  const byValue = (a: CatalogPermission, b: CatalogPermission) =>
    a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return {
    appId: servicePrincipal.appId,
    displayName: servicePrincipal.displayName,
    permissions: [...applicationPermissions.sort(byValue), ...delegatedPermissions.sort(byValue)],
  };
}

/** One permission per line: compact, and a refresh reads as a line diff in review. */
export function formatCatalog(catalog: PermissionCatalog): string {
  const lines = catalog.permissions.map((permission) => "  " + JSON.stringify(permission));
  return (
    `{\n "appId": ${JSON.stringify(catalog.appId)},\n "displayName": ${JSON.stringify(catalog.displayName)},\n` +
    ` "permissions": [\n${lines.join(",\n")}\n ]\n}\n`
  );
}

/** The privilege levels a catalog already records, in the shape `buildCatalog` takes. */
export function levelsFromCatalog(catalog: PermissionCatalog): PrivilegeLevelsJson {
  const levels: PrivilegeLevelsJson = {};
  for (const permission of catalog.permissions) {
    if (permission.privilegeLevel === null) continue;
    levels[permission.value] = {
      ...levels[permission.value],
      [permission.kind]: permission.privilegeLevel,
    };
  }
  return levels;
}
