import { AppConfig, ApiPermissionRequest } from "../config/validateStackConfig";
import { ConfigProblem } from "../config/configProblem";
import { PermissionKind } from "./catalogTypes";
import { StackSuggestions, stackSuggestions } from "./didYouMean";

/** A resource API's grantable permissions: from a live service principal lookup or the catalog. */
export interface ApiPermissionSet {
  appId: string;
  displayName: string;
  /** Object ID of the API's service principal in the tenant (absent for the offline catalog). */
  servicePrincipalObjectId?: string;
  /** Enabled app roles that can be assigned to applications: value → id. */
  appRoles: Map<string, string>;
  /** Enabled delegated scopes: value → id. */
  scopes: Map<string, string>;
}

export interface ResolvedPermission {
  value: string;
  id: string;
}

/** One API's permissions for one app, with IDs taken from the tenant. */
export interface ResolvedApiPermissions {
  request: ApiPermissionRequest;
  resourceServicePrincipalObjectId: string;
  application: ResolvedPermission[];
  delegated: ResolvedPermission[];
}

export interface ResolvedApp extends AppConfig {
  apis: ResolvedApiPermissions[];
}

/**
 * Checks every configured permission name against the API's real permissions and returns the
 * IDs to grant, or every problem found (unknown name with did-you-mean, or the wrong kind).
 * APIs missing from `permissionSets` are skipped (their lookup is reported elsewhere).
 * Suggestions are bounded per stack (`suggestions` records the work, for tests).
 */
export function resolvePermissions(
  apps: AppConfig[],
  permissionSets: Map<string, ApiPermissionSet>,
  suggestions: StackSuggestions = stackSuggestions(),
): { apps: ResolvedApp[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const resolved = apps.map((app) => {
    const apis: ResolvedApiPermissions[] = [];
    for (const request of app.permissions) {
      const set = permissionSets.get(request.api.appId);
      if (!set) continue;
      const path = request.path;
      apis.push({
        request,
        resourceServicePrincipalObjectId: set.servicePrincipalObjectId ?? "",
        application: resolveKind(request.application, "application", set, `${path}.application`, {
          problems,
          suggestions,
        }),
        delegated: resolveKind(request.delegated, "delegated", set, `${path}.delegated`, {
          problems,
          suggestions,
        }),
      });
    }
    return { ...app, apis };
  });
  return { apps: resolved, problems };
}

function resolveKind(
  names: string[],
  kind: PermissionKind,
  set: ApiPermissionSet,
  path: string,
  { problems, suggestions }: { problems: ConfigProblem[]; suggestions: StackSuggestions },
): ResolvedPermission[] {
  const wanted = kind === "application" ? set.appRoles : set.scopes;
  const other = kind === "application" ? set.scopes : set.appRoles;
  const resolved: ResolvedPermission[] = [];
  for (const value of names) {
    const id = wanted.get(value);
    if (id) {
      resolved.push({ value, id });
    } else {
      const message = explainMissing(value, kind, set, { wanted, other, suggestions });
      problems.push({ path, value, message });
    }
  }
  return resolved.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function explainMissing(
  value: string,
  kind: PermissionKind,
  set: ApiPermissionSet,
  {
    wanted,
    other,
    suggestions,
  }: { wanted: Map<string, string>; other: Map<string, string>; suggestions: StackSuggestions },
): string {
  const otherKind: PermissionKind = kind === "application" ? "delegated" : "application";
  const didYouMean = () =>
    suggestions.didYouMean(value, `${set.appId} ${kind}`, () => wanted.keys());
  if (other.has(value)) {
    const alternative = didYouMean();
    const meaning =
      otherKind === "delegated"
        ? "a delegated permission (it acts for a signed-in user; app-only tokens never carry it)"
        : "an application permission (app role for app-only access)";
    return (
      `is ${meaning} of ${set.displayName}, not ${kind === "application" ? "an application" : "a delegated"} permission. ` +
      `Move it under \`${otherKind}:\`${alternative ? `, or choose the ${kind} permission you need.${alternative}` : "."}`
    );
  }
  const caseMatch = byLowerCase(wanted).get(value.toLowerCase());
  if (caseMatch) return `permission names are case-sensitive. Did you mean "${caseMatch}"?`;
  return `is not ${kind === "application" ? "an application" : "a delegated"} permission of ${set.displayName}.${didYouMean()}`;
}

/** Names by their lower case, built once per API and kind (not once per unknown name). */
const lowerCaseIndexes = new WeakMap<Map<string, string>, Map<string, string>>();

function byLowerCase(names: Map<string, string>): Map<string, string> {
  let index = lowerCaseIndexes.get(names);
  if (!index) {
    index = new Map();
    for (const name of names.keys()) {
      if (!index.has(name.toLowerCase())) index.set(name.toLowerCase(), name);
    }
    lowerCaseIndexes.set(names, index);
  }
  return index;
}
