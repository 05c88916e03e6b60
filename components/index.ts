export { AppRegistration } from "./appRegistration";
export type {
  AppRegistrationArgs,
  AppRegistrationExistingObjects,
  RequestedApiAccess,
} from "./appRegistration";
export { AdminConsent } from "./adminConsent";
export type { AdminConsentArgs, AdminConsentExistingObjects } from "./adminConsent";
export { ClientSecret } from "./clientSecret";
export type { ClientSecretArgs } from "./clientSecret";
export { GraphApp } from "./graphApp";
export type { GraphAppArgs, GraphAppApiPermissions } from "./graphApp";
export type { GraphAppExistingObjects } from "./existingObjects";
// KeyVaultSecretCopy loads @pulumi/azure-native (136 MB): import it from
// "./keyVaultSecretCopy" when you need it, so nothing else pays for it.
export type { KeyVaultSecretCopy, KeyVaultSecretCopyArgs } from "./keyVaultSecretCopy";
export type { CredentialSummary } from "./graphApp";
