import { AppConfig } from "../config/validateStackConfig";
import { catalogFor } from "./catalog";
import { ConfigProblem } from "../config/configProblem";
import { ApiPermissionSet, resolvePermissions } from "./resolvePermissions";

/** appId → config path of its first use in the stack, for error messages. */
export function distinctApis(apps: AppConfig[]): Map<string, string> {
  const firstUse = new Map<string, string>();
  for (const app of apps) {
    for (const request of app.permissions) {
      if (!firstUse.has(request.api.appId)) {
        firstUse.set(request.api.appId, request.path);
      }
    }
  }
  return firstUse;
}

/**
 * The catalog's view of each API the apps use, for checking permission names without a tenant.
 * APIs the catalog does not know are left out (only the live lookup can check them).
 */
export function offlinePermissionSets(apps: AppConfig[]): Map<string, ApiPermissionSet> {
  const sets = new Map<string, ApiPermissionSet>();
  for (const appId of distinctApis(apps).keys()) {
    const catalog = catalogFor(appId);
    if (!catalog) continue;
    const byKind = (kind: string) =>
      new Map(catalog.permissions.filter((p) => p.kind === kind).map((p) => [p.value, p.id]));
    sets.set(appId, {
      appId,
      displayName: catalog.displayName,
      appRoles: byKind("application"),
      scopes: byKind("delegated"),
    });
  }
  return sets;
}

/** Permission-name problems the catalog alone can find (unknown names, wrong kind). */
export function offlinePermissionProblems(apps: AppConfig[]): ConfigProblem[] {
  return resolvePermissions(apps, offlinePermissionSets(apps)).problems;
}
