import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";

export interface AdminConsentArgs {
  /** Object ID of the client app's service principal (the one being granted). */
  clientServicePrincipalObjectId: pulumi.Input<string>;
  /** Object ID of the resource API's service principal in this tenant (e.g. Microsoft Graph's). */
  resourceServicePrincipalObjectId: pulumi.Input<string>;
  /** Application permissions to grant: value (names the child resource) and app role ID. Default: none. */
  applicationPermissions?: { value: string; id: string }[];
  /** Delegated scope values to grant for all users (consent type AllPrincipals). Default: none. */
  delegatedScopes?: string[];
  /** Existing grants to adopt instead of creating them (Pulumi's `import` option). Default: none. */
  existing?: AdminConsentExistingObjects;
}

/** Import IDs of grants that already exist, in the provider's formats. */
export interface AdminConsentExistingObjects {
  /**
   * Permission value → `/servicePrincipals/{resourceSpObjectId}/appRoleAssignedTo/{assignmentId}`.
   * Default: none.
   */
  appRoleAssignments?: Record<string, string>;
  /** The delegated grant: `/oauth2PermissionGrants/{id}`. Default: none. */
  delegatedPermissionGrant?: string;
}

/**
 * Entra replicates a new service principal for a while before other calls can see it; the
 * provider retries "not found" until its create timeout. Give it room so a first `pulumi up`
 * does not fail on replication delay.
 */
export const CONSENT_TIMEOUTS: pulumi.CustomTimeouts = {
  create: "15m",
  update: "15m",
  delete: "10m",
};

/**
 * Tenant-wide admin consent to one resource API: one `AppRoleAssignment` per application
 * permission and, when delegated scopes are given, one `ServicePrincipalDelegatedPermissionGrant`
 * (Entra allows one grant per client and resource).
 */
export class AdminConsent extends pulumi.ComponentResource {
  /** App role assignment resource IDs keyed by permission value. */
  readonly appRoleAssignmentIds: pulumi.Output<Record<string, string>>;
  /** Resolves once every assignment and grant exists: depend on it before calling the API. */
  readonly ready: pulumi.Output<boolean>;

  constructor(name: string, args: AdminConsentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:AdminConsent", name, {}, opts);

    const assignments = (args.applicationPermissions ?? []).map((permission) => ({
      value: permission.value,
      assignment: new azuread.AppRoleAssignment(
        `${name}-${permission.value}`,
        {
          appRoleId: permission.id,
          principalObjectId: args.clientServicePrincipalObjectId,
          resourceObjectId: args.resourceServicePrincipalObjectId,
        },
        {
          parent: this,
          customTimeouts: CONSENT_TIMEOUTS,
          import: args.existing?.appRoleAssignments?.[permission.value],
        },
      ),
    }));

    const scopes = [...new Set(args.delegatedScopes ?? [])].sort();
    const grant =
      scopes.length > 0
        ? new azuread.ServicePrincipalDelegatedPermissionGrant(
            `${name}-delegated`,
            {
              servicePrincipalObjectId: args.clientServicePrincipalObjectId,
              resourceServicePrincipalObjectId: args.resourceServicePrincipalObjectId,
              claimValues: scopes,
            },
            {
              parent: this,
              customTimeouts: CONSENT_TIMEOUTS,
              import: args.existing?.delegatedPermissionGrant,
            },
          )
        : undefined;

    this.appRoleAssignmentIds = pulumi
      .all(
        assignments.map(({ value, assignment }) =>
          assignment.id.apply((id) => [value, id] as const),
        ),
      )
      .apply((pairs) => Object.fromEntries(pairs));
    this.ready = pulumi.all([this.appRoleAssignmentIds, grant ? grant.id : ""]).apply(() => true);
    this.registerOutputs({ appRoleAssignmentIds: this.appRoleAssignmentIds, ready: this.ready });
  }
}
