import { DirectoryExport, GraphServicePrincipal } from "../../tenant/directory/graphTypes";
import { AppDrift, DriftFinding, finding, sortFindings } from "./findings";
import { assignmentFindings, grantFindings } from "./consentFindings";
import {
  audienceFindings,
  credentialFindings,
  ownerFindings,
  redirectFindings,
  requestedFindings,
  spCredentialFindings,
} from "./settingFindings";
import { PermissionNames } from "./permissionNames";
import { ManagedApp, ManagedState } from "./stackState";

/**
 * Compares what the stack's state says it manages with the live objects: everything in the
 * tenant that gives the app access and that the state does not hold is found `outside-code`
 * (a gain when it opens access), and what the state holds that the tenant lacks `missing`.
 */
export function compareDrift(state: ManagedState, live: DirectoryExport): AppDrift[] {
  const names = new PermissionNames(live.servicePrincipals);
  return state.apps.map((app) => ({
    key: app.key,
    displayName: app.displayName,
    objectId: app.objectId,
    clientId: app.clientId,
    findings: sortFindings(appFindings(app, live, names)),
  }));
}

function appFindings(
  app: ManagedApp,
  live: DirectoryExport,
  names: PermissionNames,
): DriftFinding[] {
  const liveApp = live.applications.find(
    (candidate) => candidate.id.toLowerCase() === app.objectId,
  );
  if (!liveApp) {
    return [
      finding(
        "app",
        "missing",
        false,
        app.displayName,
        `object ID ${app.objectId}, client ID ${app.clientId}: not in the tenant`,
      ),
    ];
  }
  const sp = live.servicePrincipals.find(
    (candidate) => candidate.appId.toLowerCase() === app.clientId,
  );
  return [
    ...servicePrincipalFindings(app, sp),
    ...(sp ? assignmentFindings(app, sp, live, names) : []),
    ...(sp ? grantFindings(app, sp, live, names) : []),
    ...credentialFindings(app, liveApp, live),
    ...(sp ? spCredentialFindings(sp) : []),
    ...ownerFindings(app, live.owners[liveApp.id] ?? []),
    ...redirectFindings(app, liveApp),
    ...audienceFindings(app, liveApp),
    ...requestedFindings(app, liveApp, names),
  ];
}

function servicePrincipalFindings(
  app: ManagedApp,
  sp: GraphServicePrincipal | undefined,
): DriftFinding[] {
  if (sp || !app.servicePrincipalId) return [];
  return [
    finding(
      "service-principal",
      "missing",
      false,
      app.displayName,
      `object ID ${app.servicePrincipalId}: not in the tenant (no app-only sign-in)`,
    ),
  ];
}
