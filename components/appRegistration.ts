import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { sortedUnique, toRequiredResourceAccesses } from "./requiredResourceAccess";

/** Permissions an app requests from one resource API, by ID. */
export interface RequestedApiAccess {
  /** appId of the resource API, e.g. Microsoft Graph's 00000003-0000-0000-c000-000000000000. */
  resourceAppId: pulumi.Input<string>;
  /** App role IDs (application permissions). */
  applicationPermissionIds: pulumi.Input<string>[];
  /** OAuth2 scope IDs (delegated permissions). */
  delegatedPermissionIds: pulumi.Input<string>[];
  /**
   * Only read when the application is adopted (`existing.application`): the IDs in the order the
   * live app lists them, roles and scopes interleaved as Graph returns them. IDs not listed follow
   * in the order given.
   * @default application permission IDs, then delegated ones, as given
   */
  resourceAccessOrder?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Existing objects to take over on the first `pulumi up` (Pulumi's `import` option). */
export interface AppRegistrationExistingObjects {
  /**
   * Import ID of the application: `/applications/{objectId}`.
   * @default create a new application
   */
  application?: string;
  /**
   * Import ID of its service principal: `/servicePrincipals/{objectId}`.
   * @default create a new service principal
   */
  servicePrincipal?: string;
}

export interface AppRegistrationArgs {
  /** Name shown in the Entra portal. */
  displayName: pulumi.Input<string>;
  /**
   * Who can sign in: single tenant or any organisation's accounts.
   * @default "AzureADMyOrg"
   */
  signInAudience?: pulumi.Input<"AzureADMyOrg" | "AzureADMultipleOrgs">;
  /**
   * Web redirect URIs, sorted and de-duplicated. None is right for app-only (daemon) access.
   * @default none
   */
  redirectUris?: pulumi.Input<pulumi.Input<string>[]>;
  /** Owner object IDs for the application and its service principal; sorted and de-duplicated. */
  owners: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Free text shown in the portal.
   * @default none
   */
  notes?: pulumi.Input<string>;
  /**
   * API permissions the app requests (the portal's "Configured permissions"). Sorted by API and
   * ID so input order never causes a diff. No default `User.Read` is added.
   * @default none
   */
  requestedAccess?: RequestedApiAccess[];
  /**
   * Existing objects to adopt instead of creating them. Pulumi imports and then updates an
   * object whose inputs differ (pulumi/pulumi#19339), and the provider keeps each API's
   * `resource_access` list in Graph's order, so with `application` set the permission IDs keep the caller's order (see
   * `RequestedApiAccess.resourceAccessOrder`) instead of being sorted.
   * @default none
   */
  existing?: AppRegistrationExistingObjects;
}

/**
 * An app registration (`azuread.Application`) and its service principal (`azuread.ServicePrincipal`),
 * the identity that receives admin consent and signs in with client credentials.
 */
export class AppRegistration extends pulumi.ComponentResource {
  /** The application object. */
  readonly application: azuread.Application;
  /** Its service principal (the portal's Enterprise Application). */
  readonly servicePrincipal: azuread.ServicePrincipal;
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
    const owners = pulumi.output(args.owners).apply(sortedUnique);
    const order = args.existing?.application ? "as-given" : "sorted";

    this.application = new azuread.Application(
      name,
      {
        displayName: args.displayName,
        signInAudience: args.signInAudience ?? "AzureADMyOrg",
        owners,
        notes: args.notes,
        requiredResourceAccesses: pulumi
          .output(args.requestedAccess ?? [])
          .apply((requested) => toRequiredResourceAccesses(requested, order)),
        web:
          args.redirectUris === undefined
            ? undefined
            : pulumi
                .output(args.redirectUris)
                .apply((uris) =>
                  uris.length > 0 ? { redirectUris: sortedUnique(uris) } : undefined,
                ),
      },
      { parent: this, import: args.existing?.application },
    );

    this.servicePrincipal = new azuread.ServicePrincipal(
      name,
      { clientId: this.application.clientId, owners },
      { parent: this, import: args.existing?.servicePrincipal },
    );

    this.clientId = this.application.clientId;
    this.applicationObjectId = this.application.objectId;
    this.applicationId = this.application.id;
    this.servicePrincipalObjectId = this.servicePrincipal.objectId;
    this.registerOutputs({
      clientId: this.clientId,
      applicationObjectId: this.applicationObjectId,
      applicationId: this.applicationId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
    });
  }
}
