import { catalogFor } from "../../program/permissions/catalog";
import {
  DirectoryExport,
  GraphApplication,
  GraphAppRoleAssignment,
  GraphDirectoryObject,
  GraphFederatedIdentityCredential,
  GraphOAuth2PermissionGrant,
  GraphServicePrincipal,
} from "../../tools/tenant/directory/graphTypes";
import { catalogServicePrincipal } from "../../tools/tenant/directory/servicePrincipalStore";

// Export bundles as Microsoft Graph v1.0 returns them for apps made by hand in the portal
// (https://learn.microsoft.com/graph/api/resources/application, .../serviceprincipal,
// .../approleassignment, .../oauth2permissiongrant): "New registration" adds the delegated
// User.Read, "Grant admin consent" makes one app role assignment per application permission and
// one AllPrincipals grant, "New client secret" a password credential whose text Graph never
// returns again. IDs are written out, not computed.

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** Microsoft Graph's service principal in this tenant (its object ID differs per tenant). */
export const GRAPH_SP_ID = "5b8f2c71-0d3e-4a6b-9c1f-2e7d8a9b0c14";
export const ADMIN: GraphDirectoryObject = {
  "@odata.type": "#microsoft.graph.user",
  id: "0f3c8e2a-6b1d-4f7e-a9c5-3d2e1f0a9b87",
  displayName: "Ada Admin",
  userPrincipalName: "ada@contoso.onmicrosoft.com",
};

/** Microsoft Graph as the tenant publishes it: every app role and scope, with their real IDs. */
export function graphServicePrincipal(): GraphServicePrincipal {
  return {
    ...catalogServicePrincipal(catalogFor(GRAPH_APP_ID)!, GRAPH_SP_ID),
    servicePrincipalNames: [GRAPH_APP_ID, "https://graph.microsoft.com"],
  };
}

/** The ID of a Graph permission, from the catalog. */
export function graphId(value: string, kind: "application" | "delegated"): string {
  const found = catalogFor(GRAPH_APP_ID)!.permissions.find(
    (p) => p.value === value && p.kind === kind,
  );
  if (!found) throw new Error(`no Graph ${kind} permission ${value}`);
  return found.id;
}

export interface PortalAppSpec {
  objectId: string;
  appId: string;
  spId?: string;
  displayName: string;
  /** In the order added in the portal; `User.Read` delegated is there unless removed. */
  access: { value: string; kind: "application" | "delegated" }[];
  redirectUris?: string[];
  /** "Grant admin consent": which of `access` got it (default: all). */
  consented?: string[];
  /** IDs of the assignments and grant, in `access` order (43 base64url characters each). */
  consentIds?: string[];
  secrets?: { keyId: string; displayName: string; hint: string; end: string }[];
  federated?: GraphFederatedIdentityCredential[];
  /** Extra Graph properties (settings made elsewhere in the portal). */
  extra?: Partial<GraphApplication> & Record<string, unknown>;
  spExtra?: Partial<GraphServicePrincipal> & Record<string, unknown>;
  owners?: GraphDirectoryObject[];
  spOwners?: GraphDirectoryObject[];
}

