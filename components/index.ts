// The components library: Pulumi ComponentResources for Entra ID apps that call Microsoft Graph.
// It imports nothing from the rest of the repository. The Key Vault copy lives in its own entry,
// "./keyVault" (package subpath "entra-graph-apps/components/key-vault"), so that importing this
// barrel never loads @pulumi/azure-native.
export { GraphApp } from "./graphApp";
export type { GraphAppArgs, GraphAppApiPermissions, GraphAppPermission } from "./graphAppArgs";
export type { GraphAppExistingObjects } from "./existingObjects";
export { AppRegistration } from "./appRegistration";
export type {
  AppRegistrationArgs,
  AppRegistrationExistingObjects,
  RequestedApiAccess,
} from "./appRegistration";
export { AdminConsent, CONSENT_TIMEOUTS } from "./adminConsent";
export type { AdminConsentArgs, AdminConsentExistingObjects } from "./adminConsent";
export { ClientSecret } from "./clientSecret";
export type { ClientSecretArgs } from "./clientSecret";
export type { ClientSecretSchedule, ClientSecretSlot } from "./clientSecretSchedule";
export type { CertificateCredentialArgs, FederatedCredentialArgs } from "./credentialArgs";
export type { CredentialSummary } from "./credentialSummary";
export { MICROSOFT_GRAPH_APP_ID, MICROSOFT_GRAPH_DEFAULT_SCOPE } from "./microsoftGraph";
export type { KeyVaultSecretCopyArgs } from "./keyVaultSecretCopy";
