import * as pulumi from "@pulumi/pulumi";
import { SecretSchedule } from "../program/rotation/secretSchedule";
import { MICROSOFT_GRAPH_APP_ID } from "../program/permissions/wellKnownApis";
import { AdminConsent } from "./adminConsent";
import { AppRegistration } from "./appRegistration";
import { ClientSecret } from "./clientSecret";
import { ExchangeScope } from "../program/exchange/exchangeScope";
import { CertificateCredential } from "../program/credentials/certificate";
import { FederatedCredential } from "../program/credentials/federatedCredential";
import * as azuread from "@pulumi/azuread";
import { exchangeScopeScript } from "../program/exchange/exchangeScopeScript";
import { GraphAppExistingObjects, existingObjectsProblems } from "./existingObjects";

/** Permissions on one resource API, with IDs already resolved against the tenant. */
export interface GraphAppApiPermissions {
  /** Short stable key naming the consent resources: `graph`, `exchange`, or the API's appId. */
  resourceKey: string;
  /** Display name of the API, used in permission listings for APIs other than Microsoft Graph. */
  resourceDisplayName: string;
  resourceAppId: string;
  /** Object ID of the API's service principal in this tenant (from `azuread.getServicePrincipal`). */
  resourceServicePrincipalObjectId: string;
  /** Application permissions (app roles): value and ID. */
  applicationPermissions: { value: string; id: string }[];
  /** Delegated permissions (scopes): value and ID. */
  delegatedPermissions: { value: string; id: string }[];
  /**
   * Only read with `existing.application`: the permission IDs in the order the live app lists
   * them (roles and scopes interleaved as Graph returns them). Default: application permissions,
   * then delegated ones, each in the order given.
   */
  resourceAccessOrder?: string[];
}

export interface GraphAppArgs {
  /** Name shown in the Entra portal. Required. */
  displayName: string;
  /** Directory (tenant) ID the app lives in; used for the token endpoint. Required. */
  tenantId: string;
  /** Owner object IDs, normally the deployer plus configured owners. Required (Entra needs one to manage it). */
  owners: string[];
  /** `AzureADMyOrg` (default) or `AzureADMultipleOrgs`. */
  signInAudience?: "AzureADMyOrg" | "AzureADMultipleOrgs";
  /** Web redirect URIs. Default: none. */
  redirectUris?: string[];
  /** Free text shown in the portal. Default: none. */
  notes?: string;
  /** Requested permissions per resource API. Default: none. */
  apis?: GraphAppApiPermissions[];
  /** Grant tenant-wide admin consent for every requested permission. Default: true. */
  adminConsent?: boolean;
  /** Client secret schedule (`secretSchedule(policy, now)`). Default: no secret. */
  clientSecret?: SecretSchedule;
  /**
   * Mailboxes to limit the app to with Exchange Online RBAC for Applications. Exchange has no
   * Pulumi provider, so this yields `exchangeScopeScript` to run once. Default: none.
   */
  exchangeScope?: ExchangeScope;
  /** Public certificate credentials (`parseCertificate`). Default: none. */
  certificates?: CertificateCredential[];
  /** Federated identity credentials for secretless sign-in. Default: none. */
  federatedCredentials?: FederatedCredential[];
  /**
   * Existing Entra objects to take over on the first `pulumi up` (Pulumi's `import` option), by
   * the provider's import IDs. With `application` set, each API's permission IDs keep the order
   * given (see `GraphAppApiPermissions.resourceAccessOrder`) instead of being sorted, because the
   * provider compares that list in order and Pulumi refuses an import whose inputs differ.
   * Default: none, everything is created.
   */
  existing?: GraphAppExistingObjects;
}

