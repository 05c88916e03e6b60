/**
 * Microsoft Graph v1.0 objects as Graph returns them (property names, nesting, null for unset),
 * for the parts of an Entra tenant this project manages and reads. The simulated tenant, the
 * local Entra emulator and the export bundle of `adopt` / `drift` all use these shapes.
 * Reference: https://learn.microsoft.com/graph/api/resources/application (and the pages of each
 * resource type below).
 */

export interface GraphRequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: "Role" | "Scope" }[];
}

export interface GraphPasswordCredential {
  keyId: string;
  displayName: string | null;
  /** RFC 3339 without fractions, as Graph returns it. */
  startDateTime: string;
  endDateTime: string;
  /** First three characters of the secret. */
  hint: string | null;
  customKeyIdentifier: string | null;
  /** Only in the answer to addPassword; always null when read. */
  secretText: string | null;
}

export interface GraphKeyCredential {
  keyId: string;
  displayName: string | null;
  type: "AsymmetricX509Cert" | "Symmetric";
  usage: "Verify" | "Sign";
  startDateTime: string;
  endDateTime: string;
  /** Base64 of the certificate's SHA-1 thumbprint for certificates. */
  customKeyIdentifier: string | null;
  /** Graph never returns key material when listing; null. */
  key: string | null;
}

export interface GraphFederatedIdentityCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  notes: string | null;
  description: string | null;
  createdDateTime: string;
  publisherDomain: string;
  identifierUris: string[];
  tags: string[];
  requiredResourceAccess: GraphRequiredResourceAccess[];
  web: {
    redirectUris: string[];
    homePageUrl: string | null;
    logoutUrl: string | null;
    implicitGrantSettings: { enableAccessTokenIssuance: boolean; enableIdTokenIssuance: boolean };
  };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  isFallbackPublicClient: boolean | null;
  appRoles: { id: string; value: string | null; isEnabled: boolean }[];
  api: { oauth2PermissionScopes: { id: string; value: string | null; isEnabled: boolean }[] };
  optionalClaims: unknown | null;
  groupMembershipClaims: string | null;
  passwordCredentials: GraphPasswordCredential[];
  keyCredentials: GraphKeyCredential[];
}

export interface GraphAppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
}

export interface GraphPermissionScope {
  id: string;
  value: string;
  type: "Admin" | "User";
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
  isEnabled: boolean;
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: "Application";
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  /** Tenant that owns the application: this tenant, or Microsoft's for first-party APIs. */
  appOwnerOrganizationId: string;
  appRoles: GraphAppRole[];
  oauth2PermissionScopes: GraphPermissionScope[];
  servicePrincipalNames: string[];
  tags: string[];
  notes: string | null;
  passwordCredentials: GraphPasswordCredential[];
  keyCredentials: GraphKeyCredential[];
}

export interface GraphAppRoleAssignment {
  /** Opaque (base64url, 43 characters), not a GUID. */
  id: string;
  appRoleId: string;
  principalId: string;
  principalDisplayName: string;
  principalType: "ServicePrincipal" | "User" | "Group";
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
  deletedDateTime: string | null;
}

export interface GraphOAuth2PermissionGrant {
  /** Opaque (base64url), not a GUID. */
  id: string;
  /** Object ID of the client service principal. */
  clientId: string;
  consentType: "AllPrincipals" | "Principal";
  principalId: string | null;
  /** Object ID of the resource service principal. */
  resourceId: string;
  /** Space-separated scope values. */
  scope: string;
}

/** A directory object as `/owners` lists it (users and service principals). */
export interface GraphDirectoryObject {
  "@odata.type": "#microsoft.graph.user" | "#microsoft.graph.servicePrincipal";
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  appId?: string;
}

/**
 * What `adopt` and `drift` read from a tenant, and what the simulated tenant can start from:
 * Graph's own shapes, keyed the way the architecture's export bundle contract says.
 */
export interface DirectoryExport {
  tenantId: string;
  applications: GraphApplication[];
  servicePrincipals: GraphServicePrincipal[];
  appRoleAssignments: GraphAppRoleAssignment[];
  oauth2PermissionGrants: GraphOAuth2PermissionGrant[];
  /** Application object ID → its owners; the reader adds its service principal's, by its object ID. */
  owners: Record<string, GraphDirectoryObject[]>;
  /** Application object ID → its federated identity credentials. */
  federatedIdentityCredentials: Record<string, GraphFederatedIdentityCredential[]>;
}
