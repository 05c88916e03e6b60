import * as pulumi from "@pulumi/pulumi";
import { ClientSecretSchedule } from "./clientSecretSchedule";
import { CertificateCredentialArgs, FederatedCredentialArgs } from "./credentialArgs";
import { GraphAppExistingObjects } from "./existingObjects";

/** One permission on a resource API: its value names the resource that grants it. */
export interface GraphAppPermission {
  /** The permission's value, e.g. `Mail.Send`: names the consent resource, so it is a plain string. */
  value: string;
  /** App role ID (application permission) or OAuth2 scope ID (delegated permission) on the API. */
  id: pulumi.Input<string>;
}

/** Permissions on one resource API, with IDs resolved against the tenant. */
export interface GraphAppApiPermissions {
  /**
   * Short stable key naming the consent resources (`<app>-<resourceKey>-Mail.Send`): `graph`,
   * `exchange`, or the API's appId. A plain string, since resource names cannot wait for outputs.
   */
  resourceKey: string;
  /** appId of the API, e.g. Microsoft Graph's `00000003-0000-0000-c000-000000000000`. */
  resourceAppId: pulumi.Input<string>;
  /**
   * Object ID of the API's service principal in this tenant, e.g.
   * `azuread.getServicePrincipalOutput({ clientId }).objectId`.
   */
  resourceServicePrincipalObjectId: pulumi.Input<string>;
  /**
   * Display name of the API: permissions of APIs other than Microsoft Graph are listed as
   * `<name>/<value>`.
   * @default the resourceKey
   */
  resourceDisplayName?: pulumi.Input<string>;
  /**
   * Application permissions (app roles).
   * @default none
   */
  applicationPermissions?: GraphAppPermission[];
  /**
   * Delegated permissions (scopes), consented for all users when `adminConsent` is on.
   * @default none
   */
  delegatedPermissions?: GraphAppPermission[];
  /**
   * Only read with `existing.application`: the permission IDs in the order the live app lists
   * them (roles and scopes interleaved as Graph returns them).
   * @default application permissions, then delegated ones, each in the order given
   */
  resourceAccessOrder?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface GraphAppArgs {
  /** Name shown in the Entra portal. */
  displayName: pulumi.Input<string>;
  /**
   * Directory (tenant) ID the app lives in, for the token endpoint, e.g.
   * `azuread.getClientConfigOutput().tenantId`.
   */
  tenantId: pulumi.Input<string>;
  /**
   * Owner object IDs of the application and its service principal; sorted and de-duplicated.
   * Entra needs an owner besides the deployer for anyone else to manage the app.
   */
  owners: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Who can sign in.
   * @default "AzureADMyOrg"
   */
  signInAudience?: pulumi.Input<"AzureADMyOrg" | "AzureADMultipleOrgs">;
  /**
   * Web redirect URIs, sorted. None is right for app-only (daemon) access.
   * @default none
   */
  redirectUris?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Free text shown in the portal.
   * @default none
   */
  notes?: pulumi.Input<string>;
  /**
   * Requested permissions per resource API (the portal's "Configured permissions"). No
   * `User.Read` is added.
   * @default none
   */
  apis?: GraphAppApiPermissions[];
  /**
   * Grant tenant-wide admin consent for every requested permission; `false` requests only.
   * @default true
   */
  adminConsent?: boolean;
  /**
   * Client secret(s): one fixed end date or two rotation slots, computed by the caller so the
   * component never reads the clock.
   * @default no secret
   */
  clientSecret?: ClientSecretSchedule;
  /**
   * Public certificate credentials.
   * @default none
   */
  certificates?: CertificateCredentialArgs[];
  /**
   * Federated identity credentials for secretless sign-in (GitHub Actions, Kubernetes, ...).
   * @default none
   */
  federatedCredentials?: FederatedCredentialArgs[];
  /**
   * Existing Entra objects to take over on the first `pulumi up` (Pulumi's `import` option), by
   * the provider's import IDs. With `application` set, each API's permission IDs keep the order
   * given (see `GraphAppApiPermissions.resourceAccessOrder`) instead of being sorted, because the
   * provider compares that list in order: any other order would rewrite it right after the import.
   * @default none: everything is created
   */
  existing?: GraphAppExistingObjects;
}
