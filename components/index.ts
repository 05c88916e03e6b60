export { AppRegistration } from "./appRegistration";
export type { AppRegistrationArgs, RequestedApiAccess } from "./appRegistration";
export { AdminConsent } from "./adminConsent";
export type { AdminConsentArgs } from "./adminConsent";
export { ClientSecret } from "./clientSecret";
export type { ClientSecretArgs } from "./clientSecret";
export { GraphApp } from "./graphApp";
export type { GraphAppArgs, GraphAppApiPermissions } from "./graphApp";
