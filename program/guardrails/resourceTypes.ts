/** Pulumi type tokens of the resources this project creates or guards. */
export const TYPES = {
  application: "azuread:index/application:Application",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  delegatedGrant:
    "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
  applicationPassword: "azuread:index/applicationPassword:ApplicationPassword",
  applicationCertificate: "azuread:index/applicationCertificate:ApplicationCertificate",
  federatedCredential:
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  keyVaultSecret: "azure-native:keyvault:Secret",
  getClientConfig: "azuread:index/getClientConfig:getClientConfig",
  getServicePrincipal: "azuread:index/getServicePrincipal:getServicePrincipal",
} as const;
