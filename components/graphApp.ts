import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { AdminConsent } from "./adminConsent";
import { certificateCredentials, federatedCredentials } from "./appCredentials";
import { AppRegistration } from "./appRegistration";
import { ClientSecret } from "./clientSecret";
import { CredentialSummary, credentialSummaries } from "./credentialSummary";
import { existingObjectsProblems } from "./existingObjects";
import { GraphAppApiPermissions, GraphAppArgs } from "./graphAppArgs";
import { MICROSOFT_GRAPH_DEFAULT_SCOPE } from "./microsoftGraph";
import { permissionNames } from "./permissionNames";

export type { GraphAppApiPermissions, GraphAppArgs } from "./graphAppArgs";
export type { CredentialSummary } from "./credentialSummary";

/**
 * Everything one service needs to call Microsoft Graph with its own identity: the app
 * registration and service principal, admin consent per API, and its credentials (client secret,
 * certificates, federated credentials).
 */
export class GraphApp extends pulumi.ComponentResource {
  /** The application and service principal, as one component. */
  readonly registration: AppRegistration;
  /** The application object (`<name>`). */
  readonly application: azuread.Application;
  /** Its service principal (`<name>`). */
  readonly servicePrincipal: azuread.ServicePrincipal;
  /** Admin consent per resource API, keyed by `resourceKey` (none without `adminConsent`). */
  readonly consents: Readonly<Record<string, AdminConsent>>;
  /** The client secret component (`<name>-secret`), when `clientSecret` is given. */
  readonly secret?: ClientSecret;
  /** Certificate credentials, keyed by name. */
  readonly certificates: Readonly<Record<string, azuread.ApplicationCertificate>>;
  /** Federated identity credentials, keyed by name. */
  readonly federatedCredentials: Readonly<
    Record<string, azuread.ApplicationFederatedIdentityCredential>
  >;

  /** Application (client) ID. */
  readonly clientId: pulumi.Output<string>;
  /** Directory (tenant) ID, as given. */
  readonly tenantId: pulumi.Output<string>;
  readonly applicationObjectId: pulumi.Output<string>;
  readonly servicePrincipalObjectId: pulumi.Output<string>;
  /** OAuth 2.0 v2 token endpoint of the tenant, for the client credentials flow. */
  readonly tokenEndpoint: pulumi.Output<string>;
  /** Scope for app-only Microsoft Graph tokens. */
  readonly scope: pulumi.Output<string>;
  /** Application permissions, sorted; Graph ones bare (`Mail.Send`), others as `API/value`. */
  readonly applicationPermissions: pulumi.Output<string[]>;
  /** Delegated permissions, same naming. */
  readonly delegatedPermissions: pulumi.Output<string[]>;
  /** Current client secret (a Pulumi secret), or undefined without a secret. */
  readonly clientSecret: pulumi.Output<string | undefined>;
  /** End of validity of the current client secret (RFC 3339), or undefined without a secret. */
  readonly clientSecretExpiresOn: pulumi.Output<string | undefined>;
  /** Resolves once admin consent has been granted for every permission. */
  readonly consentReady: pulumi.Output<boolean>;
  /** Every credential with its end date (no values), once each exists. */
  readonly credentials: pulumi.Output<CredentialSummary[]>;