/** One credential of an app, as outputs list it: never its value. */
export interface CredentialSummary {
  kind: "password" | "certificate" | "federated";
  /** Resource name of the credential. */
  name: string;
  /** End of validity (RFC 3339); null for federated credentials, which do not expire. */
  expiresOn: string | null;
  /** For rotating passwords: the one handed out now, or the previous one still valid. */
  rotation?: "current" | "previous";
  /** For rotating passwords: the rotation period, so expiry checks know what "late" means. */
  rotateEveryDays?: number;
}

/**
 * Everything one service needs to call Microsoft Graph with its own identity: the app
 * registration and service principal, admin consent per API, and its client secret.
 */
export class GraphApp extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<string>;
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
  /** Exchange Online PowerShell that applies `exchangeScope`, or undefined without one. */
  readonly exchangeScopeScript: pulumi.Output<string | undefined>;
  /** Every credential with its end date (no values). */
  readonly credentials: pulumi.Output<CredentialSummary[]>;

  constructor(name: string, args: GraphAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-graph-apps:apps:GraphApp", name, {}, opts);
    const apis = args.apis ?? [];
    const existing = args.existing ?? {};
    const consented =
      (args.adminConsent ?? true)
        ? apis.filter(
            (api) => api.applicationPermissions.length + api.delegatedPermissions.length > 0,
          )
        : [];
    const problems = existingObjectsProblems(existing, {
      appRoleAssignments: consented.flatMap((api) =>
        api.applicationPermissions.map((p) => `${api.resourceKey}/${p.value}`),
      ),
      delegatedPermissionGrants: consented
        .filter((api) => api.delegatedPermissions.length > 0)
        .map((api) => api.resourceKey),
      federatedCredentials: (args.federatedCredentials ?? []).map((f) => f.name),
    });
    if (problems.length > 0) {
      throw new Error(`GraphApp ${name}: ${problems.join("; ")}`);
    }

    const registration = new AppRegistration(
      name,
      {
        displayName: args.displayName,
        signInAudience: args.signInAudience,
        redirectUris: args.redirectUris,
        owners: args.owners,
        notes: args.notes,
        requestedAccess: apis.map((api) => ({
          resourceAppId: api.resourceAppId,
          applicationPermissionIds: api.applicationPermissions.map((p) => p.id),
          delegatedPermissionIds: api.delegatedPermissions.map((p) => p.id),
          resourceAccessOrder: api.resourceAccessOrder,
        })),
        existing: {
          application: existing.application,
          servicePrincipal: existing.servicePrincipal,
        },
      },
      { parent: this },
    );

    const consents = consented.map(
      (api) =>
        new AdminConsent(
          `${name}-${api.resourceKey}`,
          {
            clientServicePrincipalObjectId: registration.servicePrincipalObjectId,
            resourceServicePrincipalObjectId: api.resourceServicePrincipalObjectId,
            applicationPermissions: api.applicationPermissions,
            delegatedScopes: api.delegatedPermissions.map((p) => p.value),
            existing: {
              appRoleAssignments: Object.fromEntries(
                api.applicationPermissions
                  .map((p) => [
                    p.value,
                    existing.appRoleAssignments?.[`${api.resourceKey}/${p.value}`],
                  ])
                  .filter(([, id]) => id !== undefined),
              ),
              delegatedPermissionGrant: existing.delegatedPermissionGrants?.[api.resourceKey],
            },
          },
          { parent: this },
        ),
    );

    const secret = args.clientSecret
      ? new ClientSecret(
          `${name}-secret`,
          { applicationId: registration.applicationId, schedule: args.clientSecret },
          { parent: this },
        )
      : undefined;

    const certificates = (args.certificates ?? []).map(
      (certificate) =>
        new azuread.ApplicationCertificate(
          `${name}-cert-${certificate.name}`,
          {
            applicationId: registration.applicationId,
            type: "AsymmetricX509Cert",
            encoding: "pem",
            value: certificate.pem,
            startDate: certificate.startDate,
            endDate: certificate.endDate,
          },
          { parent: this },
        ),
    );
    const federatedCredentials = (args.federatedCredentials ?? []).map(
      (credential) =>
        new azuread.ApplicationFederatedIdentityCredential(
          `${name}-federated-${credential.name}`,
          {
            applicationId: registration.applicationId,
            displayName: credential.name,
            issuer: credential.issuer,
            subject: credential.subject,
            audiences: credential.audiences,
          },
          {
            parent: this,
            aliases: (credential.previousNames ?? []).map((old) => ({
              name: `${name}-federated-${old}`,
            })),
            // Its name (display_name) forces a replacement, and Graph keeps issuer and subject
            // unique per app: the old credential must go before the new one is added.
            deleteBeforeReplace: true,
            import: existing.federatedCredentials?.[credential.name],
          },
        ),
    );
    this.clientId = registration.clientId;
    this.tenantId = pulumi.output(args.tenantId);
    this.applicationObjectId = registration.applicationObjectId;
    this.servicePrincipalObjectId = registration.servicePrincipalObjectId;
    this.tokenEndpoint = pulumi.output(
      `https://login.microsoftonline.com/${args.tenantId}/oauth2/v2.0/token`,
    );
    this.scope = pulumi.output("https://graph.microsoft.com/.default");
    this.applicationPermissions = pulumi.output(permissionNames(apis, "applicationPermissions"));
    this.delegatedPermissions = pulumi.output(permissionNames(apis, "delegatedPermissions"));
    this.clientSecret = secret ? secret.value : pulumi.output(undefined);
    this.clientSecretExpiresOn = secret ? secret.expiresOn : pulumi.output(undefined);
    this.consentReady = pulumi.all(consents.map((consent) => consent.ready)).apply(() => true);
    // Listed once they exist, so a consumer of `credentials` never sees one that failed.
    this.credentials = pulumi
      .all([...certificates, ...federatedCredentials].map((credential) => credential.id))
      .apply(() => credentialSummaries(name, args));
    const scope = args.exchangeScope;
    this.exchangeScopeScript = scope
      ? pulumi
          .all([this.clientId, this.servicePrincipalObjectId])
          .apply(([clientId, servicePrincipalObjectId]) =>
            exchangeScopeScript({
              appKey: name,
              displayName: args.displayName,
              clientId,
              servicePrincipalObjectId,
              scope,
            }),
          )
      : pulumi.output(undefined);
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
      exchangeScopeScript: this.exchangeScopeScript,
      credentials: this.credentials,
    });
  }
}

