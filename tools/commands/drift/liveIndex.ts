import {
  DirectoryExport,
  GraphAppRoleAssignment,
  GraphApplication,
  GraphOAuth2PermissionGrant,
  GraphServicePrincipal,
} from "../../tenant/directory/graphTypes";

/**
 * The live objects by the IDs drift looks them up by, built once: an export of a large tenant
 * holds thousands of applications and service principals and tens of thousands of assignments,
 * and scanning the lists once per app of the state was apps x objects. The first object of a
 * duplicated ID wins, as the scans (Array.find) gave it.
 */
export class LiveIndex {
  private readonly applications = new Map<string, GraphApplication>();
  private readonly servicePrincipals = new Map<string, GraphServicePrincipal>();
  private readonly assignments = new Map<string, GraphAppRoleAssignment[]>();
  private readonly grants = new Map<string, GraphOAuth2PermissionGrant[]>();

  constructor(readonly live: DirectoryExport) {
    for (const app of live.applications) first(this.applications, app.id.toLowerCase(), app);
    for (const sp of live.servicePrincipals)
      first(this.servicePrincipals, sp.appId.toLowerCase(), sp);
    for (const a of live.appRoleAssignments) push(this.assignments, a.principalId.toLowerCase(), a);
    for (const g of live.oauth2PermissionGrants) push(this.grants, g.clientId.toLowerCase(), g);
  }

  /** The application with this object ID (lower case). */
  application(objectId: string): GraphApplication | undefined {
    return this.applications.get(objectId);
  }

  /** The service principal of the app with this client ID (lower case). */
  servicePrincipalOf(clientId: string): GraphServicePrincipal | undefined {
    return this.servicePrincipals.get(clientId);
  }

  /** App role assignments granted to the service principal `spId`. */
  assignmentsTo(spId: string): GraphAppRoleAssignment[] {
    return this.assignments.get(spId.toLowerCase()) ?? [];
  }

  /** Delegated grants where the service principal `spId` is the client. */
  grantsOf(spId: string): GraphOAuth2PermissionGrant[] {
    return this.grants.get(spId.toLowerCase()) ?? [];
  }

  /** A map entry of the bundle's own (never Object.prototype's), by the application's ID. */
  owners(objectId: string): DirectoryExport["owners"][string] {
    return Object.hasOwn(this.live.owners, objectId) ? this.live.owners[objectId] : [];
  }

  federatedCredentials(objectId: string): DirectoryExport["federatedIdentityCredentials"][string] {
    const all = this.live.federatedIdentityCredentials;
    return Object.hasOwn(all, objectId) ? all[objectId] : [];
  }
}

function first<T>(map: Map<string, T>, key: string, item: T): void {
  if (!map.has(key)) map.set(key, item);
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
