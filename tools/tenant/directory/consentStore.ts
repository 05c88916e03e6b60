import { plainCopy } from "./ids";
import type { DirectoryContext } from "./directoryContext";
import { GraphError, badRequest, notFound } from "./graphError";
import { GraphAppRoleAssignment, GraphOAuth2PermissionGrant } from "./graphTypes";

/**
 * Admin consent as Graph stores it: app role assignments
 * (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto) and delegated
 * permission grants (https://learn.microsoft.com/graph/api/oauth2permissiongrant-post).
 */
export class ConsentStore {
  private readonly assignments = new Map<string, GraphAppRoleAssignment>();
  private readonly grants = new Map<string, GraphOAuth2PermissionGrant>();

  constructor(private readonly directory: DirectoryContext) {}

  listAssignments(): GraphAppRoleAssignment[] {
    return [...this.assignments.values()];
  }

  listGrants(): GraphOAuth2PermissionGrant[] {
    return [...this.grants.values()];
  }

  assignment(id: string): GraphAppRoleAssignment | undefined {
    return this.assignments.get(id);
  }

  grant(id: string): GraphOAuth2PermissionGrant | undefined {
    return this.grants.get(id);
  }

  /**
   * POST /servicePrincipals/{resourceId}/appRoleAssignedTo. Needs AppRoleAssignment.ReadWrite.All
   * (Application.ReadWrite.OwnedBy does not cover Microsoft Graph's service principal). A second
   * assignment of the same role to the same principal is refused, whoever made the first one
   * (the portal's "Grant admin consent" included).
   */
  assign(
    resourceId: string,
    body: { principalId: string; resourceId: string; appRoleId: string },
  ): GraphAppRoleAssignment {
    this.directory.requireRole(["AppRoleAssignment.ReadWrite.All"], "assigning an app role");
    const resource = this.directory.servicePrincipals.require(resourceId);
    if (body.resourceId.toLowerCase() !== resource.id) {
      throw badRequest(
        "The resourceId in the body does not match the service principal in the URL.",
      );
    }
    const principal = this.directory.servicePrincipals.get(body.principalId);
    if (!principal) throw notFound(body.principalId);
    const role = resource.appRoles.find(
      (candidate) => candidate.id === body.appRoleId.toLowerCase(),
    );
    if (!role || !role.isEnabled || !role.allowedMemberTypes.includes("Application")) {
      throw badRequest(
        `Permission being assigned was not found on application '${resource.appId}'.`,
      );
    }
    const duplicate = this.listAssignments().some(
      (a) =>
        a.principalId === principal.id && a.resourceId === resource.id && a.appRoleId === role.id,
    );
    if (duplicate) throw badRequest("Permission being assigned already exists on the object");
    const assignment: GraphAppRoleAssignment = {
      id: this.directory.newOpaqueId(
        "appRoleAssignment",
        `${principal.id}|${resource.id}|${role.id}`,
      ),
      appRoleId: role.id,
      principalId: principal.id,
      principalDisplayName: principal.displayName,
      principalType: "ServicePrincipal",
      resourceId: resource.id,
      resourceDisplayName: resource.displayName,
      createdDateTime: this.directory.nowText(),
      deletedDateTime: null,
    };
    this.assignments.set(assignment.id, assignment);
    this.directory.markCreated(assignment.id);
    return structuredClone(assignment);
  }

  unassign(resourceId: string, assignmentId: string): void {
    this.directory.requireRole(
      ["AppRoleAssignment.ReadWrite.All"],
      "removing an app role assignment",
    );
    const assignment = this.assignments.get(assignmentId);
    if (!assignment || assignment.resourceId !== resourceId.toLowerCase())
      throw notFound(assignmentId);
    this.assignments.delete(assignmentId);
  }

  /**
   * POST /oauth2PermissionGrants. One AllPrincipals grant per client and resource; scope values
   * are not checked against the resource by Graph.
   */
  createGrant(body: Omit<GraphOAuth2PermissionGrant, "id">): GraphOAuth2PermissionGrant {
    this.directory.requireRole(
      ["DelegatedPermissionGrant.ReadWrite.All"],
      "granting delegated permissions",
    );
    const client = this.directory.servicePrincipals.get(body.clientId);
    if (!client) throw notFound(body.clientId);
    const resource = this.directory.servicePrincipals.get(body.resourceId);
    if (!resource) throw notFound(body.resourceId);
    const duplicate = this.listGrants().some(
      (g) =>
        g.clientId === client.id &&
        g.resourceId === resource.id &&
        g.consentType === body.consentType &&
        (g.principalId ?? null) === (body.principalId ?? null),
    );
    if (duplicate) {
      throw new GraphError(
        409,
        "Request_MultipleObjectsWithSameKeyValue",
        "Permission entry already exists.",
      );
    }
    const grant: GraphOAuth2PermissionGrant = {
      id: this.directory.newOpaqueId(
        "oauth2PermissionGrant",
        `${client.id}|${resource.id}|${body.principalId ?? "all"}`,
      ),
      clientId: client.id,
      consentType: body.consentType,
      principalId: body.principalId ?? null,
      resourceId: resource.id,
      scope: body.scope,
    };
    this.grants.set(grant.id, grant);
    this.directory.markCreated(grant.id);
    return structuredClone(grant);
  }

  updateGrant(id: string, scope: string): void {
    this.directory.requireRole(
      ["DelegatedPermissionGrant.ReadWrite.All"],
      "updating delegated permissions",
    );
    const grant = this.grants.get(id);
    if (!grant) throw notFound(id);
    grant.scope = scope;
  }

  deleteGrant(id: string): void {
    this.directory.requireRole(
      ["DelegatedPermissionGrant.ReadWrite.All"],
      "removing delegated permissions",
    );
    if (!this.grants.delete(id)) throw notFound(id);
  }

  /** Graph removes a deleted service principal's assignments and grants with it. */
  forgetPrincipal(servicePrincipalId: string): void {
    for (const [id, a] of this.assignments)
      if (a.principalId === servicePrincipalId) this.assignments.delete(id);
    for (const [id, g] of this.grants)
      if (g.clientId === servicePrincipalId) this.grants.delete(id);
  }

  restoreAssignment(assignment: GraphAppRoleAssignment): void {
    this.assignments.set(assignment.id, plainCopy(assignment));
  }

  restoreGrant(grant: GraphOAuth2PermissionGrant): void {
    this.grants.set(grant.id, plainCopy(grant));
  }
}
