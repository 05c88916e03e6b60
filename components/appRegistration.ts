import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";

/** Permissions an app requests from one resource API, by ID. */
export interface RequestedApiAccess {
  /** appId of the resource API, e.g. Microsoft Graph's 00000003-0000-0000-c000-000000000000. */
  resourceAppId: string;
  /** App role IDs (application permissions). */
  applicationPermissionIds: string[];
  /** OAuth2 scope IDs (delegated permissions). */
  delegatedPermissionIds: string[];
}

export interface AppRegistrationArgs {
  /** Name shown in the Entra portal. Required. */
  displayName: pulumi.Input<string>;
  /** Who can sign in: `AzureADMyOrg` (single tenant, the default) or `AzureADMultipleOrgs`. */
  signInAudience?: "AzureADMyOrg" | "AzureADMultipleOrgs";
  /** Web redirect URIs. Default: none, which is right for app-only (daemon) access. */
  redirectUris?: string[];
  /** Owner object IDs for the application and its service principal; sorted and de-duplicated. */
  owners: string[];
  /** Free text shown in the portal. Default: none. */
  notes?: string;
  /**
   * API permissions the app requests (the portal's "Configured permissions"). Sorted by API and
   * ID so config order never causes a diff. No default `User.Read` is added. Default: none.
   */
  requestedAccess?: RequestedApiAccess[];
}

/**
 * An app registration (`azuread.Application`) and its service principal (`azuread.ServicePrincipal`),
 * the identity that receives admin consent and signs in with client credentials.
 */
export class AppRegistration extends pulumi.ComponentResource {
  /** Application (client) ID: what consumers configure as the client ID. */
  readonly clientId: pulumi.Output<string>;
  /** Object ID of the application object. */
  readonly applicationObjectId: pulumi.Output<string>;
  /** Resource ID of the application (`/applications/<objectId>`), as credentials expect it. */
  readonly applicationId: pulumi.Output<string>;
  /** Object ID of the service principal: the principal of app role assignments. */
  readonly servicePrincipalObjectId: pulumi.Output<string>;

  constructor(name: string, args: AppRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:AppRegistration", name, {}, opts);
    const owners = sortedUnique(args.owners);

    const application = new azuread.Application(
      name,
      {
        displayName: args.displayName,
        signInAudience: args.signInAudience ?? "AzureADMyOrg",
        owners,
        notes: args.notes,
        requiredResourceAccesses: toRequiredResourceAccesses(args.requestedAccess ?? []),
        web:
          args.redirectUris && args.redirectUris.length > 0
            ? { redirectUris: sortedUnique(args.redirectUris) }
            : undefined,
      },
      { parent: this },
    );

    const servicePrincipal = new azuread.ServicePrincipal(
      name,
      { clientId: application.clientId, owners },
      { parent: this },
    );

    this.clientId = application.clientId;
    this.applicationObjectId = application.objectId;
    this.applicationId = application.id;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.registerOutputs({
      clientId: this.clientId,
      applicationObjectId: this.applicationObjectId,
      applicationId: this.applicationId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
    });
  }
}

/** The provider's `requiredResourceAccesses`, in a canonical order; APIs with nothing requested are left out. */
export function toRequiredResourceAccesses(
  requested: RequestedApiAccess[],
): azuread.types.input.ApplicationRequiredResourceAccess[] {
  return [...requested]
    .filter((api) => api.applicationPermissionIds.length + api.delegatedPermissionIds.length > 0)
    .sort((a, b) => compare(a.resourceAppId, b.resourceAppId))
    .map((api) => ({
      resourceAppId: api.resourceAppId,
      resourceAccesses: [
        ...sortedUnique(api.applicationPermissionIds).map((id) => ({ id, type: "Role" })),
        ...sortedUnique(api.delegatedPermissionIds).map((id) => ({ id, type: "Scope" })),
      ],
    }));
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
