import { DirectoryExport, GraphServicePrincipal } from "../../tenant/directory/graphTypes";
import { checkDriftWork } from "./driftWork";
import { LiveIndex } from "./liveIndex";
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
export function compareDrift(
  state: ManagedState,
  live: DirectoryExport,
  source = "the tenant",
): AppDrift[] {
  const index = new LiveIndex(live);
  checkDriftWork(state, index, source);
  const names = new PermissionNames(live.servicePrincipals);
  return state.apps.map((app) => ({
    key: app.key,
    displayName: app.displayName,
    objectId: app.objectId,
    clientId: app.clientId,
    findings: sortFindings(appFindings(app, index, names)),
  }));
}

function appFindings(app: ManagedApp, live: LiveIndex, names: PermissionNames): DriftFinding[] {
  const liveApp = live.application(app.objectId);
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
  const sp = live.servicePrincipalOf(app.clientId);
  return [
    ...servicePrincipalFindings(app, sp),
    ...(sp ? assignmentFindings(app, sp, live, names) : []),
    ...(sp ? grantFindings(app, sp, live, names) : []),
    ...credentialFindings(app, liveApp, live.federatedCredentials(liveApp.id)),
    ...(sp ? spCredentialFindings(sp) : []),
    ...ownerFindings(app, live.owners(liveApp.id)),
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
