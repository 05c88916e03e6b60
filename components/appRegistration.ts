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
  /**
   * Only read when the application is adopted (`existing.application`): the IDs in the order the
   * live app lists them, roles and scopes interleaved as Graph returns them. IDs not listed follow
   * in the order given. Default: application permission IDs, then delegated ones, as given.
   */
  resourceAccessOrder?: string[];
}

/** Existing Entra objects to take over on the first `pulumi up` (Pulumi's `import` option). */
export interface AppRegistrationExistingObjects {
  /** Import ID of the application: `/applications/{objectId}`. Default: create a new one. */
  application?: string;
  /** Import ID of its service principal: `/servicePrincipals/{objectId}`. Default: create one. */
  servicePrincipal?: string;
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
  /**
   * Existing objects to adopt instead of creating them. Pulumi refuses an import whose inputs
   * differ from the live object, and the provider keeps each API's `resource_access` list in
   * Graph's order, so with `application` set the permission IDs keep the caller's order (see
   * `RequestedApiAccess.resourceAccessOrder`) instead of being sorted. Default: none.
   */
  existing?: AppRegistrationExistingObjects;
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
        requiredResourceAccesses: toRequiredResourceAccesses(
          args.requestedAccess ?? [],
          args.existing?.application ? "as-given" : "sorted",
        ),
        web:
          args.redirectUris && args.redirectUris.length > 0
            ? { redirectUris: sortedUnique(args.redirectUris) }
            : undefined,
      },
      { parent: this, import: args.existing?.application },
    );

    const servicePrincipal = new azuread.ServicePrincipal(
      name,
      { clientId: application.clientId, owners },
      { parent: this, import: args.existing?.servicePrincipal },
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

/**
 * The provider's `requiredResourceAccesses`; APIs with nothing requested are left out. The outer
 * list is a set to the provider, so it is sorted by API either way. Each API's `resource_access`
 * is an ordered list (terraform-provider-azuread v3.8.0
 * internal/services/applications/application_resource.go, `required_resource_access`): `sorted`
 * gives a canonical order so config order never causes a diff; `as-given` keeps the caller's, to
 * reproduce an existing app's list exactly.
 */
export function toRequiredResourceAccesses(
  requested: RequestedApiAccess[],
  order: "sorted" | "as-given" = "sorted",
): azuread.types.input.ApplicationRequiredResourceAccess[] {
  return [...requested]
    .filter((api) => api.applicationPermissionIds.length + api.delegatedPermissionIds.length > 0)
    .sort((a, b) => compare(a.resourceAppId, b.resourceAppId))
    .map((api) => ({
      resourceAppId: api.resourceAppId,
      resourceAccesses: order === "sorted" ? sortedAccesses(api) : accessesAsGiven(api),
    }));
}

function sortedAccesses(api: RequestedApiAccess): { id: string; type: string }[] {
  return [
    ...sortedUnique(api.applicationPermissionIds).map((id) => ({ id, type: "Role" })),
    ...sortedUnique(api.delegatedPermissionIds).map((id) => ({ id, type: "Scope" })),
  ];
}

function accessesAsGiven(api: RequestedApiAccess): { id: string; type: string }[] {
  const given = [
    ...[...new Set(api.applicationPermissionIds)].map((id) => ({ id, type: "Role" })),
    ...[...new Set(api.delegatedPermissionIds)].map((id) => ({ id, type: "Scope" })),
  ];
  const order = api.resourceAccessOrder ?? [];
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index < 0 ? order.length : index;
  };
  // Array.prototype.sort is stable: IDs of equal rank keep the order given.
  return given.sort((a, b) => rank(a.id) - rank(b.id));
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
