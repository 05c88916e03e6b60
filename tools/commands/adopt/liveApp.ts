import {
  DirectoryExport,
  GraphAppRoleAssignment,
  GraphApplication,
  GraphDirectoryObject,
  GraphFederatedIdentityCredential,
  GraphOAuth2PermissionGrant,
  GraphServicePrincipal,
} from "../../tenant/directory/graphTypes";

/** One application as the export shows it, with everything that hangs off it. */
export interface LiveApp {
  application: GraphApplication;
  /** Its service principal in this tenant (absent for an app registered without one). */
  servicePrincipal?: GraphServicePrincipal;
  owners: GraphDirectoryObject[];
  /** The service principal's owners; undefined when the export does not list them. */
  servicePrincipalOwners?: GraphDirectoryObject[];
  /** App role assignments granted to its service principal. */
  assignments: GraphAppRoleAssignment[];
  /** Delegated grants where its service principal is the client. */
  grants: GraphOAuth2PermissionGrant[];
  federatedCredentials: GraphFederatedIdentityCredential[];
}

/** Reads one application's objects out of an export bundle. */
export function liveApp(bundle: DirectoryExport, application: GraphApplication): LiveApp {
  const servicePrincipal = bundle.servicePrincipals.find(
    (sp) => sp.appId.toLowerCase() === application.appId.toLowerCase(),
  );
  const spId = servicePrincipal?.id.toLowerCase();
  return {
    application,
    servicePrincipal,
    owners: bundle.owners[application.id] ?? [],
    servicePrincipalOwners: servicePrincipal ? bundle.owners[servicePrincipal.id] : undefined,
    assignments: spId
      ? bundle.appRoleAssignments.filter(
          (a) => a.principalId.toLowerCase() === spId && !a.deletedDateTime,
        )
      : [],
    grants: spId
      ? bundle.oauth2PermissionGrants.filter((g) => g.clientId.toLowerCase() === spId)
      : [],
    federatedCredentials: bundle.federatedIdentityCredentials[application.id] ?? [],
  };
}

/** The resource API's service principal in the export, by its appId. */
export function resourceServicePrincipal(
  bundle: DirectoryExport,
  appId: string,
): GraphServicePrincipal | undefined {
  return bundle.servicePrincipals.find((sp) => sp.appId.toLowerCase() === appId.toLowerCase());
}
