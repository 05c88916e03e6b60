import { showValue } from "../../program/config/redaction";
import { PermissionCatalog, CatalogPermission } from "../../program/permissions/catalogTypes";

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

/** A service principal or levels file that is not what the generator needs: where, and what. */
export class CatalogInputError extends Error {}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks Graph's service principal JSON before anything is built from it, naming the first entry
 * that is not as Graph returns it.
 */
export function readServicePrincipalJson(value: unknown): GraphServicePrincipalJson {
  if (isMap(value) && Array.isArray(value.value) && value.appRoles === undefined) {
    throw new CatalogInputError(
      "is a list response ({ value: [...] }); fetch the one service principal: GET /servicePrincipals(appId='00000003-0000-0000-c000-000000000000')",
    );
  }
  if (!isMap(value)) throw new CatalogInputError("is not a JSON object (a service principal)");
  for (const key of ["appId", "displayName"]) {
    if (typeof value[key] !== "string" || value[key] === "")
      throw new CatalogInputError(`has no ${key}; is this a service principal?`);
  }
  const lists = { appRoles: "allowedMemberTypes", oauth2PermissionScopes: "type" } as const;
  for (const [list, extra] of Object.entries(lists)) {
    const entries = value[list];
    if (!Array.isArray(entries)) {
      throw new CatalogInputError(
        `has no ${list} list; keep it in $select (appId,displayName,appRoles,oauth2PermissionScopes)`,
      );
    }
    entries.forEach((entry, i) => {
      const where = `${list}[${i}]`;
      if (!isMap(entry)) throw new CatalogInputError(`${where} is not an object`);
      for (const key of ["id", "value"])
        if (typeof entry[key] !== "string")
          throw new CatalogInputError(`${where}.${key} is not a string`);
      if (typeof entry.isEnabled !== "boolean")
        throw new CatalogInputError(`${where}.isEnabled is not true or false`);
      const ok =
        extra === "type"
          ? typeof entry.type === "string"
          : Array.isArray(entry[extra]) &&
            (entry[extra] as unknown[]).every((m) => typeof m === "string");
      if (!ok)
        throw new CatalogInputError(`${where}.${extra} is missing or not as Graph returns it`);
    });
  }
  if (
    (value.appRoles as unknown[]).length + (value.oauth2PermissionScopes as unknown[]).length ===
    0
  )
    throw new CatalogInputError("lists no app roles and no scopes: the catalog would be empty");
  return value as unknown as GraphServicePrincipalJson;
}

/** Checks a levels file: permission value → { application?, delegated? }, each a whole number 1–5. */
export function readPrivilegeLevelsJson(value: unknown): PrivilegeLevelsJson {
  if (!isMap(value))
    throw new CatalogInputError(
      'is not a JSON object such as { "Mail.Send": { "application": 3 } }',
    );
  for (const [permission, levels] of Object.entries(value)) {
    if (!isMap(levels))
      throw new CatalogInputError(`${showValue(permission)} is not { application?, delegated? }`);
    for (const [kind, level] of Object.entries(levels)) {
      if (kind !== "application" && kind !== "delegated")
        throw new CatalogInputError(
          `${showValue(permission)}.${kind}: only application and delegated`,
        );
      if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > 5)
        throw new CatalogInputError(
          `${showValue(permission)}.${kind} is not a whole number from 1 to 5`,
        );
    }
  }
  return value as PrivilegeLevelsJson;
}