/** One app as Graph returns it after the portal steps, with its service principal and consent. */
export function portalApp(spec: PortalAppSpec): DirectoryExport {
  const spId = spec.spId ?? spec.objectId.replace(/^./, "e");
  const application = {
    id: spec.objectId,
    appId: spec.appId,
    displayName: spec.displayName,
    signInAudience: "AzureADMyOrg",
    notes: null,
    description: null,
    createdDateTime: "2025-03-14T10:21:07Z",
    publisherDomain: "contoso.onmicrosoft.com",
    identifierUris: [],
    tags: [],
    isDeviceOnlyAuthSupported: null,
    serviceManagementReference: null,
    info: {
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: null,
      termsOfServiceUrl: null,
    },
    requiredResourceAccess:
      spec.access.length === 0
        ? []
        : [
            {
              resourceAppId: GRAPH_APP_ID,
              resourceAccess: spec.access.map((p) => ({
                id: graphId(p.value, p.kind),
                type: p.kind === "application" ? ("Role" as const) : ("Scope" as const),
              })),
            },
          ],
    web: {
      redirectUris: spec.redirectUris ?? [],
      homePageUrl: null,
      logoutUrl: null,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    isFallbackPublicClient: null,
    appRoles: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    optionalClaims: null,
    groupMembershipClaims: null,
    passwordCredentials: (spec.secrets ?? []).map((s) => ({
      keyId: s.keyId,
      displayName: s.displayName,
      startDateTime: "2025-03-14T10:25:40Z",
      endDateTime: s.end,
      hint: s.hint,
      customKeyIdentifier: null,
      secretText: null,
    })),
    keyCredentials: [],
    ...spec.extra,
  } as GraphApplication;
  const servicePrincipal = {
    id: spId,
    appId: spec.appId,
    displayName: spec.displayName,
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appOwnerOrganizationId: TENANT,
    appRoles: [],
    oauth2PermissionScopes: [],
    servicePrincipalNames: [spec.appId],
    tags: ["HideApp", "WindowsAzureActiveDirectoryIntegratedApp"],
    notes: null,
    description: null,
    loginUrl: null,
    preferredSingleSignOnMode: null,
    notificationEmailAddresses: [],
    alternativeNames: [],
    samlSingleSignOnSettings: null,
    passwordCredentials: [],
    keyCredentials: [],
    ...spec.spExtra,
  } as GraphServicePrincipal;
  const consented = spec.consented ?? spec.access.map((p) => p.value);
  const ids = spec.consentIds ?? [];
  const roles = spec.access.filter((p) => p.kind === "application" && consented.includes(p.value));
  const appRoleAssignments: GraphAppRoleAssignment[] = roles.map((p, index) => ({
    id: ids[index],
    appRoleId: graphId(p.value, "application"),
    principalId: spId,
    principalDisplayName: spec.displayName,
    principalType: "ServicePrincipal",
    resourceId: GRAPH_SP_ID,
    resourceDisplayName: "Microsoft Graph",
    createdDateTime: "2025-03-14T10:24:12Z",
    deletedDateTime: null,
  }));
  const scopes = spec.access.filter((p) => p.kind === "delegated" && consented.includes(p.value));
  const oauth2PermissionGrants: GraphOAuth2PermissionGrant[] =
    scopes.length === 0
      ? []
      : [
          {
            id: ids[roles.length],
            clientId: spId,
            consentType: "AllPrincipals",
            principalId: null,
            resourceId: GRAPH_SP_ID,
            scope: ` ${scopes.map((p) => p.value).join(" ")}`,
          },
        ];
  return {
    tenantId: TENANT,
    applications: [application],
    servicePrincipals: [servicePrincipal],
    appRoleAssignments,
    oauth2PermissionGrants,
    owners: { [spec.objectId]: spec.owners ?? [ADMIN], [spId]: spec.spOwners ?? [ADMIN] },
    federatedIdentityCredentials: { [spec.objectId]: spec.federated ?? [] },
  };
}

/** Several portal apps and Microsoft Graph's service principal in one export bundle. */
export function exportOf(...apps: DirectoryExport[]): DirectoryExport {
  return {
    tenantId: TENANT,
    applications: apps.flatMap((a) => a.applications),
    servicePrincipals: [graphServicePrincipal(), ...apps.flatMap((a) => a.servicePrincipals)],
    appRoleAssignments: apps.flatMap((a) => a.appRoleAssignments),
    oauth2PermissionGrants: apps.flatMap((a) => a.oauth2PermissionGrants),
    owners: Object.assign({}, ...apps.map((a) => a.owners)),
    federatedIdentityCredentials: Object.assign(
      {},
      ...apps.map((a) => a.federatedIdentityCredentials),
    ),
  };
}
