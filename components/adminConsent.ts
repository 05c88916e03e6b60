import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";

export interface AdminConsentArgs {
  /** Object ID of the client app's service principal (the one being granted). */
  clientServicePrincipalObjectId: pulumi.Input<string>;
  /** Object ID of the resource API's service principal in this tenant (e.g. Microsoft Graph's). */
  resourceServicePrincipalObjectId: pulumi.Input<string>;
  /**
   * Application permissions to grant: value (names the child resource, so a plain string) and
   * app role ID.
   * @default none
   */
  applicationPermissions?: { value: string; id: pulumi.Input<string> }[];
  /**
   * Delegated scope values to grant for all users (consent type AllPrincipals). Plain strings:
   * whether the grant exists at all depends on them.
   * @default none
   */
  delegatedScopes?: string[];
  /**
   * Existing grants to adopt instead of creating them (Pulumi's `import` option).
   * @default none
   */
  existing?: AdminConsentExistingObjects;
}

/** Import IDs of grants that already exist, in the provider's formats. */
export interface AdminConsentExistingObjects {
  /**
   * Permission value → `/servicePrincipals/{resourceSpObjectId}/appRoleAssignedTo/{assignmentId}`.
   * @default none
   */
  appRoleAssignments?: Record<string, string>;
  /**
   * The delegated grant: `/oauth2PermissionGrants/{id}`.
   * @default none
   */
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
  /** The app role assignments, keyed by permission value. */
  readonly appRoleAssignments: Readonly<Record<string, azuread.AppRoleAssignment>>;
  /** The delegated permission grant, when scopes are granted. */
  readonly delegatedPermissionGrant?: azuread.ServicePrincipalDelegatedPermissionGrant;
  /** App role assignment resource IDs keyed by permission value. */
  readonly appRoleAssignmentIds: pulumi.Output<Record<string, string>>;
  /** Resolves once every assignment and grant exists: depend on it before calling the API. */
  readonly ready: pulumi.Output<boolean>;

  constructor(name: string, args: AdminConsentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:AdminConsent", name, {}, opts);

    const assignments: Record<string, azuread.AppRoleAssignment> = {};
    for (const permission of args.applicationPermissions ?? []) {
      assignments[permission.value] = new azuread.AppRoleAssignment(
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
      );
    }
    this.appRoleAssignments = assignments;

    const scopes = [...new Set(args.delegatedScopes ?? [])].sort();
    if (scopes.length > 0) {
      this.delegatedPermissionGrant = new azuread.ServicePrincipalDelegatedPermissionGrant(
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
      );
    }

    this.appRoleAssignmentIds = pulumi.all(
      Object.fromEntries(Object.entries(assignments).map(([value, a]) => [value, a.id])),
    );
    this.ready = pulumi
      .all([this.appRoleAssignmentIds, this.delegatedPermissionGrant?.id ?? ""])
      .apply(() => true);
    this.registerOutputs({ appRoleAssignmentIds: this.appRoleAssignmentIds, ready: this.ready });
  }
}
