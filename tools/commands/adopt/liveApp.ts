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

/**
 * One application's objects out of an export bundle, found through maps built once: an export of
 * a large tenant holds thousands of service principals and tens of thousands of assignments, and
 * looking each up by scanning the lists was apps x objects.
 */
export class LiveApps {
  private readonly byAppId = new Map<string, GraphServicePrincipal>();
  private readonly byId = new Map<string, GraphServicePrincipal>();
  private readonly assignments = new Map<string, GraphAppRoleAssignment[]>();
  private readonly grants = new Map<string, GraphOAuth2PermissionGrant[]>();
  private readonly roleValues = new Map<GraphServicePrincipal, Map<string, string>>();

  constructor(readonly bundle: DirectoryExport) {
    // The first of a duplicated appId or ID wins, as Array.find gave it.
    for (const sp of bundle.servicePrincipals) {
      if (!this.byAppId.has(sp.appId.toLowerCase())) this.byAppId.set(sp.appId.toLowerCase(), sp);
      if (!this.byId.has(sp.id.toLowerCase())) this.byId.set(sp.id.toLowerCase(), sp);
    }
    for (const a of bundle.appRoleAssignments) {
      if (!a.deletedDateTime) push(this.assignments, a.principalId.toLowerCase(), a);
    }
    for (const g of bundle.oauth2PermissionGrants) push(this.grants, g.clientId.toLowerCase(), g);
  }

  of(application: GraphApplication): LiveApp {
    const servicePrincipal = this.servicePrincipalOf(application.appId);
    const spId = servicePrincipal?.id.toLowerCase();
    const owners = this.bundle.owners;
    return {
      application,
      servicePrincipal,
      owners: own(owners, application.id) ?? [],
      servicePrincipalOwners: servicePrincipal ? own(owners, servicePrincipal.id) : undefined,
      assignments: spId ? (this.assignments.get(spId) ?? []) : [],
      grants: spId ? (this.grants.get(spId) ?? []) : [],
      federatedCredentials: own(this.bundle.federatedIdentityCredentials, application.id) ?? [],
    };
  }

  /** The service principal of an app (a resource API, or the app itself), by its appId. */
  servicePrincipalOf(appId: string): GraphServicePrincipal | undefined {
    return this.byAppId.get(appId.toLowerCase());
  }

  /** A service principal by its object ID. */
  servicePrincipal(id: string): GraphServicePrincipal | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The value of an app role of the resource service principal `resourceId`, by the role's ID. */
  appRoleValue(resourceId: string, appRoleId: string): string | undefined {
    const sp = this.servicePrincipal(resourceId);
    if (!sp) return undefined;
    let roles = this.roleValues.get(sp);
    if (!roles) {
      roles = new Map();
      for (const role of sp.appRoles ?? []) {
        if (!roles.has(role.id.toLowerCase())) roles.set(role.id.toLowerCase(), role.value);
      }
      this.roleValues.set(sp, roles);
    }
    return roles.get(appRoleId.toLowerCase());
  }
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** A map entry of the bundle's own (never one of Object.prototype's, such as `constructor`). */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
