import { GraphServicePrincipal } from "../../tenant/directory/graphTypes";
import { DriftFinding, finding } from "./findings";
import { LiveIndex } from "./liveIndex";
import { PermissionNames } from "./permissionNames";
import { ManagedApp } from "./stackState";

/** Admin consent: app role assignments and delegated grants, state against tenant. */

export function assignmentFindings(
  app: ManagedApp,
  sp: GraphServicePrincipal,
  live: LiveIndex,
  names: PermissionNames,
): DriftFinding[] {
  const liveAssignments = live.assignmentsTo(sp.id);
  const pair = (a: { resourceId: string; appRoleId: string }) =>
    `${a.resourceId.toLowerCase()}|${a.appRoleId.toLowerCase()}`;
  const stateIds = new Set(app.assignments.map((a) => a.id).filter(Boolean));
  const statePairs = new Set(app.assignments.map(pair));
  const livePairs = new Set(liveAssignments.map(pair));
  const outside = liveAssignments
    .filter((a) => !stateIds.has(a.id) && !statePairs.has(pair(a)))
    .map((a) =>
      finding(
        "application-permission",
        "outside-code",
        true,
        names.appRole(a.resourceId, a.appRoleId, a.resourceDisplayName),
        "admin consent granted outside the stack",
        `/servicePrincipals/${a.resourceId.toLowerCase()}/appRoleAssignedTo/${a.id}`,
      ),
    );
  const missing = app.assignments
    .filter((a) => !livePairs.has(pair(a)))
    .map((a) =>
      finding(
        "application-permission",
        "missing",
        false,
        names.appRole(a.resourceId, a.appRoleId),
        "consented in the stack, not in the tenant",
        a.id ? `/servicePrincipals/${a.resourceId}/appRoleAssignedTo/${a.id}` : "",
      ),
    );
  return [...outside, ...missing];
}

export function grantFindings(
  app: ManagedApp,
  sp: GraphServicePrincipal,
  live: LiveIndex,
  names: PermissionNames,
): DriftFinding[] {
  const grants = live.grantsOf(sp.id);
  // Each scope once: `a a a` is one consent, not three findings.
  const scopesOf = (text: string | null) => new Set((text ?? "").split(" ").filter(Boolean));
  const stateScopes = new Set(
    app.grants.flatMap((g) => g.scopes.map((scope) => `${g.resourceId}|${scope}`)),
  );
  const findings: DriftFinding[] = [];
  const liveTenantWide = new Set<string>();
  for (const grant of grants) {
    const resourceId = grant.resourceId.toLowerCase();
    const forEveryone = grant.consentType === "AllPrincipals";
    for (const scope of scopesOf(grant.scope)) {
      if (forEveryone) liveTenantWide.add(`${resourceId}|${scope}`);
      if (forEveryone && stateScopes.has(`${resourceId}|${scope}`)) continue;
      findings.push(
        finding(
          "delegated-permission",
          "outside-code",
          true,
          names.scope(resourceId, scope),
          forEveryone
            ? "admin consent for all users granted outside the stack"
            : `consented for one user (${grant.principalId ?? "unknown"}) outside the stack`,
          `/oauth2PermissionGrants/${grant.id}`,
        ),
      );
    }
  }
  for (const grant of app.grants) {
    for (const scope of grant.scopes) {
      if (!liveTenantWide.has(`${grant.resourceId}|${scope}`))
        findings.push(
          finding(
            "delegated-permission",
            "missing",
            false,
            names.scope(grant.resourceId, scope),
            "consented in the stack, not in the tenant",
          ),
        );
    }
  }
  return findings;
}