  constructor(name: string, args: GraphAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:GraphApp", name, {}, opts);
    const apis = args.apis ?? [];
    const existing = args.existing ?? {};
    const consented = (args.adminConsent ?? true) ? apis.filter(requestsAnything) : [];
    checkExisting(name, args, consented);

    this.registration = new AppRegistration(
      name,
      {
        displayName: args.displayName,
        signInAudience: args.signInAudience,
        redirectUris: args.redirectUris,
        owners: args.owners,
        notes: args.notes,
        requestedAccess: apis.map((api) => ({
          resourceAppId: api.resourceAppId,
          applicationPermissionIds: (api.applicationPermissions ?? []).map((p) => p.id),
          delegatedPermissionIds: (api.delegatedPermissions ?? []).map((p) => p.id),
          resourceAccessOrder: api.resourceAccessOrder,
        })),
        existing: {
          application: existing.application,
          servicePrincipal: existing.servicePrincipal,
        },
      },
      { parent: this },
    );
    this.application = this.registration.application;
    this.servicePrincipal = this.registration.servicePrincipal;
    const applicationId = this.registration.applicationId;

    this.consents = Object.fromEntries(
      consented.map((api) => [
        api.resourceKey,
        new AdminConsent(
          `${name}-${api.resourceKey}`,
          {
            clientServicePrincipalObjectId: this.registration.servicePrincipalObjectId,
            resourceServicePrincipalObjectId: api.resourceServicePrincipalObjectId,
            applicationPermissions: api.applicationPermissions,
            delegatedScopes: (api.delegatedPermissions ?? []).map((p) => p.value),
            existing: {
              appRoleAssignments: existingAssignments(api, existing.appRoleAssignments ?? {}),
              delegatedPermissionGrant: existing.delegatedPermissionGrants?.[api.resourceKey],
            },
          },
          { parent: this },
        ),
      ]),
    );
    this.secret = args.clientSecret
      ? new ClientSecret(
          `${name}-secret`,
          { applicationId, schedule: args.clientSecret },
          { parent: this },
        )
      : undefined;
    this.certificates = certificateCredentials(this, name, applicationId, args.certificates ?? []);
    this.federatedCredentials = federatedCredentials(
      this,
      name,
      applicationId,
      args.federatedCredentials ?? [],
      existing.federatedCredentials,
    );

    this.clientId = this.registration.clientId;
    this.tenantId = pulumi.output(args.tenantId);
    this.applicationObjectId = this.registration.applicationObjectId;
    this.servicePrincipalObjectId = this.registration.servicePrincipalObjectId;
    this.tokenEndpoint = pulumi.interpolate`https://login.microsoftonline.com/${args.tenantId}/oauth2/v2.0/token`;
    this.scope = pulumi.output(MICROSOFT_GRAPH_DEFAULT_SCOPE);
    this.applicationPermissions = permissionNames(apis, "applicationPermissions");
    this.delegatedPermissions = permissionNames(apis, "delegatedPermissions");
    this.clientSecret = this.secret ? this.secret.value : pulumi.output(undefined);
    this.clientSecretExpiresOn = this.secret ? this.secret.expiresOn : pulumi.output(undefined);
    this.consentReady = pulumi
      .all(Object.values(this.consents).map((consent) => consent.ready))
      .apply(() => true);
    // Listed once they exist, so a consumer of `credentials` never sees one that failed.
    const credentialIds = [
      ...Object.values(this.certificates),
      ...Object.values(this.federatedCredentials),
    ].map((credential) => credential.id);
    this.credentials = pulumi
      .all([pulumi.all(credentialIds), credentialSummaries(name, args)])
      .apply(([, summaries]) => summaries);
    this.registerOutputs({
      clientId: this.clientId,
      tenantId: this.tenantId,
      applicationObjectId: this.applicationObjectId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      tokenEndpoint: this.tokenEndpoint,
      scope: this.scope,
      applicationPermissions: this.applicationPermissions,
      delegatedPermissions: this.delegatedPermissions,
      clientSecret: this.clientSecret,
      clientSecretExpiresOn: this.clientSecretExpiresOn,
      consentReady: this.consentReady,
      credentials: this.credentials,
    });
  }
}

function requestsAnything(api: GraphAppApiPermissions): boolean {
  return (api.applicationPermissions?.length ?? 0) + (api.delegatedPermissions?.length ?? 0) > 0;
}

/** `existing.appRoleAssignments` of one API, keyed by permission value as AdminConsent takes them. */
function existingAssignments(
  api: GraphAppApiPermissions,
  byKey: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    (api.applicationPermissions ?? [])
      .map((p) => [p.value, byKey[`${api.resourceKey}/${p.value}`]] as const)
      .filter(([, id]) => id !== undefined),
  );
}

/** Refuses, all at once, import IDs of the wrong form and entries that match no child. */
function checkExisting(name: string, args: GraphAppArgs, consented: GraphAppApiPermissions[]) {
  const problems = existingObjectsProblems(args.existing ?? {}, {
    appRoleAssignments: consented.flatMap((api) =>
      (api.applicationPermissions ?? []).map((p) => `${api.resourceKey}/${p.value}`),
    ),
    delegatedPermissionGrants: consented
      .filter((api) => (api.delegatedPermissions?.length ?? 0) > 0)
      .map((api) => api.resourceKey),
    federatedCredentials: (args.federatedCredentials ?? []).map((f) => f.name),
  });
  if (problems.length > 0) throw new Error(`GraphApp ${name}: ${problems.join("; ")}`);
}
