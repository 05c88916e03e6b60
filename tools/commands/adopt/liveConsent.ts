import { LiveApp } from "./liveApp";
import { LiveApiPermissions } from "./livePermissions";

/** What admin consent the live app has, and what of it the stack can take over. */
export interface LiveConsent {
  /** True when every requested permission is granted exactly as the stack grants it. */
  adminConsent: boolean;
  /** `<resourceKey>/<permission>` → import ID of its app role assignment (when adminConsent). */
  appRoleAssignments: Record<string, string>;
  /** `<resourceKey>` → import ID of its delegated grant (when adminConsent). */
  delegatedPermissionGrants: Record<string, string>;
  /** Facts to tell the user: partial consent, grants outside the requests. */
  notices: string[];
  /** Why the consent cannot be taken over as it is. */
  refusals: string[];
}

/**
 * Matches the requests against the consent in the export: an app role assignment per requested
 * application permission, and one AllPrincipals grant per API holding exactly the requested
 * delegated scopes (the program's ServicePrincipalDelegatedPermissionGrant: claim_values is the
 * grant's scope, split on spaces, service_principal_delegated_permission_grant_resource.go Read).
 */
export function liveConsent(
  live: LiveApp,
  apis: LiveApiPermissions[],
  roleName: (resourceId: string, appRoleId: string) => string | undefined = () => undefined,
): LiveConsent {
  const result: LiveConsent = {
    adminConsent: false,
    appRoleAssignments: {},
    delegatedPermissionGrants: {},
    notices: [],
    refusals: [],
  };
  const requested = apis.reduce((sum, api) => sum + api.permissions.length, 0);
  const granted: string[] = [];
  const missing: string[] = [];
  const usedAssignments = new Set<string>();
  const usedGrants = new Set<string>();
  // The first assignment of each role and the first tenant-wide grant of each API, looked up by
  // key: an app of the export may hold thousands of each.
  const assignmentOf = firstBy(
    live.assignments,
    (a) => `${a.resourceId.toLowerCase()}|${a.appRoleId.toLowerCase()}`,
  );
  const tenantWideGrantOf = firstBy(
    live.grants.filter((g) => g.consentType === "AllPrincipals"),
    (g) => g.resourceId.toLowerCase(),
  );
  for (const api of apis) {
    const resourceId = api.resourceServicePrincipalId;
    for (const permission of api.permissions.filter((p) => p.kind === "application")) {
      const assignment = assignmentOf.get(`${resourceId}|${permission.id}`);
      const label = `${api.configKey}/${permission.value} (application)`;
      if (!assignment) {
        missing.push(label);
        continue;
      }
      usedAssignments.add(assignment.id);
      granted.push(label);
      result.appRoleAssignments[`${api.resourceKey}/${permission.value}`] =
        `/servicePrincipals/${resourceId}/appRoleAssignedTo/${assignment.id}`;
    }
    const scopes = api.permissions.filter((p) => p.kind === "delegated").map((p) => p.value);
    if (scopes.length === 0) continue;
    const grant = resourceId === undefined ? undefined : tenantWideGrantOf.get(resourceId);
    const grantedScopes = new Set((grant?.scope ?? "").split(" ").filter(Boolean));
    for (const scope of scopes) {
      (grantedScopes.has(scope) ? granted : missing).push(`${api.configKey}/${scope} (delegated)`);
    }
    if (!grant) continue;
    usedGrants.add(grant.id);
    const requestedScopes = new Set(scopes);
    const extra = [...grantedScopes].filter((scope) => !requestedScopes.has(scope));
    if (extra.length > 0) {
      result.refusals.push(
        `the tenant-wide delegated grant to ${api.configKey} also holds ${extra.join(", ")}, which the app does not request; this stack grants exactly the requested scopes, so the first pulumi up would narrow the grant right after importing it. Request them in the portal or remove them from the grant, and run adopt again`,
      );
    }
    result.delegatedPermissionGrants[api.resourceKey] = `/oauth2PermissionGrants/${grant.id}`;
  }
  result.notices.push(...outsideRequests(live, usedAssignments, usedGrants, apis, roleName));
  if (requested === 0) {
    result.adminConsent = true;
  } else if (missing.length === 0) {
    result.adminConsent = true;
  } else {
    result.appRoleAssignments = {};
    result.delegatedPermissionGrants = {};
    result.notices.push(
      granted.length === 0
        ? "no requested permission has admin consent: adminConsent is false (request only), as in the tenant; set it to true to grant them on a later pulumi up (review shows it)"
        : `partial admin consent: ${granted.join(", ")} granted; ${missing.join(", ")} not. adminConsent is false, so the existing grants stay in the tenant outside the stack (drift reports them); grant the rest in the portal (or revoke the partial grants) and run adopt again to take consent over`,
    );
  }
  return result;
}

/** Grants the app holds beyond its requests: left alone, and told. */
function outsideRequests(
  live: LiveApp,
  usedAssignments: Set<string>,
  usedGrants: Set<string>,
  apis: LiveApiPermissions[],
  roleName: (resourceId: string, appRoleId: string) => string | undefined,
): string[] {
  const notices: string[] = [];
  const apiOf = firstBy(apis, (api) => api.resourceServicePrincipalId ?? "");
  const assignments = live.assignments.filter((a) => !usedAssignments.has(a.id));
  const grants = live.grants.filter((g) => !usedGrants.has(g.id));
  for (const assignment of assignments.slice(0, MAX_NOTICES_EACH)) {
    const name = roleName(assignment.resourceId, assignment.appRoleId);
    notices.push(
      `app role ${name ? `${name} (${assignment.appRoleId})` : assignment.appRoleId} of ${assignment.resourceDisplayName} is granted (assignment ${assignment.id}) but not requested: it is not taken over and stays in the tenant (drift reports it); remove it, or request it in the portal and run adopt again`,
    );
  }
  if (assignments.length > MAX_NOTICES_EACH)
    notices.push(
      `and ${assignments.length - MAX_NOTICES_EACH} more app role assignments that are not requested (not listed here; drift lists them)`,
    );
  for (const grant of grants.slice(0, MAX_NOTICES_EACH)) {
    const api = apiOf.get(grant.resourceId.toLowerCase());
    const whom = grant.consentType === "Principal" ? `user ${grant.principalId}` : "all users";
    notices.push(
      `delegated grant ${grant.id} (${grant.scope} on ${api?.configKey ?? `service principal ${grant.resourceId}`}, for ${whom}) is not one this stack manages: it stays in the tenant (drift reports it)`,
    );
  }
  if (grants.length > MAX_NOTICES_EACH)
    notices.push(
      `and ${grants.length - MAX_NOTICES_EACH} more delegated grants this stack does not manage (not listed here; drift lists them)`,
    );
  return notices;
}

/** Unrequested grants listed one by one per app; an app can hold thousands (one per user). */
const MAX_NOTICES_EACH = 20;

function firstBy<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}