/** Known from the args alone: names and end dates of every credential the component creates. */
function credentialSummaries(name: string, args: GraphAppArgs): CredentialSummary[] {
  const schedule = args.clientSecret;
  const rotating = (schedule?.slots.length ?? 0) > 1;
  const passwords: CredentialSummary[] = (schedule?.slots ?? []).map((slot) => ({
    kind: "password",
    name: rotating ? `${name}-secret-${slot.slot}` : `${name}-secret`,
    expiresOn: slot.endDate,
    ...(rotating
      ? {
          rotation: slot.slot === schedule!.current ? "current" : "previous",
          rotateEveryDays: slot.rotateEveryDays,
        }
      : {}),
  }));
  return [
    ...passwords,
    ...(args.certificates ?? []).map((c): CredentialSummary => ({
      kind: "certificate",
      name: `${name}-cert-${c.name}`,
      expiresOn: c.endDate,
    })),
    ...(args.federatedCredentials ?? []).map((f): CredentialSummary => ({
      kind: "federated",
      name: `${name}-federated-${f.name}`,
      expiresOn: null,
    })),
  ];
}

function permissionNames(
  apis: GraphAppApiPermissions[],
  kind: "applicationPermissions" | "delegatedPermissions",
): string[] {
  return apis
    .flatMap((api) =>
      api[kind].map((permission) =>
        api.resourceAppId === MICROSOFT_GRAPH_APP_ID
          ? permission.value
          : `${api.resourceDisplayName}/${permission.value}`,
      ),
    )
    .sort();
}
